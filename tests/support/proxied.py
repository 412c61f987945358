"""Clients that arrive as through a load balancer: a PROXY protocol header, then WebSocket."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
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
async def wire_after(url: str, path: str, header: bytes, local: str = "127.0.0.1",
                     tls: ssl.SSLContext | None = None) -> AsyncIterator[Wire]:
    """A :class:`Wire` from ``local`` whose connection starts with ``header`` (then TLS with
    ``tls`` for a ``wss://`` url)."""
    sock = await open_socket(url, local)
    await asyncio.get_running_loop().sock_sendall(sock, header)
    options = {"ssl": tls, "server_hostname": urlsplit(url).hostname} if tls else {}
    async with connect(url + path, max_size=None, sock=sock, **options) as ws:
        wire = Wire(ws)
        try:
            yield wire
        finally:
            wire._reader.cancel()


async def get_after(url: str, raw: bytes, local: str = "127.0.0.1") -> bytes:
    """What the hub answers to ``raw`` (a header, a request) until its answer's head ends or
    it closes the connection."""
    loop = asyncio.get_running_loop()
    sock = await open_socket(url, local)
    try:
        await loop.sock_sendall(sock, raw)
        answer = b""
        async with asyncio.timeout(5):
            while chunk := await loop.sock_recv(sock, 4096):
                answer += chunk
                if b"\r\n\r\n" in answer:
                    break
        return answer
    finally:
        sock.close()


async def tls_get_after(url: str, header: bytes, request: bytes, tls: ssl.SSLContext) -> bytes:
    """``request`` over TLS after ``header``, the header and the TLS ClientHello sent in one
    piece (as a balancer may forward them), and the answer's head."""
    loop = asyncio.get_running_loop()
    sock = await open_socket(url)
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls_object = tls.wrap_bio(incoming, outgoing, server_hostname=urlsplit(url).hostname)
    first = header
    answer = b""
    try:
        async with asyncio.timeout(5):
            while True:
                try:
                    tls_object.do_handshake()
                    break
                except ssl.SSLWantReadError:
                    await loop.sock_sendall(sock, first + outgoing.read())
                    first = b""
                    incoming.write(await loop.sock_recv(sock, 65536))
            tls_object.write(request)
            await loop.sock_sendall(sock, outgoing.read())
            while b"\r\n\r\n" not in answer:
                try:
                    answer += tls_object.read(65536)
                except ssl.SSLWantReadError:
                    chunk = await loop.sock_recv(sock, 65536)
                    if not chunk:
                        break
                    incoming.write(chunk)
        return answer
    finally:
        sock.close()
