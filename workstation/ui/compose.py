"""The box a counsellor types replies in: Enter sends, Shift+Enter starts a new line.

Nothing leaves it that the counsellor did not mean: an empty or blank reply is never sent,
a ``/keyword`` is first replaced by its canned response in the box (Enter again sends the
text the counsellor has now seen) or refused with a hint, and a reply longer than the box
shows at once is sent only after one question.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from workstation.protocol.limits import MAX_TEXT_CHARS
from workstation.sessions.canned import CannedResponse
from workstation.sessions.reply_check import Expansion, expand_keywords, is_long
from workstation.ui.ask import ask_yes


class ComposeBox(QPlainTextEdit):
    """A plain-text editor that hands over its text on Enter.

    Attributes:
        canned: returns the canned responses ``/keywords`` expand to (none until the canned
            responses feature sets it: then every keyword is refused).
        counsellor_name: returns the name ``{navn}`` is filled in with.

    Signals:
        submitted(str): Enter was pressed with text that may go out; the box is then cleared.
        hint(str): a sentence for the counsellor: why nothing was sent, or what to check
            ("" when the hint no longer applies).
    """

    submitted = Signal(str)
    hint = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canned: Callable[[], Sequence[CannedResponse]] = tuple
        self.counsellor_name: Callable[[], str] = str
        self._asking: asyncio.Future[bool] | None = None
        self.setTabChangesFocus(True)
        self.setPlaceholderText(self.default_placeholder())
        self.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 16)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 16)

    def default_placeholder(self) -> str:
        return self.tr("Write to the young person. Enter sends, Shift+Enter adds a new line.")

    def has_text(self) -> bool:
        """True when there is something to send (not only spaces and new lines)."""
        return bool(self.toPlainText().strip())

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
        """Send the text if it may go out; otherwise expand, refuse or ask (see the module)."""
        text = self.toPlainText()
        if not text.strip() or self._asking is not None:
            return
        if len(text) > MAX_TEXT_CHARS:
            self.hint.emit(
                self.tr("The reply is too long: %1 characters, at most %2 can be sent.")
                .replace("%1", str(len(text)))
                .replace("%2", str(MAX_TEXT_CHARS))
            )
            return
        expansion = expand_keywords(text, self.canned(), self.counsellor_name())
        if expansion.blocked:
            self.hint.emit(self._refusal(expansion))
            return
        if expansion.changed:
            self.setPlainText(expansion.text)
            self.moveCursor(self.textCursor().MoveOperation.End)
            self.hint.emit(
                self.tr("The canned response is in the box. Read it through; Enter sends it.")
            )
            return
        if is_long(text):
            self._asking = asyncio.ensure_future(self._confirm_long(text))
            return
        self._hand_over(text)

    def _refusal(self, expansion: Expansion) -> str:
        if expansion.unknown:
            return self.tr(
                "No canned response found for %1. Nothing was sent; change or remove it."
            ).replace("%1", ", ".join(expansion.unknown))
        return self.tr(
            "%1 needs your name, and the hub has not sent it yet. Nothing was sent."
        ).replace("%1", ", ".join(expansion.nameless))

    async def _confirm_long(self, text: str) -> bool:
        try:
            lines = text.count("\n") + 1
            sure = await ask_yes(
                self,
                self.tr("Send a long reply?"),
                self.tr(
                    "The reply is %1 characters on %2 lines, more than the box shows."
                    " Send all of it to the young person?"
                )
                .replace("%1", str(len(text)))
                .replace("%2", str(lines)),
                self.tr("Send"),
                self.tr("Go back"),
            )
        finally:
            self._asking = None
        if sure and self.toPlainText() == text:
            self._hand_over(text)
        return sure

    def _hand_over(self, text: str) -> None:
        self.clear()
        self.hint.emit("")
        self.submitted.emit(text)
