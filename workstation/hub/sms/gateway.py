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


class SmsError(Exception):
    """The gateway could not send (unknown thread, network trouble)."""


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


class SmsGateway(abc.ABC):
    """Attributes: listener: the hub's handler (returns the conversation id)."""

    def __init__(self) -> None:
        self.listener: SmsListener | None = None

    def attach(self, listener: SmsListener) -> None:
        self.listener = listener

    async def deliver(self, sms: InboundSms) -> str:
        """Hand an inbound message to the hub; returns its conversation once stored."""
        if self.listener is None:
            raise SmsError("no hub is listening to this gateway")
        return await self.listener(sms)

    @abc.abstractmethod
    async def send(self, thread: str, text: str) -> None:
        """Send ``text`` to the number behind ``thread``."""
