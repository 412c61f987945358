"""The hub's in-memory view of who is where, and how events and the queue reach people.

The database is the truth for events; this is the routing state, rebuilt from the database
when the hub starts. State changes are made here *before* the durable write is awaited (so
two counsellors cannot both take one contact) and undone if the write fails.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import defaultdict
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from workstation.hub.feature import Feature
from workstation.hub.idempotency import Requests
from workstation.hub.keys import HubKeys
from workstation.hub.peers import ContactPeer, StaffPeer
from workstation.protocol import encode
from workstation.protocol.times import format_time, utc_now
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event
from workstation.store import HubStore

if TYPE_CHECKING:
    from workstation.hub.cluster.presence import ElsewhereMember
    from workstation.hub.cluster.relay import EventRelay
    from workstation.hub.cluster.shared import Reader, SharedState

F = TypeVar("F", bound=Feature)

#: Roles that receive the queue.
QUEUE_ROLES = ("counsellor", "shift_lead", "supervisor")
#: How long queue changes are gathered before one push goes out.
QUEUE_PUSH_DELAY_S = 0.02
#: The ``queue`` push lists at most this many waiting contacts (the first); ``total`` and
#: ``by_channel`` count them all, so a push costs the same whatever the queue's length.
QUEUE_ITEMS_MAX = 50
#: Young people told their new queue position per turn of the event loop, at most: a change
#: at the front of a long queue moves everyone behind, and telling thousands in one go would
#: hold up everyone's messages meanwhile (issue 13).
POSITIONS_PER_TURN = 200


def new_id(prefix: str) -> str:
    return prefix + secrets.token_hex(8)


class Hub:
    """Attributes:
    store: the durable store.
    conversations: open conversations by id (closed ones are dropped).
    queue: ids of waiting conversations, longest wait first.
    contacts: contact connections by conversation.
    staff: staff connections by user name.
    presence: ``available``/``away`` by user name, for staff online.
    requests: answers repeated request ids with the first answer.
    queue_items_max: how many waiting contacts a ``queue`` push lists (a hub setting).
    keys: the hub's secret key (file beside the database) for pseudonyms and sealed values.
    held_for: waiting contacts held for one counsellor (conversation → user name), e.g. a
        young person who came back with a code; queue items say so in ``held_for``.
    routing: waiting contacts whose return code is being looked up: left out of the queue's
        items until they are held for their counsellor or free (nobody takes one meanwhile).
    """

    def __init__(self, store: HubStore, keys: HubKeys | None = None) -> None:
        self.store = store
        self.keys = keys if keys is not None else HubKeys.of_store(store)
        self.conversations: dict[str, Conversation] = {}
        self.queue: list[str] = []
        self.contacts: dict[str, set[ContactPeer]] = defaultdict(set)
        self.staff: dict[str, set[StaffPeer]] = defaultdict(set)
        self.presence: dict[str, str] = {}
        self._queue_push: asyncio.TimerHandle | None = None
        #: The staff ``queue`` push as last built, and encoded (until the queue changes).
        self._queue_frame: tuple[dict[str, Any], str] | None = None
        #: The position each waiting contact was told last, or is about to be told.
        self._positions: dict[str, int] = {}
        #: Positions not yet told (conversation → position), the front of the queue first.
        self._to_tell: dict[str, int] = {}
        self._telling: asyncio.Handle | None = None
        self.features: list[Feature] = []
        #: Runs each recorded request once per (principal, request id).
        self.requests = Requests(store)
        self.queue_items_max = QUEUE_ITEMS_MAX
        self.held_for: dict[str, str] = {}
        self.routing: set[str] = set()
        #: With several hubs on one PostgreSQL: orders this hub's and the others' events
        #: into :meth:`deliver` (None on SQLite: one hub, events delivered as committed).
        self.relay: EventRelay | None = None
        #: Staff signed in on the other hubs (user name → who and how; empty on SQLite).
        self.elsewhere: dict[str, ElsewhereMember] = {}
        #: Features' settings and state other hubs may change (None on SQLite: one hub).
        self.shared: SharedState | None = None
        #: Several hubs: the database's clock minus this machine's (``cluster/clock.py``).
        self.clock_offset = timedelta(0)
        #: The hub is stopping cleanly (SIGTERM, a rolling restart): the staff it disconnects
        #: now did not sign out (several hubs: ``cluster/presence.py``, the restart grace).
        self.stopping = False

    def shared_changed(self, topic: str) -> None:
        """A shared setting or state was written: the other hubs read it again."""
        if self.shared is not None:
            self.shared.changed(topic)

    def follow_shared(self, topic: str, reader: Reader) -> None:
        """Run ``reader`` when another hub changed ``topic`` (several hubs only)."""
        if self.shared is not None:
            self.shared.follow(topic, reader)

    def feature(self, kind: type[F]) -> F:
        """The running feature of that class (features look each other up with this)."""
        for feature in self.features:
            if isinstance(feature, kind):
                return feature
        raise LookupError(kind.__name__)

    def load(self, conversations: list[Conversation] | None = None) -> None:
        """Rebuild routing state from the database (after a restart), or from
        ``conversations`` (the open ones, oldest first) read there."""
        self.conversations.clear()
        self.queue.clear()
        for conv in self.store.open_conversations() if conversations is None else conversations:
            self.conversations[conv.id] = conv
            if conv.status is Status.QUEUED:
                self.queue.append(conv.id)

    # --- access -----------------------------------------------------------------------

    def can_see(self, user: str, conv: Conversation) -> bool:
        """May ``user`` see this conversation's staff-visible events?"""
        return conv.assigned_user == user or any(f.can_see(user, conv) for f in self.features)

    def visible_conversations(self, user: str) -> list[Conversation]:
        return [c for c in self.conversations.values() if self.can_see(user, c)]

    def viewers(self, conv: Conversation) -> set[str]:
        users = {conv.assigned_user} if conv.assigned_user else set()
        for feature in self.features:
            users |= feature.viewers(conv)
        return users

    # --- delivery ---------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        """Called for each newly committed event, in commit order."""
        if self.relay is not None:
            self.relay.offer(event)
        else:
            self.deliver(event)

    def deliver(self, event: Event) -> None:
        """An event to this hub's connections and features (once each, in seq order)."""
        contact_frame = event.for_contact()
        contacts = self.contacts.get(event.conversation)
        if contact_frame is not None and contacts:
            text = encode(contact_frame)
            for contact in list(contacts):
                contact.push(contact_frame, text)
        conv = self.conversations.get(event.conversation)
        if conv is not None:
            staff_frame = event.to_wire()
            staff_text = encode(staff_frame)
            for user in self.viewers(conv):
                for peer in list(self.staff.get(user, ())):
                    peer.push(staff_frame, staff_text)
        for feature in self.features:
            feature.on_event(event)

    def push_to_user(self, user: str, frame: dict[str, Any]) -> None:
        for peer in list(self.staff.get(user, ())):
            peer.push(frame)

    def push_to_roles(self, roles: tuple[str, ...], frame: dict[str, Any], skip: str = "") -> None:
        """Push ``frame`` to every staff connection holding one of ``roles`` (but ``skip``'s)."""
        for name, peers in self.staff.items():
            if name == skip:
                continue
            for peer in list(peers):
                if peer.has_role(*roles):
                    peer.push(frame)

    async def send_backlog(
        self, peers: list[StaffPeer] | list[ContactPeer], events: list[Event], contact: bool
    ) -> None:
        """Push a backlog to peers already holding live events, then release them (a peer
        never gets an event twice: see :class:`~workstation.hub.peers.Peer`)."""
        for event in events:
            frame = event.for_contact() if contact else event.to_wire()
            if frame is not None:
                for peer in peers:
                    peer.push_now(frame)
        for peer in peers:
            peer.release()

    # --- the queue --------------------------------------------------------------------

    def enqueue(self, conv: Conversation) -> int:
        self.conversations[conv.id] = conv
        self.queue.append(conv.id)
        self.queue_changed()
        return len(self.queue)

    def dequeue(self, conv_id: str) -> None:
        if conv_id in self.queue:
            self.queue.remove(conv_id)
            self.queue_changed()

    def position(self, conv_id: str) -> int | None:
        try:
            return self.queue.index(conv_id) + 1
        except ValueError:
            return None

    def queue_items(self) -> list[dict[str, Any]]:
        """The first :attr:`queue_items_max` waiting contacts, in queue order."""
        items: list[dict[str, Any]] = []
        for index, conv_id in enumerate(self.queue[: self.queue_items_max]):
            if conv_id in self.routing:
                continue
            item = {
                "conversation": conv_id,
                "channel": self.conversations[conv_id].channel,
                "waiting_since": self.conversations[conv_id].created_at,
                "position": index + 1,
            }
            if conv_id in self.held_for:
                item["held_for"] = self.held_for[conv_id]
            items.append(item)
        return items

    def queue_by_channel(self) -> dict[str, int]:
        """How many wait on each channel (all of them, not only the listed ones)."""
        counts: dict[str, int] = {}
        for conv_id in self.queue:
            channel = self.conversations[conv_id].channel
            counts[channel] = counts.get(channel, 0) + 1
        return counts

    def queue_frame(self) -> dict[str, Any]:
        """The staff ``queue`` push: the first few, with ``total`` and ``by_channel``."""
        return {
            "type": "queue",
            "items": self.queue_items(),
            "total": len(self.queue),
            "by_channel": self.queue_by_channel(),
        }

    def encoded_queue_frame(self) -> tuple[dict[str, Any], str]:
        """:meth:`queue_frame` and its text, built once per change of the queue (every desk
        that signs in gets it: at a shift change, hundreds within a minute)."""
        if self._queue_frame is None:
            frame = self.queue_frame()
            self._queue_frame = frame, encode(frame)
        return self._queue_frame

    def queue_changed(self) -> None:
        self._queue_frame = None
        if self._queue_push is None:
            loop = asyncio.get_running_loop()
            self._queue_push = loop.call_later(QUEUE_PUSH_DELAY_S, self._push_queue)

    def _push_queue(self) -> None:
        self._queue_push = None
        for feature in self.features:
            feature.on_queue_changed()
        frame, text = self.encoded_queue_frame()
        for peers in self.staff.values():
            for peer in peers:
                if peer.has_role(*QUEUE_ROLES):
                    peer.push(frame, text)
        positions = {conv_id: i + 1 for i, conv_id in enumerate(self.queue)}
        for conv_id, position in positions.items():
            if self._positions.get(conv_id) != position:
                self._to_tell[conv_id] = position  # replaces one not told yet: the last wins
        self._positions = positions
        if self._telling is None:
            self._tell_positions()

    def _tell_positions(self) -> None:
        """Tell waiting contacts their new positions, :data:`POSITIONS_PER_TURN` at a time
        (the rest in the loop's next turns). A contact taken or gone meanwhile is told
        nothing more; one that moved again is told only where it is now."""
        self._telling = None
        told = 0
        while self._to_tell and told < POSITIONS_PER_TURN:
            conv_id = next(iter(self._to_tell))
            position = self._to_tell.pop(conv_id)
            conv = self.conversations.get(conv_id)
            if conv is None or conv.status is not Status.QUEUED:
                continue
            for contact in self.contacts.get(conv_id, ()):
                contact.push({"type": "queue", "position": position})
            told += 1
        if self._to_tell:
            self._telling = asyncio.get_running_loop().call_soon(self._tell_positions)

    def send_queue_to(self, peer: StaffPeer) -> None:
        if peer.has_role(*QUEUE_ROLES):
            peer.push(*self.encoded_queue_frame())

    # --- state changes ------------------------------------------------------------------

    def mark_closed(self, conv: Conversation) -> Status:
        """Close in memory before the write (returns the old status to undo with)."""
        previous = conv.status
        conv.status = Status.CLOSED
        self.dequeue(conv.id)
        return previous

    def undo_close(self, conv: Conversation, previous: Status) -> None:
        conv.status = previous
        if previous is Status.QUEUED and conv.id not in self.queue:
            self.queue.append(conv.id)
            self.queue.sort(key=lambda cid: self.conversations[cid].created_at)
            self.queue_changed()

    def forget(self, conv: Conversation) -> None:
        """Drop a closed conversation from routing once its ``closed`` event went out."""
        self.conversations.pop(conv.id, None)
        if self.relay is not None:
            self.relay.forget(conv.id)

    async def close(self, conv: Conversation, reason: str) -> Event:
        """Close durably: in memory first (so nothing more is routed to it), undone if the
        write fails; forgotten once the ``closed`` event has gone out."""
        previous = self.mark_closed(conv)
        try:
            result = await self.store.append(
                conv.id,
                "closed",
                {"reason": reason},
                self.on_event,
                update={"status": Status.CLOSED.value, "closed_at": self.now()},
            )
        except Exception:
            self.undo_close(conv, previous)
            raise
        self.forget(conv)
        return result.event

    @staticmethod
    def now() -> str:
        return format_time(utc_now())
