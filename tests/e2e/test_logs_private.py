"""No personal data in the hub's logs, ever: a whole shift against a real hub process at DEBUG.

A young person chats, another one calls, a third texts and a fourth writes a letter, through
the hub's simulated phone system, SMS gateway and mailbox; the counsellor writes back, notes,
flags, consults the shift lead, files a summary and a concern report the shift lead approves;
the chat closes and becomes a replay a trainer lists and reads. Contacts and staff also send
bad frames carrying a name and a number. Then every line the hub wrote to stderr is searched
for the words, numbers and names used in the shift.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_desk_features import SUMMARY
from tests.integration.test_report_approval import report_data
from tests.support.wire import Wire, ok
from workstation.client.contact import ContactClient
from workstation.client.credentials import Credentials
from workstation.client.staff import StaffClient
from workstation.hub.server import HubServer
from workstation.protocol.frames_supervision import Stats
from workstation.store import open_store

DRIVER = Path(__file__).with_name("hub_with_phone.py")
PASSWORD = "korrekt hest batteri"
USERS = {  # name: (roles, display name) — names nobody else in the code base uses
    "tordis": (["counsellor"], "Tordis Brekkestø"),
    "vebjorn": (["counsellor", "shift_lead"], "Vebjørn Lysaker"),
    "gunnhild": (["trainer"], "Gunnhild Ravnås"),
}
CHILD = "Iben Solberg"
CHAT = [
    "hei. jeg heter Iben Solberg og går på Kvernhaugen skole",
    "pappa slo meg igjen i går, mobilen min er 412 34 567",
    "kan dere ringe meg på 41234567? e-posten er iben.solberg@example.no",
]
REPLY = "Hei Iben, så bra at du skriver. Er du trygg nå?"
NOTE = "Iben Solberg, 14 år, Kvernhaugen skole, mobil 412 34 567"
ADVICE = "Spør Iben om hun er trygg hjemme i Vågsbygd"
CALLER = "+47 912 34 512"
TEXTER = "+47 934 56 789"
SMS_TEXT = "hei det er Sander Fjeldvik, kan jeg snakke med noen"
SMS_REPLY = "Hei Sander, jeg er her. Vil du fortelle?"
WRITER = "mathea.lunde@example.no"
LETTER_SUBJECT = "Mathea trenger hjelp"
LETTER = "Hei, jeg heter Mathea Lunde. Stefaren min drikker og blir sint om natta."
LETTER_REPLY = "Hei Mathea, takk for at du skrev til oss. Er du trygg nå?"
#: Words and numbers that must not appear in any log line, in any case or spacing.
SECRETS = [
    *CHAT, REPLY, NOTE, ADVICE, SMS_TEXT, SMS_REPLY, PASSWORD, "korrekt hest",
    WRITER, LETTER_SUBJECT, LETTER, LETTER_REPLY, "Mathea", "Lunde", "mathea.lunde",
    "Iben", "Solberg", "Kvernhaugen", "Vågsbygd", "Sander", "Fjeldvik", "example.no",
    "Tordis", "Brekkestø", "Vebjørn", "vebjorn", "Lysaker", "Gunnhild", "Ravnås",
    "faren slo henne", "Redd for stefar", "Skriv hva hun sa",
]
NUMBERS = ["41234567", "91234512", "93456789"]


def leaks(text: str) -> list[str]:
    """Every secret found in ``text``: words in any case (and JSON-escaped), numbers with any
    spaces, dots or dashes between the digits (the last five digits are enough to find)."""
    found = []
    folded = text.casefold()
    for secret in SECRETS:
        forms = {secret.casefold(), json.dumps(secret)[1:-1].casefold()}
        if any(form in folded for form in forms):
            found.append(secret)
    for number in NUMBERS:
        tail = number[-5:]
        if re.search(r"[\s.\-]?".join(tail), text):
            found.append(number)
    return found


def test_leaks_finds_what_it_must() -> None:
    assert leaks("INFO hub: 412 34 567") == ["41234567"]
    assert leaks('DEBUG x {"t": "Brekkest\\u00f8"}') == ["Brekkestø"]
    assert leaks("INFO connections: 2 staff, 1 young people") == []
    assert leaks("masked +47 ** ** ** 12") == []


@contextlib.contextmanager
def hub_process(db: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    with log.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, str(DRIVER), "serve", "--db", str(db), "--port", "0"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, text=True,
            cwd=Path(__file__).parents[2],
        )
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line.startswith("listening on ws://"), log.read_text()
            yield line.split()[-1], proc
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(20) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    pipe.close()


def command(proc: subprocess.Popen[str], **fields: Any) -> dict[str, Any]:
    """Tell the hub's simulated phone system or SMS gateway something; its answer."""
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps(fields) + "\n")
    proc.stdin.flush()
    answer: dict[str, Any] = json.loads(proc.stdout.readline())
    return answer


