"""The e-mail gateway interface: letters in (raw bytes), answers out (an ``EmailMessage``).

A gateway moves mail and nothing else: the hub (:mod:`workstation.hub.email.feature`) reads
the letters, threads them, hashes and seals the address, and writes the answers.
"""

from __future__ import annotations

import abc
from collections.abc import Awaitable, Callable
from email.message import EmailMessage

#: The hub's handler of one raw letter; returns its conversation id, or None when the letter
#: opened none (automatic mail, no usable sender).
EmailListener = Callable[[bytes], Awaitable[str | None]]


class EmailError(Exception):
    """A letter could not be sent: the server refused it for good (a 5xx answer)."""


class EmailUnavailable(EmailError):
    """The server could not be reached or said "try later" (4xx): the answer waits."""


class EmailGateway(abc.ABC):
    """Attributes:
    listener: the hub's handler.
    mailbox: the helpline's own address, the ``From`` of every answer.
    """

    def __init__(self, mailbox: str) -> None:
        self.listener: EmailListener | None = None
        self.mailbox = mailbox

    def attach(self, listener: EmailListener) -> None:
        self.listener = listener

    async def deliver(self, raw: bytes) -> str | None:
        """Hand one incoming letter to the hub; returns once it is stored."""
        if self.listener is None:
            raise EmailError("no hub is listening to this gateway")
        return await self.listener(raw)

    async def start(self) -> None:  # noqa: B027 (optional hook)
        """Begin reading the mailbox (the hub's store is ready)."""

    async def stop(self) -> None:  # noqa: B027 (optional hook)
        """Stop reading; letters not yet delivered stay in the mailbox."""

    @abc.abstractmethod
    async def send(self, message: EmailMessage) -> None:
        """Send ``message``; raises :class:`EmailUnavailable` when the server cannot take it
        now, :class:`EmailError` when it refused it for good."""
