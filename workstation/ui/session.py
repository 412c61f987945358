"""Signing in: a connected client with a controller listening to it, or a reason why not."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from workstation.client import AuthenticationFailed, Credentials, NotConnected, StaffClient
from workstation.client.tls import InsecureHub, TlsOptions
from workstation.ui.controller import DeskController

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 15.0


class SignInFailed(Exception):
    """Signing in did not work; ``sentence`` says why, for the login dialog.

    Attributes:
        sentence: a translated sentence.
    """

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence


@dataclass
class DeskSession:
    """A signed-in desk: the client, its controller and the task keeping it connected."""

    client: StaffClient
    controller: DeskController
    task: asyncio.Future[None]

    async def close(self) -> None:
        """Disconnect and wait for the connection task to end."""
        await self.client.close()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await self.task


def _log_end(task: asyncio.Future[None]) -> None:
    if task.cancelled():
        return
    error = task.exception()
    if error is not None and not isinstance(error, AuthenticationFailed):
        log.warning("hub connection stopped: %s", type(error).__name__)


def _tls_context(url: str, tls: TlsOptions) -> ssl.SSLContext | None:
    """The context to verify ``url`` with, or :class:`SignInFailed` (remote ws://, bad --ca)."""
    try:
        tls.check(url)
    except InsecureHub:
        raise SignInFailed(
            QCoreApplication.translate(
                "session",
                "%1 is not encrypted. Use the hub's wss:// address, or start the desk with "
                "--insecure to allow an unencrypted connection.",
            ).replace("%1", url)
        ) from None
    try:
        return tls.context(url)
    except (OSError, ssl.SSLError):
        raise SignInFailed(
            QCoreApplication.translate(
                "session", "The certificate file %1 could not be read."
            ).replace("%1", str(tls.ca))
        ) from None


async def sign_in(
    url: str,
    user: str,
    password: str,
    timeout: float = CONNECT_TIMEOUT_S,
    tls: TlsOptions | None = None,
) -> DeskSession:
    """Connect and sign in; raises :class:`SignInFailed` with a sentence for the person."""
    context = _tls_context(url, tls or TlsOptions())
    client = StaffClient(url, Credentials(user=user, password=password), ssl_context=context)
    controller = DeskController(client)
    task = asyncio.ensure_future(client.run())
    task.add_done_callback(_log_end)
    session = DeskSession(client, controller, task)
    try:
        await client.wait_connected(timeout)
    except AuthenticationFailed:
        await session.close()
        raise SignInFailed(
            QCoreApplication.translate("session", "The user name or password is wrong.")
        ) from None
    except ssl.SSLCertVerificationError:
        await session.close()
        raise SignInFailed(
            QCoreApplication.translate(
                "session",
                "The hub at %1 could not prove who it is: its certificate is not trusted here. "
                "Ask your IT contact, or start the desk with --ca FILE.",
            ).replace("%1", url)
        ) from None
    except (TimeoutError, NotConnected, OSError):
        await session.close()
        raise SignInFailed(
            QCoreApplication.translate(
                "session", "Could not reach the hub at %1. Check the address and try again."
            ).replace("%1", url)
        ) from None
    except BaseException:
        await session.close()
        raise
    return session
