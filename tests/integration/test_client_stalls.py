"""StaffClient against a scripted fake hub: a hub that stalls or drops at awkward moments.

The real hub never misbehaves on purpose, so these cases use a few lines of websockets.serve.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from websockets.asyncio.server import ServerConnection, serve

from workstation.client import ConnectionState, Credentials, NotConnected, StaffClient

Script = Callable[[ServerConnection, dict[str, Any]], Awaitable[None]]
USER = {"name": "kari", "display_name": "Kari", "roles": ["counsellor"]}


@asynccontextmanager
async def fake_hub(script: Script) -> AsyncIterator[tuple[str, list[dict[str, Any]]]]:
    """Answers hello and sync; every other frame goes to ``script``. Yields url and frames."""
    received: list[dict[str, Any]] = []

    async def handler(ws: ServerConnection) -> None:
        async for raw in ws:
            frame = json.loads(raw)
            received.append(frame)
            if frame["type"] == "hello":
                await ws.send(
                    json.dumps({"type": "ok", "re": frame["id"], "user": USER, "token": "t1"})
                )
            elif frame["type"] == "sync":
                await ws.send(json.dumps({"type": "ok", "re": frame["id"]}))
            else:
                await script(ws, frame)

    async with serve(handler, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        yield f"ws://127.0.0.1:{port}", received


@asynccontextmanager
async def running(url: str) -> AsyncIterator[StaffClient]:
    client = StaffClient(
        url, Credentials(user="kari", password="pw"), backoff_initial=0.01, backoff_max=0.05
    )
    runner = asyncio.create_task(client.run())
    try:
        yield client
    finally:
        await asyncio.wait_for(client.close(), 2)
        await asyncio.wait_for(runner, 2)


async def test_a_request_cut_off_by_a_lost_connection_raises_not_connected() -> None:
    async def drop(ws: ServerConnection, frame: dict[str, Any]) -> None:
        if frame["type"] == "presence":
            await ws.close(1011)

    async with fake_hub(drop) as (url, _), running(url) as client:
        await client.wait_connected(5)
        with pytest.raises(NotConnected):
            await client.set_presence("away")
        await client.wait_connected(5)  # and it comes back by itself
        assert client.state is ConnectionState.CONNECTED


async def test_close_is_prompt_while_the_hub_sits_on_a_hello() -> None:
    hello_seen = asyncio.get_running_loop().create_future()

    async def handler(ws: ServerConnection) -> None:
        async for _ in ws:
            if not hello_seen.done():
                hello_seen.set_result(None)

    async with serve(handler, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        client = StaffClient(
            f"ws://127.0.0.1:{port}", Credentials(user="kari", password="pw"), open_timeout=30
        )
        runner = asyncio.create_task(client.run())
        await asyncio.wait_for(hello_seen, 5)
        await asyncio.wait_for(client.close(), 2)
        await asyncio.wait_for(runner, 2)
        assert client.state is ConnectionState.OFFLINE


async def test_an_unacknowledged_send_is_resent_with_the_same_id_after_a_drop() -> None:
    sends: list[str] = []

    async def flaky(ws: ServerConnection, frame: dict[str, Any]) -> None:
        if frame["type"] == "send":
            sends.append(frame["id"])
            if len(sends) == 1:
                await ws.close(1011)  # lost before the answer
            else:
                await ws.send(json.dumps({"type": "ok", "re": frame["id"], "seq": 7}))

    async with fake_hub(flaky) as (url, received), running(url) as client:
        await client.wait_connected(5)
        item = client.send_message("c1", "hei")
        assert await asyncio.wait_for(item.future, 5) == 7
        assert sends == [item.id, item.id]
        hellos = [f for f in received if f["type"] == "hello"]
        assert "password" in hellos[0] and hellos[1] == {
            "type": "hello",
            "id": hellos[1]["id"],
            "token": "t1",
        }
        syncs = [f for f in received if f["type"] == "sync"]
        assert len(syncs) == 2
