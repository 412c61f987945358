"""E-mail in memory: the demo and tests write letters with :meth:`SimulatedEmail.receive`."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

from workstation.hub.email.gateway import EmailGateway, EmailUnavailable


class SimulatedEmail(EmailGateway):
    """Attributes:
    sent: every answer sent, in order.
    down: while true, :meth:`send` fails as an unreachable server does (tried again later).
    """

    def __init__(self, mailbox: str = "post@alarmtelefonen.invalid") -> None:
        super().__init__(mailbox)
        self.sent: list[EmailMessage] = []
        self.down = False

    async def receive(self, sender: str, text: str, subject: str = "Hei",
                      in_reply_to: str | None = None) -> str | None:
        """A young person writes from ``sender``; returns the conversation id (or None)."""
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = self.mailbox
        msg["Subject"] = subject
        msg["Message-ID"] = make_msgid(domain="sim.invalid")
        if in_reply_to:
            msg["In-Reply-To"] = in_reply_to
            msg["References"] = in_reply_to
        msg.set_content(text)
        return await self.deliver(bytes(msg))

    async def send(self, message: EmailMessage) -> None:
        if self.down:
            raise EmailUnavailable("the simulated mail server is down")
        self.sent.append(message)

    def sent_to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.sent if str(m["To"]).lower() == address.lower()]
