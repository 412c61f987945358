"""Real calls for tests: the hub with ``--sip``, baresip callers that record what they hear,
SIPp, and a look at the recorded audio.

Tools are Debian's (``./dev`` installs them); a missing one fails the test with the
``apt-get`` line to run, never a skip.
"""

from __future__ import annotations

import array
import asyncio
import contextlib
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import wave
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.hubs import PASSWORD
from tests.support.wire import Wire, ok
from workstation.hub.cli import ANNOUNCEMENT_ENV
from workstation.hub.telephony.adapter import CallEvent
from workstation.hub.telephony.sip import SipTelephony
from workstation.sip import BaresipProcess, BaresipSettings
from workstation.sip.audio import announcement
from workstation.sip.process import free_port
from workstation.sip.waiting import seconds as wav_seconds

#: The caller's number in these tests, and the digits a byte scan looks for.
CALLER = "+4791234512"
MASKED = "+47 ** ** ** 12"
#: What the hub announces in the tests that wait for the announcement to end: 3.4 s instead of
#: the 17 s of :data:`workstation.sip.audio.ANNOUNCEMENT` (``sip_hub(…, env=SHORT_ENV)``; in
#: the hub's own process, ``monkeypatch.setattr(audio, "announced", SHORT_ANNOUNCEMENT)``).
SHORT_ANNOUNCEMENT = "Har du en kode, tast den nå."
SHORT_ENV = {ANNOUNCEMENT_ENV: SHORT_ANNOUNCEMENT}
#: Debian packages the SIP tests need, by program.
TOOLS = {"baresip": "baresip-core", "sipp": "sip-tester", "sox": "sox", "kamailio": "kamailio",
         "jackd": "jackd2"}


def need(program: str) -> str:
    found = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")
    assert found, f"{program} is missing: apt-get install -y {TOOLS.get(program, program)}"
    return found


@dataclass
class SipHub:
    """Attributes: url: ws://…; sip: ``udp:HOST:PORT``; host, port: of ``sip``."""

    url: str
    sip: str
    proc: subprocess.Popen[str]

    @property
    def host(self) -> str:
        return self.sip.split(":")[1]

    @property
    def port(self) -> int:
        return int(self.sip.rsplit(":", 1)[1])


@contextlib.contextmanager
def sip_hub(db: Path | str, log: Path, wait_minutes: float = 1.0,
            desk: str | None = None, lines: int = 4,
            position_s: float = 60.0, extra: tuple[str, ...] = (),
            env: dict[str, str] | None = None) -> Iterator[SipHub]:
    """``workstation-hub serve --sip udp:127.0.0.1:0`` with its log in ``log``; ``desk``:
    its ``--sip-desk`` (``sip:{user}@HOST:PORT``); ``lines``: ``--sip-lines``; ``extra``:
    more options; ``env``: more environment variables."""
    need("baresip")
    need("sox")
    need("kamailio")
    with log.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "workstation.hub.cli", "serve", "--db", str(db),
             "--port", "0", "--sip", "udp:127.0.0.1:0", "--sip-wait-minutes", str(wait_minutes),
             "--sip-lines", str(lines), "--sip-position-seconds", str(position_s),
             *(["--sip-desk", desk] if desk else []), *extra],
            stdout=subprocess.PIPE, stderr=stderr, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )
        assert proc.stdout is not None
        try:
            listening, sip = proc.stdout.readline(), proc.stdout.readline()
            assert listening.startswith("listening on ws://"), log.read_text()
            assert sip.startswith("sip on udp:127.0.0.1:"), (sip, log.read_text())
            yield SipHub(listening.split()[-1], sip.split()[-1], proc)
            if proc.poll() is None:  # not killed by the test: a clean stop
                proc.terminate()
                assert proc.wait(20) == 0, log.read_text()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
            proc.stdout.close()


def announced_s(folder: Path, text: str = SHORT_ANNOUNCEMENT) -> float:
    """How long the hub's announcement ``text`` lasts (made here as the hub makes it)."""
    folder.mkdir(parents=True, exist_ok=True)
    return wav_seconds(announcement(folder, text))


def tone(path: Path, hertz: float, seconds: float) -> Path:
    """A sine at ``hertz`` in the telephone's format (baresip's aufile does not resample)."""
    need("sox")
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", str(path), "synth",
                    str(seconds), "sine", str(hertz), "vol", "0.5"], check=True)
    return path


def _prepare(folder: Path, hertz: float) -> Path:
    (folder / "heard").mkdir(parents=True, exist_ok=True)
    return tone(folder / "tone.wav", hertz, 60)


@contextlib.asynccontextmanager
async def caller(folder: Path, number: str = CALLER, hertz: float = 1000) -> AsyncIterator[
    BaresipProcess
]:
    """A baresip phone that sends a tone and records what it hears into ``folder/heard``."""
    need("baresip")
    source = _prepare(folder, hertz)
    phone = BaresipProcess(BaresipSettings(
        user=number, source=f"aufile,{source}", answer="manual", record_to=folder / "heard",
        log=folder / "baresip.log",
    ))
    async with phone:
        yield phone


