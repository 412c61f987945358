"""Many callers with voice at once: each caller on a baresip line of its own behind the hub's
Kamailio (docs/telephony.md, "Lines").

Real baresip callers and desk softphones on loopback; each sends its own tone and records
what it hears; Goertzel power says who heard whom. Also hold (the caller hears the waiting
audio, the desk nothing), a desk lost mid-call (the caller is held, the shift lead alerted,
the counsellor picks it up again) and the caller's place in the queue, spoken again and again.
"""

from __future__ import annotations

import array
import asyncio
import contextlib
import json
import math
import operator
import signal
import sqlite3
import wave
from pathlib import Path

import pytest

from tests.e2e.test_sip_call import until_event
from tests.e2e.test_sip_desk_voice import desk_phone
from tests.support.hubs import make_db
from tests.support.sip import (
    SHORT_ANNOUNCEMENT,
    caller,
    loud_share,
    power_at,
    sip_endpoint,
    sip_hub,
    staff,
)
from tests.support.wire import ok
from workstation.hub.telephony.adapter import CallEvent
from workstation.hub.telephony.sip import SipTelephony
from workstation.sip import BaresipProcess, audio
from workstation.sip.waiting import spoken_position

pytestmark = pytest.mark.slow

#: Seconds of bridged audio recorded before a check.
TALK_S = 3
RATE = 8000


def recording(folder: Path) -> Path:
    """The newest recording of what a phone heard (one per call)."""
    files = sorted((folder / "heard").glob("*-dec.wav"), key=lambda p: p.stat().st_mtime)
    assert files, f"{folder.name} recorded nothing"
    return files[-1]


