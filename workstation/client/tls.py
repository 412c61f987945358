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

from workstation.protocol.hosts import is_loopback, url_host


class InsecureHub(ValueError):
    """A plain ``ws://`` address of another machine, without ``--insecure``."""


def is_unencrypted_remote(url: str) -> bool:
    """Would this address carry everything in clear text over a network?"""
    return urlsplit(url.strip()).scheme == "ws" and not is_loopback(url_host(url))


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
        """Raise :class:`InsecureHub` for a remote ``ws://`` address without ``insecure``."""
        if is_unencrypted_remote(url) and not self.insecure:
            raise InsecureHub(
                f"{url} is not encrypted (ws://). Use the hub's wss:// address, or start "
                "with --insecure to allow it anyway."
            )

    def context(self, url: str) -> ssl.SSLContext | None:
        """The client context for ``wss://`` (system CAs, or only ``ca``); None for ``ws://``."""
        if urlsplit(url.strip()).scheme != "wss":
            return None
        return ssl.create_default_context(cafile=self.ca)
