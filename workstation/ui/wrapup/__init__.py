"""The contact summary at wrap-up: a dialog at "End conversation" and a "Summary" button."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton
from qasync import asyncSlot

from workstation.ui.wrapup.dialog import CLOSE, SILENT, WrapUpDialog

if TYPE_CHECKING:  # the conversation panel imports this package; the window imports the panel
    from workstation.ui.main_window import MainWindow
    from workstation.ui.session import DeskSession

__all__ = ["CLOSE", "SILENT", "WrapUpDialog", "install"]


class SummaryButton(QPushButton):
    """ "Summary": fill in the contact summary before (or after) the conversation ends."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setText(self.tr("S&ummary"))
        self.setObjectName("summary_button")
        self.setAccessibleName(self.tr("Contact summary"))
        self.setShortcut(QKeySequence("Ctrl+Shift+U"))
        self.setToolTip(self.tr("Fill in the contact summary (Ctrl+Shift+U)"))
        self.clicked.connect(self.on_clicked)
        window.conversation_panel.conversation_changed.connect(self.on_conversation_changed)
        self.on_conversation_changed(window.current_conversation() or "")

    def on_conversation_changed(self, conversation: str) -> None:
        self.setEnabled(bool(conversation))

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_clicked(self) -> None:
        conversation = self.window_.current_conversation()
        if conversation is None:
            return
        controller = self.window_.controller
        title = controller.conversations.title(conversation)
        await WrapUpDialog.ask_summary(self.window_, controller, conversation, title)


def install(window: MainWindow, session: DeskSession) -> None:
    window.add_conversation_button(SummaryButton(window))
