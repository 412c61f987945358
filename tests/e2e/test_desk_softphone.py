"""The desk's own softphone (``workstation.sip.softphone``), started by the desk code.

``workstation --demo --sip`` starts a :class:`DeskSoftphone` for the demo counsellor and its
hub dials it on an answer: here with a 440 Hz source instead of a microphone, and a baresip
caller sending 1 kHz. The desk hears the caller; mute turns the desk's tone off for the
caller; a call that does not come from the hub's host is refused.
"""

from __future__ import annotations

import array
import asyncio
import fcntl
import math
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from tests.e2e.test_sip_call import until_event, until_heard
from tests.e2e.test_sip_desk_voice import TALK_S, dominant, seconds_heard
from tests.support.sip import caller, heard, need, power_at, tone
from tests.support.wire import Wire, ok
from workstation.sip.softphone import DeskSoftphone, peer_host
from workstation.ui.demo import run_demo_hub

pytestmark = pytest.mark.slow


async def test_the_demo_desks_softphone_is_dialled_on_answer_and_mute_silences_it(
    tmp_path: Path,
) -> None:
    need("baresip")
    desk = tmp_path / "desk"
    (desk / "heard").mkdir(parents=True)
    options = {"source": f"aufile,{tone(desk / 'tone.wav', 440, 60)}",
               "record_to": desk / "heard", "log_to": desk / "baresip.log"}
    async with run_demo_hub(contacts=0, stream=False, sip="udp:127.0.0.1:0",
                            softphone=options) as demo:
        assert demo.sip is not None and demo.softphone is not None
        softphone = demo.softphone
        assert softphone.state == "ready"
        async with Wire.connect(demo.url, "/v1/staff") as wire, \
                caller(tmp_path / "caller", hertz=1000) as phone:
            ok(await wire.request("hello", user=demo.user, password=demo.password))
            assert phone.control is not None
            await phone.control.command("dial", f"sip:116111@{demo.sip.removeprefix('udp:')}")
            ringing = await wire.expect(lambda f: f["type"] == "calls" and f["items"], 20)
            conv = ringing["items"][0]["conversation"]
            await until_heard(tmp_path / "caller", 1)
            before = seconds_heard(tmp_path / "caller")
            ok(await wire.request("call_answer", conversation=conv))
            await until_heard(desk, TALK_S)
            await until_heard(tmp_path / "caller", before + TALK_S)
            assert softphone.state == "in_call"
            talked = int(seconds_heard(tmp_path / "caller") * 8000)
            await softphone.set_muted(True)
            assert softphone.muted
            await until_heard(tmp_path / "caller", talked / 8000 + 1 + TALK_S)
            await phone.control.command("hangup")
            await wire.event(conv, "call_ended", timeout=10)
            await asyncio.wait_for(softphone.until("ready"), 10)
    assert softphone.state == "off"
    assert dominant(heard(desk), 1000, 440) > 1000  # the caller's tone reached the desk
    spoken = heard(tmp_path / "caller")[:talked]
    muted = heard(tmp_path / "caller")[talked + 8000:talked + 8000 * (1 + TALK_S)]
    assert dominant(spoken, 440, 1000) > 1000  # the desk's tone reached the caller
    assert power_at(muted, 440) < power_at(spoken[-len(muted):], 440) / 1000, "mute let it by"


async def test_the_softphone_answers_the_hubs_host_only(tmp_path: Path) -> None:
    need("baresip")
    async with DeskSoftphone("kari", hub_host="192.0.2.1") as stranger_only, \
            caller(tmp_path / "other") as phone:
        assert phone.control is not None
        await phone.control.command("dial", stranger_only.address)
        seen = []
        async with asyncio.timeout(15):
            while (event := await phone.control.events.get()) is not None:
                seen.append(event.get("type"))
                if seen[-1] == "CALL_CLOSED":
                    break
        assert "CALL_CLOSED" in seen and "CALL_ESTABLISHED" not in seen, seen
        assert stranger_only.state == "ready"
    async with DeskSoftphone("kari", hub_host="127.0.0.1") as ours, \
            caller(tmp_path / "hub") as phone:
        assert phone.control is not None
        await phone.control.command("dial", ours.address)
        await until_event(phone, "CALL_ESTABLISHED")
        await asyncio.wait_for(ours.until("in_call"), 10)


