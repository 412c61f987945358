"""How a desk or the simulator reaches a hub safely: verify ``wss://``, refuse remote ``ws://``.

A plain ``ws://`` address is accepted only for this machine (the demo, a hub behind a local TLS
proxy) unless the person explicitly started with ``--insecure``: staff passwords and
conversations must not cross a network in clear text by accident.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from workstation.client.hubs import split_addresses
from workstation.protocol.hosts import is_loopback, url_host


class InsecureHub(ValueError):
    """A plain ``ws://`` address of another machine, without ``--insecure``."""


def is_unencrypted_remote(url: str) -> bool:
    """Would this address (or one of several, ``"wss://a,ws://b"``) carry everything in clear
    text over a network?"""
    return any(
        urlsplit(one).scheme == "ws" and not is_loopback(url_host(one))
        for one in _addresses(url)
    )


def _addresses(url: str) -> list[str]:
    try:
        return split_addresses(url)
    except ValueError:  # nothing given: nothing unencrypted
        return []


@dataclass(frozen=True)
class TlsOptions:
    """What the command line said about TLS.

    Attributes:
        ca: a PEM file of the certificate authorities to trust instead of the system's.
        insecure: allow plain ``ws://`` to another machine (shown in red on the desk).
    """

    ca: Path | None = None
    insecure: bool = False

    def check(self, url: str) -> None:
        """Raise :class:`InsecureHub` for a remote ``ws://`` address without ``insecure``
        (each of several addresses is checked)."""
        for one in _addresses(url):
            if is_unencrypted_remote(one) and not self.insecure:
                raise InsecureHub(
                    f"{one} is not encrypted (ws://). Use the hub's wss:// address, or start "
                    "with --insecure to allow it anyway."
                )

    def context(self, url: str) -> ssl.SSLContext | None:
        """The client context for ``wss://`` (system CAs, or only ``ca``); None for ``ws://``.

        Of several addresses, every ``wss://`` one is verified with this context."""
        if not any(urlsplit(one).scheme == "wss" for one in _addresses(url)):
            return None
        return ssl.create_default_context(cafile=self.ca)
