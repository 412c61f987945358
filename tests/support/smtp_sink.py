"""An SMTP submission server for tests (aiosmtpd): STARTTLS, AUTH required, mail kept in a list.

It refuses AUTH before STARTTLS and any mail before AUTH, as a real submission server does,
so a hub that would send in clear or without logging in fails the test.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.support.certs import Authority
from tests.support.dovecot import free_port

USER = "helpline"
PASSWORD = "brevkasse hemmelig 116"


@dataclass
class Sink:
    """Attributes: port; received: each accepted letter with its envelope recipients."""

    port: int
    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    arrived: asyncio.Event | None = None

    @property
    def url(self) -> str:
        return f"smtp://{USER}@127.0.0.1:{self.port}"

    def messages(self) -> list[EmailMessage]:
        return [msg for _rcpt, msg in self.received]

    async def wait(self, count: int, timeout: float = 15.0) -> list[EmailMessage]:
        """Wait until ``count`` letters were accepted (polled: the sink runs in a thread)."""
        async with asyncio.timeout(timeout):
            while len(self.received) < count:  # noqa: ASYNC110 (the sink runs in a thread)
                await asyncio.sleep(0.02)
        return self.messages()


class _Handler:
    def __init__(self, sink: Sink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        self.sink.received.append((list(envelope.rcpt_tos), msg))
        return "250 Message accepted for delivery"


def _authenticator(sink: Sink) -> Any:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        good = data.login.decode() == USER and data.password.decode() == PASSWORD
        if good:
            sink.logins.append(data.login.decode())
        return AuthResult(success=good)

    return check


@contextlib.contextmanager
def smtp_sink(folder: Path, authority: Authority, port: int | None = None) -> Iterator[Sink]:
    """A submission server with STARTTLS on ``port`` (default: a free loopback port), for the
    block's duration."""
    cert, key = authority.issue(folder, "smtp")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    sink = Sink(port or free_port())
    controller = Controller(
        _Handler(sink), hostname="127.0.0.1", port=sink.port,
        tls_context=context, require_starttls=True,
        authenticator=_authenticator(sink), auth_required=True,
        auth_require_tls=True, server_hostname="localhost", ready_timeout=20,
    )
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()
