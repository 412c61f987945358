"""The voice path: a waiting caller answered on a desk talks with that desk's softphone.

The hub's SIP endpoint (``serve --sip … --sip-desk …``, or :class:`SipTelephony` itself, with
its real baresip) dials the desk's softphone (a baresip that answers by itself) and bridges
the two legs. The caller sends 1 kHz, the desk 440 Hz; each recording must hold the other's
tone. Either side hanging up ends both.
"""

from __future__ import annotations

import array
import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.test_sip_call import until_event, until_heard
from tests.support.hubs import make_db
from tests.support.sip import (
    caller,
    heard,
    loud_share,
    need,
    power_at,
    sip_endpoint,
    sip_hub,
    staff,
    tone,
)
from tests.support.wire import ok
from workstation.hub.telephony.adapter import CallEvent
from workstation.hub.telephony.sip import SipTelephony
from workstation.sip import BaresipProcess, BaresipSettings

pytestmark = pytest.mark.slow

#: Seconds of bridged audio each side records before the check.
TALK_S = 3
#: The last part of a recording that is checked (the bridged part, after the announcement).
TAIL = 8000 * 2


@contextlib.asynccontextmanager
async def desk_phone(folder: Path, user: str = "kari", hertz: float = 440,
                     port: int = 0) -> AsyncIterator[BaresipProcess]:
    """The counsellor's softphone: answers by itself, sends ``hertz``, records what it
    hears."""
    need("baresip")
    (folder / "heard").mkdir(parents=True, exist_ok=True)
    phone = BaresipProcess(BaresipSettings(
        user=user, source=f"aufile,{tone(folder / 'tone.wav', hertz, 60)}", answer="auto",
        record_to=folder / "heard", log=folder / "baresip.log", port=port,
    ))
    async with phone:
        yield phone


def endpoint(desk: BaresipProcess) -> contextlib.AbstractAsyncContextManager[
    tuple[SipTelephony, asyncio.Queue[CallEvent]]
]:
    address = f"sip:kari@{desk.address.removeprefix('udp:')}"
    return sip_endpoint(lambda user: address if user == "kari" else None)


def seconds_heard(folder: Path) -> float:
    [recording] = (folder / "heard").glob("*-dec.wav")
    return (recording.stat().st_size - 44) / 16000


async def talk(tmp_path: Path, desk: BaresipProcess, before: float) -> None:
    """Once answered: both sides record ``TALK_S`` bridged seconds (the caller had heard
    ``before`` seconds of the queue). Without a bridge the caller's recording stops growing:
    the hub sends it no RTP."""
    await until_event(desk, "CALL_ESTABLISHED")
    try:
        await until_heard(tmp_path / "desk", TALK_S)
        await until_heard(tmp_path / "caller", before + TALK_S)
    except TimeoutError:
        raise AssertionError(
            f"audio stopped: the desk heard {seconds_heard(tmp_path / 'desk'):.1f} s, the "
            f"caller {seconds_heard(tmp_path / 'caller') - before:.1f} s since the answer"
        ) from None


@dataclass
class Scene:
    """A desk softphone, the hub's endpoint (and what it reports), a caller sending 1 kHz."""

    desk: BaresipProcess
    adapter: SipTelephony
    events: asyncio.Queue[CallEvent]
    phone: BaresipProcess


@contextlib.asynccontextmanager
async def scene(tmp_path: Path) -> AsyncIterator[Scene]:
    async with (
        desk_phone(tmp_path / "desk") as desk,
        endpoint(desk) as (adapter, events),
        caller(tmp_path / "caller", hertz=1000) as phone,
    ):
        yield Scene(desk, adapter, events, phone)


async def answered_call(tmp_path: Path, phone: BaresipProcess, desk: BaresipProcess,
                        adapter: SipTelephony, events: asyncio.Queue[CallEvent]) -> str:
    """Dial, answer on kari's desk, and let both sides record ``TALK_S`` bridged seconds."""
    assert phone.control is not None
    await phone.control.command("dial", f"sip:116111@{adapter.address.removeprefix('udp:')}")
    offered = await asyncio.wait_for(events.get(), 20)
    assert offered.kind == "offered"
    await until_heard(tmp_path / "caller", 1)
    before = seconds_heard(tmp_path / "caller")
    await adapter.answer(offered.call, "kari")
    await talk(tmp_path, desk, before)
    return offered.call


