"""The delay the hub's bridge adds to a call's voice, and answer-to-audio on the desk.

    .venv/bin/python bench/sip_bridge_delay.py [--rounds 3] [--bursts 8] [--mixer]

A baresip caller sends tone bursts (a WAV file: 100 ms of 1 kHz every second, silence between,
played by ``aufile``); a baresip desk softphone (answering by itself, like the desk's) records
what it hears (``sndfile``). Each round places two calls with fresh processes and the same
devices and settings:

- **direct**: the caller dials the desk softphone itself (no hub) — the baseline;
- **hub**: the caller dials 116111 on ``workstation-hub serve --sip udp:127.0.0.1:0
  --sip-desk …`` (its Kamailio and a baresip line), waits in the queue, and a counsellor
  answers on the staff wire; the hub dials the desk softphone and bridges the two legs.

The common clock: a thread of this process polls the sizes of the caller's sent-audio file
(``…-enc.wav``: written as each 20 ms frame is encoded and sent) and the desk's received-audio
file (``…-dec.wav``: written as each frame is decoded) every 0.5 ms and notes when each
frame was written. A burst's onset (its first loud sample) in each file is placed in time by
the write of the frame holding it. Mouth-to-ear (caller's encoder → desk's decoder, both
jitter buffers on the way included) = onset at the desk − onset at the caller; the bridge
adds hub − direct. Answer-to-audio: the counsellor's ``call_answer`` sent → the desk's first
decoded frame of the caller's leg.

With ``--mixer``, each round places a third call, **mixed**: as **hub**, but the desk softphone
(kari) and a shift lead's softphone (both answering by themselves, each on its own port, told
to the hub with ``softphone_ready``) are on one hub; kari asks the lead into a consultation
and the lead listens in (``call_listen``), which moves the caller's and kari's voices into the
hub's JACK mixer (docs/telephony.md, "Listen-in and three-way"). Measured: the bursts heard
by kari and by the lead after the listen-in began; the mixer adds mixed − hub.

Not part of the test run (docs/performance.md, "The bridge's added delay").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from _common import REPO, machine_info

sys.path.insert(0, str(REPO))

from tests.support.hubs import make_db  # noqa: E402
from tests.support.sip import need, sip_hub, staff  # noqa: E402
from tests.support.wire import ok  # noqa: E402
from workstation.sip import BaresipProcess, BaresipSettings  # noqa: E402

RATE = 8000
FRAME_BYTES = 320  # 20 ms of 16-bit samples at 8 kHz: one RTP packet's worth
HEADER = 44  # a WAV header as libsndfile writes it
BURST_EVERY_S = 1.0
BURST_S = 0.1
LOUD = 2000  # a burst's samples reach 0.5 of full scale; decoded silence is a few units


def bursts(path: Path, seconds: int) -> Path:
    """``seconds`` of silence with a 100 ms 1 kHz burst at the start of each second."""
    need("sox")
    subprocess.run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(path), "synth",
                    str(BURST_S), "sine", "1000", "vol", "0.5", "pad", "0",
                    str(BURST_EVERY_S - BURST_S), "repeat", str(seconds - 1)], check=True)
    return path


def onsets(path: Path) -> list[int]:
    """The sample index of each burst's first loud sample (after at least 0.5 s of quiet)."""
    with wave.open(str(path)) as wav:
        raw = wav.readframes(wav.getnframes())
    samples = memoryview(raw).cast("h")
    found: list[int] = []
    quiet_since = 0
    for i, x in enumerate(samples):
        if abs(x) > LOUD:
            if i - quiet_since >= RATE // 2:
                found.append(i)
            quiet_since = i
    return found


