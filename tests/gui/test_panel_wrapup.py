"""Wrap-up: the summary dialog at "End conversation", on a real hub."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually, young_person
from tests.gui.test_desk_conversation import take_first
from workstation.hub.server import HubServer
from workstation.ui.wrapup import WrapUpDialog


async def open_dialog(desk: Desk) -> WrapUpDialog:
    desk.window.conversation_panel.close_button.click()

    def shown() -> WrapUpDialog:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, WrapUpDialog)]
        assert found and found[0].isVisible()
        return found[0]

    await eventually(shown)
    dialog = shown()
    await asyncio.sleep(0.2)  # the earlier summary, if any, is fetched
    return dialog


async def summary_on_hub(desk: Desk, conversation: str) -> Any:
    answer = await desk.session.client.request(
        {"type": "summary_get", "conversation": conversation}
    )
    return answer["summary"]


async def test_required_fields_are_asked_for_kindly_then_saved(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as contact:
        await contact.open()
        conversation = await take_first(desk, qtbot)
        dialog = await open_dialog(desk)
        assert dialog.silent_button.text() == "&Stille kontakt – avslutt"
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        await eventually(lambda: dialog.problems["categories"].isVisible())
        assert "Velg minst én kategori" in dialog.problems["categories"].text()
        assert "hva den unge ønsket" in dialog.problems["wanted"].text()
        assert not dialog.problems["text"].isVisible()
        assert dialog.isVisible()  # nothing closed
        dialog.categories.set_checked(["violence.physical"])
        dialog.wanted_boxes["listened_to"].setChecked(True)
        dialog.action_boxes["advice"].setChecked(True)
        dialog.contact_by.setCurrentIndex(dialog.contact_by.findData("child_self"))
        dialog.age_band.setCurrentIndex(dialog.age_band.findData("13-15"))
        dialog.text.setPlainText("Ville bli hørt om det som skjer hjemme.")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        panel = desk.window.conversation_panel
        await eventually(lambda: panel.title.text().endswith("(avsluttet)"))
        stored = await summary_on_hub(desk, conversation)
        assert stored["categories"] == ["violence.physical"]
        assert stored["wanted"] == ["listened_to"] and stored["age_band"] == "13-15"
        assert stored["silent"] is False


async def test_cancel_keeps_the_conversation_open(desk: Desk, hub: HubServer, qtbot: Any) -> None:
    async with young_person(hub.url) as contact:
        await contact.open()
        conversation = await take_first(desk, qtbot)
        dialog = await open_dialog(desk)
        dialog.cancel_button.click()
        await eventually(lambda: not dialog.isVisible())
        assert not desk.controller.conversations.is_closed(conversation)


async def test_silent_contact_is_closed_with_one_click(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as contact:
        await contact.open()
        conversation = await take_first(desk, qtbot)
        dialog = await open_dialog(desk)
        qtbot.mouseClick(dialog.silent_button, Qt.MouseButton.LeftButton)
        await eventually(lambda: desk.controller.conversations.is_closed(conversation))

        async def silent_stored() -> None:
            for _ in range(100):
                stored = await summary_on_hub(desk, conversation)
                if stored is not None:
                    assert stored["silent"] is True
                    assert stored["categories"] == ["other.silent"]
                    return
                await asyncio.sleep(0.05)
            raise AssertionError("no silent summary on the hub")

        await silent_stored()