@contextlib.asynccontextmanager
async def staff(url: str, user: str) -> AsyncIterator[Wire]:
    async with Wire.connect(url, "/v1/staff") as wire:
        ok(await wire.request("hello", user=user, password=PASSWORD))
        yield wire


def make_users(db: Path) -> None:
    store = open_store(db)
    for name, (roles, display) in USERS.items():
        store.add_user(name, PASSWORD, roles, display)
    store.close_blocking()


async def chat(url: str, tordis: Wire, vebjorn: Wire) -> list[dict[str, Any]]:
    """The chat, with bad frames carrying a name; returns the answers to those."""
    async with Wire.connect(url, "/v1/contact") as contact:
        bad = [await contact.request("open", channel=f"{CHILD} 41234567"),
               await contact.request(CHILD)]
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await tordis.request("accept", conversation=conv))
        for line in CHAT:
            ok(await contact.request("send", text=line))
        ok(await tordis.request("send", conversation=conv, text=REPLY))
        ok(await tordis.request("note", conversation=conv, text=NOTE))
        ok(await tordis.request("flag", conversation=conv, flag="risk"))
        bad.append(await tordis.request("flag", conversation=conv, flag=CHILD))
        bad.append(await tordis.request("presence", status=CHILD))
        consult = ok(await tordis.request("consult", conversation=conv, to="vebjorn"))["consult"]
        ok(await vebjorn.request("consult_accept", consult=consult))
        ok(await vebjorn.request("consult_send", consult=consult, text=ADVICE))
        ok(await vebjorn.request("consult_end", consult=consult))
        report = report_data("Iben Solberg forteller at faren slo henne.")
        report["child"]["name"] = CHILD
        report["reporter"]["name"] = USERS["tordis"][1]
        report["anonymity_broken_reason"] = "Iben ba selv om at skolen får vite det."
        submitted = ok(await tordis.request(
            "report_submit", id="report-1", conversation=conv, report=report,
            template="bekymringsmelding",
        ))
        # A desk resending its outbox: the same answer, one report.
        assert await tordis.request(
            "report_submit", id="report-1", conversation=conv, report=report,
            template="bekymringsmelding",
        ) == submitted
        changes = ok(await vebjorn.request(
            "report_request_changes", report=submitted["report"], comment="Skriv hva hun sa."
        ))
        again = ok(await tordis.request(
            "report_submit", conversation=conv, report=report, template="bekymringsmelding",
            report_id=submitted["report"],
        ))
        assert again["version"] == changes["version"] + 1
        ok(await vebjorn.request("report_approve", report=again["report"],
                                 version=again["version"]))
        ok(await contact.request("send", text="takk, jeg må gå nå"))
        ok(await tordis.request("close", conversation=conv))
        ok(await tordis.request("summary_set", conversation=conv, summary=SUMMARY))
    async with Wire.connect(url, "/v1/contact") as asker:  # a call-back request
        bad.append(await asker.request("callback", number="412 34 567 89 0"))
        task = ok(await asker.request("callback", number="412 34 567"))["callback"]
        ok(await tordis.request("callback_take", callback=task))
        revealed = ok(await tordis.request("callback_number", callback=task))
        assert leaks(revealed["number"]) == ["41234567"]  # only the taker's answer has it
        ok(await tordis.request("callback_done", callback=task, outcome="reached"))
    return bad


async def call_sms_and_email(proc: subprocess.Popen[str], tordis: Wire) -> None:
    call = command(proc, ring=CALLER)["call"]
    ringing = await tordis.expect(lambda f: f["type"] == "calls" and f["items"])
    conv = ringing["items"][0]["conversation"]
    assert ringing["items"][0]["number"] == "+47 ** ** ** 12"
    ok(await tordis.request("call_answer", conversation=conv))
    ok(await tordis.request("call_hold", conversation=conv))
    ok(await tordis.request("call_resume", conversation=conv))
    assert command(proc, hangup=call) == {"ok": True}
    await tordis.event(conv, "closed")

    texted = command(proc, sms=TEXTER, text=SMS_TEXT)["conversation"]
    ok(await tordis.request("accept", conversation=texted))
    ok(await tordis.request("send", conversation=texted, text=SMS_REPLY))
    ok(await tordis.request("close", conversation=texted))

    wrote = command(proc, email=WRITER, text=LETTER, subject=LETTER_SUBJECT)["conversation"]
    ok(await tordis.request("accept", conversation=wrote))
    assert (await tordis.event(wrote, "email_thread"))["address"] == "m***@e***.no"
    ok(await tordis.request("send", conversation=wrote, text=LETTER_REPLY))
    ok(await tordis.request("close", conversation=wrote))


