"""A desk softphone that dies while its desk stays connected, and a shift lead taking over
the held call of a lost desk (docs/telephony.md, "A softphone lost").

Real parts: ``workstation-hub serve --sip … --sip-desk …`` (baresip lines behind Kamailio),
a baresip caller sending 1 kHz, the desk's own :class:`DeskSoftphone` (440 Hz from a file,
the lead's 600 Hz), SIGKILL for the softphone; Goertzel power says who hears whom.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.test_sip_lines import (
    RATE,
    TALK_S,
    dominant,
    heard_s,
    samples,
    share,
    until_heard,
)
from tests.support.hubs import make_db
from tests.support.sip import caller, loud_share, sip_hub, staff, tone, wire_send
from tests.support.wire import Wire, ok
from workstation.client.softphone import SoftphoneLink
from workstation.sip.softphone import HEARTBEAT_S, HEARTBEAT_TIMEOUT_S, DeskSoftphone

pytestmark = pytest.mark.slow


@contextlib.asynccontextmanager
async def softphone(folder: Path, user: str, hertz: float, port: int = 0) -> AsyncIterator[
    DeskSoftphone
]:
    """The desk code's softphone, with a tone for a microphone, recording what it hears."""
    (folder / "heard").mkdir(parents=True, exist_ok=True)
    phone = DeskSoftphone(user, hub_host="127.0.0.1", port=port,
                          source=f"aufile,{tone(folder / 'tone.wav', hertz, 60)}",
                          record_to=folder / "heard", log_to=folder / "baresip.log")
    async with phone:
        yield phone


async def answered(hub_sip: str, phone_dir: Path, desk_dir: Path, desk: Wire,
                   phone: object) -> str:
    """Dial 116111, answer on ``desk``; both sides hear each other: the conversation."""
    control = getattr(phone, "control", None)
    assert control is not None
    await control.command("dial", f"sip:116111@{hub_sip.removeprefix('udp:')}")
    ringing = await desk.expect(lambda f: f["type"] == "calls" and f["items"], 20)
    conv = str(ringing["items"][0]["conversation"])
    await until_heard(phone_dir, 1)
    before = heard_s(phone_dir)
    ok(await desk.request("call_answer", conversation=conv))
    await until_heard(desk_dir, TALK_S)
    await until_heard(phone_dir, before + TALK_S)
    return conv


def call_kinds(db: Path) -> list[tuple[str, str | None]]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return [(kind, json.loads(data).get("reason")) for kind, data in conn.execute(
            "SELECT kind, data FROM events WHERE kind LIKE 'call_%' ORDER BY seq")]


async def test_a_softphone_killed_mid_call_holds_the_caller_and_comes_back(
    tmp_path: Path,
) -> None:
    """kari's softphone is SIGKILLed while her desk stays connected: the desk code notices,
    tells the hub, the caller hears the waiting audio, the lead is alerted, the softphone
    starts again on its port, and kari's ``call_resume`` brings both voices back."""
    db, log = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log"
    kari_dir, a_dir = tmp_path / "kari", tmp_path / "a"
    loop = asyncio.get_running_loop()
    async with softphone(kari_dir, "kari", 440) as desk:
        port = desk.process.settings.port
        with sip_hub(db, log, desk=desk.template) as hub:
            async with (staff(hub.url, "lead") as lead, caller(a_dir) as phone,
                        staff(hub.url, "kari") as kari):
                told: list[asyncio.Task[object]] = []
                desk.on_lost = lambda: told.append(  # what the desk's SoftphoneWatch does
                    loop.create_task(kari.request("softphone_lost")))
                conv = await answered(hub.sip, a_dir, kari_dir, kari, phone)
                proc = desk.process._proc
                assert proc is not None
                ready_at: list[float] = []
                desk.on_change = lambda: ready_at.append(loop.time()) if (
                    desk.state == "ready" and not ready_at) else None
                killed_at = loop.time()
                proc.send_signal(signal.SIGKILL)
                alert = await lead.expect(
                    lambda f: f["type"] == "alert" and f["alert"] == "call_desk_lost", 15)
                noticed_s = loop.time() - killed_at
                print(f"softphone SIGKILLed → lead alerted in {noticed_s:.2f} s")
                assert noticed_s < 5
                assert (alert["conversation"], alert["user"], alert["reason"]) == (
                    conv, "kari", "softphone_lost")
                assert ok(await told[0])["held"] == [conv]
                lost_at = heard_s(a_dir)
                await until_heard(a_dir, lost_at + 5)  # not hung up: waiting audio
                held = samples(a_dir)[int((lost_at + 0.5) * RATE):]
                await asyncio.wait_for(desk.until("ready"), 15)
                print(f"softphone ready again {ready_at[0] - killed_at:.2f} s after SIGKILL")
                assert desk.restarts == 1 and desk.process.settings.port == port
                ok(await kari.request("call_resume", conversation=conv))
                await until_heard(kari_dir, TALK_S)  # the restarted softphone's new call
                resumed_at = heard_s(a_dir)
                await until_heard(a_dir, resumed_at + TALK_S)
                assert dominant(a_dir, 440, 1000) > 1000
                assert dominant(kari_dir, 1000, 440) > 1000
                ok(await kari.request("call_hangup", conversation=conv))
    assert loud_share(held) > 0.02, "the held caller hears no waiting audio"
    assert share(held, 440) < 0.01
    assert call_kinds(db)[1:] == [("call_answered", None), ("call_held", "softphone_lost"),
                                  ("call_resumed", None), ("call_ended", None)]


