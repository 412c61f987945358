"""What the chat page adds to a conversation, as the counsellor reads it in the transcript."""

from __future__ import annotations

from typing import Any

from workstation.ui.transcript_model import TranscriptModel


def event(seq: int, kind: str, **fields: Any) -> dict[str, Any]:
    return {"type": "event", "conversation": "c1", "seq": seq,
            "at": "2026-12-04T22:05:00.000Z", "kind": kind, **fields}


def test_the_counsellor_reads_what_was_told_and_a_quick_exit_in_norwegian() -> None:
    model = TranscriptModel("c1")
    model.append_event(event(1, "opened", channel="chat"))
    model.append_event(event(2, "described", age_band="13-15", gender=None))
    model.append_event(event(3, "left_quickly"))
    assert [model.index(row, 0).data() for row in (1, 2)] == [
        "Fortalt på chatsiden: alder 13–15 år, kjønn –",
        "Den unge gikk ut med rask utgang – det er kanskje ikke trygt å skrive til "
        "vedkommende nå",
    ]