def samples(folder: Path) -> array.array[int]:
    """Also of a call still going (sndfile writes the WAV header's sizes at the end)."""
    data = recording(folder).read_bytes()[44:]
    return array.array("h", data[:len(data) // 2 * 2])


def heard_s(folder: Path) -> float:
    files = list((folder / "heard").glob("*-dec.wav"))
    return (recording(folder).stat().st_size - 44) / (RATE * 2) if files else 0.0


async def until_heard(folder: Path, seconds: float, timeout: float = 25) -> None:
    """Until the newest recording holds ``seconds``; a recording that stops growing (no RTP
    any more) fails with how far it got."""
    try:
        # The recording grows in real time: never wait less than what must be heard.
        async with asyncio.timeout(max(timeout, seconds + 10)):
            while True:
                if heard_s(folder) >= seconds:
                    return
                await asyncio.sleep(0.1)
    except TimeoutError:
        raise AssertionError(f"{folder.name} heard {heard_s(folder):.1f} s, "
                             f"not {seconds:.1f} s: its audio stopped") from None


def share(part: array.array[int], hertz: float) -> float:
    """How much of ``part``'s energy is a tone at ``hertz`` (a pure tone: about 0.5)."""
    energy = sum(x * x for x in part)
    return power_at(part, hertz) / max(len(part) * energy, 1.0)


def dominant(folder: Path, hertz: float, *others: float) -> float:
    """How many times more of ``hertz`` than of the strongest of ``others`` the last two
    seconds heard hold."""
    tail = samples(folder)[-2 * RATE:]
    assert len(tail) == 2 * RATE
    return power_at(tail, hertz) / max(max(power_at(tail, o) for o in others), 1.0)


def endpoint(desks: dict[str, BaresipProcess], position_s: float = 0, lines: int = 4,
             ) -> contextlib.AbstractAsyncContextManager[
    tuple[SipTelephony, asyncio.Queue[CallEvent]]
]:
    addresses = {user: f"sip:{user}@{phone.address.removeprefix('udp:')}"
                 for user, phone in desks.items()}
    return sip_endpoint(addresses.get, lines=lines, position_s=position_s)


async def dial(phone: BaresipProcess, adapter: SipTelephony,
               events: asyncio.Queue[CallEvent]) -> str:
    assert phone.control is not None
    await phone.control.command("dial", f"sip:116111@{adapter.address.removeprefix('udp:')}")
    offered = await asyncio.wait_for(events.get(), 20)
    assert offered.kind == "offered"
    return offered.call


async def test_three_callers_two_desks_each_pair_hears_only_each_other(tmp_path: Path) -> None:
    """Two callers answered on two desks at once, a third waiting: no call's audio moves
    another's (with every caller on one baresip, as before the lines, only a lone caller
    was bridged: neither desk here would have heard anyone)."""
    async with (
        desk_phone(tmp_path / "kari", "kari", 440) as kari,
        desk_phone(tmp_path / "ola", "ola", 600) as ola,
        endpoint({"kari": kari, "ola": ola}) as (adapter, events),
        caller(tmp_path / "a", hertz=1000) as a,
        caller(tmp_path / "b", number="+4791234513", hertz=1300) as b,
        caller(tmp_path / "c", number="+4791234514", hertz=1700) as c,
    ):
        first, second, _ = [await dial(p, adapter, events) for p in (a, b, c)]
        lines = {adapter.calls[call].line.index for call in adapter.calls}
        assert len(lines) == 3, "two callers on one line"
        await until_heard(tmp_path / "c", 1)
        before = {name: heard_s(tmp_path / name) for name in "abc"}
        await adapter.answer(first, "kari")
        await adapter.answer(second, "ola")
        await until_heard(tmp_path / "kari", TALK_S)
        await until_heard(tmp_path / "ola", TALK_S)
        for name in "abc":
            await until_heard(tmp_path / name, before[name] + TALK_S)
        waiting = samples(tmp_path / "c")[-TALK_S * RATE:]
    assert dominant(tmp_path / "kari", 1000, 1300, 1700) > 1000
    assert dominant(tmp_path / "ola", 1300, 1000, 1700) > 1000
    assert dominant(tmp_path / "a", 440, 600, 1300, 1700) > 1000
    assert dominant(tmp_path / "b", 600, 440, 1000, 1700) > 1000
    assert max(share(waiting, hz) for hz in (440, 600, 1000, 1300)) < 0.01, "c hears a pair"
    assert loud_share(waiting) > 0.3, "the waiting caller lost the queue audio"


async def test_hold_plays_the_waiting_audio_and_resume_brings_the_voices_back(
    tmp_path: Path,
) -> None:
    async with (
        desk_phone(tmp_path / "kari", "kari", 440) as kari,
        endpoint({"kari": kari}) as (adapter, events),
        caller(tmp_path / "a", hertz=1000) as a,
    ):
        call = await dial(a, adapter, events)
        await until_heard(tmp_path / "a", 1)
        before = heard_s(tmp_path / "a")
        await adapter.answer(call, "kari")
        await until_heard(tmp_path / "kari", TALK_S)
        await until_heard(tmp_path / "a", before + TALK_S)
        held_at = heard_s(tmp_path / "a")
        await adapter.hold(call)
        await until_event(kari, "CALL_CLOSED", timeout=10)  # the desk hears nothing more
        await until_heard(tmp_path / "a", held_at + 6)  # the caller still gets audio
        held = samples(tmp_path / "a")[int((held_at + 0.5) * RATE):int((held_at + 6) * RATE)]
        resumed_at = heard_s(tmp_path / "a")
        await adapter.resume(call)
        assert adapter.calls[call].state == "connected"
        await until_event(kari, "CALL_ESTABLISHED", timeout=10)
        await until_heard(tmp_path / "kari", TALK_S)  # its new call's recording
        await until_heard(tmp_path / "a", resumed_at + TALK_S)
    assert share(held, 440) < 0.01, "the held caller still hears the desk"
    assert loud_share(held) > 0.02, "the held caller hears no waiting audio"
    assert dominant(tmp_path / "kari", 1000, 440) > 1000
    assert dominant(tmp_path / "a", 440, 1000) > 1000


async def test_a_desk_lost_mid_call_holds_the_caller_alerts_the_lead_and_is_picked_up_again(
    tmp_path: Path,
) -> None:
    """Through ``serve --sip … --sip-desk …``: kari's desk dies (its softphone SIGKILLed, its
    connection gone); the caller hears the waiting audio, the shift lead gets an alert; kari
    restarts (softphone on the same port, signs in) and resumes: voices again."""
    db, log = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log"
    async with desk_phone(tmp_path / "kari", "kari", 440) as desk:
        port = desk.settings.port
        template = f"sip:{{user}}@127.0.0.1:{port}"
        with sip_hub(db, log, desk=template) as hub:
            async with staff(hub.url, "lead") as lead, caller(tmp_path / "a") as phone:
                assert phone.control is not None
                async with staff(hub.url, "kari") as kari:
                    await phone.control.command("dial", f"sip:116111@{hub.host}:{hub.port}")
                    ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"], 20)
                    conv = ringing["items"][0]["conversation"]
                    await until_heard(tmp_path / "a", 1)
                    before = heard_s(tmp_path / "a")
                    ok(await kari.request("call_answer", conversation=conv))
                    await until_heard(tmp_path / "kari", TALK_S)
                    await until_heard(tmp_path / "a", before + TALK_S)
                    assert desk._proc is not None
                    desk._proc.send_signal(signal.SIGKILL)
                lost_at = heard_s(tmp_path / "a")
                alert = await lead.expect(
                    lambda f: f["type"] == "alert" and f["alert"] == "call_desk_lost", 15)
                assert (alert["conversation"], alert["user"]) == (conv, "kari")
                await until_heard(tmp_path / "a", lost_at + 5)  # not hung up: waiting audio
                held = samples(tmp_path / "a")[int((lost_at + 0.5) * RATE):]
                await desk.stop()
                async with (
                    desk_phone(tmp_path / "kari2", "kari", 440, port=port),
                    staff(hub.url, "kari") as kari,
                ):
                    ok(await kari.request("call_resume", conversation=conv))
                    await until_heard(tmp_path / "kari2", TALK_S)
                    resumed_at = heard_s(tmp_path / "a")
                    await until_heard(tmp_path / "a", resumed_at + TALK_S)
                    assert dominant(tmp_path / "a", 440, 1000) > 1000
                    assert dominant(tmp_path / "kari2", 1000, 440) > 1000
                    ok(await kari.request("call_hangup", conversation=conv))
    assert loud_share(held) > 0.02, "the held caller hears no waiting audio"
    assert share(held, 440) < 0.01
    with contextlib.closing(sqlite3.connect(db)) as conn:
        kinds = [(kind, json.loads(data).get("reason")) for kind, data in conn.execute(
            "SELECT kind, data FROM events WHERE kind LIKE 'call_%' ORDER BY seq")]
    assert kinds[1:] == [("call_answered", None), ("call_held", "desk_lost"),
                         ("call_resumed", None), ("call_ended", None)], kinds


def envelope(part: array.array[int], frame: int = 160) -> list[float]:
    return [math.sqrt(sum(x * x for x in part[i:i + frame]) / frame)
            for i in range(0, len(part) - frame + 1, frame)]


def correlation(a: list[float] | array.array[int], b: list[float] | array.array[int]) -> float:
    n = min(len(a), len(b))
    ma, mb = sum(a[:n]) / n, sum(b[:n]) / n
    xa, xb = [x - ma for x in a[:n]], [x - mb for x in b[:n]]
    top = sum(map(operator.mul, xa, xb))
    return top / max(math.sqrt(sum(x * x for x in xa) * sum(x * x for x in xb)), 1e-9)


def found_at(heard: array.array[int], clip: array.array[int]) -> list[tuple[float, float]]:
    """Where ``clip`` is in ``heard``: (second, sample correlation) of each place whose
    loudness follows the clip's, best sample offset near it."""
    small, whole = envelope(clip), envelope(heard)
    places: list[tuple[float, float]] = []
    i = 0
    while i + len(small) <= len(whole):
        if correlation(whole[i:i + len(small)], small) > 0.8:
            best = max(
                correlation(heard[i * 160 + shift:i * 160 + shift + len(clip)], clip)
                for shift in range(-160, 161, 4) if i * 160 + shift >= 0
            )
            places.append((i * 160 / RATE, best))
            i += len(small)
        else:
            i += 1
    return places


def clip(folder: Path, number: int) -> array.array[int]:
    with wave.open(str(spoken_position(folder, number))) as wav:
        return array.array("h", wav.readframes(wav.getnframes()))


async def test_a_waiting_caller_hears_its_place_in_the_queue_again_and_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The second caller hears "Du er nummer 2 i køen" after the announcement (a short one
    here) and again every ``position_every_s`` (4 s here); not "nummer 1"."""
    every = 4.0
    monkeypatch.setattr(audio, "announced", SHORT_ANNOUNCEMENT)
    async with (
        endpoint({}, position_s=every) as (adapter, events),
        caller(tmp_path / "a") as a,
        caller(tmp_path / "b", number="+4791234513") as b,
    ):
        await dial(a, adapter, events)
        await dial(b, adapter, events)
        assert adapter._announced_s < 5, "not the short announcement"
        await until_heard(tmp_path / "b", adapter._announced_s + 2.5 * every)
    heard = samples(tmp_path / "b")
    two, one = clip(tmp_path / "clips", 2), clip(tmp_path / "clips", 1)
    twos = [(at, c) for at, c in found_at(heard, two) if c > 0.9]
    assert len(twos) >= 2, found_at(heard, two)
    assert abs(twos[1][0] - twos[0][0] - every) < 0.5, twos
    assert twos[0][0] >= adapter._announced_s - 0.5, "the position cut the announcement"
    ones = [c for _, c in found_at(heard, one)]
    assert max(ones, default=0.0) < 0.9, ones


async def test_a_transfer_moves_the_voice_to_the_colleagues_desk(tmp_path: Path) -> None:
    async with (
        desk_phone(tmp_path / "kari", "kari", 440) as kari,
        desk_phone(tmp_path / "ola", "ola", 600) as ola,
        endpoint({"kari": kari, "ola": ola}) as (adapter, events),
        caller(tmp_path / "a", hertz=1000) as a,
    ):
        call = await dial(a, adapter, events)
        await until_heard(tmp_path / "a", 1)
        await adapter.answer(call, "kari")
        await until_heard(tmp_path / "kari", TALK_S)
        moved_at = heard_s(tmp_path / "a")
        await adapter.transfer(call, "ola")
        await until_event(kari, "CALL_CLOSED", timeout=10)  # the first desk is let go
        await until_heard(tmp_path / "ola", TALK_S)
        await until_heard(tmp_path / "a", moved_at + TALK_S)
        assert adapter.calls[call].desk == "ola"
    assert dominant(tmp_path / "ola", 1000, 440, 600) > 1000
    assert dominant(tmp_path / "a", 600, 440, 1000) > 1000


async def test_a_line_that_dies_ends_its_call_and_starts_again(tmp_path: Path) -> None:
    """One line: its baresip is SIGKILLed with a caller on it; the call ends on the hub and
    the next caller gets through on the same line (checked by not restarting: the second
    caller is never offered)."""
    async with (
        endpoint({}, lines=1) as (adapter, events),
        caller(tmp_path / "a") as a,
        caller(tmp_path / "b", number="+4791234513") as b,
    ):
        call = await dial(a, adapter, events)
        line = adapter.calls[call].line
        assert line.process._proc is not None
        line.process._proc.send_signal(signal.SIGKILL)
        assert await asyncio.wait_for(events.get(), 10) == CallEvent("ended", call)
        again = await dial(b, adapter, events)
        assert adapter.calls[again].line is line
