"""Staff-only notes and the risk flag; the capacity question before a fourth chat."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually, young_person
from workstation.hub.server import HubServer
from workstation.ui.capacity_dialog import CapacityDialog
from workstation.ui.conversation_model import RISK_ROLE
from workstation.ui.transcript_model import Role


async def test_note_and_risk_flag_are_staff_only_and_shown_apart(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as contact:
        await contact.open()
        await eventually(lambda: desk.controller.queue.rowCount() == 1)
        qtbot.keyClick(desk.window, Qt.Key.Key_F2)
        panel = desk.window.conversation_panel
        await eventually(lambda: panel.conversation == contact.conversation)
        qtbot.keyClick(desk.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert panel.note_edit.hasFocus() or not desk.window.isActiveWindow()
        qtbot.keyClicks(panel.note_edit, "Nevner en voksen som slår")
        qtbot.keyClick(panel.note_edit, Qt.Key.Key_Return)
        assert panel.note_edit.text() == ""
        model = panel.transcript.model()

        def kinds() -> list[tuple[str, bool]]:
            return [
                (model.index(r, 0).data(Role.KIND), bool(model.index(r, 0).data(Role.PENDING)))
                for r in range(model.rowCount())
            ]

        await eventually(lambda: ("note", False) in kinds())
        row = kinds().index(("note", False))
        assert model.index(row, 0).data() == "Nevner en voksen som slår"
        delegate = panel.transcript.itemDelegate()
        assert delegate._header(model.index(row, 0)).startswith("Notat, bare ansatte ser det")
        assert delegate._style(model.index(row, 0)) == "note"
        assert panel.risk_button.text() == "Marker risiko"
        qtbot.keyClick(desk.window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        await eventually(lambda: panel.risk_button.text() == "Risiko markert")
        assert panel.risk_button.isChecked() and not panel.risk_button.isEnabled()
        overview = desk.controller.conversations
        assert overview.index(0, 0).data(RISK_ROLE) is True
        await eventually(lambda: "flagged" in [k for k, _ in kinds()])
        await contact.say("er du der?")
        await eventually(
            lambda: any(
                f.get("kind") == "message"
                for f in contact.wire.events(contact.conversation)
                if f.get("from") == "contact"
            )
        )
        seen = [f.get("kind") for f in contact.wire.events(contact.conversation)]
        assert "note" not in seen and "flagged" not in seen


async def test_a_fourth_chat_asks_first_and_is_taken_over_capacity(
    desk: Desk, hub: HubServer, monkeypatch: Any
) -> None:
    asked: list[tuple[str, int]] = []
    answers = [False, True]

    async def ask(cls: Any, parent: Any, channel: str, used: int) -> bool:
        asked.append((channel, used))
        return answers.pop(0)

    monkeypatch.setattr(CapacityDialog, "ask", classmethod(ask))
    texts = CapacityDialog(None, "chat", 3)
    assert texts.text() == "Du har allerede 3 chatter. Ta imot likevel?"
    texts.deleteLater()
    async with (
        young_person(hub.url) as a,
        young_person(hub.url) as b,
        young_person(hub.url) as c,
        young_person(hub.url) as d,
    ):
        for person in (a, b, c, d):
            await person.open()
        queue = desk.window.queue_panel
        for expected in (4, 3, 2):
            await eventually(lambda n=expected: desk.controller.queue.rowCount() == n)
            await queue.take(desk.controller.queue.conversation_at(0))
        await eventually(lambda: desk.controller.conversations.rowCount() == 3)
        await queue.take(d.conversation)
        assert asked == [("chat", 3)]
        assert desk.controller.conversations.rowCount() == 3
        assert desk.controller.queue.channel_of(d.conversation) == "chat"
        await queue.take(d.conversation)
        assert asked == [("chat", 3), ("chat", 3)]
        await eventually(lambda: desk.controller.conversations.rowCount() == 4)
        assert desk.window.current_conversation() == d.conversation
