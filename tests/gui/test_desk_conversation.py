"""A young person writes, the counsellor takes the contact and answers, on a real hub."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import Desk
from tests.gui.helpers import YoungPerson, eventually, young_person
from workstation.hub.server import HubServer
from workstation.ui.transcript_model import Role, TranscriptModel


def texts(model: TranscriptModel, sender: str | None = None) -> list[str]:
    rows = [model.index(row, 0) for row in range(model.rowCount())]
    return [
        index.data()
        for index in rows
        if index.data(Role.KIND) == "message" and sender in (None, index.data(Role.SENDER))
    ]


async def take_first(desk: Desk, qtbot: Any) -> str:
    """Click "Ta imot" once a contact waits; return the conversation shown."""
    window = desk.window
    await eventually(lambda: window.queue_panel.accept_button.isEnabled())
    qtbot.mouseClick(window.queue_panel.accept_button, Qt.MouseButton.LeftButton)
    await eventually(lambda: window.conversation_panel.conversation is not None)
    conversation = window.conversation_panel.conversation
    assert conversation is not None
    return conversation


async def test_queue_shows_waiting_contact_in_norwegian(desk: Desk, hub: HubServer) -> None:
    async with young_person(hub.url) as contact:
        await contact.open()
        panel = desk.window.queue_panel
        await eventually(lambda: desk.controller.queue.rowCount() == 1)
        assert panel.title.text() == "Kø (1 venter)"
        assert panel.accept_button.text() == "Ta imot"
        assert desk.controller.queue.index(0, 1).data() == "Chat"


async def test_contact_message_appears_in_transcript(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as contact:
        opened = await contact.open()
        conversation = await take_first(desk, qtbot)
        assert conversation == opened
        await contact.say("Hei, er det noen der?")
        view = desk.window.conversation_panel.transcript
        await eventually(lambda: texts(view.model(), "contact") == ["Hei, er det noen der?"])
        assert desk.controller.queue.rowCount() == 0
        assert desk.window.conversation_panel.title.text() == "Chat 1"


async def test_reply_typed_in_compose_box_reaches_contact(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as contact:
        await contact.open()
        await take_first(desk, qtbot)
        compose = desk.window.conversation_panel.compose
        qtbot.keyClicks(compose, "Hei! Jeg heter Kari.")
        qtbot.keyClick(compose, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClicks(compose, "Hva vil du snakke om?")
        qtbot.keyClick(compose, Qt.Key.Key_Return)
        assert compose.toPlainText() == ""
        expected = "Hei! Jeg heter Kari.\nHva vil du snakke om?"
        await eventually(lambda: contact.staff_texts() == [expected])
        model = desk.window.conversation_panel.transcript.model()
        await eventually(lambda: texts(model, "staff") == [expected])
        assert not any(model.index(r, 0).data(Role.PENDING) for r in range(model.rowCount()))


async def test_contact_markup_is_shown_literally(desk: Desk, hub: HubServer, qtbot: Any) -> None:
    markup = "<b>x</b><img src=x>"
    async with young_person(hub.url) as contact:
        await contact.open()
        await take_first(desk, qtbot)
        await contact.say(markup)
        view = desk.window.conversation_panel.transcript
        await eventually(lambda: texts(view.model(), "contact") == [markup])
        row = view.model().rowCount() - 1
        delegate = view.itemDelegate()
        option = view.viewOptions() if hasattr(view, "viewOptions") else None
        if option is None:
            from PySide6.QtWidgets import QStyleOptionViewItem

            option = QStyleOptionViewItem()
            view.initViewItemOption(option)
        measured = delegate._text_rect(option, view.model().index(row, 0), 10_000).width()
        literal = view.fontMetrics().horizontalAdvance(markup)
        assert measured >= literal * 0.95, "the markup was not laid out as literal text"
        assert desk.window.conversation_panel.title.textFormat() == Qt.TextFormat.PlainText


async def test_two_conversations_keep_their_own_drafts(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as first, young_person(hub.url) as second:
        await first.open()
        await second.open()
        one = await take_first(desk, qtbot)
        panel = desk.window.conversation_panel
        qtbot.keyClicks(panel.compose, "utkast til første")
        await eventually(lambda: desk.window.queue_panel.accept_button.isEnabled())
        qtbot.mouseClick(desk.window.queue_panel.accept_button, Qt.MouseButton.LeftButton)
        await eventually(lambda: panel.conversation not in (None, one))
        assert panel.compose.toPlainText() == ""
        await second.say("hallo?")
        await first.say("er du der?")
        conversations = desk.controller.conversations

        def row_text() -> str:
            return str(conversations.index(conversations.row_of(one), 0).data())

        await eventually(lambda: "1 ny" in row_text())
        desk.window.conversation_list.select(one)
        assert panel.conversation == one
        assert panel.compose.toPlainText() == "utkast til første"
        assert "ny" not in row_text()
        assert "venter på deg" in row_text()


async def test_young_person_leaving_closes_the_conversation(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    contact: YoungPerson
    async with young_person(hub.url) as contact:
        await contact.open()
        await take_first(desk, qtbot)
        await contact.wire.request("leave")
        panel = desk.window.conversation_panel
        await eventually(lambda: panel.title.text() == "Chat 1 (avsluttet)")
        assert not panel.compose.isEnabled()
        assert not panel.close_button.isEnabled()
        last = panel.transcript.model().index(panel.transcript.model().rowCount() - 1, 0)
        assert last.data() == "Samtalen er avsluttet: den unge gikk"
