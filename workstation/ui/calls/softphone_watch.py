"""The desk watches its softphone. The hub is told where it listens (``softphone_ready``: at
start, after a restart and after each reconnect;
:class:`workstation.client.softphone.SoftphoneLink`). When its baresip dies or hangs while the
desk stays connected, the hub is told (``softphone_lost``: the caller is held with the waiting
audio, the shift lead alerted) and the counsellor reads a plain sentence; the softphone starts
again by itself (:class:`workstation.sip.softphone.DeskSoftphone`), and *Fortsett* resumes the
call.

It also says so when a shift lead took over a call of this counsellor that was on hold after
a lost desk or softphone (the hub's ``call_taken_over`` push).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from workstation.client.softphone import Linked, SoftphoneLink
from workstation.ui.controller import DeskController


class SoftphoneWatch(QObject):
    """Signals:
        notice(str): a sentence for the status bar.

    Attributes:
        link: what tells the hub (``None`` without a softphone).
    """

    notice = Signal(str)

    def __init__(self, controller: DeskController, phone: Linked | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("softphone_watch")
        self.controller = controller
        self._told: set[str] = set()
        self.link = None if phone is None else SoftphoneLink(
            phone, controller.client.request, self.on_phone_lost)
        controller.push_received.connect(self.on_controller_push_received)
        controller.state_changed.connect(self.on_controller_state_changed)

    def on_phone_lost(self) -> None:
        self.notice.emit(self.tr(
            "The desk phone stopped. The caller is on hold and hears the waiting audio; the "
            "phone is starting again. Press Resume when it says \u201cPhone ready\u201d."))

    def on_controller_state_changed(self, state: str) -> None:
        if state == "connected" and self.link is not None:
            self.link.reconnected()

    def on_controller_push_received(self, frame: dict[str, Any]) -> None:
        if frame.get("type") != "call_taken_over":
            return
        conversation = str(frame.get("conversation", ""))
        if conversation in self._told:
            return
        self._told.add(conversation)
        self.notice.emit(self.tr("%1 took over your call that was on hold.").replace(
            "%1", str(frame.get("counsellor") or frame.get("user") or "?")))
