"""An SMS gateway in memory: tests and the demo text the hub with :meth:`receive`."""

from __future__ import annotations

import secrets

from workstation.hub.sms.gateway import InboundSms, SmsError, SmsGateway, SmsUnavailable
from workstation.hub.telephony.numbers import mask, thread_hash


class SimulatedSmsGateway(SmsGateway):
    """Attributes:
    salt: the secret key of the thread hashes (random per gateway unless given).
    sent: texts sent out, by thread hash, in order.
    down: while true, :meth:`send` fails as an unreachable gateway does (tried again later).
    """

    def __init__(self, salt: bytes | None = None) -> None:
        super().__init__()
        self.salt = salt if salt is not None else secrets.token_bytes(32)
        self.sent: dict[str, list[str]] = {}
        self.down = False
        self._threads: set[str] = set()

    def thread_of(self, number: str) -> str:
        thread = thread_hash(number, self.salt)
        if thread is None:
            raise SmsError("not a phone number")
        return thread

    async def receive(self, number: str, text: str, message_id: str | None = None) -> str:
        """A young person texts from ``number``; returns the conversation id."""
        thread = self.thread_of(number)
        self._threads.add(thread)
        sms = InboundSms(thread, mask(number), text, message_id or "s" + secrets.token_hex(8))
        return await self.deliver(sms)

    async def send(self, thread: str, text: str, ref: str = "") -> None:
        if self.down:
            raise SmsUnavailable("the simulated gateway is down")
        if thread not in self._threads:
            raise SmsError("no such thread")
        self.sent.setdefault(thread, []).append(text)

    def sent_to(self, number: str) -> list[str]:
        return list(self.sent.get(self.thread_of(number), []))
