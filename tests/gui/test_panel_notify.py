"""Notifications: a new contact in the queue, a message elsewhere; never the message text."""

from __future__ import annotations

from typing import Any

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually, young_person
from tests.gui.test_desk_conversation import take_first
from workstation.hub.server import HubServer
from workstation.ui.notify import Notifier
from workstation.ui.notify.settings import NotifySettings

SECRET = "ingen må vite at pappa slår"


class CountingPlayer:
    def __init__(self) -> None:
        self.volumes: list[int] = []

    def play(self, volume: int) -> None:
        self.volumes.append(volume)


class RecordingDisplay:
    def __init__(self) -> None:
        self.notices: list[tuple[str, str]] = []

    def show_notice(self, title: str, text: str) -> None:
        self.notices.append((title, text))


def rig(desk: Desk) -> tuple[Notifier, CountingPlayer, RecordingDisplay]:
    notifier = desk.window.findChild(Notifier, "notifier")
    assert notifier is not None
    player, display = CountingPlayer(), RecordingDisplay()
    notifier.player, notifier.display = player, display
    notifier.settings = NotifySettings(sound=True, volume=40, desktop=True)
    return notifier, player, display


async def test_new_queue_contact_rings_and_says_the_channel(desk: Desk, hub: HubServer) -> None:
    _, player, display = rig(desk)
    async with young_person(hub.url) as contact:
        await contact.open()
        await eventually(lambda: len(display.notices) == 1)
        assert display.notices[0][1] == "Ny kontakt i køen (chat)"
        assert player.volumes == [40]


def said(desk: Desk, conversation: str, text: str) -> bool:
    model = desk.controller.transcript(conversation)
    return any(model.index(row, 0).data() == text for row in range(model.rowCount()))


async def test_no_notice_for_the_conversation_in_view(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as contact:
        await contact.open()
        conversation = await take_first(desk, qtbot)
        _, player, display = rig(desk)
        await contact.say(SECRET)
        await eventually(lambda: said(desk, conversation, SECRET))
        assert desk.window.current_conversation() == conversation
        assert display.notices == [] and player.volumes == []


async def test_message_in_background_conversation_gives_a_notice_without_text(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as contact:
        await contact.open()
        conversation = await take_first(desk, qtbot)
        desk.window.conversation_panel.show_conversation(None)  # looking at something else
        notifier, player, display = rig(desk)
        await contact.say(SECRET)
        await eventually(lambda: len(display.notices) == 1)
        title = desk.controller.conversations.title(conversation)
        assert display.notices[0][1] == f"Ny melding i {title}"
        assert all(SECRET not in text and "pappa" not in text for _, text in display.notices)
        assert len(player.volumes) == 1
        notifier.settings = NotifySettings(sound=False, volume=40, desktop=False)
        await contact.say("igjen")
        await eventually(lambda: said(desk, conversation, "igjen"))
        assert len(display.notices) == 1 and len(player.volumes) == 1
