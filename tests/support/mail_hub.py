"""A hub process reading a real Dovecot mailbox and sending to an SMTP sink, for e-mail tests."""

from __future__ import annotations

import contextlib
import email.policy
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from tests.support.certs import Authority, make_authority
from tests.support.dovecot import Mailbox, dovecot
from tests.support.logged_hub import logged_hub
from tests.support.smtp_sink import Sink, smtp_sink
from tests.support.wire import Frame, Wire

HELPLINE = "post@alarmtelefonen.test"


@dataclass
class MailHub:
    """Attributes: url (the hub's), mailbox (Dovecot), sink (SMTP), db and log (the hub's)."""

    url: str
    mailbox: Mailbox
    sink: Sink
    db: Path
    log: Path

    def stored_bytes(self) -> bytes:
        """The database, its write-ahead log and the hub's log, as on disk."""
        files = [*self.db.parent.glob(self.db.name + "*"), self.log]
        return b"".join(p.read_bytes() for p in files if p.is_file())


@contextlib.contextmanager
def mail_hub(db: Path, folder: Path) -> Iterator[MailHub]:
    authority = make_authority(folder)
    log = folder / "hub.log"
    with (
        dovecot(authority) as mailbox,
        smtp_sink(folder, authority) as sink,
        logged_hub(db, log, args=hub_args(folder, authority, mailbox.url, sink)) as url,
    ):
        yield MailHub(url, mailbox, sink, db, log)


def hub_args(folder: Path, authority: Authority, mailbox_url: str, sink: Sink
             ) -> tuple[str, ...]:
    """``serve``'s e-mail options for a Dovecot at ``mailbox_url`` and ``sink``."""
    password = folder / "mail-password"
    password.write_text("brevkasse hemmelig 116\n")
    return ("--email", mailbox_url, "--email-smtp", sink.url, "--email-from", HELPLINE,
            "--email-password-file", str(password), "--email-ca", str(authority.pem))


def letter(sender: str, text: str, subject: str = "Hei", **headers: str) -> EmailMessage:
    """A plain letter from ``sender`` to the helpline with a fresh Message-ID."""
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = sender
    msg["To"] = HELPLINE
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{uuid.uuid4().hex}@{sender.rpartition('@')[2]}>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(text)
    return msg


async def take_letter(mail: MailHub, desk: Wire, msg: EmailMessage) -> str:
    """Deliver ``msg`` into the mailbox, wait for it in the queue and accept it on ``desk``."""
    await mail.mailbox.append(bytes(msg))
    (conv,) = await queued(desk)
    answer = await desk.request("accept", conversation=conv)
    assert answer["type"] == "ok", answer
    return conv


async def queued(desk: Wire, count: int = 1, timeout: float = 20.0) -> list[str]:
    """Wait for a queue push listing ``count`` e-mails; their conversation ids, in order."""

    def match(frame: Frame) -> bool:
        return (frame.get("type") == "queue"
                and sum(1 for i in frame["items"] if i.get("channel") == "email") >= count)

    frame = await desk.expect(match, timeout)
    return [i["conversation"] for i in frame["items"] if i.get("channel") == "email"]
