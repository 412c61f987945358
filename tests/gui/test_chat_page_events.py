"""What the chat page adds to a conversation, as the counsellor reads it in the transcript."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually, young_person
from tests.gui.test_desk_conversation import take_first
from workstation.hub.server import HubServer
from workstation.protocol.frames_webchat import TYPING_EVERY_S
from workstation.ui.transcript_model import TranscriptModel


def event(seq: int, kind: str, **fields: Any) -> dict[str, Any]:
    return {"type": "event", "conversation": "c1", "seq": seq,
            "at": "2026-12-04T22:05:00.000Z", "kind": kind, **fields}


def test_the_counsellor_reads_what_was_told_and_a_quick_exit_in_norwegian() -> None:
    model = TranscriptModel("c1")
    model.append_event(event(1, "opened", channel="chat"))
    model.append_event(event(2, "described", age_band="13-15", gender=None))
    model.append_event(event(3, "left_quickly"))
    model.append_event(event(4, "feedback", helped="a_bit", again=None))
    assert [model.index(row, 0).data() for row in (1, 2, 3)] == [
        "Fortalt på chatsiden: alder 13–15 år, kjønn –",
        "Den unge gikk ut med rask utgang – det er kanskje ikke trygt å skrive til "
        "vedkommende nå",
        "Tilbakemelding fra den unge: til hjelp: litt, vil ta kontakt igjen: –",
    ]


async def test_typing_on_the_desk_reaches_the_young_person_once_per_moment(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as contact:
        await contact.open()
        await take_first(desk, qtbot)
        compose = desk.window.conversation_panel.compose
        started = time.monotonic()
        qtbot.keyClicks(compose, "Hei, jeg ")
        signal = await contact.wire.expect(lambda f: f.get("type") == "typing")
        assert signal == {"type": "typing", "author": "Kari"}
        qtbot.keyClicks(compose, "heter Kari.")
        qtbot.keyClick(compose, Qt.Key.Key_Return)
        await eventually(lambda: contact.staff_texts() == ["Hei, jeg heter Kari."])
        # Twenty keystrokes: one signal per two seconds at most (desk and hub both hold back).
        allowed = 1 + int((time.monotonic() - started) / TYPING_EVERY_S)
        assert [f["type"] for f in contact.wire.frames].count("typing") <= allowed < 20
