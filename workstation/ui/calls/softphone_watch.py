"""The desk watches its softphone: when its baresip dies while the desk stays connected, the
hub is told (``softphone_lost``: the caller is held with the waiting audio, the shift lead
alerted) and the counsellor reads a plain sentence; the softphone starts again by itself
(:class:`workstation.sip.softphone.DeskSoftphone`), and *Fortsett* resumes the call.

It also says so when a shift lead took over a call of this counsellor that was on hold after
a lost desk or softphone (the hub's ``call_taken_over`` push).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from workstation.client.errors import HubError
from workstation.ui.controller import DeskController

log = logging.getLogger(__name__)


class Watched(Protocol):
    """What the watch needs of a :class:`DeskSoftphone`."""

    on_lost: Any


class SoftphoneWatch(QObject):
    """Signals:
        notice(str): a sentence for the status bar.
    """

    notice = Signal(str)

    def __init__(self, controller: DeskController, phone: Watched | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("softphone_watch")
        self.controller = controller
        self._told: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        if phone is not None:
            phone.on_lost = self.on_phone_lost
        controller.push_received.connect(self.on_controller_push_received)

    def on_phone_lost(self) -> None:
        self.notice.emit(self.tr(
            "The desk phone stopped. The caller is on hold and hears the waiting audio; the "
            "phone is starting again. Press Resume when it says \u201cPhone ready\u201d."))
        task = asyncio.ensure_future(self._tell_hub())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _tell_hub(self) -> None:
        try:
            await self.controller.client.request({"type": "softphone_lost"})
        except HubError:
            log.warning("the hub was not told that the softphone stopped")

    def on_controller_push_received(self, frame: dict[str, Any]) -> None:
        if frame.get("type") != "call_taken_over":
            return
        conversation = str(frame.get("conversation", ""))
        if conversation in self._told:
            return
        self._told.add(conversation)
        self.notice.emit(self.tr("%1 took over your call that was on hold.").replace(
            "%1", str(frame.get("counsellor") or frame.get("user") or "?")))
