"""Supervision: the live load for supervisors, transparent observation, shift figures."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from workstation.hub import supervision_store
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_supervision import (
    Observe,
    Stats,
    Unobserve,
    UnwatchLoad,
    WatchLoad,
)
from workstation.protocol.times import format_time, parse_time, utc_now
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event
from workstation.sessions.load import Assigned, StaffMember, Waiting, load_snapshot
from workstation.store import UserRecord

#: Load pushes are at most this often, however busy the hub is.
LOAD_MIN_INTERVAL_S = 0.25
#: Event kinds that change the load.
LOAD_KINDS = frozenset(
    {"opened", "assigned", "closed", "flagged", "consult_joined", "consult_ended"}
)
MAX_STATS_ROWS = 100_000


def _require_supervisor(user: UserRecord, request_id: str) -> None:
    if "supervisor" not in user.roles:
        raise ProtocolError(ErrorCode.FORBIDDEN, "Only supervisors may do that.", request_id)


class SupervisionFeature(Feature):
    """Attributes:
    watchers: connections that asked for ``load`` pushes.
    observers: user names observing each conversation.
    """

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.watchers: set[StaffPeer] = set()
        self.observers: dict[str, set[str]] = {}
        self._push: asyncio.TimerHandle | None = None
        self._last_push = 0.0

    def handlers(self) -> dict[type[Request], Handler]:
        return {
            WatchLoad: self.watch_load,
            UnwatchLoad: self.unwatch_load,
            Observe: self.observe,
            Unobserve: self.unobserve,
            Stats: self.stats,
        }

    # --- access -------------------------------------------------------------------------

    def can_see(self, user: str, conv: Conversation) -> bool:
        return user in self.observers.get(conv.id, ())

    def viewers(self, conv: Conversation) -> set[str]:
        return set(self.observers.get(conv.id, ()))

    # --- the load -------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        hub = self.hub
        convs = hub.conversations
        first = hub.queue[: hub.queue_items_max]  # a long queue: its first, with counts
        waiting = [Waiting(cid, convs[cid].channel, convs[cid].created_at) for cid in first]
        assigned = [
            Assigned(c.id, c.channel, c.assigned_user, c.assigned_at, frozenset(c.flags))
            for c in convs.values()
            if c.status is Status.ASSIGNED and c.assigned_user is not None
        ]
        staff = []
        for name, peers in hub.staff.items():
            user = next(iter(peers)).user if peers else None
            if user is not None:
                staff.append(
                    StaffMember(name, user.display_name, user.roles, hub.presence.get(name, "?"))
                )
        for name, member in hub.elsewhere.items():  # signed in on another hub
            if name not in hub.staff:
                staff.append(StaffMember(name, member.display_name, member.roles,
                                          member.status))
        extras: dict[str, dict[str, Any]] = {}
        for feature in hub.features:
            for name, fields in feature.staff_load().items():
                extras.setdefault(name, {}).update(fields)
        return load_snapshot(
            utc_now(), waiting, assigned, staff, extras,
            queue_length=len(hub.queue), queue_by_channel=hub.queue_by_channel(),
        )

    def changed(self) -> None:
        if not self.watchers or self._push is not None:
            return
        loop = asyncio.get_running_loop()
        delay = max(0.0, self._last_push + LOAD_MIN_INTERVAL_S - time.monotonic())
        self._push = loop.call_later(delay, self._push_load)

    def _push_load(self) -> None:
        self._push = None
        self._last_push = time.monotonic()
        self.watchers = {peer for peer in self.watchers if peer.ws.close_code is None}
        if self.watchers:
            frame = self.snapshot()
            for peer in self.watchers:
                peer.push(frame)

    async def watch_load(self, peer: StaffPeer, user: UserRecord, request: WatchLoad) -> None:
        _require_supervisor(user, request.id)
        self.watchers.add(peer)
        peer.push(ok(request.id))
        peer.push(self.snapshot())

    async def unwatch_load(self, peer: StaffPeer, user: UserRecord, request: UnwatchLoad) -> None:
        self.watchers.discard(peer)
        peer.push(ok(request.id))

    def on_event(self, event: Event) -> None:
        if event.kind in LOAD_KINDS:
            self.changed()
        if event.kind == "closed":
            self.observers.pop(event.conversation, None)

    def on_queue_changed(self) -> None:
        self.changed()

    def on_staff_online(self, peer: StaffPeer) -> None:
        self.changed()

    def on_presence(self, user: str, status: str) -> None:
        self.changed()

    def on_staff_offline(self, user: str) -> None:
        self.watchers = {peer for peer in self.watchers if peer.ws.close_code is None}
        for conv_id, users in list(self.observers.items()):
            if user in users:
                asyncio.get_running_loop().create_task(self._end_observation(conv_id, user))
        self.changed()

    # --- observation ------------------------------------------------------------------------

    async def observe(self, peer: StaffPeer, user: UserRecord, request: Observe) -> None:
        _require_supervisor(user, request.id)
        hub = self.hub
        conv = hub.conversations.get(request.conversation)
        if conv is None or conv.status is Status.CLOSED:
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such open conversation.", request.id)
        if user.name in self.observers.get(conv.id, ()):
            raise ProtocolError(ErrorCode.CONFLICT, "You already observe it.", request.id)
        peers = list(hub.staff.get(user.name, ()))
        for each in peers:
            each.hold()
        self.observers.setdefault(conv.id, set()).add(user.name)
        events: list[Event] = []
        try:
            await hub.store.audit(user.name, "observe", conv.id)
            seq = await self.api.append(
                conv,
                "observer_joined",
                {"observer": user.display_name, "user": user.name},
                user,
                request.id,
            )
            events = await hub.store.events_after(conv.id, 0)
        except Exception:
            self.observers.get(conv.id, set()).discard(user.name)
            raise
        finally:
            await hub.send_backlog(peers, events, contact=False)
        peer.push(ok(request.id, conversation=conv.id, seq=seq))

    async def unobserve(self, peer: StaffPeer, user: UserRecord, request: Unobserve) -> None:
        if user.name not in self.observers.get(request.conversation, ()):
            raise ProtocolError(ErrorCode.FORBIDDEN, "You do not observe it.", request.id)
        seq = await self._end_observation(request.conversation, user.name)
        peer.push(ok(request.id, seq=seq))

    async def _end_observation(self, conv_id: str, user_name: str) -> int:
        users = self.observers.get(conv_id, set())
        users.discard(user_name)
        if not users:
            self.observers.pop(conv_id, None)
        await self.hub.store.audit(user_name, "unobserve", conv_id)
        result = await self.hub.store.append(
            conv_id, "observer_left", {"user": user_name}, self.hub.on_event
        )
        return result.event.seq

    # --- shift figures ------------------------------------------------------------------------

    async def stats(self, peer: StaffPeer, user: UserRecord, request: Stats) -> None:
        _require_supervisor(user, request.id)
        try:
            since = format_time(parse_time(request.since))
            until = format_time(parse_time(request.until)) if request.until else "9999"
        except ValueError:
            raise ProtocolError(
                ErrorCode.BAD_FRAME, "since and until must be UTC times ending in Z.", request.id
            ) from None

        rows: list[dict[str, Any]] = await self.hub.store.run(
            lambda conn: supervision_store.contacts(conn, since, until, MAX_STATS_ROWS),
            write=False,
        )
        peer.push(ok(request.id, contacts=rows))
