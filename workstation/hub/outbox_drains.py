"""A sender per key for the SMS and the e-mail outboxes (both features share this).

Each SMS thread and each e-mail conversation has at most one task sending its pending rows,
in order; :meth:`Drains.kick` after a new row makes the sender look again (or starts one).
What is pending stays in the database (:mod:`workstation.store.outboxes`), so a stop loses
nothing: the next start kicks every key with pending rows.

Several hubs may share one database: before sending a key's rows a hub claims the key's
lease (``outbox_leases``, :data:`LEASE_S`) in the transaction that reads them, renews it every
:data:`SWEEP_S` while it sends, and lets it go at the next sweep once nothing is pending. While
more than half of a lease is left, the next pass over the key only reads (no write more per
reply than before leases). A key another hub holds is left to it; every :data:`SWEEP_S` each
hub looks for keys with pending rows that nobody holds (their hub stopped or died) and sends
them.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from workstation.protocol.times import format_time, utc_now
from workstation.store import outboxes
from workstation.store.sql import Sql

log = logging.getLogger(__name__)

#: How long a claim on a key holds without being renewed (a dead hub's keys move after this).
LEASE_S = 30.0
#: How often leases are renewed and unheld keys looked for.
SWEEP_S = 10.0

Row = TypeVar("Row")


class Runner(Protocol):
    async def run(self, op: Callable[[Any], Any], *, write: bool) -> Any: ...


class Drains(Generic[Row]):
    """Attributes: holder: this hub's name in ``outbox_leases`` (random per start).

    ``pending(conn, key)`` reads what is pending for ``key``, in order; ``send(row)`` sends
    one row (and marks it); ``after(key)``, if given, runs once the key's sender is done."""

    def __init__(
        self,
        store: Runner,
        box: outboxes.Outbox,
        pending: Callable[[Sql, str], list[Row]],
        send: Callable[[Row], Awaitable[None]],
        after: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        self.holder = secrets.token_hex(8)
        self.lease_s = LEASE_S
        self.sweep_s = SWEEP_S
        self._store = store
        self._box = box
        self._pending = pending
        self._send = send
        self._after = after
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._dirty: set[str] = set()
        self._held: dict[str, datetime] = {}  # key: until when this hub's lease holds
        self._sweeper: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Renew this hub's leases and pick up unheld keys every :attr:`sweep_s`."""
        self._sweeper = asyncio.get_running_loop().create_task(self._sweep_loop())

    def kick(self, key: str) -> None:
        """Send the pending rows of ``key`` (a sender per key, in order)."""
        self._dirty.add(key)
        if key not in self._tasks:
            self._tasks[key] = asyncio.get_running_loop().create_task(self._run(key))

    def running(self, key: str) -> bool:
        return key in self._tasks

    async def stop(self) -> None:
        """Stop every sender and let this hub's leases go (pending rows stay for the next
        start, or for another hub)."""
        tasks = list(self._tasks.values())
        if self._sweeper is not None:
            tasks.append(self._sweeper)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        now = format_time(utc_now())
        try:
            await self._store.run(lambda c: outboxes.release_all(c, self.holder, now),
                                  write=True)
        except Exception as exc:  # they run out by themselves
            log.warning("outbox leases not let go: %s", type(exc).__name__)

    async def sweep(self) -> None:
        """Let go of the keys with nothing to send, renew the leases of the keys being sent;
        send keys nobody holds."""
        now = utc_now()
        idle = [key for key in self._held if key not in self._tasks]
        for key in idle:  # before any await: a pass starting meanwhile claims again
            del self._held[key]
        if self._held or idle:
            until = now + timedelta(seconds=self.lease_s)
            renewed = list(self._held)

            def op(conn: Sql) -> None:
                for key in idle:
                    outboxes.release(conn, self._box, key, self.holder)
                if renewed:
                    outboxes.renew(conn, self.holder, format_time(until))

            await self._store.run(op, write=True)
            for key in renewed:
                if key in self._held:
                    self._held[key] = until
        keys = await self._store.run(
            lambda c: outboxes.unclaimed(c, self._box, format_time(now)), write=False
        )
        for key in keys:
            self.kick(key)

    async def _sweep_loop(self) -> None:
        while True:
            await asyncio.sleep(self.sweep_s)
            try:
                await self.sweep()
            except Exception as exc:
                log.warning("outbox sweep failed: %s", type(exc).__name__)

    def _claim_and_read(self, conn: Sql, key: str, now: datetime,
                        until: datetime) -> list[Row] | None:
        if not outboxes.claim(conn, self._box, key, self.holder, format_time(now),
                              format_time(until)):
            return None
        return self._pending(conn, key)

    async def _read(self, key: str) -> list[Row] | None:
        """The pending rows of ``key`` if this hub holds it (claimed now unless more than
        half of its lease is left), else None."""
        now = utc_now()
        lease = timedelta(seconds=self.lease_s)
        held = self._held.get(key)
        if held is not None and held - now > lease / 2:
            rows: list[Row] = await self._store.run(lambda c: self._pending(c, key),
                                                    write=False)
            return rows
        until = now + lease
        claimed: list[Row] | None = await self._store.run(
            lambda c: self._claim_and_read(c, key, now, until), write=True
        )
        if claimed is not None:
            self._held[key] = until
        return claimed

    async def _run(self, key: str) -> None:
        try:
            while key in self._dirty:
                self._dirty.discard(key)
                rows = await self._read(key)
                if rows is None:  # another hub sends them; the sweep looks again
                    self._dirty.discard(key)
                    return
                for row in rows:
                    await self._send(row)
        finally:
            del self._tasks[key]  # no await since the last look at _dirty
        if self._after is not None:
            await self._after(key)
