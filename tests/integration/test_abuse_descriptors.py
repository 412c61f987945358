"""1,200 young people's connections against a hub allowed 1,024 descriptors: the staff still
sign in, and the log stays small."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from tests.conftest import staff_login
from tests.support.logged_hub import logged_hub
from tests.support.wire import Wire
from workstation.hub.limits import OTHER_DESCRIPTORS, TOO_MANY_CODE, LimitSettings

DESCRIPTORS = 1024
CONTACTS = 1200
PER_ADDRESS = 40  # under the per-address limit: many addresses, as a crowd (or a botnet)


@pytest.fixture
def small_hub(hub_db: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    log = tmp_path / "hub.log"
    with logged_hub(hub_db, log, DESCRIPTORS) as url:
        yield url, log


async def _contact(url: str, index: int, stack: AsyncExitStack) -> ClientConnection | None:
    address = f"127.0.1.{index // PER_ADDRESS + 1}"
    try:
        return await stack.enter_async_context(
            connect(url + "/v1/contact", local_addr=(address, 0), open_timeout=30)
        )
    except (OSError, InvalidHandshake, TimeoutError):
        return None


async def _admitted(ws: ClientConnection | None) -> bool:
    """Open a chat; ``False`` when the hub closed the connection over a limit instead."""
    if ws is None:
        return False
    try:
        await ws.send('{"type": "open", "id": "o", "channel": "chat"}')
        await ws.recv()
        return True
    except ConnectionClosed:
        assert ws.close_code == TOO_MANY_CODE
        return False


async def test_contacts_cannot_take_the_descriptors_staff_need(
    small_hub: tuple[str, Path],
) -> None:
    url, log = small_hub
    async with AsyncExitStack() as stack:
        sockets = await asyncio.gather(*(_contact(url, i, stack) for i in range(CONTACTS)))
        admitted = await asyncio.gather(*(_admitted(ws) for ws in sockets))
        ceiling = DESCRIPTORS - OTHER_DESCRIPTORS - LimitSettings().staff_reserve
        assert 0 < sum(admitted) <= ceiling
        for user in ("kari", "sup", "lead"):
            desk = await stack.enter_async_context(Wire.connect(url, "/v1/staff"))
            await staff_login(desk, user)
    assert log.stat().st_size < 20_000, log.read_text()[-2000:]

