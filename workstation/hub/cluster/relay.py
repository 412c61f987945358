"""Every committed event, whichever hub wrote it, through each hub's delivery once, in order.

Each hub keeps, per conversation, the last ``seq`` it delivered. Its own appends arrive by
the commit hook (:meth:`EventRelay.offer`); the other hubs' by a ``hub_events``
notification (:mod:`workstation.store.pg_events`), after which the relay reads the events
past that ``seq`` from the database. An event is delivered only when it is the next one: a
local event that overtook another hub's (its commit hook ran before the notification of the
earlier one arrived) waits until the gap has been read from the database. Other hubs' events
change the routing state as the local handlers would have (``opened`` queues the contact,
``assigned`` takes it from the queue, ``closed`` forgets it) before they are delivered.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from workstation.protocol.log_safe import traceback_without_values
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event
from workstation.store.pg_events import parse

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.hub.peers import StaffPeer
    from workstation.store.postgres_store import PostgresStore

log = logging.getLogger(__name__)
#: After a failed read of missing events, try again this much later.
RETRY_S = 0.5


class EventRelay:
    """Attributes:
    applied: the last ``seq`` delivered, by conversation.
    pending: local events waiting for an earlier one of another hub (conversation → seq).
    """

    def __init__(self, hub: Hub, store: PostgresStore) -> None:
        self.hub = hub
        self.store = store
        self.applied: dict[str, int] = {}
        self.pending: dict[str, dict[int, Event]] = {}
        #: Conversations to read past their last delivered ``seq``, and the task reading
        #: them (all of them at once: one query for a burst's notices).
        self._wanted: set[str] = set()
        self._reader: asyncio.Task[None] | None = None
        self._caught_up_once = False
        self._backlogs: set[asyncio.Task[None]] = set()

    async def stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)
            self._reader = None
        for task in self._backlogs:
            task.cancel()
        await asyncio.gather(*self._backlogs, return_exceptions=True)

    # --- this hub's own events (the commit hook) -------------------------------------

    def offer(self, event: Event) -> None:
        """A committed event of this hub: delivered now if it is the next one."""
        conv = event.conversation
        last = self.applied.get(conv, event.seq - 1)
        if event.seq <= last:
            return
        if event.seq == last + 1:
            self.applied[conv] = event.seq
            self.hub.deliver(event)
            self._release(conv)
            return
        self.pending.setdefault(conv, {})[event.seq] = event
        self._read(conv)

    def forget(self, conv_id: str) -> None:
        self.applied.pop(conv_id, None)
        self.pending.pop(conv_id, None)

    def _release(self, conv: str) -> None:
        """Deliver the waiting local events that are now next."""
        waiting = self.pending.get(conv)
        while waiting:
            last = self.applied.get(conv, 0)
            for seq in [s for s in waiting if s <= last]:
                del waiting[seq]
            event = waiting.pop(last + 1, None)
            if event is None:
                break
            self.applied[conv] = event.seq
            self.hub.deliver(event)
        if not waiting:
            self.pending.pop(conv, None)

    # --- the other hubs' events -------------------------------------------------------

    def on_payload(self, text: str) -> None:
        """A ``hub_events`` notification."""
        notice = parse(text)
        if notice is None or notice.hub == self.store.hub_id:
            return  # delivered by the commit hook
        last = self.applied.get(notice.conversation)
        if last is None:
            # Not followed yet (opened meanwhile, or closed before this hub started): from
            # the announced event on.
            self.applied[notice.conversation] = last = notice.seq - 1
        if notice.seq > last:
            self._read(notice.conversation)

    async def catch_up(self) -> None:
        """LISTEN is (again) in place: what was committed before it was read from here.

        At start-up (before the hub serves anyone or its features start) the routing state
        is loaded again, with each conversation's last ``seq``, in one snapshot taken after
        LISTEN: what the other hubs committed between the hub's first load and LISTEN (a
        contact opened or taken, a conversation closed) would otherwise never reach this
        hub's routing state — its notice came before anyone listened. Everything committed
        after the snapshot is announced and read from its ``seq`` on."""
        if not self._caught_up_once:
            self._caught_up_once = True
            loaded = await self.store.open_conversations_and_seqs()
            self.hub.load([conv for conv, _ in loaded])
            self.applied = {conv.id: seq for conv, seq in loaded}
            return
        latest = await self.store.open_conversation_seqs()
        for conv_id, seq in latest.items():
            if seq > self.applied.setdefault(conv_id, 0):
                self._read(conv_id)
        for conv_id in list(self.hub.conversations):
            if conv_id not in latest:  # closed meanwhile
                self._read(conv_id)

    def _read(self, conv_id: str) -> None:
        """Read the conversation's events past the last delivered: with every other
        conversation wanting a read at that moment, in one query (one reader at a time, so a
        conversation is never read twice at once)."""
        self._wanted.add(conv_id)
        if self._reader is None:
            self._reader = asyncio.get_running_loop().create_task(self._read_now())

    async def _read_now(self) -> None:
        failed: set[str] = set()
        try:
            while self._wanted:
                wanted, self._wanted = self._wanted, set()
                try:
                    found = await self.store.events_after_many(
                        {conv_id: self.applied.get(conv_id, 0) for conv_id in wanted})
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    log.error("Reading another hub's events failed\n%s",
                              traceback_without_values(exc))
                    failed |= wanted
                    continue
                for conv_id in wanted:
                    for event in found.get(conv_id, ()):
                        if event.seq == self.applied.get(conv_id, 0) + 1:
                            self._apply(event)
                    self._release(conv_id)
        finally:
            self._reader = None
        if failed:
            loop = asyncio.get_running_loop()
            for conv_id in failed:
                loop.call_later(RETRY_S, self._read, conv_id)

    def _hand_over(self, conv_id: str, user: str) -> None:
        """Another hub handed the conversation to ``user`` (a transfer of a call, a
        take-over): their desks here get its log from ``seq`` 1 — as the handing hub gives
        it to the desks it holds — the live events kept aside until then."""
        peers = list(self.hub.staff.get(user, ()))
        if not peers:
            return
        for peer in peers:
            peer.hold()
        task = asyncio.get_running_loop().create_task(self._backlog(conv_id, peers))
        self._backlogs.add(task)
        task.add_done_callback(self._backlogs.discard)

    async def _backlog(self, conv_id: str, peers: list[StaffPeer]) -> None:
        events: list[Event] = []
        try:
            events = await self.store.events_after(conv_id, 0)
        except Exception as exc:  # the live events still go out; the desk syncs the rest
            log.error("Reading a handed-over conversation failed\n%s",
                      traceback_without_values(exc))
        finally:
            await self.hub.send_backlog(peers, events, contact=False)

    def _apply(self, event: Event) -> None:
        """Another hub's event (or one of this hub's read back): the routing state as its
        handler changed it, then delivery."""
        hub = self.hub
        self.applied[event.conversation] = event.seq
        local = self.pending.get(event.conversation, {}).pop(event.seq, None)
        if local is not None:  # this hub's own: its handler already changed the state
            hub.deliver(local)
            return
        conv = hub.conversations.get(event.conversation)
        if event.kind == "opened" and conv is None:
            conv = Conversation(
                id=event.conversation, channel=str(event.fields.get("channel", "chat")),
                created_at=event.at,
            )
            hub.conversations[conv.id] = conv
            hub.queue.append(conv.id)
            hub.queue.sort(key=lambda cid: hub.conversations[cid].created_at)
            hub.queue_changed()
        elif conv is not None and event.kind == "assigned":
            before = conv.assigned_user
            conv.status = Status.ASSIGNED
            conv.assigned_user = str(event.fields.get("user") or "") or None
            conv.assigned_at = event.at
            hub.dequeue(conv.id)
            if conv.assigned_user is not None and conv.assigned_user != before:
                self._hand_over(conv.id, conv.assigned_user)
        elif conv is not None and event.kind == "closed":
            hub.mark_closed(conv)
        hub.deliver(event)
        if conv is not None and event.kind == "closed":
            hub.forget(conv)

