"""Dialling a service of the referral directory into the current call (a three-way call,
docs/telephony.md "Listen-in and three-way"): ask first, then ``call_add_party``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from workstation.client.errors import HubError
from workstation.sessions.referrals import by_id
from workstation.ui.futures import answer_of
from workstation.ui.main_window import MainWindow
from workstation.ui.session import DeskSession


def _tr(text: str) -> str:
    return QCoreApplication.translate("DialIn", text)


class DialInDialog(QMessageBox):
    """Asks before the hub rings a service into the call (everyone will hear everyone)."""

    def __init__(self, parent: QWidget | None, name: str, phone: str) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Call a service in"))
        self.setText(self.tr("Ring %1 (%2) into the call? The caller, you and the service "
                             "will all hear each other.").replace("%1", name)
                     .replace("%2", phone))
        self.setStandardButtons(QMessageBox.StandardButton.Yes
                                | QMessageBox.StandardButton.Cancel)
        self.button(QMessageBox.StandardButton.Yes).setText(self.tr("Ring in"))
        self.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.setDefaultButton(QMessageBox.StandardButton.Cancel)

    @classmethod
    async def ask(cls, parent: QWidget | None, name: str, phone: str) -> bool:
        """True means "ring them in"; never blocks the loop."""
        dialog = cls(parent, name, phone)
        return await answer_of(dialog) == QMessageBox.StandardButton.Yes.value


class DialIn:
    """The referral panel's "Ring inn" for the desk: confirm, ask the hub, say what happened
    in the panel's status line."""

    def __init__(self, window: MainWindow, session: DeskSession) -> None:
        self.window = window
        self.session = session

    async def dial(self, service_id: str) -> str:
        """The sentence to show afterwards ("" when the counsellor cancelled)."""
        service = by_id(service_id)
        conversation = self.window.current_conversation()
        if service is None or not service.phone or conversation is None:
            return _tr("Choose a call and a service with a phone number first.")
        if not await DialInDialog.ask(self.window, service.name, service.phone):
            return ""
        try:
            await self.session.controller.client.request({
                "type": "call_add_party", "conversation": conversation,
                "service": service.id, "confirmed": True})
        except HubError as error:
            return _tr("Could not ring them in: %1").replace("%1", error.message)
        return _tr("%1 is being rung into the call.").replace("%1", service.name)
