"""Settings and state that a hub keeps in memory and another hub may change (issue 16).

A feature that keeps such a thing (a supervisor's time policies, the break reminder, who is
on a pause) writes it to the database as before and then says so with
:meth:`SharedState.changed` (``Hub.shared_changed``): a ``hub_settings`` notification with
this hub's id and the topic, sent after the write committed. Every other hub runs the
reader the feature registered for that topic (:meth:`SharedState.follow`,
``Hub.follow_shared``), which reads the database again. As for events, the database is the
only truth and a notification only a nudge: a reader runs once at a time (a notice meanwhile
runs it once more), and every reader runs when the listening connection is (again) in place,
for what was announced while nobody listened.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from workstation.hub.background import Background
from workstation.protocol.log_safe import traceback_without_values
from workstation.store.pg_events import notify_changed

if TYPE_CHECKING:
    from workstation.store.postgres_store import PostgresStore

log = logging.getLogger(__name__)

Reader = Callable[[], Awaitable[None]]


class SharedState:
    def __init__(self, store: PostgresStore) -> None:
        self.store = store
        self.hub_id = store.hub_id
        self._readers: dict[str, Reader] = {}
        self._reading: set[str] = set()
        self._again: set[str] = set()
        #: Announcements and readers; cancelled at stop (a reader is redone at the next start).
        self._background = Background()

    def follow(self, topic: str, reader: Reader) -> None:
        """Run ``reader`` when another hub announces ``topic``."""
        self._readers[topic] = reader

    def changed(self, topic: str) -> None:
        """Tell the other hubs (call after the change committed)."""
        self._background.later(lambda: self._announce(topic))

    async def _announce(self, topic: str) -> None:
        try:
            async with self.store.pooled() as conn, conn.transaction():
                await notify_changed(conn, self.hub_id, topic)
        except Exception as exc:  # the others read it at their next reconnect or restart
            log.error("Announcing a shared change failed\n%s", traceback_without_values(exc))

    def on_payload(self, text: str) -> None:
        """A ``hub_settings`` notification."""
        hub_id, _, topic = text.partition(" ")
        if hub_id != self.hub_id and topic in self._readers:
            self._read(topic)

    async def read_all(self) -> None:
        """LISTEN is (again) in place: read every followed topic once."""
        for topic in self._readers:
            self._read(topic)

    def _read(self, topic: str) -> None:
        if topic in self._reading:
            self._again.add(topic)
            return
        if self._background.later(lambda: self._read_now(topic)) is not None:
            self._reading.add(topic)

    async def _read_now(self, topic: str) -> None:
        try:
            while True:
                self._again.discard(topic)
                try:
                    await self._readers[topic]()
                except Exception as exc:
                    log.error("Reading a shared change failed\n%s",
                              traceback_without_values(exc))
                if topic not in self._again:
                    break
        finally:
            self._reading.discard(topic)

    async def stop(self) -> None:
        await self._background.cancel()
