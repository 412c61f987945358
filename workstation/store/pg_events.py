"""Several hubs on one PostgreSQL (issue 16, item 3): how a hub hears of the others' events.

Every batch of appends (group commit: :mod:`workstation.store.postgres_store`) ends with one
``pg_notify`` statement on :data:`CHANNEL` in its transaction, one notification per append, so
they are sent at COMMIT, in commit order, and never for a write that was rolled back. The
payload is ``"<hub id> <conversation> <seq>"`` — never text, names or numbers.
A hub LISTENs on a connection of its own (:class:`Listener`) and, for another hub's
notification, reads the events it has not applied yet from the ``events`` table
(:mod:`workstation.hub.cluster`): the database stays the only truth, a notification is only
a nudge, and a lost one costs at most a later catch-up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import psycopg

from workstation.sessions.events import Event

log = logging.getLogger(__name__)
#: The channel every hub's appends are announced on.
CHANNEL = "hub_events"
#: The channel a hub announces a change of its staff's presence on (payload: its hub id).
STATE_CHANNEL = "hub_state"
#: The channel a hub announces a change of a shared setting or state on (payload: its hub id
#: and a topic, ``time_policies`` say; :mod:`workstation.hub.cluster.shared`).
SETTINGS_CHANNEL = "hub_settings"
#: Waits between attempts to reconnect the listening connection (the last repeats).
RECONNECT_S = (0.1, 0.2, 0.5, 1.0, 2.0)


@dataclass(frozen=True, slots=True)
class Notice:
    """One announced append: which hub wrote ``seq`` of ``conversation``."""

    hub: str
    conversation: str
    seq: int


def payload(hub_id: str, event: Event) -> str:
    return f"{hub_id} {event.conversation} {event.seq}"


def parse(text: str) -> Notice | None:
    """A payload as :func:`payload` writes it (anything else: None)."""
    parts = text.split(" ")
    if len(parts) != 3 or not parts[2].isdigit():
        return None
    return Notice(parts[0], parts[1], int(parts[2]))


async def notify_all(
    cur: psycopg.AsyncCursor[Any], hub_id: str, events: list[Event]
) -> None:
    """Announce each of ``events`` (one batch's appends) when the current transaction
    commits: one statement, one notification (:func:`payload`) per event."""
    if events:
        await cur.execute(
            "SELECT pg_notify(%s, p) FROM unnest(%s::text[]) AS p",
            (CHANNEL, [payload(hub_id, event) for event in events]),
        )


async def notify_changed(conn: psycopg.AsyncConnection[Any], hub_id: str, topic: str) -> None:
    """Announce that ``hub_id`` changed a shared setting or state (``topic``: a word, no
    names or numbers), when the transaction commits."""
    await conn.execute("SELECT pg_notify(%s, %s)", (SETTINGS_CHANNEL, f"{hub_id} {topic}"))


async def notify_state(conn: psycopg.AsyncConnection[Any], hub_id: str) -> None:
    """Announce that ``hub_id``'s staff rows changed, when the transaction commits."""
    await conn.execute("SELECT pg_notify(%s, %s)", (STATE_CHANNEL, hub_id))


class Listener:
    """LISTENs on some channels on a connection of its own, reconnecting when it is lost.

    ``handlers`` get each payload of their channel; ``on_connected`` runs each time LISTEN is
    (again) in place, before any notification of that connection — the moment to catch up
    from the database on whatever was announced while nobody listened.
    """

    def __init__(
        self,
        dsn: str,
        handlers: dict[str, Callable[[str], None]],
        on_connected: Callable[[], Awaitable[None]],
    ) -> None:
        self.dsn = dsn
        self.handlers = handlers
        self.on_connected = on_connected
        self.connections = 0
        self._task: asyncio.Task[None] | None = None
        self._conn: psycopg.AsyncConnection[Any] | None = None
        self._ready = asyncio.Event()

    async def start(self) -> None:
        """Listen in the background; returns once the first LISTEN is in place."""
        self._task = asyncio.get_running_loop().create_task(self._run(), name="pg-listen")
        waiter = asyncio.ensure_future(self._ready.wait())
        await asyncio.wait({waiter, self._task}, return_when=asyncio.FIRST_COMPLETED)
        if not waiter.done():
            waiter.cancel()
            self._task.result()  # the task ended: raise why

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        failures = 0
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self.dsn, autocommit=True
                ) as conn:
                    self._conn = conn
                    for channel in self.handlers:
                        await conn.execute(f"LISTEN {channel}")
                    self.connections += 1
                    await self.on_connected()
                    self._ready.set()
                    failures = 0
                    async for note in conn.notifies():
                        handler = self.handlers.get(note.channel)
                        if handler is not None:
                            handler(note.payload)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database restarted, the network dropped …
                log.warning("Lost the listening connection (%s); reconnecting",
                            type(exc).__name__)
            finally:
                self._conn = None
            delays = RECONNECT_S  # read here: tests change it
            await asyncio.sleep(delays[min(failures, len(delays) - 1)])
            failures += 1

    @property
    def backend_pid(self) -> int | None:
        """The listening connection's server process (None while disconnected)."""
        return None if self._conn is None else self._conn.info.backend_pid
