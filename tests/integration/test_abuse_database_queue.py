"""A database that cannot keep up: new work is refused at once, not queued without end."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from contextlib import AsyncExitStack

import pytest

from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer
from workstation.store import writer

PENDING = 10
SENDS = 30


async def test_over_the_queue_limit_requests_are_answered_busy_and_nothing_is_lost(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "MAX_PENDING", PENDING)
    async with AsyncExitStack() as stack:
        contacts = [
            await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
            for _ in range(SENDS)
        ]
        convs = [ok(await c.request("open", channel="chat"))["conversation"] for c in contacts]
        stuck = threading.Event()
        release = threading.Event()

        def slow(conn: sqlite3.Connection) -> None:
            stuck.set()
            release.wait(30)

        blocked = asyncio.ensure_future(hub.hub.store.run(slow, write=False))
        await asyncio.to_thread(stuck.wait, 30)  # the database thread is busy now
        for contact in contacts:  # each connection handles its frames one after another
            await contact.send({"type": "send", "id": "m1", "text": "hei"})
        # Answered while the database is still stuck: refused at once, not queued.
        busy = [await contact.answer("m1") for contact in contacts[PENDING:]]
        assert {answer["code"] for answer in busy} == {"rate_limited"}
        assert all("busy" in answer["message"] for answer in busy)
        release.set()
        await blocked
        for contact in contacts[:PENDING]:
            ok(await contact.answer("m1"))
        ok(await contacts[-1].request("send", text="igjen"))
    for index, conv in enumerate(convs):
        events = await hub.hub.store.events_after(conv, 0)
        expected = 1 if index < PENDING else 0
        expected += 1 if index == SENDS - 1 else 0
        assert sum(e.kind == "message" for e in events) == expected
