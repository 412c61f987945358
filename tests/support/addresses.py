"""Clients from other loopback addresses (127.0.0.0/8 is all this machine): a crowd, a
guesser and a real young person can each have their own address in a test."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from websockets.asyncio.client import connect

from tests.support.wire import Wire


@asynccontextmanager
async def wire_from(url: str, path: str, address: str,
                    tls: ssl.SSLContext | None = None) -> AsyncIterator[Wire]:
    """A :class:`Wire` to ``url + path`` whose connection comes from ``address`` (``tls``:
    the context for a ``wss://`` url)."""
    options = {"ssl": tls} if tls is not None else {}
    async with connect(url + path, max_size=None, local_addr=(address, 0), **options) as ws:
        wire = Wire(ws)
        try:
            yield wire
        finally:
            wire._reader.cancel()
