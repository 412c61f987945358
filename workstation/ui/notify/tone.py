"""A short two-note chime, made here rather than downloaded (no Qt here)."""

from __future__ import annotations

import io
import math
import struct
import wave
from pathlib import Path

RATE = 22_050


def chime_wav(notes: tuple[float, ...] = (880.0, 1174.7), note_ms: int = 110) -> bytes:
    """A mono 16-bit WAV: each note with a soft attack and decay, so it never clicks."""
    frames = bytearray()
    per_note = RATE * note_ms // 1000
    attack = RATE // 200  # 5 ms
    for frequency in notes:
        for n in range(per_note):
            envelope = min(1.0, n / attack) * (1.0 - n / per_note) ** 2
            sample = 0.5 * envelope * math.sin(2 * math.pi * frequency * n / RATE)
            frames += struct.pack("<h", int(sample * 32767))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


def write_chime(folder: Path) -> Path:
    """The chime as ``folder/chime.wav`` (written once)."""
    path = folder / "chime.wav"
    data = chime_wav()
    if not path.exists() or path.read_bytes() != data:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return path
