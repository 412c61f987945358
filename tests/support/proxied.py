"""Clients that arrive as through a load balancer: a PROXY protocol header, then WebSocket."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import struct
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from websockets.asyncio.client import connect

from tests.support.wire import Wire
from workstation.hub.proxy_header import V2_SIGNATURE


def v2_header(source: str, port: int, *, command: int = 1, tlv: bytes = b"") -> bytes:
    """A v2 header as HAProxy's ``send-proxy-v2`` writes it (TCP over IPv4 or IPv6)."""
    ip = ipaddress.ip_address(source)
    family = 0x11 if ip.version == 4 else 0x21
    other = ipaddress.ip_address("10.0.0.1" if ip.version == 4 else "fd00::1")
    block = ip.packed + other.packed + struct.pack("!HH", port, 8765) + tlv
    return V2_SIGNATURE + bytes([0x20 | command, family]) + struct.pack("!H", len(block)) + block


async def open_socket(url: str, local: str = "127.0.0.1") -> socket.socket:
    """A TCP socket from ``local`` connected to the hub at ``url`` (non-blocking)."""
    parts = urlsplit(url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    sock.bind((local, 0))
    await asyncio.get_running_loop().sock_connect(sock, (parts.hostname, parts.port))
    return sock


@asynccontextmanager
async def wire_after(url: str, path: str, header: bytes,
                     local: str = "127.0.0.1") -> AsyncIterator[Wire]:
    """A :class:`Wire` from ``local`` whose connection starts with ``header``."""
    sock = await open_socket(url, local)
    await asyncio.get_running_loop().sock_sendall(sock, header)
    async with connect(url + path, max_size=None, sock=sock) as ws:
        wire = Wire(ws)
        try:
            yield wire
        finally:
            wire._reader.cancel()
