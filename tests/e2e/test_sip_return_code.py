"""The phone menu with real calls: a baresip phone dials the hub (``serve --sip``) and types a
return code's digit form with DTMF (RFC 4733 telephone events, baresip's ``sndcode``); the
hub's baresip reports each key (``CALL_DTMF_START``) and the hub routes the call exactly as
the chat page's code field (docs/returning.md, "By phone")."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.e2e.test_sip_call import until_heard
from tests.e2e.test_sip_lines import samples
from tests.support.hubs import make_db
from tests.support.sip import (
    CALLER,
    SHORT_ENV,
    announced_s,
    caller,
    heard,
    loud_share,
    sip_hub,
    staff,
)
from tests.support.wire import Wire, ok
from workstation.hub.returning.codes import digit_form
from workstation.sip import BaresipProcess

pytestmark = pytest.mark.slow

#: Between two keys, as a thumb on a keypad (each key is its own start and end event).
KEY_GAP_S = 0.25
#: After the announcement's end (the short one, tests/support/sip.py), the place in the queue
#: (about 2.5 s) and a chime come, then a second of the waiting audio's quiet: within this.
QUIET_WITHIN_S = 8.0
#: When the sentence after a code has surely begun (made with sox on first use, then
#: switched to), and how much of it (about 9 s of speech) is measured.
SENTENCE_AT_S, SENTENCE_S = 1.5, 4.0


async def give_code(url: str, kari: Wire) -> str:
    """Kari talks with a young person on the chat page and gives a code at the end."""
    async with Wire.connect(url, "/v1/contact") as contact:
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        code = str(ok(await kari.request("return_code_offer", conversation=conv))["code"])
        ok(await kari.request("close", conversation=conv))
    return code


async def type_keys(phone: BaresipProcess, keys: str) -> None:
    assert phone.control is not None
    for key in keys:
        await phone.control.command("sndcode", key)
        await asyncio.sleep(KEY_GAP_S)


async def dial_and_ring(phone: BaresipProcess, desk: Wire, hub_host: str, hub_port: int,
                        folder: Path) -> str:
    """The phone dials 116111; once the desk sees it ring and the phone hears the
    announcement: the call's conversation."""
    assert phone.control is not None
    await phone.control.command("dial", f"sip:116111@{hub_host}:{hub_port}")
    ringing = await desk.expect(lambda f: f["type"] == "calls" and f["items"], 20)
    [item] = ringing["items"]
    await until_heard(folder, 1)
    return str(item["conversation"])


async def answer_and_hang_up(desk: Wire, conv: str, user: str,
                             phone: BaresipProcess) -> None:
    """``user`` answers the call on ``desk`` (refused if it were held for someone else);
    then the caller hangs up."""
    ok(await desk.request("call_answer", conversation=conv))
    answered = await desk.event(conv, "call_answered")
    assert answered["user"] == user
    assert phone.control is not None
    await phone.control.command("hangup")
    await desk.event(conv, "closed", timeout=10)


def scanned(*paths: Path) -> bytes:
    """The database with its write-ahead log, and the hub's log, as stored on disk."""
    return b"".join(
        part.read_bytes() for path in paths for part in path.parent.glob(path.name + "*")
    )


async def test_a_caller_keys_the_code_and_is_offered_to_her_first(tmp_path: Path) -> None:
    db, log, phone_dir = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log", tmp_path / "p"
    with sip_hub(db, log) as hub:
        async with staff(hub.url, "kari") as kari, staff(hub.url, "ola") as ola:
            code = await give_code(hub.url, kari)
            async with caller(phone_dir) as phone:
                conv = await dial_and_ring(phone, kari, hub.host, hub.port, phone_dir)
                await type_keys(phone, digit_form(code) + "#")
                # The desk's "Kom tilbake og spurte etter deg" window opens on this frame.
                offer = await kari.expect(lambda f: f.get("type") == "return_offer", 15)
                await until_logged(log, "The phone menu took a code: available")
                assert offer["conversation"] == conv and offer["channel"] == "phone"
                refused = await ola.request("call_answer", conversation=conv)
                assert refused["code"] == "conflict", refused
                await answer_and_hang_up(kari, conv, "kari", phone)
                returned = await kari.event(conv, "returned")  # with the answer's backlog
                assert returned["user"] == "kari"
    stored = scanned(db, log)
    assert digit_form(code).encode() not in stored
    assert code.encode() not in stored and code.replace("-", "").encode() not in stored
    assert CALLER[3:].encode() not in stored


