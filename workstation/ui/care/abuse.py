"""The counsellor's "Mark abusive…" button (docs/care.md): a reason, then ``abuse_mark``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMenu, QPushButton, QWidget
from qasync import asyncSlot

from workstation.client import HubError, NotConnected, RequestTimeout

if TYPE_CHECKING:
    from workstation.ui.main_window import MainWindow


class ReasonDialog:
    """Asks why the contact is abusive; tests replace :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget) -> str | None:
        text, accepted = QInputDialog.getText(
            parent,
            parent.tr("Mark as abusive"),
            parent.tr("What happened? (staff only; the shift lead decides about a block)"),
        )
        return text.strip() if accepted and text.strip() else None


class AbuseButton(QPushButton):
    """ "More ▾" beside the conversation's buttons, with "Mark abusive…" (for prank and
    abusive contacts; the shift lead is told) and "This was a hard conversation" (a pause and a
    debrief are offered at its end). A menu keeps the crowded header narrow.

    Attributes:
        abuse_action, hard_action: the menu entries.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setText(self.tr("More"))
        self.setObjectName("abuse_button")
        self.setToolTip(self.tr("More for this conversation"))
        menu = QMenu(self)
        self.abuse_action = menu.addAction(self.tr("Mark abusive…"))
        self.abuse_action.setToolTip(
            self.tr("Mark the contact as abusive or a prank; the shift lead may block it")
        )
        self.abuse_action.triggered.connect(self.on_clicked)
        self.hard_action = menu.addAction(self.tr("This was a hard conversation"))
        self.hard_action.setToolTip(self.tr(
            "Only for you and the shift lead: at the end the desk offers a pause and a debrief"
        ))
        self.hard_action.triggered.connect(self.on_hard_triggered)
        self.setMenu(menu)
        window.conversation_panel.conversation_changed.connect(self.on_conversation_changed)
        self.on_conversation_changed(window.current_conversation() or "")

    def on_conversation_changed(self, conversation: str) -> None:
        self.setEnabled(bool(conversation))

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_clicked(self) -> None:
        await self.mark()

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_hard_triggered(self) -> None:
        await self.mark_hard()

    async def mark_hard(self) -> bool:
        conversation = self.window_.current_conversation()
        if conversation is None:
            return False
        try:
            await self.window_.controller.client.request(
                {"type": "hard_mark", "conversation": conversation}
            )
        except (HubError, NotConnected, RequestTimeout):
            self.window_.on_panel_notice(self.tr("Could not mark the conversation. Try again."))
            return False
        self.window_.on_panel_notice(self.tr(
            "Marked as hard. When it ends, the desk offers a pause and a debrief."
        ))
        return True

    async def mark(self) -> bool:
        conversation = self.window_.current_conversation()
        if conversation is None:
            return False
        reason = ReasonDialog.ask(self)
        if reason is None:
            return False
        try:
            await self.window_.controller.client.request(
                {"type": "abuse_mark", "conversation": conversation, "reason": reason}
            )
        except (HubError, NotConnected, RequestTimeout):
            self.window_.on_panel_notice(self.tr("Could not mark the contact. Try again."))
            return False
        self.window_.on_panel_notice(
            self.tr("Marked as abusive. The shift lead has been told.")
        )
        return True
