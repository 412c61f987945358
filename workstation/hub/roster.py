"""The roster: who is on shift, whether a shift lead is there, and whether anyone is alone.

Every staff member online gets a ``roster`` push after ``hello`` and whenever someone comes,
goes, changes presence, or takes or leaves a conversation. Changes are gathered: a push goes
out :data:`ROSTER_PUSH_DELAY_S` after the first change, and at most one every
:data:`ROSTER_MIN_INTERVAL_S`; each push is the whole roster as it is then, so the last state
wins and every desk sees the changes in the order they happened. At a shift change (200 desks
signing in within a minute) that bounds the work to a few pushes a second, each built and
encoded once for every desk, instead of one per sign-in to every desk (issue 13).
"""

from __future__ import annotations

import asyncio
from typing import Any

from workstation.hub.consult_offers import assigned_counts, signed_in
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.protocol import encode, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_consult import Roster
from workstation.sessions.events import Event
from workstation.store import UserRecord

#: How long roster changes are gathered before one push goes out.
ROSTER_PUSH_DELAY_S = 0.02
#: Roster pushes go out at most this often (the last state wins).
ROSTER_MIN_INTERVAL_S = 0.1
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
        self._last_push = float("-inf")

    def handlers(self) -> dict[type[Request], Handler]:
        return {Roster: self.roster}

    def snapshot(self) -> dict[str, Any]:
        """``staff`` (by display name), ``shift_lead_online``/``_available`` and ``alone``."""
        hub = self.hub
        counts = assigned_counts(hub)
        people: list[dict[str, Any]] = []
        for user, status in signed_in(hub, everywhere=True):  # on any hub
            people.append(
                {
                    "user": user.name,
                    "display_name": user.display_name,
                    "roles": list(user.roles),
                    "status": status,
                    "conversations": counts.get(user.name, 0),
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
            delay = max(ROSTER_PUSH_DELAY_S, self._last_push + ROSTER_MIN_INTERVAL_S - loop.time())
            self._push = loop.call_later(delay, self._push_roster)

    def _push_roster(self) -> None:
        self._push = None
        self._last_push = asyncio.get_running_loop().time()
        frame = {"type": "roster", **self.snapshot()}
        text = encode(frame)  # once for every desk
        for peers in self.hub.staff.values():
            for peer in peers:
                if peer.has_role(*ROSTER_ROLES):
                    peer.push(frame, text)

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
