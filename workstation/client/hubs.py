"""Several hub addresses and which one a client uses now. No I/O.

A desk or the simulator may be given ``wss://a:8765,wss://b:8765``. It connects to the first;
after a lost connection it tries the same hub once more (a restart, a blip), and every failed
attempt moves on to the next address, round and round, with the usual backoff between tries
(docs/deploy.md, "Several hubs: how clients move").
"""

from __future__ import annotations

from collections.abc import Sequence


def split_addresses(addresses: str | Sequence[str]) -> list[str]:
    """``"wss://a:8765, wss://b:8765"`` or a list of such strings, as one list of addresses."""
    given = [addresses] if isinstance(addresses, str) else list(addresses)
    urls = [part.strip() for text in given for part in text.split(",") if part.strip()]
    if not urls:
        raise ValueError("no hub address given")
    return urls


def with_path(url: str, path: str) -> str:
    """``url`` ending in ``path`` (``/v1/staff``, ``/v1/contact``), added when missing."""
    base = url.rstrip("/")
    return base if base.endswith(path) else base + path


class HubList:
    """The addresses of one or more hubs serving the same helpline, and the one in use.

    Attributes:
        urls: every address, in the order given.
        index: the position in ``urls`` of the hub tried or used now.
        connected_index: the hub of the last connection that worked, else ``None``.
    """

    def __init__(self, addresses: str | Sequence[str], path: str = "") -> None:
        self.urls = [with_path(url, path) if path else url for url in split_addresses(addresses)]
        self.index = 0
        self.connected_index: int | None = None
        self._failed_since_connected = False

    @property
    def current(self) -> str:
        return self.urls[self.index]

    @property
    def count(self) -> int:
        return len(self.urls)

    @property
    def moving(self) -> bool:
        """Whether the client, having lost its hub and failed to reach it again, is looking for
        another (until a connection works; trying the first hub again on the round counts)."""
        return self.count > 1 and self.connected_index is not None and self._failed_since_connected

    def connected(self) -> None:
        """The current hub took the connection."""
        self.connected_index = self.index
        self._failed_since_connected = False

    def failed(self) -> None:
        """A connection attempt to the current hub failed: the next attempt goes to the next."""
        self.index = (self.index + 1) % len(self.urls)
        self._failed_since_connected = True
