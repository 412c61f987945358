"""The box a counsellor types replies in: Enter sends, Shift+Enter starts a new line."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from workstation.protocol.limits import MAX_TEXT_CHARS


class ComposeBox(QPlainTextEdit):
    """A plain-text editor that hands over its text on Enter.

    Signals:
        submitted(str): Enter was pressed with text in the box; the box is then cleared.
    """

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(self.default_placeholder())
        self.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 16)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 16)

    def default_placeholder(self) -> str:
        return self.tr("Write to the young person. Enter sends, Shift+Enter adds a new line.")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.submit()
            return
        if enter:
            self.textCursor().insertText("\n")
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        """Hand over the text (if any and not too long) and clear the box."""
        text = self.toPlainText()
        if not text.strip() or len(text) > MAX_TEXT_CHARS:
            return
        self.clear()
        self.submitted.emit(text)
