"""The phone menu's sentences: every one the hub may ask for exists, and each is made once in
the telephone's format, followed by the waiting audio (docs/returning.md, "By phone")."""

from __future__ import annotations

import wave
from pathlib import Path

from tests.support.sip import need
from workstation.hub.returning.phone import PROMPT_BY_STATUS
from workstation.sip.prompts import PROMPTS, prompt_audio


def test_every_sentence_the_menu_asks_for_exists() -> None:
    assert set(PROMPT_BY_STATUS.values()) | {"waiting", "next", "off_shift"} <= set(PROMPTS)
    for text in PROMPTS.values():
        assert not any(char.isdigit() for char in text.replace("1", "").replace("2", ""))


def test_a_sentence_is_made_once_then_the_waiting_audio_follows(tmp_path: Path) -> None:
    need("sox")
    made = prompt_audio(tmp_path, "wrong", wait_minutes=0.2)
    with wave.open(str(made)) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (8000, 1, 2)
        assert wav.getnframes() / 8000 > 0.2 * 60  # the sentence and 12 s of waiting audio
    stamp = made.stat().st_mtime_ns
    assert prompt_audio(tmp_path, "wrong", wait_minutes=0.2) == made
    assert made.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prompt-wrong.wav"]  # no leftovers
