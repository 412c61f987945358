"""What kind of letter it is: automatic mail, HTML, attachments — through Dovecot and SMTP."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.conftest import staff_login
from tests.support.mail_hub import HELPLINE, MailHub, letter, mail_hub, queued, take_letter
from tests.support.wire import Wire, ok
from workstation.hub.email.letters import ATTACHMENT_REFUSAL

pytestmark = pytest.mark.slow

ADDRESS = "ola.hansen@skolen.no"
SECRET_IMAGE = b"\x89PNG\r\n\x1a\nhemmelig-bilde-innhold-4711"


@pytest.fixture
def mail(hub_db: Path, tmp_path: Path) -> Iterator[MailHub]:
    with mail_hub(hub_db, tmp_path) as running:
        yield running


def out_of_office() -> EmailMessage:
    return letter(ADDRESS, "Jeg er på ferie til mandag.", subject="Fraværende: Re: Hei",
                  Auto_Submitted="auto-replied")


def bounce() -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Mail Delivery System <MAILER-DAEMON@skolen.no>"
    msg["To"] = HELPLINE
    msg["Subject"] = "Undelivered Mail Returned to Sender"
    msg["Message-ID"] = "<bounce-1@skolen.no>"
    msg.set_content("This is the mail system. Your message could not be delivered.")
    msg.add_attachment("Reporting-MTA: dns; skolen.no\n", subtype="delivery-status")
    msg.replace_header("Content-Type", msg["Content-Type"].replace("mixed", "report"))
    return msg


def vacation_header_only() -> EmailMessage:
    return letter(ADDRESS, "Takk for e-posten, jeg svarer senere.", X_Autoreply="yes")


async def test_automatic_mail_opens_nothing_and_is_never_answered(mail: MailHub) -> None:
    async with Wire.connect(mail.url, "/v1/staff") as desk:
        await staff_login(desk, "kari")
        for automatic in (out_of_office(), bounce(), vacation_header_only()):
            await mail.mailbox.append(bytes(automatic))
        await mail.mailbox.append(bytes(letter(ADDRESS, "Hei, dette er et ekte brev.")))
        # Letters are read in order: when the real one is queued, the three before were seen.
        conversations = await queued(desk)
        assert len(conversations) == 1
        ok(await desk.request("accept", conversation=conversations[0]))
        texts = [f["text"] for f in desk.events() if f["kind"] == "message"]
        assert texts == ["Hei, dette er et ekte brev."]
    assert mail.sink.received == []
    assert await mail.mailbox.all_seen(4)


async def test_html_arrives_as_plain_text_without_its_script(mail: MailHub) -> None:
    msg = letter(ADDRESS, "placeholder")
    msg.set_content(
        "<html><head><style>p{color:red}</style><script>alert('stjel')</script></head>"
        "<body><p>Hei <b>dere</b>,</p><p>jeg &amp; broren min trenger hjelp.</p>"
        "<img src=x onerror=alert(1)><a href='https://evil.example'>klikk</a></body></html>",
        subtype="html",
    )
    async with Wire.connect(mail.url, "/v1/staff") as desk:
        await staff_login(desk, "kari")
        conv = await take_letter(mail, desk, msg)
        message = await desk.event(conv, "message")
    assert message["text"] == "Hei dere,\n\njeg & broren min trenger hjelp.\nklikk"
    assert "alert" not in message["text"] and "<" not in message["text"]


async def test_an_attachment_is_refused_kindly_and_never_stored(mail: MailHub) -> None:
    msg = letter(ADDRESS, "Her er et bilde av det som skjedde.", subject="Bilde")
    msg.add_attachment(SECRET_IMAGE, maintype="image", subtype="png", filename="bilde.png")
    async with Wire.connect(mail.url, "/v1/staff") as desk:
        await staff_login(desk, "kari")
        await mail.mailbox.append(bytes(msg))
        (conv,) = await queued(desk)
        (refusal,) = await mail.sink.wait(1)
        ok(await desk.request("accept", conversation=conv))
        refused = await desk.event(conv, "email_attachments_refused")
        message = await desk.event(conv, "message")
    assert refused["count"] == 1
    assert message["text"] == "Her er et bilde av det som skjedde."
    assert refusal["To"] == ADDRESS
    assert refusal["In-Reply-To"] == msg["Message-ID"]
    assert refusal["Subject"] == "Re: Bilde"
    assert refusal["Auto-Submitted"] == "auto-replied"  # their auto-reply must not answer it
    assert ATTACHMENT_REFUSAL in refusal.get_content().replace("\r\n", "\n")
    assert not refusal.is_multipart()
    stored = mail.stored_bytes()
    assert b"hemmelig-bilde" not in stored and b"bilde.png" not in stored
    assert b"ola.hansen" not in stored and b"skolen.no" not in stored
