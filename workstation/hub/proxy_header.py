"""The PROXY protocol header a load balancer puts before a connection's first byte.

Behind HAProxy in TCP mode (``send-proxy-v2``) every connection comes from HAProxy's address;
the header carries the client's. Version 2 is binary, version 1 a line of text
(https://www.haproxy.org/download/2.6/doc/proxy-protocol.txt). This module only reads bytes:
:func:`parse` says whether ``data`` starts with a whole header, needs more, or is not one
(:class:`~workstation.hub.front_door.FrontDoor` feeds it and decides what to do).

Bounds: a v1 line is at most 107 bytes (the specification's own limit); a v2 header at most
:data:`MAX_V2_BYTES` (its length field allows 64 KiB; HAProxy's address block with the usual
TLVs is a few hundred bytes). A ``LOCAL`` header (HAProxy's own health check) or a v1
``UNKNOWN`` carries no client: the connection's own address stays.

Written here rather than taken from PyPI's ``proxy-protocol`` (0.11.3, 2024): that decodes a
header already cut out of a stream, and its readers are for asyncio streams while the hub's
port is a protocol object fed by ``data_received``. Cutting the header out, bounded, is most of
the work, and the address decoding is a few lines of ``struct`` and ``ipaddress``.
"""

from __future__ import annotations

import ipaddress
import struct
from dataclasses import dataclass

V2_SIGNATURE = b"\r\n\r\n\x00\r\nQUIT\n"
V1_PREFIX = b"PROXY "
#: The specification's longest v1 line, ``\r\n`` included.
MAX_V1_BYTES = 107
#: The longest v2 header the hub reads (16 bytes of header included).
MAX_V2_BYTES = 16 + 1024

_V2_FIXED = struct.Struct("!12sBBH")
_FAMILIES = {0x11: (4, ipaddress.IPv4Address), 0x21: (16, ipaddress.IPv6Address)}


class HeaderError(ValueError):
    """Not a PROXY protocol header, or a broken one (the connection is closed)."""


@dataclass(frozen=True)
class ProxyHeader:
    """A whole header: ``length`` bytes long; ``client``: the client's (host, port), or None
    when the header carries none (``LOCAL``, ``UNKNOWN``, an address family other than TCP
    over IPv4 or IPv6)."""

    length: int
    client: tuple[str, int] | None


def starts_like_header(data: bytes) -> bool:
    """Could ``data`` (the first bytes of a connection) be the start of a header?"""
    return V2_SIGNATURE.startswith(data[:12]) or V1_PREFIX.startswith(data[:6])


def parse(data: bytes) -> ProxyHeader | None:
    """The header at the start of ``data``; None while it is not complete yet.

    Raises :class:`HeaderError` when ``data`` does not start with a valid header."""
    if not data:
        return None
    if data[:1] == V2_SIGNATURE[:1]:
        return _parse_v2(data)
    if data[:1] == V1_PREFIX[:1]:
        return _parse_v1(data)
    raise HeaderError("no PROXY protocol header")


def _parse_v2(data: bytes) -> ProxyHeader | None:
    if not V2_SIGNATURE.startswith(data[:12]):
        raise HeaderError("not a v2 signature")
    if len(data) < 16:
        return None
    _, version_command, family, size = _V2_FIXED.unpack_from(data)
    if version_command >> 4 != 2:
        raise HeaderError("not version 2")
    command = version_command & 0x0F
    if command > 1:
        raise HeaderError("unknown v2 command")
    length = 16 + size
    if length > MAX_V2_BYTES:
        raise HeaderError("v2 header too long")
    if len(data) < length:
        return None
    if command == 0 or family not in _FAMILIES:  # LOCAL (a health check), or no TCP/IP
        return ProxyHeader(length, None)
    width, address = _FAMILIES[family]
    if size < 2 * width + 4:
        raise HeaderError("v2 address block too short")
    source = address(data[16:16 + width])
    (port,) = struct.unpack_from("!H", data, 16 + 2 * width)
    return ProxyHeader(length, (str(source), port))


def _parse_v1(data: bytes) -> ProxyHeader | None:
    if not V1_PREFIX.startswith(data[:6]):
        raise HeaderError("not a v1 header")
    end = data.find(b"\r\n", 0, MAX_V1_BYTES)
    if end < 0:
        if len(data) >= MAX_V1_BYTES:
            raise HeaderError("v1 line too long")
        return None
    length = end + 2
    try:
        line = data[len(V1_PREFIX):end].decode("ascii")
    except UnicodeDecodeError:
        raise HeaderError("v1 line not ASCII") from None
    parts = line.split(" ")
    if parts[0] == "UNKNOWN":
        return ProxyHeader(length, None)
    if len(parts) != 5 or parts[0] not in ("TCP4", "TCP6"):
        raise HeaderError("v1 line malformed")
    kind = ipaddress.IPv4Address if parts[0] == "TCP4" else ipaddress.IPv6Address
    try:
        source, _ = kind(parts[1]), kind(parts[2])
    except ValueError:
        raise HeaderError("v1 address malformed") from None
    ports = parts[3:]
    if not all(_port(port) for port in ports):
        raise HeaderError("v1 port malformed")
    return ProxyHeader(length, (str(source), int(ports[0])))


def _port(text: str) -> bool:
    return text.isdigit() and text.isascii() and len(text) <= 5 and int(text) <= 65535 and (
        text == "0" or not text.startswith("0"))