async def test_a_whole_shift_leaves_no_personal_data_in_the_hub_log(tmp_path: Path) -> None:
    db, log = tmp_path / "hub.sqlite3", tmp_path / "hub.log"
    make_users(db)
    with hub_process(db, log) as (url, proc):
        async with (
            Wire.connect(url, "/v1/staff") as stranger,
            staff(url, "tordis") as tordis,
            staff(url, "vebjorn") as vebjorn,
            staff(url, "gunnhild") as trainer,
        ):
            wrong = await stranger.request("hello", user="iben.solberg", password="Solberg2012")
            assert wrong["code"] == "unauthenticated"
            bad = await chat(url, tordis, vebjorn)
            await call_sms_and_email(proc, tordis)
            replays = await until_replays(trainer, 3)
            shown = [ok(await trainer.request("replay_get", replay=r["replay"]))
                     for r in replays]
            assert any(e["kind"] == "message" for r in shown for e in r["events"])
            assert not leaks(json.dumps(shown, ensure_ascii=False).replace(
                "[NAVN]", "")), "a replay kept a name"
    for answer in bad:
        assert answer["code"] == "bad_frame", answer
        assert not leaks(answer["message"]), answer
    written = log.read_text()
    lines = written.splitlines()
    assert any(" DEBUG " in line for line in lines), "the hub did not log at DEBUG level"
    assert any("hub started" in line for line in lines)
    leaked = {secret: [ln for ln in lines if secret in leaks(ln)] for secret in leaks(written)}
    assert not leaked


async def until_replays(trainer: Wire, n: int) -> list[dict[str, Any]]:
    """The replay list once the hub has made ``n`` replays (made just after each close)."""
    for _ in range(250):
        listed: list[dict[str, Any]] = ok(await trainer.request("replay_list"))["replays"]
        if len(listed) >= n:
            return listed
        await asyncio.sleep(0.02)
    raise AssertionError(f"fewer than {n} replays")


# --- the hub's error path, in process ----------------------------------------------------------


async def test_a_hub_bug_is_logged_with_its_traceback_but_not_its_message(
    hub: HubServer, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*_: object) -> None:
        # ValueError's message would be: invalid literal for int() with base 10: '<the name>'
        int(CHILD)

    hub.staff_api.extra[Stats] = broken
    async with Wire.connect(hub.url, "/v1/staff") as sup:
        ok(await sup.request("hello", user="sup", password=PASSWORD))
        with caplog.at_level(logging.DEBUG):
            answer = await sup.request("stats", since="2026-01-01T00:00:00Z")
    assert answer["code"] == "internal" and not leaks(answer["message"])
    (record,) = [r for r in caplog.records if r.name == "workstation.hub.server"]
    text = record.getMessage()
    assert "ValueError" in text and "int(CHILD)" in text and "File " in text
    assert record.exc_info is None
    assert not leaks(text.replace("int(CHILD)", ""))


async def test_no_frame_is_logged_by_the_hub_or_our_clients_at_debug(
    hub: HubServer, caplog: pytest.LogCaptureFixture
) -> None:
    """websockets logs each frame's text at DEBUG. The hub, the desk's client and the contact
    client never let it (the demo runs all three in a process whose logging they do not set)."""
    caplog.set_level(logging.DEBUG)
    desk = StaffClient(hub.url, Credentials(user="kari", password=PASSWORD))
    connection = asyncio.ensure_future(desk.run())
    try:
        await desk.wait_connected()
        async with ContactClient(hub.url) as contact:
            opened = await contact.open("chat")
            await contact.send(CHAT[1])
            await desk.accept(opened.conversation)
            sent = desk.send_message(opened.conversation, REPLY)
            await sent.future
            async with Wire.connect(hub.url, "/v1/contact") as raw:  # websockets' own client
                await raw.request("open", channel=CHAT[0])
    finally:
        await desk.close()
        await asyncio.gather(connection, return_exceptions=True)
    raw_client = [r for r in caplog.records if r.name.startswith("websockets.client")]
    assert any(leaks(r.getMessage()) for r in raw_client)  # what would be logged otherwise
    ours = [r for r in caplog.records if r not in raw_client]
    assert any(r.levelno == logging.DEBUG for r in ours)
    assert [(r.name, r.getMessage()) for r in ours if leaks(r.getMessage())] == []
