"""What a caller hears besides the announcement: the queue position ("Du er nummer 2 i
køen") followed by waiting audio, and the waiting audio alone (a held caller).

Made as :mod:`workstation.sip.audio` makes the announcement: espeak-ng's Norwegian Bokmål
voice, or, without it, as many short beeps as the number (sox); 8 kHz mono 16 bit for
baresip's ``aufile``. A clip is made the first time its number is needed and kept for the
hub's run (never committed). baresip's ``aufile`` ends a call at the end of its file, so each
file lasts as long as the caller may hear it.
"""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

from workstation.sip.audio import _FORMAT, CHIME_S, _sox, norwegian_voice


def position_text(number: int) -> str:
    return f"Du er nummer {number} i køen."


def seconds(path: Path) -> float:
    """How long a WAV file lasts."""
    with wave.open(str(path)) as wav:
        return float(wav.getnframes()) / float(wav.getframerate())


def chimes(out: Path, total_s: float) -> Path:
    """Quiet waiting audio (a soft chime every :data:`CHIME_S` seconds) lasting ``total_s``."""
    chime = out.with_suffix(".chime.wav")
    _sox("-n", *_FORMAT, str(chime), "synth", "0.6", "sine", "660", "fade", "0.05", "0.6",
         "0.4", "vol", "0.08", "pad", "0", str(CHIME_S - 0.6))
    repeats = max(1, round(total_s / CHIME_S))
    _sox(str(chime), str(out), "repeat", str(repeats - 1))
    chime.unlink()
    return out


def spoken_position(folder: Path, number: int) -> Path:
    """The position alone: ``folder/position-N-spoken.wav``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"position-{number}-spoken.wav"
    if norwegian_voice():
        raw = folder / f"position-{number}-raw.wav"
        subprocess.run(["espeak-ng", "-v", "nb", "-s", "150", "-w", str(raw),
                        position_text(number)], check=True, capture_output=True)
        _sox(str(raw), *_FORMAT, str(out), "pad", "0.3", "0.5")
        raw.unlink()
    else:
        beep = folder / "beep.wav"
        _sox("-n", *_FORMAT, str(beep), "synth", "0.15", "sine", "880", "vol", "0.3",
             "pad", "0", "0.15")
        _sox(str(beep), str(out), "repeat", str(number - 1), "pad", "0.3", "0.5")
    return out


def position_audio(folder: Path, number: int, waiting_s: float) -> Path:
    """The position followed by ``waiting_s`` of waiting audio: ``folder/position-N.wav``."""
    out = folder / f"position-{number}.wav"
    if out.exists():
        return out
    folder.mkdir(parents=True, exist_ok=True)
    spoken = spoken_position(folder, number)
    waiting = chimes(folder / f"position-{number}-waiting.wav", waiting_s)
    partial = folder / f"position-{number}.part.wav"
    _sox(str(spoken), str(waiting), str(partial))
    partial.rename(out)
    waiting.unlink()
    return out


def hold_audio(folder: Path, minutes: float) -> Path:
    """What a held caller hears: the waiting audio alone, ``folder/hold.wav``."""
    folder.mkdir(parents=True, exist_ok=True)
    return chimes(folder / "hold.wav", minutes * 60)
