"""What a queued caller hears, made at start-up (never committed): a Norwegian announcement
spoken by espeak-ng, then quiet waiting audio (a soft chime every few seconds), as one WAV in
the telephone's format (8 kHz, mono, 16 bit) for baresip's ``aufile`` source.

Without espeak-ng's Norwegian voice the announcement is a two-note signal made with sox.
baresip ends a call when its ``aufile`` source reaches the end of the file, so the file
lasts :data:`WAIT_MINUTES` (docs/telephony.md, "not yet").

Tests that wait for the announcement to end (17 s) have ``serve`` say a short one instead:
``$WORKSTATION_HUB_TEST_ANNOUNCEMENT``, read only by the hub's configuration layer
(``workstation/hub/cli.py``), which sets :data:`announced`; production says
:data:`ANNOUNCEMENT`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ANNOUNCEMENT = (
    "Du har kommet til Alarmtelefonen for barn og unge. "
    "Alle de voksne snakker med noen andre akkurat nå. "
    "Bli i telefonen, så svarer vi deg så snart vi kan. "
    "Har du en kode, tast den nå, og avslutt med firkant."
)
#: What :func:`announcement` and :func:`queue_audio` say when given no ``text``.
announced = ANNOUNCEMENT
#: How long a caller can wait before the waiting audio runs out.
WAIT_MINUTES = 10.0
#: The telephone's format, which baresip's aufile needs exactly (it does not resample).
RATE = 8000
_FORMAT = ["-r", str(RATE), "-c", "1", "-b", "16"]
#: One chime period of the waiting audio, in seconds.
CHIME_S = 4.0


class AudioToolMissing(RuntimeError):
    """sox is not installed (Debian: ``apt-get install sox``)."""


def norwegian_voice() -> bool:
    """Whether espeak-ng is installed with its Norwegian Bokmål voice."""
    if shutil.which("espeak-ng") is None:
        return False
    voices = subprocess.run(["espeak-ng", "--voices=nb"], capture_output=True, text=True,
                            check=False).stdout
    return any(line.split()[1:2] == ["nb"] for line in voices.splitlines()[1:])


def _sox(*args: str) -> None:
    subprocess.run(["sox", *args], check=True, capture_output=True)


def announcement(folder: Path, text: str | None = None, name: str = "announcement") -> Path:
    """The announcement (:data:`announced`, or another sentence ``text``) alone, in the
    telephone's format: ``folder/<name>.wav``."""
    text = announced if text is None else text
    out = folder / f"{name}.wav"
    if norwegian_voice():
        spoken = folder / f"{name}-spoken.wav"
        subprocess.run(["espeak-ng", "-v", "nb", "-s", "150", "-w", str(spoken), text],
                       check=True, capture_output=True)
        _sox(str(spoken), *_FORMAT, str(out), "pad", "0.3", "0.5")
    else:
        _sox("-n", *_FORMAT, str(out), "synth", "0.4", "sine", "784", "sine", "523",
             "vol", "0.3", "pad", "0.3", "0.5")
    return out


def queue_audio(folder: Path, wait_minutes: float = WAIT_MINUTES,
                text: str | None = None, name: str = "queue") -> Path:
    """The announcement (:data:`announced`, or ``text``) followed by ``wait_minutes`` of
    waiting audio: ``folder/<name>.wav``."""
    if shutil.which("sox") is None:
        raise AudioToolMissing("sox is not installed (apt-get install sox)")
    folder.mkdir(parents=True, exist_ok=True)
    spoken = announcement(folder, text, name + "-said")
    chime = folder / f"{name}-chime.wav"
    _sox("-n", *_FORMAT, str(chime), "synth", "0.6", "sine", "660", "fade", "0.05", "0.6",
         "0.4", "vol", "0.08", "pad", "0", str(CHIME_S - 0.6))
    repeats = max(1, round(wait_minutes * 60 / CHIME_S))
    waiting = folder / f"{name}-waiting.wav"
    _sox(str(chime), str(waiting), "repeat", str(repeats - 1))
    out = folder / f"{name}.wav"
    _sox(str(spoken), str(waiting), str(out))
    for part in (spoken, chime, waiting, folder / f"{name}-said-spoken.wav"):
        part.unlink(missing_ok=True)
    return out
