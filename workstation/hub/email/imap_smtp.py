"""A real mailbox: IMAP IDLE over TLS in (aioimaplib), SMTP submission out (aiosmtplib).

The reader keeps one IMAP connection: it logs in, selects the folder, hands every unseen
letter to the hub (fetched with ``BODY.PEEK[]``, flagged ``\\Seen`` only once the hub has
stored it — a letter is never lost, and one delivered twice is stored once by its
Message-ID), then waits in IDLE until the server says something arrived. A lost connection
is retried with jittered exponential backoff (1 s … 5 min). Answers go through SMTP
submission with STARTTLS (``smtp://``, port 587) or TLS (``smtps://``, port 465), always
authenticated, never in clear.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import re
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit

import aioimaplib
import aiosmtplib

from workstation.hub.email.gateway import EmailError, EmailGateway, EmailUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

#: IDLE is renewed this often (RFC 2177: servers may drop it after 30 minutes).
IDLE_RENEW_S = 25 * 60.0
BACKOFF_FIRST_S = 1.0
BACKOFF_MAX_S = 300.0
TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Server:
    """One server of a mail URL: ``imaps://user@host:993/INBOX``, ``smtp://user@host:587``."""

    scheme: str
    host: str
    port: int
    user: str
    folder: str = "INBOX"

    @classmethod
    def parse(cls, url: str, schemes: dict[str, int]) -> Server:
        """Parse ``url``; ``schemes`` maps each allowed scheme to its default port."""
        parts = urlsplit(url)
        if parts.scheme not in schemes:
            raise ValueError(f"use one of {', '.join(s + '://' for s in schemes)} (not "
                             f"{parts.scheme or 'no scheme'}): mail never goes in clear")
        if parts.password is not None:
            raise ValueError("put the password in a file (--email-password-file), not the URL")
        if not parts.hostname or not parts.username:
            raise ValueError("a mail URL needs a user and a host: scheme://user@host")
        return cls(parts.scheme, parts.hostname, parts.port or schemes[parts.scheme],
                   unquote(parts.username), unquote(parts.path.strip("/")) or "INBOX")


@dataclass(frozen=True)
class MailSettings:
    """Attributes:
    imap: where letters are read (``imaps://``).
    smtp: where answers are sent (``smtp://`` = STARTTLS, ``smtps://`` = TLS).
    mailbox: the helpline's address, the ``From`` of answers.
    password: the IMAP password; ``smtp_password`` when the SMTP one differs.
    ca_file: extra certificate authorities to trust (a private CA), else the system's.
    """

    imap: Server
    smtp: Server
    mailbox: str
    password: str
    smtp_password: str | None = None
    ca_file: Path | None = None

    def tls(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(self.ca_file) if self.ca_file else None)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context


IMAP_SCHEMES = {"imaps": 993}
SMTP_SCHEMES = {"smtp": 587, "smtps": 465}


