"""A database that cannot keep up: new work is refused at once, not queued without end.

SQLite: the database thread is stuck (a slow operation), so every append waits in its queue;
past ``writer.MAX_PENDING`` waiting, new ones are refused. PostgreSQL: appends run on the
async pool, not that thread; the same limit counts the appends in flight, and the database
is made stuck the PostgreSQL way (another session holds the events table's EXCLUSIVE lock,
as a long migration or a stuck disk would).
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import psycopg
import pytest

from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer
from workstation.store import writer

PENDING = 10
SENDS = 30


@asynccontextmanager
async def stuck(hub: HubServer, hub_db: Path | str) -> AsyncIterator[None]:
    """The database takes no append until the block is left."""
    if isinstance(hub_db, Path):
        entered = threading.Event()
        release = threading.Event()

        def slow(conn: sqlite3.Connection) -> None:
            entered.set()
            release.wait(30)

        blocked = asyncio.ensure_future(hub.hub.store.run(slow, write=False))
        await asyncio.to_thread(entered.wait, 30)  # the database thread is busy now
        try:
            yield
        finally:
            release.set()
            await blocked
        return
    async with await psycopg.AsyncConnection.connect(hub_db) as other:
        await other.execute("LOCK TABLE events IN EXCLUSIVE MODE")  # reads go on, no writes
        try:
            yield
        finally:
            await other.rollback()


async def test_over_the_queue_limit_requests_are_answered_busy_and_nothing_is_lost(
    hub: HubServer, hub_db: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "MAX_PENDING", PENDING)
    async with AsyncExitStack() as stack:
        contacts = [
            await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
            for _ in range(SENDS)
        ]
        convs = [ok(await c.request("open", channel="chat"))["conversation"] for c in contacts]
        async with stuck(hub, hub_db):
            for contact in contacts:  # each connection handles its frames one after another
                await contact.send({"type": "send", "id": "m1", "text": "hei"})
            # Answered while the database is still stuck: refused at once, not queued.
            busy = [await contact.answer("m1") for contact in contacts[PENDING:]]
            assert {answer["code"] for answer in busy} == {"rate_limited"}
            assert all("busy" in answer["message"] for answer in busy)
        for contact in contacts[:PENDING]:
            ok(await contact.answer("m1"))
        ok(await contacts[-1].request("send", text="igjen"))
    for index, conv in enumerate(convs):
        events = await hub.hub.store.events_after(conv, 0)
        expected = 1 if index < PENDING else 0
        expected += 1 if index == SENDS - 1 else 0
        assert sum(e.kind == "message" for e in events) == expected
