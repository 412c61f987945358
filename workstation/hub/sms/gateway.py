"""The SMS gateway interface: inbound messages in, replies out, numbers never in the hub.

A gateway tells threads apart by a keyed hash of the sender's number
(:func:`~workstation.hub.telephony.numbers.thread_hash`); the key (salt) belongs to the
gateway and is never given to the hub. The hub sees the hash, a masked number for the desk,
and the text; it answers through :meth:`SmsGateway.send` with the same hash.
"""

from __future__ import annotations

import abc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from websockets.asyncio.server import ServerConnection
from websockets.http11 import Request, Response

if TYPE_CHECKING:
    from workstation.hub.core import Hub

#: A handler of one HTTP path on the hub's port.
HttpRoute = Callable[[ServerConnection, Request], Awaitable[Response]]


class SmsError(Exception):
    """The gateway refused the message for good (unknown thread, a malformed request)."""


class SmsUnavailable(SmsError):
    """The gateway cannot be reached or is busy now: the hub tries again later."""


@dataclass(frozen=True, slots=True)
class InboundSms:
    """Attributes:
    thread: the keyed hash of the sender's number (hex).
    number: the sender's number masked (``+47 ** ** ** 12``), for the desk.
    text: the message.
    message_id: the gateway's id of this message; a repeat with the same id is stored once.
    """

    thread: str
    number: str | None
    text: str
    message_id: str


SmsListener = Callable[[InboundSms], Awaitable[str]]
#: Reply statuses a gateway reports: ``sent`` (taken by the operator), ``delivered``, ``failed``.
StatusListener = Callable[[str, str], Awaitable[None]]


class SmsGateway(abc.ABC):
    """Attributes: listener: the hub's handler (returns the conversation id)."""

    def __init__(self) -> None:
        self.listener: SmsListener | None = None
        self.status_listener: StatusListener | None = None

    def attach(self, listener: SmsListener, status: StatusListener | None = None) -> None:
        self.listener = listener
        self.status_listener = status

    async def start(self, hub: Hub) -> None:
        """Open what the gateway needs (tables, HTTP clients) once the hub's store is up."""
        return None

    async def stop(self) -> None:
        """Close what :meth:`start` opened."""
        return None

    def http_routes(self) -> dict[str, HttpRoute]:
        """Paths on the hub's port that the gateway answers (inbound messages, reports)."""
        return {}

    async def forget(self, thread: str) -> None:
        """The thread's conversation closed: drop what was kept to answer it."""
        return None

    async def report(self, ref: str, status: str) -> None:
        """Tell the hub the reply ``ref`` is now ``status`` (a delivery report came)."""
        if self.status_listener is not None:
            await self.status_listener(ref, status)

    async def deliver(self, sms: InboundSms) -> str:
        """Hand an inbound message to the hub; returns its conversation once stored."""
        if self.listener is None:
            raise SmsError("no hub is listening to this gateway")
        return await self.listener(sms)

    @abc.abstractmethod
    async def send(self, thread: str, text: str, ref: str = "") -> None:
        """Send ``text`` to the number behind ``thread``; return once the gateway took it.

        ``ref`` names this reply in later delivery reports (:meth:`report`). Raise
        :class:`SmsUnavailable` to be called again later, :class:`SmsError` to give up.
        """
