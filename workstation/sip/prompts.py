"""The phone menu's sentences (docs/returning.md, "By phone"): what a caller who typed a return
code hears, spoken by espeak-ng's Norwegian voice like the announcement, each followed by the
waiting audio (baresip ends a call when its ``aufile`` source runs out).

The digits a caller typed are never spoken back, stored or logged.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from workstation.sip.audio import WAIT_MINUTES, queue_audio

#: Each sentence by name: the hub's phone menu (``workstation/hub/returning/phone.py``)
#: chooses one after a code or a choice.
PROMPTS = {
    # The code opens and she is on shift with room: she is asked first.
    "found": "Takk. Den du snakket med sist, får beskjed nå. Bli i telefonen.",
    # She is busy or away: wait for her, or the next counsellor.
    "choose": "Den du snakket med sist, er opptatt akkurat nå. "
              "Tast 1 for å vente på den samme, 2 for neste ledige.",
    # She is not on shift: the next counsellor.
    "off_shift": "Den du snakket med sist, er ikke på vakt nå. "
                 "Du får den neste ledige voksne. Bli i telefonen.",
    # Wrong, expired or revoked code (or too many tries): told apart from nothing.
    "wrong": "Vi fant ikke den koden. Det gjør ingenting: du står fortsatt i køen, "
             "og vi svarer deg så snart vi kan.",
    # After 1: waiting for her.
    "waiting": "Du venter på den samme. Bli i telefonen.",
    # After 2, or when she did not answer in time: the next counsellor.
    "next": "Du får den neste ledige voksne. Bli i telefonen.",
}


def prompt_audio(folder: Path, name: str, wait_minutes: float = WAIT_MINUTES) -> Path:
    """``folder/prompt-<name>.wav``: the sentence, then ``wait_minutes`` of waiting audio
    (made once, then reused)."""
    out = folder / f"prompt-{name}.wav"
    if not out.exists():
        making = f"making-{name}-{secrets.token_hex(4)}"  # two at once do not clash
        queue_audio(folder, wait_minutes, PROMPTS[name], making).replace(out)
    return out
