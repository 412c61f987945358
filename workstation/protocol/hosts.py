"""Which host names and addresses stay on this machine (no I/O: no name lookups)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

#: Names that mean this machine without asking a resolver.
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """True for ``localhost``, ``127.0.0.0/8``, ``::1`` (and ``::ffff:127.x``); False for
    every other name or address, including ``0.0.0.0`` and ``::`` (all interfaces)."""
    name = host.strip().strip("[]").lower().rstrip(".")
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def url_host(url: str) -> str:
    """The host part of a ``ws://`` or ``wss://`` URL ('' when it has none)."""
    return urlsplit(url.strip()).hostname or ""
