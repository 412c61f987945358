"""A real phone call over SIP: a baresip phone dials the hub (``serve --sip``), hears the
announcement, queues on the desk with a masked number, is answered and hangs up."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.support.hubs import make_db
from tests.support.sip import MASKED, caller, heard, kamailio, loud_share, sip_hub, staff
from tests.support.wire import ok
from workstation.sip import BaresipProcess

pytestmark = pytest.mark.slow

#: Seconds of the call the phone must have heard before it hangs up.
LISTEN_S = 4



async def until_heard(folder: Path, seconds: float, timeout: float = 20) -> None:
    """Wait until the phone's recording holds ``seconds`` of received audio."""
    async with asyncio.timeout(timeout):
        while True:
            files = list((folder / "heard").glob("*-dec.wav"))
            if files and files[0].stat().st_size > 44 + 8000 * 2 * seconds:
                return
            await asyncio.sleep(0.1)


def offered_fields(db: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return [row[0] for row in conn.execute(
            "SELECT data FROM events WHERE kind = 'call_offered'")]


async def test_a_caller_hears_the_announcement_queues_masked_and_hangs_up(
    tmp_path: Path,
) -> None:
    db, log, phone_dir = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log", tmp_path / "p"
    with sip_hub(db, log) as hub:
        async with staff(hub.url, "kari") as kari, caller(phone_dir) as phone:
            assert phone.control is not None
            await phone.control.command("dial", f"sip:116111@{hub.host}:{hub.port}")
            ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"], 20)
            [item] = ringing["items"]
            assert item["number"] == MASKED
            conv = item["conversation"]
            await until_heard(phone_dir, LISTEN_S)

            ok(await kari.request("call_answer", conversation=conv))
            await kari.event(conv, "call_answered")
            await phone.control.command("hangup")
            ended = await kari.event(conv, "call_ended", timeout=10)
            assert ended["by"] == "caller"
            closed = await kari.event(conv, "closed")
            assert closed["reason"] == "contact_left"
    samples = heard(phone_dir)
    assert len(samples) >= 8000 * LISTEN_S
    share = loud_share(samples[: 8000 * LISTEN_S])
    assert share > 0.3, f"the caller heard silence ({share:.0%} of the first {LISTEN_S} s loud)"
    [fields] = offered_fields(db)
    assert len(json.loads(fields)["caller"]) == 32, "no keyed pseudonym for call-back"
    assert "34512" not in fields


async def test_a_call_through_kamailio_queues_and_other_numbers_are_refused(
    tmp_path: Path,
) -> None:
    db, log = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log"
    with sip_hub(db, log) as hub, kamailio(tmp_path / "kamailio", f"{hub.host}:{hub.port}") as sbc:
        async with staff(hub.url, "kari") as kari:
            async with caller(tmp_path / "wrong") as wrong:
                assert wrong.control is not None
                await wrong.control.command("dial", f"sip:22334455@127.0.0.1:{sbc}")
                closed = await until_event(wrong, "CALL_CLOSED")
                assert "404" in closed.get("param", ""), closed
            async with caller(tmp_path / "p") as phone:
                assert phone.control is not None
                await phone.control.command("dial", f"sip:116111@127.0.0.1:{sbc}")
                ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"], 20)
                [item] = ringing["items"]
                assert item["number"] == MASKED
                await until_heard(tmp_path / "p", 1)
                await phone.control.command("hangup")
                missed = await kari.expect(lambda f: f["type"] == "call_missed", 10)
                assert (missed["conversation"], missed["number"]) == (
                    item["conversation"], MASKED)
    assert loud_share(heard(tmp_path / "p")) > 0.3


async def until_event(phone: BaresipProcess, kind: str, timeout: float = 15) -> dict[str, Any]:
    assert phone.control is not None
    async with asyncio.timeout(timeout):
        while (event := await phone.control.events.get()) is not None:
            if event.get("type") == kind:
                return event
    raise AssertionError(f"the phone's control connection closed before {kind}")


async def test_the_counsellor_hanging_up_ends_the_callers_call(tmp_path: Path) -> None:
    db, log = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log"
    with sip_hub(db, log) as hub:
        async with (
            staff(hub.url, "kari") as kari,
            caller(tmp_path / "a") as first,
            caller(tmp_path / "b", number="+4791234513") as second,
        ):
            assert first.control is not None and second.control is not None
            await first.control.command("dial", f"sip:116111@{hub.host}:{hub.port}")
            await until_event(first, "CALL_ESTABLISHED")
            await second.control.command("dial", f"sip:116111@{hub.host}:{hub.port}")
            await until_event(second, "CALL_ESTABLISHED")
            both = await kari.expect(lambda f: f["type"] == "calls" and len(f["items"]) == 2, 20)
            # The first caller's (each line reports on its own: two callers a moment apart
            # may be queued in either order).
            [conv] = [i["conversation"] for i in both["items"] if i["number"] == MASKED]
            ok(await kari.request("call_answer", conversation=conv))
            since = len(kari.frames)  # a one-call list from before the second call must not count
            ok(await kari.request("call_hangup", conversation=conv))
            closed = await until_event(first, "CALL_CLOSED")
            assert "116111" in closed["peeruri"]

            def calls_after_hangup() -> list[Any]:
                return [f for f in kari.frames[since:] if f["type"] == "calls"]

            await kari.until(lambda: any(len(f["items"]) == 1 for f in calls_after_hangup()))
            [left] = [f for f in calls_after_hangup() if len(f["items"]) == 1][:1]
            assert left["items"][0]["number"] == "+47 ** ** ** 13", "the wrong call was ended"
            assert "CALL_CLOSED" not in pending_events(second)


def pending_events(phone: BaresipProcess) -> list[str]:
    """The types of the events the phone has sent and nobody has read yet."""
    assert phone.control is not None
    types = []
    while not phone.control.events.empty():
        event = phone.control.events.get_nowait()
        types.append(event.get("type", "") if event else "")
    return types


async def test_a_call_to_another_number_is_refused_by_the_hub(tmp_path: Path) -> None:
    db, log = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log"
    with sip_hub(db, log) as hub:
        async with staff(hub.url, "kari") as kari, caller(tmp_path / "p") as phone:
            assert phone.control is not None
            await phone.control.command("dial", f"sip:22334455@{hub.host}:{hub.port}")
            refused = await until_event(phone, "CALL_CLOSED")
            assert "404" in refused.get("param", ""), refused
            await phone.control.command("dial", f"sip:116111@{hub.host}:{hub.port}")
            ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"], 20)
            assert len(ringing["items"]) == 1, "the refused call was queued"