def dominant(samples: array.array[int], hertz: float, other: float) -> float:
    """How many times more of ``hertz`` than of ``other`` the recording's last part holds."""
    tail = samples[-TAIL:]
    assert len(tail) == TAIL, len(samples)
    return power_at(tail, hertz) / max(power_at(tail, other), 1.0)


async def test_the_caller_and_the_desk_hear_each_other_and_the_caller_hangs_up(
    tmp_path: Path,
) -> None:
    async with scene(tmp_path) as s:
        assert s.phone.control is not None
        call = await answered_call(tmp_path, s.phone, s.desk, s.adapter, s.events)
        await s.phone.control.command("hangup")
        assert await asyncio.wait_for(s.events.get(), 10) == CallEvent("ended", call)
        await until_event(s.desk, "CALL_CLOSED", timeout=10)  # the desk leg ends with it
    assert dominant(heard(tmp_path / "desk"), 1000, 440) > 1000   # the caller's tone
    assert dominant(heard(tmp_path / "caller"), 440, 1000) > 1000  # the desk's tone


async def test_answered_on_the_hubs_desk_the_desk_hangs_up_and_the_caller_is_gone(
    tmp_path: Path,
) -> None:
    """Through ``workstation-hub serve --sip … --sip-desk …`` and the staff wire."""
    db, log = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log"
    async with desk_phone(tmp_path / "desk") as desk:
        assert desk.control is not None
        template = "sip:{user}@" + desk.address.removeprefix("udp:")
        with sip_hub(db, log, desk=template) as hub:
            async with staff(hub.url, "kari") as kari, caller(tmp_path / "caller") as phone:
                assert phone.control is not None
                await phone.control.command("dial", f"sip:116111@{hub.host}:{hub.port}")
                ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"], 20)
                conv = ringing["items"][0]["conversation"]
                await until_heard(tmp_path / "caller", 1)
                before = seconds_heard(tmp_path / "caller")
                ok(await kari.request("call_answer", conversation=conv))
                await kari.event(conv, "call_answered")
                await talk(tmp_path, desk, before)
                await desk.control.command("hangup")
                await until_event(phone, "CALL_CLOSED", timeout=10)
                await kari.event(conv, "call_ended", timeout=10)
    assert dominant(heard(tmp_path / "desk"), 1000, 440) > 1000
    assert dominant(heard(tmp_path / "caller"), 440, 1000) > 1000


async def test_the_counsellor_hanging_up_ends_both_legs(tmp_path: Path) -> None:
    async with scene(tmp_path) as s:
        call = await answered_call(tmp_path, s.phone, s.desk, s.adapter, s.events)
        await s.adapter.hangup(call)
        await until_event(s.phone, "CALL_CLOSED", timeout=10)
        await until_event(s.desk, "CALL_CLOSED", timeout=10)


async def test_a_desk_softphone_that_refuses_leaves_the_caller_with_the_queue_audio(
    tmp_path: Path,
) -> None:
    """The answer stands (the hub takes a failed answer for a caller gone), without voice."""
    async with scene(tmp_path) as s:
        assert s.phone.control is not None
        desk = s.desk.address.removeprefix("udp:")
        s.adapter.desk_phone = lambda user: f"sip:nobody@{desk}"
        await s.phone.control.command("dial",
                                      f"sip:116111@{s.adapter.address.removeprefix('udp:')}")
        offered = await asyncio.wait_for(s.events.get(), 20)
        await until_heard(tmp_path / "caller", 1)
        await s.adapter.answer(offered.call, "kari")  # the desk's baresip answers 404
        assert s.adapter.calls[offered.call].state == "connected"
        assert s.adapter.calls[offered.call].leg is None
        before = seconds_heard(tmp_path / "caller")
        await until_heard(tmp_path / "caller", before + 2)  # still hearing the queue
        await s.phone.control.command("hangup")
        assert await asyncio.wait_for(s.events.get(), 10) == CallEvent("ended", offered.call)
    assert loud_share(heard(tmp_path / "caller")[-8000 * 2:]) > 0.3