@dataclass
class Watch:
    """Frame write times of the files ``pattern`` in ``folder`` (first match)."""

    folder: Path
    pattern: str
    path: Path | None = None
    writes: list[tuple[float, int]] = field(default_factory=list)  # (monotonic, size)

    def poll(self, now: float) -> None:
        if self.path is None:
            found = sorted(self.folder.glob(self.pattern))
            if not found:
                return
            self.path = found[0]
        try:
            size = self.path.stat().st_size
        except OSError:
            return
        if not self.writes or size != self.writes[-1][1]:
            self.writes.append((now, size))

    def first_write(self) -> float:
        """When the first frame was written (the header alone is not a frame)."""
        return next(t for t, size in self.writes if size > HEADER)

    def time_of(self, sample: int) -> float:
        """When ``sample`` was written, less its distance to the end of that write: the
        write of a frame is when its last sample is "now"."""
        needed = HEADER + 2 * (sample + 1)
        for t, size in self.writes:
            if size >= needed:
                return t - ((size - HEADER) // 2 - 1 - sample) / RATE
        raise ValueError("sample never written")


@contextmanager
def watching(*watches: Watch) -> Iterator[None]:
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            now = time.monotonic()
            for watch in watches:
                watch.poll(now)
            time.sleep(0.0005)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def delays(sent: Watch, heard: Watch, since: float = 0.0) -> list[float]:
    """Each burst heard (at ``since`` or later, monotonic), ms after it was sent."""
    assert sent.path is not None and heard.path is not None, "a recording is missing"
    sent_at = [sent.time_of(i) for i in onsets(sent.path)]
    found = []
    for i in onsets(heard.path):
        at = heard.time_of(i)
        if at < since:
            continue
        before = [t for t in sent_at if t <= at]
        if before:
            found.append((at - before[-1]) * 1000)
    return found


def phone(folder: Path, user: str, source: str, answer: str) -> BaresipProcess:
    (folder / "heard").mkdir(parents=True, exist_ok=True)
    return BaresipProcess(BaresipSettings(user=user, source=source, answer=answer,
                                          record_to=folder / "heard",
                                          log=folder / "baresip.log"))


async def until_event(proc: BaresipProcess, kind: str, timeout: float = 20) -> None:
    assert proc.control is not None
    async with asyncio.timeout(timeout):
        while (event := await proc.control.events.get()) is not None:
            if event.get("type") == kind:
                return
    raise AssertionError(f"no {kind}")


async def direct_call(folder: Path, burst_wav: Path, n: int) -> list[float]:
    async with (
        phone(folder / "desk", "kari", "aubridge,silence", "auto") as desk,
        phone(folder / "caller", "+4791234512", f"aufile,{burst_wav}", "manual") as caller,
    ):
        assert caller.control is not None
        sent = Watch(folder / "caller" / "heard", "*-enc.wav")
        heard = Watch(folder / "desk" / "heard", "*-dec.wav")
        with watching(sent, heard):
            await caller.control.command("dial", f"sip:kari@{desk.address[4:]}")
            await until_event(desk, "CALL_ESTABLISHED")
            await asyncio.sleep(n * BURST_EVERY_S + 1.5)
            await caller.control.command("hangup")
            await until_event(desk, "CALL_CLOSED")
    return delays(sent, heard)


async def hub_call(folder: Path, burst_wav: Path, n: int,
                   hub_lines: int) -> tuple[list[float], float]:
    """(the bursts' delays, answer → the desk's first decoded frame in ms)."""
    db = make_db(folder / "hub.sqlite3")
    async with phone(folder / "desk", "kari", "aubridge,silence", "auto") as desk:
        template = "sip:{user}@" + desk.address[4:]
        with sip_hub(db, folder / "hub.log", desk=template, lines=hub_lines,
                     position_s=0) as hub:
            async with (
                staff(hub.url, "kari") as kari,
                phone(folder / "caller", "+4791234512", f"aufile,{burst_wav}",
                      "manual") as caller,
            ):
                assert caller.control is not None
                sent = Watch(folder / "caller" / "heard", "*-enc.wav")
                heard = Watch(folder / "desk" / "heard", "*-dec.wav")
                with watching(sent, heard):
                    await caller.control.command("dial", f"sip:116111@{hub.host}:{hub.port}")
                    ringing = await kari.expect(
                        lambda f: f["type"] == "calls" and f["items"], 20)
                    conv = ringing["items"][0]["conversation"]
                    await asyncio.sleep(1.0)
                    answered = time.monotonic()
                    ok(await kari.request("call_answer", conversation=conv))
                    await until_event(desk, "CALL_ESTABLISHED")
                    await asyncio.sleep(n * BURST_EVERY_S + 1.5)
                    await caller.control.command("hangup")
                    await kari.event(conv, "call_ended", timeout=10)
    return delays(sent, heard), (heard.first_write() - answered) * 1000


async def mixed_call(folder: Path, burst_wav: Path, n: int,
                     hub_lines: int) -> tuple[list[float], list[float]]:
    """(the bursts' delays at kari's desk, at the listening lead's) once the lead listens."""
    need("jackd")
    db = make_db(folder / "hub.sqlite3")
    async with (
        phone(folder / "desk", "kari", "aubridge,silence", "auto") as desk,
        phone(folder / "lead", "lead", "aubridge,silence2", "auto") as lead_phone,
    ):
        with sip_hub(db, folder / "hub.log", lines=hub_lines, position_s=0) as hub:
            async with (
                staff(hub.url, "kari") as kari,
                staff(hub.url, "lead") as lead,
                phone(folder / "caller", "+4791234512", f"aufile,{burst_wav}",
                      "manual") as caller,
            ):
                assert caller.control is not None
                ok(await kari.request("softphone_ready", port=desk.settings.port))
                ok(await lead.request("softphone_ready", port=lead_phone.settings.port))
                sent = Watch(folder / "caller" / "heard", "*-enc.wav")
                heard = Watch(folder / "desk" / "heard", "*-dec.wav")
                lead_heard = Watch(folder / "lead" / "heard", "*-dec.wav")
                with watching(sent, heard, lead_heard):
                    await caller.control.command("dial", f"sip:116111@{hub.host}:{hub.port}")
                    ringing = await kari.expect(
                        lambda f: f["type"] == "calls" and f["items"], 20)
                    conv = ringing["items"][0]["conversation"]
                    ok(await kari.request("call_answer", conversation=conv))
                    await until_event(desk, "CALL_ESTABLISHED")
                    consult = ok(await kari.request("consult", conversation=conv,
                                                    to="lead"))["consult"]
                    await lead.expect(lambda f: f["type"] == "consult_request")
                    ok(await lead.request("consult_accept", consult=consult))
                    ok(await lead.request("call_listen", conversation=conv, timeout=30))
                    mixed = time.monotonic() + 1.0  # the switch's gap is over by then
                    await asyncio.sleep(n * BURST_EVERY_S + 2.5)
                    await caller.control.command("hangup")
                    await kari.event(conv, "call_ended", timeout=10)
    return delays(sent, heard, mixed), delays(sent, lead_heard, mixed)


def summary(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "median": round(statistics.median(values), 1),
            "min": round(min(values), 1), "max": round(max(values), 1)}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--bursts", type=int, default=8, help="measured per call")
    parser.add_argument("--lines", type=int, default=2, help="the hub's --sip-lines")
    parser.add_argument("--mixer", action="store_true",
                        help="also a call with a shift lead listening in (the mixer)")
    args = parser.parse_args()
    direct: list[float] = []
    hub: list[float] = []
    answer: list[float] = []
    mixed_desk: list[float] = []
    mixed_lead: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-bridge-") as name:
        folder = Path(name)
        burst_wav = bursts(folder / "bursts.wav", 120)
        for n in range(args.rounds):
            direct += await direct_call(folder / f"direct{n}", burst_wav, args.bursts)
            found, to_audio = await hub_call(folder / f"hub{n}", burst_wav, args.bursts,
                                             args.lines)
            hub += found
            answer.append(to_audio)
            if args.mixer:
                at_desk, at_lead = await mixed_call(folder / f"mixed{n}", burst_wav,
                                                    args.bursts, args.lines)
                mixed_desk += at_desk
                mixed_lead += at_lead
            print(f"round {n + 1}: direct {statistics.median(direct):.0f} ms, "
                  f"hub {statistics.median(hub):.0f} ms (medians so far)", file=sys.stderr)
    d, h = statistics.median(direct), statistics.median(hub)
    result: dict[str, object] = {
        "machine": machine_info(),
        "mouth_to_ear_ms": {"direct": summary(direct), "through_hub": summary(hub)},
        "added_by_hub_ms": round(h - d, 1),
        "ratio_hub_to_direct": round(h / d, 2),
        "answer_to_audio_on_desk_ms": summary(answer),
    }
    if args.mixer:
        result["mixed_mouth_to_ear_ms"] = {"desk": summary(mixed_desk),
                                           "listening_lead": summary(mixed_lead)}
        result["added_by_mixer_ms"] = {
            "desk": round(statistics.median(mixed_desk) - h, 1),
            "listening_lead": round(statistics.median(mixed_lead) - h, 1)}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
