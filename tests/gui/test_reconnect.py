"""The hub goes away and comes back: the desk says so, keeps what was typed, loses nothing."""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.gui.helpers import YoungPerson, eventually, young_person
from tests.gui.test_desk_conversation import take_first, texts
from tests.support.hubs import PASSWORD
from tests.support.wire import Wire
from workstation.hub.server import serve_hub
from workstation.ui.main_window import MainWindow
from workstation.ui.session import sign_in


async def test_desk_shows_reconnecting_and_catches_up(hub_db: Path, qtbot: Any) -> None:
    first_hub = AsyncExitStack()
    hub = await first_hub.enter_async_context(serve_hub(hub_db))
    port, url = hub.port, hub.url
    session = await sign_in(url, "kari", PASSWORD)
    window = MainWindow(session.controller)
    qtbot.addWidget(window)
    window.show()
    indicator = window.connection
    panel = window.conversation_panel
    desk = type("DeskView", (), {"window": window, "controller": session.controller})()
    try:
        assert indicator.state_label.text() == "Tilkoblet"
        assert not indicator.outbox_label.isVisible()
        async with young_person(url) as contact:
            await contact.open()
            await take_first(desk, qtbot)
            await contact.say("før")
            await eventually(lambda: texts(panel.transcript.model(), "contact") == ["før"])
            token, seen = contact.resume_token, max(e["seq"] for e in contact.wire.events())
            conversation = contact.conversation

        await first_hub.aclose()  # the hub is gone
        await eventually(lambda: indicator.state_label.text() == "Kobler til igjen …", 10)
        qtbot.keyClicks(panel.compose, "mens sentralen var borte")
        qtbot.keyClick(panel.compose, Qt.Key.Key_Return)
        await eventually(lambda: indicator.outbox_label.isVisible())
        assert indicator.outbox_label.text() == "1 melding venter på å bli sendt"
        model = panel.transcript.model()
        last = model.index(model.rowCount() - 1, 0)
        assert last.data() == "mens sentralen var borte" and model.entry(last.row()).pending

        async with serve_hub(hub_db, port=port), Wire.connect(url, "/v1/contact") as wire:
            await eventually(lambda: indicator.state_label.text() == "Tilkoblet", 15)
            await eventually(lambda: not indicator.outbox_label.isVisible())
            back = YoungPerson(wire)
            back.conversation, back.resume_token = conversation, token
            await back.resume(after=seen)
            await back.say("etter")
            expected = ["før", "mens sentralen var borte", "etter"]
            await eventually(lambda: texts(model) == expected)
            await eventually(lambda: back.staff_texts() == ["mens sentralen var borte"])
            assert model.pending_count == 0
            seqs = [model.entry(row).seq for row in range(model.rowCount())]
            assert seqs == sorted(set(seqs)), "a row is doubled or out of order"
            assert session.controller.conversations.rowCount() == 1
    finally:
        await session.close()
        await first_hub.aclose()