class ImapSmtpEmail(EmailGateway):
    """Attributes:
    settings: servers, user names, password, trust.
    connected: set while the IMAP reader is logged in and watching the folder.
    """

    def __init__(self, settings: MailSettings) -> None:
        super().__init__(settings.mailbox)
        self.settings = settings
        self.connected = asyncio.Event()
        self._tls = settings.tls()
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._reader = asyncio.get_running_loop().create_task(self._read_forever())

    async def stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader

    # --- out -----------------------------------------------------------------------------

    async def send(self, message: EmailMessage) -> None:
        smtp = self.settings.smtp
        try:
            await aiosmtplib.send(
                message,
                hostname=smtp.host,
                port=smtp.port,
                username=smtp.user,
                password=self.settings.smtp_password or self.settings.password,
                use_tls=smtp.scheme == "smtps",
                start_tls=smtp.scheme == "smtp",
                tls_context=self._tls,
                timeout=TIMEOUT_S,
            )
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            kind = EmailUnavailable if _transient(exc) else EmailError
            raise kind(type(exc).__name__) from None

    # --- in ------------------------------------------------------------------------------

    async def _read_forever(self) -> None:
        backoff = BACKOFF_FIRST_S
        while True:
            try:
                await self._session()
            except Exception as exc:  # the reader must outlive any one failure
                if self.connected.is_set():  # it worked until now: start again quickly
                    backoff = BACKOFF_FIRST_S
                log.warning("mailbox unreachable (%s); trying again in %.0f s",
                            type(exc).__name__, backoff)
            finally:
                self.connected.clear()
            await asyncio.sleep(backoff * random.uniform(0.8, 1.2))
            backoff = min(backoff * 2, BACKOFF_MAX_S)

    async def _session(self) -> None:
        server = self.settings.imap
        lost = asyncio.Event()  # aioimaplib leaves pending commands waiting when the line drops
        # IMAP4 with an SSL context is TLS from the first byte, like IMAP4_SSL, and it takes
        # the connection-lost callback that IMAP4_SSL does not pass on.
        imap = aioimaplib.IMAP4(server.host, server.port, timeout=TIMEOUT_S,
                                conn_lost_cb=lambda _exc: lost.set(), ssl_context=self._tls)

        async def command(name: str, work: Awaitable[aioimaplib.Response]
                          ) -> aioimaplib.Response:
            return _check(await _unless_lost(work, lost, TIMEOUT_S), name)

        try:
            await imap.wait_hello_from_server()
            await command("LOGIN", imap.login(server.user, self.settings.password))
            await command("SELECT", imap.select(server.folder))
            self.connected.set()
            log.info("mailbox open; waiting for letters")
            while True:
                await self._drain(command, imap)
                idle = await imap.idle_start(timeout=IDLE_RENEW_S)
                try:
                    await _unless_lost(imap.wait_server_push(timeout=IDLE_RENEW_S + TIMEOUT_S),
                                       lost, None)
                finally:
                    imap.idle_done()
                    await _unless_lost(idle, lost, TIMEOUT_S)
        finally:
            if not lost.is_set():
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(imap.logout(), 5)

    async def _drain(self, command: Command, imap: aioimaplib.IMAP4) -> None:
        """Hand every unseen letter to the hub, then flag it seen."""
        found = await command("SEARCH", imap.uid_search("UNSEEN", charset=None))
        uids = [uid for line in found.lines[:1] for uid in bytes(line).decode().split()
                if uid.isdigit()]
        for uid in uids:
            fetched = await command("FETCH", imap.uid("fetch", uid, "(BODY.PEEK[])"))
            raw = _literal(fetched.lines)
            if raw is None:
                continue
            await self.deliver(raw)
            await command("STORE", imap.uid("store", uid, "+FLAGS.SILENT (\\Seen)"))


Command = Callable[[str, Awaitable[aioimaplib.Response]], Awaitable[aioimaplib.Response]]


async def _unless_lost(work: Awaitable[T], lost: asyncio.Event, timeout: float | None) -> T:
    """``work``'s result; :class:`EmailError` if the connection drops first, TimeoutError
    after ``timeout`` seconds."""
    task = asyncio.ensure_future(work)
    dropped = asyncio.ensure_future(lost.wait())
    try:
        done, _ = await asyncio.wait({task, dropped}, timeout=timeout,
                                     return_when=asyncio.FIRST_COMPLETED)
    finally:
        dropped.cancel()
    if task in done:
        return task.result()
    task.cancel()
    if dropped in done:
        raise EmailError("the IMAP connection was lost")
    raise TimeoutError


def _check(response: aioimaplib.Response, command: str) -> aioimaplib.Response:
    if response.result != "OK":
        raise EmailError(f"IMAP {command} answered {response.result}")
    return response


def _literal(lines: list[bytes | bytearray]) -> bytes | None:
    """The message of a FETCH answer (the literal after ``* n FETCH (… {size}``)."""
    for index, line in enumerate(lines[:-1]):
        if re.search(rb"\{\d+\}$", bytes(line)):
            return bytes(lines[index + 1])
    return None


def _transient(exc: BaseException) -> bool:
    """Worth trying again: the server was not reached, went away, said "try later" (4xx), or
    did not take the hub's login (configuration an administrator fixes). A 5xx refusal of the
    message or its receiver is for good."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        return all(400 <= r.code < 500 for r in exc.recipients)
    if isinstance(exc, (aiosmtplib.SMTPConnectError, aiosmtplib.SMTPServerDisconnected,
                        aiosmtplib.SMTPTimeoutError, aiosmtplib.SMTPAuthenticationError,
                        OSError, TimeoutError)):
        return True
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return 400 <= exc.code < 500
    return True  # anything else is trouble on the way, not a refusal