async def test_a_softphone_that_hangs_is_killed_restarted_and_the_caller_held(
    tmp_path: Path,
) -> None:
    """kari's softphone is SIGSTOPped mid-call (it hangs, its control connection stays open):
    the heartbeat misses, the desk kills it, tells the hub ``softphone_lost`` (the lead's
    alert, ``call_held`` with ``reason: softphone_lost``), starts it again on the same port
    and says ``softphone_ready``; kari resumes and both voices are back. The hub has no
    ``--sip-desk``: it knows kari's softphone from ``softphone_ready`` alone."""
    db, log = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log"
    kari_dir, a_dir = tmp_path / "kari", tmp_path / "a"
    loop = asyncio.get_running_loop()
    async with softphone(kari_dir, "kari", 440) as desk:
        port = desk.port
        with sip_hub(db, log) as hub:
            async with (staff(hub.url, "lead") as lead, caller(a_dir) as phone,
                        staff(hub.url, "kari") as kari):
                link = SoftphoneLink(desk, wire_send(kari))  # what the desk's window uses
                await link.settled()
                conv = await answered(hub.sip, a_dir, kari_dir, kari, phone)
                proc = desk.process._proc
                assert proc is not None
                stopped_at = loop.time()
                proc.send_signal(signal.SIGSTOP)
                try:
                    alert = await lead.expect(
                        lambda f: f["type"] == "alert" and f["alert"] == "call_desk_lost", 20)
                    noticed_s = loop.time() - stopped_at
                    held = await kari.event(conv, "call_held", 5)
                finally:
                    # only if the desk did not kill it; os.kill, not Popen.send_signal, which
                    # polls first and may reap the killed child before asyncio's watcher thread
                    # does (which then reports returncode 255: CPython issue 86276)
                    if proc.returncode is None:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(proc.pid, signal.SIGCONT)
                print(f"softphone SIGSTOPped → lead alerted in {noticed_s:.2f} s")
                assert noticed_s < HEARTBEAT_S + HEARTBEAT_TIMEOUT_S + 2.5
                assert (alert["user"], alert["reason"]) == ("kari", "softphone_lost")
                assert (held["by"], held["reason"]) == ("network", "softphone_lost")
                await asyncio.wait_for(proc.wait(), 5)
                assert proc.returncode == -signal.SIGKILL  # killed by the desk, not left
                await asyncio.wait_for(desk.until("ready"), 15)
                assert (desk.hangs, desk.restarts, desk.port) == (1, 1, port)
                await link.settled()
                assert [a["type"] for a in link.answers] == ["ok", "ok", "ok"]  # ready,
                # lost (holding the call), ready again
                ok(await kari.request("call_resume", conversation=conv))
                await until_heard(kari_dir, TALK_S)
                resumed_at = heard_s(a_dir)
                await until_heard(a_dir, resumed_at + TALK_S)
                assert dominant(a_dir, 440, 1000) > 1000
                assert dominant(kari_dir, 1000, 440) > 1000
                ok(await kari.request("call_hangup", conversation=conv))
    assert call_kinds(db)[1:] == [("call_answered", None), ("call_held", "softphone_lost"),
                                  ("call_resumed", None), ("call_ended", None)]


async def test_the_lead_takes_over_the_held_call_of_a_lost_desk(tmp_path: Path) -> None:
    """kari's desk dies (softphone SIGKILLed, connection gone): the lead's
    ``call_take_over`` rings the lead's softphone, the caller hears the lead (600 Hz) and
    the lead the caller; kari, back, is told."""
    db, log = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log"
    kari_dir, lead_dir, a_dir = tmp_path / "kari", tmp_path / "lead", tmp_path / "a"
    async with softphone(kari_dir, "kari", 440) as desk:
        port = desk.process.settings.port
        with sip_hub(db, log, desk=desk.template) as hub:
            async with staff(hub.url, "lead") as lead, caller(a_dir) as phone:
                async with staff(hub.url, "kari") as kari:
                    conv = await answered(hub.sip, a_dir, kari_dir, kari, phone)
                    assert desk.process._proc is not None
                    desk.process._proc.send_signal(signal.SIGKILL)
                await lead.expect(lambda f: f["type"] == "alert"
                                  and f.get("reason") == "desk_lost", 15)
                await desk.stop()  # the whole desk is gone, its softphone with it
                lost_at = heard_s(a_dir)
                await until_heard(a_dir, lost_at + 2)
                # one desk per port on one machine: the lead's softphone takes kari's port
                async with softphone(lead_dir, "lead", 600, port=port) as lead_phone:
                    ok(await lead.request("call_take_over", conversation=conv))
                    assert lead_phone.state == "in_call"
                    await until_heard(lead_dir, TALK_S)
                    taken_at = heard_s(a_dir)
                    await until_heard(a_dir, taken_at + TALK_S)
                    assert dominant(a_dir, 600, 1000, 440) > 1000
                    assert dominant(lead_dir, 1000, 440) > 1000
                    async with staff(hub.url, "kari") as back:
                        told = await back.expect(lambda f: f["type"] == "call_taken_over")
                        assert (told["conversation"], told["user"]) == (conv, "lead")
                        refused = await back.request("call_resume", conversation=conv)
                        assert refused["code"] == "forbidden"
                    ok(await lead.request("call_hangup", conversation=conv))
    assert call_kinds(db)[1:] == [("call_answered", None), ("call_held", "desk_lost"),
                                  ("call_taken_over", None), ("call_resumed", None),
                                  ("call_ended", None)]
