"""What the referral panel shows when no service matches: which filters, and how to widen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class NoMatch(QWidget):
    """ "No service matches", the search in words, what to change, and "Show all services".

    Attributes:
        title: the sentence that says nothing matched.
        hint: the filters in use and what to loosen.
        show_all_button: clears every filter.

    Signals:
        show_all(): the counsellor asked for every service.
    """

    show_all = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referral_no_match")
        self.title = QLabel(self.tr("No service matches the search."), self)
        self.title.setStyleSheet("font-weight: bold")
        self.hint = QLabel(self)
        for label in (self.title, self.hint):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        self.show_all_button = QPushButton(self.tr("Show all services"), self)
        self.show_all_button.clicked.connect(self.show_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.show_all_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    def explain(self, searched: list[str], loosen: list[str]) -> None:
        """``searched``: the filters in use, in words; ``loosen``: one suggestion per filter."""
        lines = [self.tr("Searched for: %1.").replace("%1", ", ".join(searched))]
        if loosen:
            lines.append(self.tr("Try this:"))
            lines += [f"\u2022 {suggestion}" for suggestion in loosen]
        self.hint.setText("\n".join(lines))
