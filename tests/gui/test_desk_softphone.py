"""The call bar shows the desk softphone's state and mutes it (Norwegian strings)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually
from tests.gui.test_desk_calls import phone
from tests.support.sip import need
from workstation.hub.server import HubServer
from workstation.sip.softphone import DeskSoftphone


async def test_the_call_bar_shows_the_softphone_and_mutes_it(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    need("baresip")
    window = desk.window
    await phone(hub).ring(None)
    await eventually(lambda: desk.controller.calls.rowCount() == 1)
    qtbot.mouseClick(window.queue_panel.answer_button, Qt.MouseButton.LeftButton)
    bar = window.conversation_panel.call_bar
    await eventually(lambda: bar.call_state() == "connected")
    controls = bar.softphone
    assert controls.isVisible()
    assert controls.state_label.text() == "Ikke tilkoblet"
    assert not controls.mute_button.isEnabled()
    softphone = DeskSoftphone("kari", hub_host="127.0.0.1")
    controls.attach(softphone)
    softphone.on_change = controls.refresh
    async with softphone:
        assert controls.state_label.text() == "Telefon klar"
        assert controls.mute_button.text() == "Demp"
        qtbot.mouseClick(controls.mute_button, Qt.MouseButton.LeftButton)
        await eventually(lambda: softphone.muted)
        assert controls.mute_button.isChecked()
        assert controls.mute_button.text() == "Slå på lyd"
        qtbot.mouseClick(controls.mute_button, Qt.MouseButton.LeftButton)
        await eventually(lambda: not softphone.muted)
    assert controls.state_label.text() == "Ikke tilkoblet"
