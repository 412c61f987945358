"""The desk softphone's audio devices: which there are, how loud the microphone is, and a
headset check (record a few seconds, play them back).

A device is named as baresip names it (``audio_source`` / ``audio_player``): ``alsa,NAME``
for a sound card through baresip's ``alsa`` module (Debian's baresip-core has no ``pulse``
module; ALSA's ``default`` goes through PulseAudio or PipeWire where they run), ``aufile,PATH``
for a WAV file as the microphone (the tests; baresip 1.0's ``aufile`` has no player, so an
``aufile`` *player* exists only here, for the headset check's tests), or the unpaired bridges of
:data:`workstation.sip.softphone.NULL_DEVICES` (no sound). The level meter and the headset check
open the *same* device the softphone will use: ALSA devices through sox (Debian ``sox``, which
has its ``alsa`` driver), files directly. Nothing here is kept or logged: the recording lives
in memory until it has been played back.
"""

from __future__ import annotations

import array
import asyncio
import contextlib
import math
import shutil
import signal
import time
import wave
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from workstation.sip.process import MODULE_PATH, signal_child

#: The rate the level meter and the headset check use (baresip's G.711 rate).
RATE = 8000
#: One reading of the level meter.
CHUNK_S = 0.05
#: How long the headset check records.
CHECK_S = 3.0
#: The device that makes no sound and hears nothing (the softphone's NULL_DEVICES).
NULL_SOURCE = "aubridge,desk-silence"
NULL_PLAYER = "aubridge,desk-nowhere"
#: The longest device name baresip 1.0 keeps (``config_audio.play_dev`` is 128 bytes).
BARESIP_DEVICE_MAX = 127


@dataclass(frozen=True)
class AudioDevice:
    """Attributes:
        name: baresip's device (``alsa,plughw:0,0``).
        label: what the card calls itself (``HDA Intel PCH: ALC3246 Analog``); empty for the
            devices every desk has (no sound, the system's default), which the desk names.
    """

    name: str
    label: str = ""


def list_devices(kind: str, pcm: Path = Path("/proc/asound/pcm"),
                 modules: Path = MODULE_PATH) -> list[AudioDevice]:
    """The devices for ``kind`` (``source`` or ``player``): no sound first, then ALSA's
    ``default`` and each card's device that can capture (source) or play (player), when
    baresip has its ``alsa`` module. ``pcm`` is ALSA's list (``CC-DD: id : name : playback 1 :
    capture 1``)."""
    if kind not in ("source", "player"):
        raise ValueError(f"kind is source or player, not {kind!r}")
    devices = [AudioDevice(NULL_SOURCE if kind == "source" else NULL_PLAYER)]
    if not (modules / "alsa.so").exists():
        return devices
    try:
        lines = pcm.read_text().splitlines()
    except OSError:
        lines = []
    cards = []
    want = "capture" if kind == "source" else "playback"
    for line in lines:
        parts = [part.strip() for part in line.split(":")]
        if len(parts) < 3 or "-" not in parts[0]:
            continue
        card, _, device = parts[0].partition("-")
        if not (card.isdigit() and device.isdigit()):
            continue
        if any(part.startswith(want) for part in parts[3:]):
            cards.append(AudioDevice(f"alsa,plughw:{int(card)},{int(device)}",
                                     f"{parts[1]}: {parts[2]}"))
    if cards or pcm.exists():
        devices.append(AudioDevice("alsa,default"))
    return devices + cards


def at_volume(player: str, volume: int) -> str:
    """baresip's player ``player`` at ``volume`` (0-100) of its loudness.

    baresip 1.0 has no playback gain, so the gain is ALSA's: an ALSA player ``alsa,NAME``
    becomes ``alsa,plug:{SLAVE={type=route;slave.pcm="NAME";ttable.0.0=G}}`` — the ``plug``
    definition in alsa-lib's own alsa.conf takes its slave as a configuration compound
    written into the device name, and the ``route`` plugin multiplies the one channel
    baresip plays by ``G`` (``volume / 100``, so 25 is 12 dB quieter) on its way to the
    chosen speaker (``NAME`` does the rate and channel conversion: ``plughw:…`` or
    ``default``). No file, no environment variable: the name is the whole configuration.
    100, and players that are not ALSA (bridges, files) are returned as they are; a name
    too long for baresip (or with a quote in it) too, at full loudness."""
    volume = max(0, min(100, volume))
    kind, target = _kind_and_target(player)
    if volume == 100 or kind != "alsa" or '"' in target:
        return player
    gain = f"{volume / 100:.2f}".rstrip("0").rstrip(".")
    wrapped = f'plug:{{SLAVE={{type=route;slave.pcm="{target}";ttable.0.0={gain}}}}}'
    return player if len(wrapped) > BARESIP_DEVICE_MAX else f"alsa,{wrapped}"