async def test_a_wrong_code_keeps_the_caller_in_the_queue(tmp_path: Path) -> None:
    db, log, phone_dir = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log", tmp_path / "p"
    announced = announced_s(tmp_path / "said")
    with sip_hub(db, log, env=SHORT_ENV) as hub:
        async with staff(hub.url, "kari") as kari, staff(hub.url, "ola") as ola:
            code = await give_code(hub.url, kari)
            right = digit_form(code)
            wrong = ("3" if right[0] == "2" else "2") + right[1:]
            async with caller(phone_dir) as phone:
                conv = await dial_and_ring(phone, ola, hub.host, hub.port, phone_dir)
                # After the announcement (a short one here) and the place in the queue, the
                # waiting audio is a soft chime every 4 s: its quiet comes within seconds.
                await until_quiet(phone_dir, announced, within_s=QUIET_WITHIN_S)
                await type_keys(phone, wrong + "#")
                typed = heard_seconds(phone_dir)
                await until_logged(log, "The phone menu took a code: unknown")
                # The kind sentence (speech), then the waiting audio: the caller's leg goes
                # on (an aufile source that ends hangs up), still queued, held for nobody.
                await until_heard(phone_dir, typed + SENTENCE_AT_S + SENTENCE_S + 1)
                await answer_and_hang_up(ola, conv, "ola", phone)
    stored = scanned(db, log)
    assert wrong.encode() not in stored and right.encode() not in stored
    start = int((typed + SENTENCE_AT_S) * 8000)
    spoken = loud_share(heard(phone_dir)[start:start + int(SENTENCE_S * 8000)])
    assert spoken > 0.5, f"no sentence after the wrong code: {spoken:.0%} of 20 ms frames loud"


async def until_logged(log: Path, line: str, timeout: float = 15) -> None:
    async with asyncio.timeout(timeout):
        while True:
            if line in await asyncio.to_thread(log.read_text):
                return
            await asyncio.sleep(0.1)


async def until_quiet(folder: Path, after_s: float, within_s: float) -> None:
    """Until the phone has heard a second of quiet (20 ms frames no louder than
    :func:`loud_share` counts) after its first ``after_s`` seconds, within ``within_s`` more
    seconds of what it hears."""
    frames = 50
    while True:
        part = samples(folder)[int(after_s * 8000):]
        loud = [loud_share(part[i:i + 160]) > 0 for i in range(0, len(part) - 159, 160)]
        if any(not any(loud[i:i + frames]) for i in range(len(loud) - frames + 1)):
            return
        assert len(loud) < within_s * 50, "the announcement is still going on"
        await asyncio.sleep(0.1)


def heard_seconds(folder: Path) -> float:
    files = list((folder / "heard").glob("*-dec.wav"))
    return (files[0].stat().st_size - 44) / 16000 if files else 0.0


async def test_she_is_away_the_caller_keys_2_for_the_next(tmp_path: Path) -> None:
    db, log, phone_dir = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log", tmp_path / "p"
    with sip_hub(db, log) as hub:
        async with staff(hub.url, "kari") as kari, staff(hub.url, "ola") as ola:
            code = await give_code(hub.url, kari)
            ok(await kari.request("presence", status="away"))
            async with caller(phone_dir) as phone:
                conv = await dial_and_ring(phone, ola, hub.host, hub.port, phone_dir)
                await type_keys(phone, digit_form(code) + "#")
                await until_logged(log, "The phone menu took a code: away")
                held = await ola.request("call_answer", conversation=conv)
                assert held["code"] == "conflict", held  # held for Kari while choosing
                await type_keys(phone, "2")
                await ola.expect(lambda f: f.get("type") == "queue" and f["items"] and all(
                    "held_for" not in item for item in f["items"]), 10)
                await answer_and_hang_up(ola, conv, "ola", phone)
    assert digit_form(code).encode() not in scanned(db, log)