def test_peer_host() -> None:
    assert peer_host("sip:leg1a@127.0.0.1:5060") == "127.0.0.1"
    assert peer_host("<sip:leg1a@[::1]:5060;transport=udp>") == "::1"
    assert peer_host("sip:kari@desk.example") == "desk.example"


class Speaker:
    """An ALSA "speaker" that can be recorded: alsa-lib's ``file`` plugin writing into a FIFO
    (``alsa,file:'FIFO',raw``) that this reads at the telephone's pace (8000 samples a second),
    so baresip's player is held to real time as by a sound card (the pipe is shrunk to 4 KiB,
    a quarter of a second)."""

    def __init__(self, folder: Path) -> None:
        self.fifo = folder / "speaker"
        os.mkfifo(self.fifo)
        self.fd = os.open(self.fifo, os.O_RDONLY | os.O_NONBLOCK)
        fcntl.fcntl(self.fd, fcntl.F_SETPIPE_SZ, 4096)
        self.samples = array.array("h")
        self._grew = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._read())

    @property
    def device(self) -> str:
        return f"alsa,file:'{self.fifo}',raw"

    async def _read(self) -> None:
        start, taken = time.monotonic(), 0
        while True:
            due = int((time.monotonic() - start) * 8000 * 2) - taken
            if due > 0:
                try:
                    data = os.read(self.fd, due - due % 2)
                except BlockingIOError:
                    data = b""
                taken += len(data) if data else due  # nothing to read: time passes anyway
                self.samples.extend(array.array("h", data))
                self._grew.set()
            await asyncio.sleep(0.02)

    async def until(self, count: int, timeout: float = 20) -> None:
        async with asyncio.timeout(timeout):
            while len(self.samples) < count:
                self._grew.clear()
                await self._grew.wait()

    def close(self) -> None:
        self._task.cancel()
        os.close(self.fd)


def frame_rms(samples: array.array[int], frame: int = 160) -> float:
    """The median RMS of 20 ms frames (a frame lost or repeated here and there moves it not)."""
    values = sorted(math.sqrt(sum(s * s for s in samples[i:i + frame]) / frame)
                    for i in range(0, len(samples) - frame + 1, frame))
    return values[len(values) // 2]


async def test_the_volume_makes_the_call_quieter_on_the_speaker() -> None:
    """A caller's 1 kHz played on the softphone's ALSA speaker at 100 %, then at 25 % during
    the call: the speaker gets about 12 dB less (20·log10(4) = 12.04; measured 12.04); 50 %
    set between calls: the next call is about 6 dB quieter."""
    need("baresip")
    # baresip 1.0 keeps 127 characters of a device name: a short folder for the FIFO's path
    folder = Path(tempfile.mkdtemp(prefix="vol", dir="/tmp"))
    speaker = Speaker(folder)
    try:
        async with DeskSoftphone("kari", hub_host="127.0.0.1", player=speaker.device,
                                 volume=100) as desk, caller(folder / "hub") as phone:
            assert phone.control is not None
            await phone.control.command("dial", desk.address)
            await asyncio.wait_for(desk.until("in_call"), 15)
            await speaker.until(1)
            start = len(speaker.samples)
            await speaker.until(start + 8000 * 3)
            loud = speaker.samples[start + 8000:start + 8000 * 3]
            await desk.set_volume(25)
            switched = len(speaker.samples)
            await speaker.until(switched + 8000 * 3)
            quiet = speaker.samples[switched + 8000:switched + 8000 * 3]
            await phone.control.command("hangup")
            await asyncio.wait_for(desk.until("ready"), 10)
            await desk.set_volume(50)  # between calls: from the next call on
            await phone.control.command("dial", desk.address)
            await asyncio.wait_for(desk.until("in_call"), 15)
            again = len(speaker.samples)
            await speaker.until(again + 8000 * 3)
            half = speaker.samples[again + 8000:again + 8000 * 3]
            await phone.control.command("hangup")
            await asyncio.wait_for(desk.until("ready"), 10)
    finally:
        speaker.close()  # after the softphone stopped: its player never waits on a full pipe
        shutil.rmtree(folder, ignore_errors=True)
    for played in (loud, quiet, half):
        assert dominant(played, 1000, 440) > 1000
    drop = 20 * math.log10(frame_rms(loud) / frame_rms(quiet))
    assert 10.5 < drop < 13.5, (frame_rms(loud), frame_rms(quiet), drop)
    drop = 20 * math.log10(frame_rms(loud) / frame_rms(half))
    assert 4.5 < drop < 7.5, (frame_rms(loud), frame_rms(half), drop)
