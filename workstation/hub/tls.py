"""The hub's TLS: a server context from a certificate and key, reloaded in place on SIGHUP.

``load_cert_chain`` on the context the server already uses changes what *new* handshakes
present; open connections keep the certificate they were made with. A reload is first tried
on a scratch context, so a half-written or mismatched pair never replaces a working one.
"""

from __future__ import annotations

import ssl
from pathlib import Path

from workstation.protocol.hosts import is_loopback

__all__ = ["CertificateError", "TlsFiles", "is_loopback", "plain_bind_problem"]


class CertificateError(Exception):
    """The certificate or key could not be loaded; the message is a sentence for the operator."""


class TlsFiles:
    """A certificate (chain) and its key, and the server context serving them.

    Attributes:
        cert: the PEM certificate chain, leaf first.
        key: the PEM private key (``None``: it is in the certificate file).
        context: the context given to the server; :meth:`reload` updates it in place.
    """

    def __init__(self, cert: Path, key: Path | None = None) -> None:
        self.cert = cert
        self.key = key
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.minimum_version = ssl.TLSVersion.TLSv1_2
        self._load(self.context)

    def reload(self) -> None:
        """Read the files again; new connections get the new certificate.

        Raises :class:`CertificateError` (and keeps the old certificate) when they do not load.
        """
        self._load(ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER))  # a trial that cannot spoil
        self._load(self.context)

    def _load(self, context: ssl.SSLContext) -> None:
        try:
            context.load_cert_chain(self.cert, self.key)
        except FileNotFoundError as exc:
            raise CertificateError(f"The certificate file {exc.filename} does not exist.") from None
        except (ssl.SSLError, OSError) as exc:
            reason = getattr(exc, "reason", None) or type(exc).__name__
            raise CertificateError(
                f"The certificate {self.cert} and key {self.key or self.cert} could not be "
                f"loaded ({reason})."
            ) from None


def plain_bind_problem(host: str, tls: bool) -> str | None:
    """A sentence when serving plain ``ws://`` on ``host`` would expose the hub, else None."""
    if tls or is_loopback(host):
        return None
    return (
        f"Refusing to listen on {host or 'every address'} without TLS: staff passwords and "
        "conversations would cross the network in clear text. Pass --cert FILE --key FILE, or "
        "listen on 127.0.0.1 behind a TLS proxy."
    )
