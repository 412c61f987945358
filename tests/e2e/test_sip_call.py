"""A real phone call over SIP: a baresip phone dials the hub (``serve --sip``), hears the
announcement, queues on the desk with a masked number, is answered and hangs up."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.hubs import PASSWORD, make_db
from tests.support.sip import MASKED, caller, heard, loud_share, sip_hub
from tests.support.wire import Wire, ok

pytestmark = pytest.mark.slow

#: Seconds of the call the phone must have heard before it hangs up.
LISTEN_S = 4


@contextlib.asynccontextmanager
async def staff(url: str, user: str) -> AsyncIterator[Wire]:
    async with Wire.connect(url, "/v1/staff") as wire:
        ok(await wire.request("hello", user=user, password=PASSWORD))
        yield wire


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
