"""'Kari skriver…': the counsellor's typing signal, passed to the young person and never stored.

The assigned counsellor's desk sends ``typing`` while the counsellor writes; the hub pushes
``{"type":"typing","author"}`` to the contact's connections at most once every
:data:`TYPING_EVERY_S` per conversation (more often is answered ``ok`` with
``forwarded: false``), and writes nothing: no event, no log line, no request record.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.protocol import ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_webchat import TYPING_EVERY_S, Typing
from workstation.sessions.events import Event
from workstation.store import UserRecord

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.hub.staff_api import StaffApi


class TypingFeature(Feature):
    """Forwards the counsellor's typing signal to the page."""

    def __init__(self, hub: Hub, api: StaffApi) -> None:
        super().__init__(hub, api)
        self._sent: dict[str, float] = {}  # conversation -> when its last push went

    def handlers(self) -> dict[type[Request], Handler]:
        return {Typing: self._typing}

    async def _typing(self, peer: StaffPeer, user: UserRecord, request: Typing) -> None:
        conv = self.api.assigned(user, request.conversation, request.id)
        sent = self._sent
        now = time.monotonic()
        forward = now - sent.get(conv.id, -TYPING_EVERY_S) >= TYPING_EVERY_S
        if forward:
            sent[conv.id] = now
            for contact in list(self.hub.contacts.get(conv.id, ())):
                contact.push({"type": "typing", "author": user.display_name})
        peer.push(ok(request.id, forwarded=forward))

    def on_event(self, event: Event) -> None:
        if event.kind == "closed":
            self._sent.pop(event.conversation, None)