def level(samples: array.array[int]) -> float:
    """The RMS of 16-bit samples as 0.0-1.0 of full scale."""
    if not samples:
        return 0.0
    return min(1.0, math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768.0)


def _mono_8k(path: Path) -> array.array[int]:
    """A WAV file's first channel as 16-bit samples (tone files are made at 8 kHz)."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise ValueError("only 16-bit WAV files")
        channels = wav.getnchannels()
        samples = array.array("h", wav.readframes(wav.getnframes()))
    return samples[::channels] if channels > 1 else samples


def _sox() -> str:
    program = shutil.which("sox")
    if program is None:
        raise FileNotFoundError("sox is missing: apt-get install -y sox")
    return program


def _kind_and_target(device: str) -> tuple[str, str]:
    kind, _, target = device.partition(",")
    return kind, target


async def levels(source: str, chunk_s: float = CHUNK_S) -> AsyncIterator[float]:
    """The level of ``source``, one reading every ``chunk_s`` until the caller stops.

    A file source is read in real time and starts again at its end (as a tone would go on);
    a bridge (no sound) reads 0.0; ``alsa,NAME`` is recorded with sox."""
    kind, target = _kind_and_target(source)
    per_chunk = max(1, int(RATE * chunk_s))
    if kind == "aufile":
        samples = _mono_8k(Path(target))
        start, offset = time.monotonic(), 0
        while True:
            piece = samples[offset:offset + per_chunk] or samples[:per_chunk]
            offset = offset + per_chunk if offset + per_chunk < len(samples) else 0
            yield level(piece)
            start += chunk_s
            await asyncio.sleep(max(0.0, start - time.monotonic()))
    elif kind == "alsa":
        async for piece in _sox_record(target, per_chunk):
            yield level(piece)
    else:
        while True:
            yield 0.0
            await asyncio.sleep(chunk_s)


async def _sox_record(device: str, per_chunk: int) -> AsyncIterator[array.array[int]]:
    proc = await asyncio.create_subprocess_exec(
        _sox(), "-q", "-t", "alsa", device, "-t", "raw", "-r", str(RATE), "-b", "16", "-c",
        "1", "-e", "signed-integer", "-",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    try:
        while True:
            try:
                data = await proc.stdout.readexactly(per_chunk * 2)
            except asyncio.IncompleteReadError:
                return
            yield array.array("h", data)
    finally:
        signal_child(proc, signal.SIGKILL)
        await proc.wait()


async def record(source: str, seconds: float = CHECK_S,
                 on_level: object = None) -> array.array[int]:
    """``seconds`` of ``source`` at 8 kHz; ``on_level(float)`` is called for each chunk."""
    kind, target = _kind_and_target(source)
    per_chunk = int(RATE * CHUNK_S)
    wanted = int(RATE * seconds)
    out = array.array("h")
    if kind == "alsa":
        chunks: AsyncIterator[array.array[int]] = _sox_record(target, per_chunk)
    else:
        chunks = _paced(source, per_chunk)
    async for piece in chunks:
        out.extend(piece)
        if callable(on_level):
            on_level(level(piece))
        if len(out) >= wanted:
            break
    with contextlib.suppress(AttributeError):
        await chunks.aclose()  # type: ignore[attr-defined]
    return out[:wanted]


async def _paced(source: str, per_chunk: int) -> AsyncIterator[array.array[int]]:
    kind, target = _kind_and_target(source)
    samples = _mono_8k(Path(target)) if kind == "aufile" else array.array("h", [0] * per_chunk)
    start, offset = time.monotonic(), 0
    while True:
        piece = samples[offset:offset + per_chunk] or samples[:per_chunk]
        offset = offset + per_chunk if offset + per_chunk < len(samples) else 0
        yield piece
        start += per_chunk / RATE
        await asyncio.sleep(max(0.0, start - time.monotonic()))


async def play(player: str, samples: array.array[int], volume: int = 100) -> None:
    """Play 8 kHz ``samples`` on ``player`` at ``volume`` (0-100): ``alsa,NAME`` with sox; an
    ``aufile,PATH`` player writes the WAV (tests only); a bridge plays nothing."""
    gain = max(0, min(100, volume)) / 100
    scaled = array.array("h", (max(-32768, min(32767, int(s * gain))) for s in samples))
    kind, target = _kind_and_target(player)
    if kind == "aufile":
        with wave.open(target, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(RATE)
            wav.writeframes(scaled.tobytes())
    elif kind == "alsa":
        proc = await asyncio.create_subprocess_exec(
            _sox(), "-q", "-t", "raw", "-r", str(RATE), "-b", "16", "-c", "1", "-e",
            "signed-integer", "-", "-t", "alsa", target,
            stdin=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        )
        await proc.communicate(scaled.tobytes())
    else:
        await asyncio.sleep(len(samples) / RATE)
