"""E-mail for real: letters put into Dovecot reach a counsellor; answers leave through SMTP.

A hub process reads the Dovecot mailbox over IMAP (TLS, IDLE) and sends through an aiosmtpd
submission server (STARTTLS, AUTH). Afterwards the hub's database and log are searched for
the young person's address.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import staff_login
from tests.support.mail_hub import HELPLINE, MailHub, letter, mail_hub, queued, take_letter
from tests.support.wire import Wire, ok
from workstation.hub.email.letters import SIGNATURE

pytestmark = pytest.mark.slow

ADDRESS = "kari.nordmann@eksempel.no"
#: Every form of the address a leak could take.
ADDRESS_FORMS = (b"kari.nordmann", b"eksempel.no", b"KARI.NORDMANN", b"Kari.Nordmann")


@pytest.fixture
def mail(hub_db: Path, tmp_path: Path) -> Iterator[MailHub]:
    with mail_hub(hub_db, tmp_path) as running:
        yield running


async def test_a_letter_is_answered_in_its_thread_and_the_address_is_never_stored(
    mail: MailHub,
) -> None:
    first = letter("Kari Nordmann <Kari.Nordmann@eksempel.no>",
                   "Hei. Jeg har det ikke så bra hjemme.", subject="Trenger å prate")
    async with Wire.connect(mail.url, "/v1/staff") as desk:
        await staff_login(desk, "kari")
        conv = await take_letter(mail, desk, first)
        thread = await desk.event(conv, "email_thread")
        assert thread["address"] == "k***@e***.no"
        assert thread["subject"] == "Trenger å prate"
        message = await desk.event(conv, "message")
        assert message["text"] == "Hei. Jeg har det ikke så bra hjemme."

        ok(await desk.request("send", conversation=conv, text="Hei, så fint at du skrev."))
        (answer,) = await mail.sink.wait(1)
        assert mail.sink.logins == ["helpline"]  # authenticated, after STARTTLS
        assert mail.sink.received[0][0] == [ADDRESS]
        assert answer["To"] == ADDRESS
        assert HELPLINE in answer["From"]
        assert answer["Subject"] == "Re: Trenger å prate"
        assert answer["In-Reply-To"] == first["Message-ID"]
        assert answer["References"] == first["Message-ID"]
        body = answer.get_content().replace("\r\n", "\n")
        assert body.startswith("Hei, så fint at du skrev.")
        assert SIGNATURE in body
        assert "Kari" not in body  # the counsellor (display name Kari) is not named

        second = letter(ADDRESS, "Takk for svaret. Kan jeg skrive mer?",
                        subject="Re: Trenger å prate", In_Reply_To=answer["Message-ID"],
                        References=f"{first['Message-ID']} {answer['Message-ID']}")
        await mail.mailbox.append(bytes(second))
        more = await desk.expect(lambda f: f.get("kind") == "message"
                                 and f.get("text") == "Takk for svaret. Kan jeg skrive mer?", 20)
        assert more["conversation"] == conv

        ok(await desk.request("send", conversation=conv, text="Ja, skriv så mye du vil."))
        answers = await mail.sink.wait(2)
        assert answers[1]["In-Reply-To"] == second["Message-ID"]
        assert answers[1]["References"].split() == [
            first["Message-ID"], answer["Message-ID"], second["Message-ID"]]

        # The same address without a reference to the thread is a new letter, a new conversation.
        await mail.mailbox.append(bytes(letter(ADDRESS, "En annen sak.")))
        (other,) = await queued(desk)
        assert other != conv
    assert await mail.mailbox.all_seen(3)
    stored = mail.stored_bytes()
    for form in ADDRESS_FORMS:
        assert form not in stored, form


async def test_a_letter_repeated_by_the_mailbox_is_stored_once(mail: MailHub) -> None:
    twice = letter(ADDRESS, "Er det noen der?")
    async with Wire.connect(mail.url, "/v1/staff") as desk:
        await staff_login(desk, "kari")
        conv = await take_letter(mail, desk, twice)
        await mail.mailbox.append(bytes(twice))  # e.g. delivered again after a crash before \Seen
        await mail.mailbox.append(bytes(letter(ADDRESS, "Hallo?", In_Reply_To=twice["Message-ID"])))
        await desk.expect(lambda f: f.get("type") == "event" and f.get("text") == "Hallo?", 20)
        texts = [f["text"] for f in desk.events(conv) if f["kind"] == "message"]
    assert texts == ["Er det noen der?", "Hallo?"]

