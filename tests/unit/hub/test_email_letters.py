"""Reading letters and writing answers, without a mail server."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from workstation.hub.email.letters import (
    SIGNATURE,
    Thread,
    compose_answer,
    html_to_text,
    mask_address,
    read_letter,
    reply_subject,
)


def msg(**headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = headers.pop("From", "Ung Person <ung.person@eksempel.no>")
    message["Subject"] = headers.pop("Subject", "Hei")
    message["Message-ID"] = "<a1@eksempel.no>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("Hei, jeg trenger hjelp.")
    return message


def test_a_plain_letter_is_read() -> None:
    letter = read_letter(bytes(msg(In_Reply_To="<b2@x.no>", References="<a0@x.no> <b2@x.no>")))
    assert letter.sender == "ung.person@eksempel.no"
    assert letter.message_id == "a1@eksempel.no"
    assert letter.refers_to == ("b2@x.no", "a0@x.no")
    assert letter.text == "Hei, jeg trenger hjelp."
    assert not letter.automatic and letter.attachments == 0


@pytest.mark.parametrize("headers", [
    {"Auto_Submitted": "auto-replied"},
    {"Auto_Submitted": "auto-generated"},
    {"Precedence": "bulk"},
    {"Precedence": "auto_reply"},
    {"X_Autoreply": "yes"},
    {"X_Autorespond": "yes"},
    {"List_Id": "<skole.lists.example>"},
    {"From": "MAILER-DAEMON@eksempel.no"},
    {"From": "postmaster@eksempel.no"},
    {"From": "noreply@eksempel.no"},
    {"Return_Path": "<>"},
])
def test_automatic_mail_is_recognised(headers: dict[str, str]) -> None:
    assert read_letter(bytes(msg(**headers))).automatic


def test_an_ordinary_letter_is_not_automatic() -> None:
    for sender in ("nora@eksempel.no", "postmann.pat@eksempel.no", "bouncy@eksempel.no"):
        assert not read_letter(bytes(msg(From=sender, Auto_Submitted="no"))).automatic


def test_a_delivery_report_is_automatic() -> None:
    report = msg(From="someone@eksempel.no")
    report.add_attachment("Reporting-MTA: dns; x\n", subtype="delivery-status")
    report.replace_header("Content-Type", report["Content-Type"].replace("mixed", "report"))
    assert read_letter(bytes(report)).automatic


def test_attachments_are_counted_not_kept() -> None:
    message = msg()
    message.add_attachment(b"\x00secret", maintype="application", subtype="octet-stream",
                           filename="a.bin")
    message.add_attachment("tekst i fil", filename="b.txt")
    letter = read_letter(bytes(message))
    assert letter.attachments == 2
    assert letter.text == "Hei, jeg trenger hjelp."


def test_html_becomes_text_and_scripts_vanish() -> None:
    html = ("<style>b{}</style><p>Hei <i>du</i></p><script>document.write('x')</script>"
            "<ul><li>en</li><li>to</li></ul>&lt;b&gt; er ikke fet")
    assert html_to_text(html) == "Hei du\n\nen\n\nto\n\n<b> er ikke fet"


def test_the_plain_part_wins_over_html() -> None:
    message = msg()
    message.add_alternative("<p>HTML-versjonen</p>", subtype="html")
    assert read_letter(bytes(message)).text == "Hei, jeg trenger hjelp."


def test_a_broken_letter_does_not_raise() -> None:
    letter = read_letter(b"\xff\xfe not a letter at all\r\n\r\n\xff")
    assert letter.sender == "" and letter.automatic  # no sender: nobody to answer


def test_masks() -> None:
    assert mask_address("kari.nordmann@eksempel.no") == "k***@e***.no"
    assert mask_address("x@y") == "x***@y***."
    assert mask_address("broken") == "***"


def test_answers_are_threaded_and_signed_without_a_name() -> None:
    answer = compose_answer(Thread("ung@eksempel.no", "Hjelp", ("a@x", "b@y")),
                            "post@helpline.no", "Hei!")
    assert answer["To"] == "ung@eksempel.no"
    assert answer["Subject"] == "Re: Hjelp"
    assert answer["In-Reply-To"] == "<b@y>"
    assert answer["References"] == "<a@x> <b@y>"
    assert answer["Message-ID"].endswith("@helpline.no>")
    assert answer["Auto-Submitted"] is None
    assert answer.get_content() == f"Hei!\n\n-- \n{SIGNATURE}\n"
    assert compose_answer(Thread("u@x.no", "", ()), "p@h.no", "x", automatic=True)[
        "Auto-Submitted"] == "auto-replied"


@pytest.mark.parametrize(("subject", "expected"), [
    ("Hjelp", "Re: Hjelp"), ("Re: Hjelp", "Re: Hjelp"), ("SV: Hjelp", "SV: Hjelp"),
    ("", "Svar fra Alarmtelefonen for barn og unge"),
])
def test_reply_subject(subject: str, expected: str) -> None:
    assert reply_subject(subject) == expected
