"""On a shift lead's desk: a call is on hold because a counsellor's desk or softphone was lost
(the hub's ``call_desk_lost`` alert). A button in the status bar says so; clicking it takes
the call over (``call_take_over``): it rings the lead's own softphone and becomes the lead's
conversation. Counsellors never get the alert, so never see the button.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget
from qasync import asyncSlot

from workstation.client.errors import HubError
from workstation.ui.controller import DeskController


class TakeOverButton(QPushButton):
    """Attributes: waiting: the ``call_desk_lost`` alerts not yet taken over, oldest first.

    Signals:
        notice(str): a sentence for the status bar.
    """

    notice = Signal(str)

    def __init__(self, controller: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("take_over_button")
        self.controller = controller
        self.waiting: list[dict[str, Any]] = []
        self.setStyleSheet("QPushButton#take_over_button { background: #fde2e2; }")
        self.clicked.connect(self.on_clicked)
        controller.push_received.connect(self.on_controller_push_received)
        self.hide()

    def on_controller_push_received(self, frame: dict[str, Any]) -> None:
        if frame.get("type") != "alert" or frame.get("alert") != "call_desk_lost":
            return
        if any(w.get("conversation") == frame.get("conversation") for w in self.waiting):
            return
        self.waiting.append(dict(frame))
        self._show_first()

    def _show_first(self) -> None:
        if not self.waiting:
            self.hide()
            return
        first = self.waiting[0]
        who = str(first.get("user") or "?")
        text = (self.tr("%1's desk phone stopped during a call: take the call over")
                if first.get("reason") == "softphone_lost"
                else self.tr("%1's desk was lost during a call: take the call over"))
        self.setText(text.replace("%1", who))
        self.setToolTip(self.tr(
            "The caller is on hold and hears the waiting audio. Taking it over rings your "
            "desk phone and makes the conversation yours; %1 is told.").replace("%1", who))
        self.show()

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_clicked(self) -> None:
        await self.take_over()

    async def take_over(self) -> None:
        if not self.waiting:
            return
        first = self.waiting.pop(0)
        self.setEnabled(False)
        try:
            await self.controller.client.request(
                {"type": "call_take_over", "conversation": first.get("conversation")})
            self.notice.emit(self.tr("The call is yours now: it is on your desk phone."))
        except HubError as error:
            self.notice.emit(self.tr("The call could not be taken over: %1").replace(
                "%1", error.message))
        finally:
            self.setEnabled(True)
            self._show_first()
