"""A long queue (open limits off, as behind a proxy that hides addresses): each ``queue`` push
to a desk lists the first 50 with a ``total`` and ``by_channel``, so it costs a few KB whatever
the queue's length, and the supervisor's ``load`` push likewise (issue 13: one desk received
472 MB in 20 s, 1.9 MB a push, while one script opened 15,706 conversations)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests.support.hubs import PASSWORD
from workstation.hub.core import QUEUE_ITEMS_MAX
from workstation.hub.limits import LimitSettings
from workstation.hub.server import serve_hub

OPENS = 2_000
#: Everything a desk may receive while the 2,000 open (it was about 1.9 MB per push).
DESK_BUDGET = 5_000_000
#: One push of 50 items is about 6 KB.
PUSH_BUDGET = 8_000
LIMITS_OFF = replace(
    LimitSettings(), open_per_address=None, open_total=None, send_per_contact=None,
    send_total=None, contact_connections_per_address=None,
)


@dataclass
class CountingStaff:
    """A staff socket that keeps every frame with its size in bytes."""

    ws: ClientConnection
    frames: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def read(self) -> None:
        async for raw in self.ws:
            async with self.changed:
                self.frames.append((len(raw), json.loads(raw)))
                self.changed.notify_all()

    async def wait_for(self, match: Any, timeout: float = 30.0) -> dict[str, Any]:
        async with asyncio.timeout(timeout), self.changed:
            while True:
                for _, frame in self.frames:
                    if match(frame):
                        return frame
                await self.changed.wait()

    def received(self) -> int:
        return sum(size for size, _ in self.frames)

    def of_type(self, kind: str) -> list[tuple[int, dict[str, Any]]]:
        return [(size, frame) for size, frame in self.frames if frame.get("type") == kind]


@asynccontextmanager
async def staff(url: str, user: str) -> AsyncIterator[CountingStaff]:
    async with connect(url + "/v1/staff", max_size=None) as ws:
        desk = CountingStaff(ws)
        reader = asyncio.create_task(desk.read())
        await ws.send(json.dumps({"type": "hello", "id": "h", "user": user,
                                  "password": PASSWORD}))
        await desk.wait_for(lambda f: f.get("re") == "h" and f["type"] == "ok")
        try:
            yield desk
        finally:
            reader.cancel()


async def _open_one(
    url: str, stack: AsyncExitStack, gate: asyncio.Semaphore
) -> str:
    """One young person from 127.0.0.1 opens a chat and stays (the connection is kept open
    until the test ends); the conversation id."""
    async with gate:
        ws = await stack.enter_async_context(connect(url + "/v1/contact", max_size=None))
        await ws.send(json.dumps({"type": "open", "id": "o", "channel": "chat"}))
        while True:
            frame = json.loads(await ws.recv())
            if frame.get("re") == "o":
                assert frame["type"] == "ok", frame
                return str(frame["conversation"])


async def _open_many(url: str, stack: AsyncExitStack, count: int) -> list[str]:
    """``count`` young people open one after another (up to 100 connecting at once)."""
    gate = asyncio.Semaphore(100)
    return list(await asyncio.gather(*(_open_one(url, stack, gate) for _ in range(count))))


@pytest.mark.slow
async def test_two_thousand_waiting_cost_a_desk_kilobytes_a_push(hub_db: Path) -> None:
    async with (
        serve_hub(hub_db, limits=LIMITS_OFF) as server,
        staff(server.url, "kari") as desk,
        staff(server.url, "sup") as sup,
        AsyncExitStack() as contacts,
    ):
        await sup.ws.send(json.dumps({"type": "watch_load", "id": "w"}))
        await sup.wait_for(lambda f: f.get("re") == "w")
        desk_before, sup_before = desk.received(), sup.received()
        started = time.monotonic()
        opened = await _open_many(server.url, contacts, OPENS)
        assert len(set(opened)) == OPENS
        last = await desk.wait_for(lambda f: f["type"] == "queue" and f.get("total") == OPENS)
        await sup.wait_for(lambda f: f["type"] == "load" and f.get("queue_length") == OPENS)
        seconds = time.monotonic() - started
        desk_bytes, sup_bytes = desk.received() - desk_before, sup.received() - sup_before

        pushes = desk.of_type("queue")
        print(f"\n{OPENS} opens in {seconds:.1f} s: desk {len(pushes)} queue pushes, "
              f"{desk_bytes / 1e6:.2f} MB, largest {max(s for s, _ in pushes)} B; "
              f"supervisor {len(sup.of_type('load'))} load pushes, {sup_bytes / 1e6:.2f} MB, "
              f"largest {max(s for s, _ in sup.of_type('load'))} B")
        for size, frame in pushes:
            assert len(frame["items"]) <= QUEUE_ITEMS_MAX
            assert size <= PUSH_BUDGET
            assert frame["total"] == sum(frame["by_channel"].values())
            assert frame["total"] >= len(frame["items"])
        assert last["by_channel"] == {"chat": OPENS}
        assert [item["position"] for item in last["items"]] == list(range(1, QUEUE_ITEMS_MAX + 1))
        for size, frame in sup.of_type("load"):
            assert len(frame["queue"]) <= QUEUE_ITEMS_MAX
            assert size <= PUSH_BUDGET
        assert sup.of_type("load")[-1][1]["queue_by_channel"] == {"chat": OPENS}
        assert desk_bytes < DESK_BUDGET
        assert sup_bytes < DESK_BUDGET

        # Taking the first moves the next one up: the list still starts at the front.
        first, second = last["items"][0]["conversation"], last["items"][1]["conversation"]
        await desk.ws.send(json.dumps({"type": "accept", "id": "a", "conversation": first}))
        await desk.wait_for(lambda f: f.get("re") == "a" and f["type"] == "ok")
        after = await desk.wait_for(
            lambda f: f["type"] == "queue" and f.get("total") == OPENS - 1
        )
        assert after["items"][0] == {**last["items"][1], "position": 1}
        assert after["items"][0]["conversation"] == second
        assert len(after["items"]) == QUEUE_ITEMS_MAX
        assert after["by_channel"] == {"chat": OPENS - 1}


async def test_a_short_queue_is_listed_whole_with_its_counts(hub_db: Path) -> None:
    async with (
        serve_hub(hub_db) as server,
        staff(server.url, "kari") as desk,
        AsyncExitStack() as contacts,
    ):
        hello_push = await desk.wait_for(lambda f: f["type"] == "queue")
        assert hello_push == {"type": "queue", "items": [], "total": 0, "by_channel": {}}
        ids = [await _open_many(server.url, contacts, 1) for _ in range(3)]
        push = await desk.wait_for(lambda f: f["type"] == "queue" and f.get("total") == 3)
        assert [[item["conversation"]] for item in push["items"]] == ids
        assert push["by_channel"] == {"chat": 3}