def heard(folder: Path) -> array.array[int]:
    """The samples a :func:`caller` received (its one call's ``…-dec.wav``)."""
    files = sorted((folder / "heard").glob("*-dec.wav"))
    assert len(files) == 1, files
    with wave.open(str(files[0])) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (8000, 1, 2)
        samples = array.array("h", wav.readframes(wav.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def loud_share(samples: array.array[int], threshold: float = 300.0, frame: int = 160) -> float:
    """The share of 20 ms frames whose RMS is above ``threshold`` (silence is 0)."""
    frames = [samples[i:i + frame] for i in range(0, len(samples) - frame + 1, frame)]
    if not frames:
        return 0.0
    loud = sum(1 for f in frames if math.sqrt(sum(s * s for s in f) / frame) > threshold)
    return loud / len(frames)


@contextlib.contextmanager
def kamailio(folder: Path, hub: str) -> Iterator[int]:
    """Kamailio relaying INVITEs for 116111 to ``hub`` (``HOST:PORT``); yields its UDP port."""
    program = need("kamailio")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_udp()
    config = (Path(__file__).parents[1] / "e2e" / "kamailio" / "proxy.cfg").read_text()
    cfg = folder / "proxy.cfg"
    cfg.write_text(config.replace("LISTEN", f"127.0.0.1:{port}").replace("HUB", hub))
    with (folder / "kamailio.log").open("w") as log:
        proc = subprocess.Popen(
            [program, "-f", str(cfg), "-DD", "-E", "-m", "32", "-M", "4", "-Y", str(folder),
             "-P", str(folder / "kamailio.pid")],
            stdout=log, stderr=log, start_new_session=True,
        )
    try:
        _until_answers(port, proc)
        yield port
    finally:
        end_kamailio(proc)


def end_kamailio(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL to its whole process group after 10 s: a loaded machine once kept
    a test's Kamailio shutting down past 10 s (CI), and a killed main process would leave its
    workers holding the port. Started with ``start_new_session=True``."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def free_udp() -> int:
    return free_port(socket.SOCK_DGRAM)


@contextlib.asynccontextmanager
async def staff(url: str, user: str = "kari") -> AsyncIterator[Wire]:
    """A signed-in staff connection (the desk's side of the wire)."""
    async with Wire.connect(url, "/v1/staff") as wire:
        ok(await wire.request("hello", user=user, password=PASSWORD))
        yield wire


def wire_send(wire: Wire) -> Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]:
    """A desk's ``send`` (:class:`workstation.client.softphone.SoftphoneLink`) over ``wire``."""
    return lambda frame: wire.request(
        frame["type"], **{key: value for key, value in frame.items() if key != "type"})


def _until_answers(port: int, proc: subprocess.Popen[bytes], timeout: float = 15) -> None:
    """Send OPTIONS until the proxy answers anything."""
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        probe.settimeout(0.2)
        me = probe.getsockname()[1]
        options = (
            f"OPTIONS sip:ping@127.0.0.1:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{me};branch=z9hG4bK-probe\r\n"
            f"From: <sip:probe@127.0.0.1:{me}>;tag=p\r\nTo: <sip:ping@127.0.0.1>\r\n"
            "Call-ID: probe\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 5\r\nContent-Length: 0\r\n\r\n"
        ).encode()
        while time.monotonic() < deadline:
            assert proc.poll() is None, "kamailio exited at start (see kamailio.log)"
            probe.sendto(options, ("127.0.0.1", port))
            try:
                if probe.recv(4096).startswith(b"SIP/2.0"):
                    return
            except TimeoutError:
                continue
    raise AssertionError("kamailio did not answer OPTIONS")


def power_at(samples: array.array[int], hertz: float, rate: int = 8000) -> float:
    """The Goertzel power of ``samples`` at ``hertz``: how much of that tone they hold."""
    k = 2 * math.cos(2 * math.pi * hertz / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + k * s1 - s2, s1
    return s1 * s1 + s2 * s2 - k * s1 * s2


@contextlib.asynccontextmanager
async def sip_endpoint(desk_phone: Callable[[str], str | None], lines: int = 4,
                       position_s: float = 0) -> AsyncIterator[
    tuple[SipTelephony, asyncio.Queue[CallEvent]]
]:
    """The hub's SIP endpoint on its own (its Kamailio and ``lines`` baresip lines), with
    what it reports on a queue."""
    adapter = SipTelephony(desk_phone=desk_phone, lines=lines, position_every_s=position_s)
    events: asyncio.Queue[CallEvent] = asyncio.Queue()

    async def listen(event: CallEvent) -> None:
        await events.put(event)

    adapter.attach(listen)
    await adapter.start()
    try:
        yield adapter, events
    finally:
        await adapter.stop()
