"""The roster: who is on shift, whether a shift lead is there, and whether anyone is alone.

Every staff member online gets a ``roster`` push after ``hello`` and whenever someone comes,
goes, changes presence, or takes or leaves a conversation (changes within a short window are
sent as one push, like the queue).
"""

from __future__ import annotations

import asyncio
from typing import Any

from workstation.hub.consult_offers import assigned_count, online_user
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.protocol import ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_consult import Roster
from workstation.sessions.events import Event
from workstation.store import UserRecord

#: How long roster changes are gathered before one push goes out.
ROSTER_PUSH_DELAY_S = 0.02
#: Event kinds that change how many conversations someone holds.
ASSIGNMENT_KINDS = frozenset({"assigned", "closed"})
#: People who take contacts; "alone" means at most one of them is online.
ON_SHIFT_ROLES = ("counsellor", "shift_lead")
#: Who receives and may ask for the roster (and set a presence): people on shift and those
#: who watch over them, not trainers or administrators.
ROSTER_ROLES = ("counsellor", "shift_lead", "supervisor")


class RosterFeature(Feature):
    """Pushes ``roster`` to every staff member online; answers the ``roster`` request."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._push: asyncio.TimerHandle | None = None

    def handlers(self) -> dict[type[Request], Handler]:
        return {Roster: self.roster}

    def snapshot(self) -> dict[str, Any]:
        """``staff`` (by display name), ``shift_lead_online``/``_available`` and ``alone``."""
        hub = self.hub
        people: list[dict[str, Any]] = []
        for name in hub.staff:
            user = online_user(hub, name)
            if user is None:
                continue
            people.append(
                {
                    "user": name,
                    "display_name": user.display_name,
                    "roles": list(user.roles),
                    "status": hub.presence.get(name, "available"),
                    "conversations": assigned_count(hub, name),
                    "shift_lead": "shift_lead" in user.roles,
                }
            )
        people.sort(key=lambda p: (p["display_name"].casefold(), p["user"]))
        on_shift = [p for p in people if any(r in p["roles"] for r in ON_SHIFT_ROLES)]
        return {
            "staff": people,
            "shift_lead_online": any(p["shift_lead"] for p in people),
            "shift_lead_available": any(
                p["shift_lead"] and p["status"] == "available" for p in people
            ),
            "alone": len(on_shift) <= 1,
        }

    async def roster(self, peer: StaffPeer, user: UserRecord, request: Roster) -> None:
        peer.push(ok(request.id, **self.snapshot()))

    def changed(self) -> None:
        if self._push is None:
            loop = asyncio.get_running_loop()
            self._push = loop.call_later(ROSTER_PUSH_DELAY_S, self._push_roster)

    def _push_roster(self) -> None:
        self._push = None
        frame = {"type": "roster", **self.snapshot()}
        for peers in self.hub.staff.values():
            for peer in peers:
                if peer.has_role(*ROSTER_ROLES):
                    peer.push(frame)

    def on_event(self, event: Event) -> None:
        if event.kind in ASSIGNMENT_KINDS:
            self.changed()

    def on_staff_online(self, peer: StaffPeer) -> None:
        self.changed()

    def on_staff_offline(self, user: str) -> None:
        self.changed()

    def on_presence(self, user: str, status: str) -> None:
        self.changed()

    async def stop(self) -> None:
        if self._push is not None:
            self._push.cancel()
            self._push = None
