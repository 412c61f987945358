"""Practice mode's panel: the trainee writes a reply, then sees the original beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.sessions.replay_player import Attempt


def plain_label(text: str = "", *, wrap: bool = True) -> QLabel:
    """A label that shows text exactly as written, never as markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PracticePanel(QWidget):
    """Two pages: *your turn* (an editor) and *compare* (your reply beside the original).

    Attributes:
        editor: where the trainee writes.
        mine, original: the two texts on the compare page.

    Signals:
        answered(str): the trainee wants to see the original after writing this.
        skipped(): show the original without writing anything.
        resumed(): continue playing after comparing.
    """

    answered = Signal(str)
    skipped = Signal()
    resumed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._ask_page())
        self.pages.addWidget(self._compare_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _ask_page(self) -> QWidget:
        page = QWidget(self)
        self.prompt = plain_label(
            self.tr("Your turn: the counsellor answered here. What would you write?")
        )
        self.prompt.setObjectName("practicePrompt")
        self.editor = QPlainTextEdit(page)
        self.editor.setPlaceholderText(self.tr("Write your reply to the young person…"))
        self.editor.setMaximumHeight(110)
        self.show_button = QPushButton(self.tr("Show the original"), page)
        self.show_button.setDefault(True)
        self.skip_button = QPushButton(self.tr("Skip"), page)
        self.show_button.clicked.connect(self.on_show_clicked)
        self.skip_button.clicked.connect(self.skipped)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.show_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.prompt)
        layout.addWidget(self.editor)
        layout.addLayout(buttons)
        return page

    def _compare_page(self) -> QWidget:
        page = QWidget(self)
        self.mine = plain_label()
        self.original = plain_label()
        for label in (self.mine, self.original):
            label.setObjectName("practiceText")
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.setStyleSheet(
                "QLabel#practiceText { background: palette(base); border: 1px solid palette(mid);"
                " border-radius: 6px; padding: 8px; }"
            )
        self.continue_button = QPushButton(self.tr("Continue"), page)
        self.continue_button.clicked.connect(self.resumed)
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(plain_label(self.tr("Your reply")), 0, 0)
        grid.addWidget(plain_label(self.tr("What the counsellor wrote")), 0, 1)
        grid.addWidget(self.mine, 1, 0)
        grid.addWidget(self.original, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.continue_button, 2, 1, Qt.AlignmentFlag.AlignRight)
        grid.setRowStretch(3, 1)
        return page

    # --- states -----------------------------------------------------------------------------

    def ask(self) -> None:
        """Show the editor, empty, with the focus in it."""
        self.editor.clear()
        self.pages.setCurrentIndex(0)
        self.show()
        self.editor.setFocus()

    def compare(self, attempt: Attempt) -> None:
        self.mine.setText(attempt.mine.strip() or self.tr("(nothing written)"))
        self.original.setText(attempt.original)
        self.pages.setCurrentIndex(1)
        self.show()
        self.continue_button.setFocus()

    @property
    def asking(self) -> bool:
        return not self.isHidden() and self.pages.currentIndex() == 0

    def on_show_clicked(self) -> None:
        self.answered.emit(self.editor.toPlainText())
