"""The supervisor window takes over a call held after a lost desk softphone (docs/telephony.md,
"A softphone lost"): the alert list's "Ta over samtalen", against a real hub."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually
from tests.gui.test_desk_calls import phone
from tests.gui.test_supervisor_fixes import supervisor
from workstation.hub.server import HubServer
from workstation.ui.calls.softphone_watch import SoftphoneWatch


@dataclass
class FakePhone:
    """A desk softphone that is off (it tells the hub nothing) until the test calls on_lost."""

    on_lost: Any = None
    on_ready: Any = None
    state = "off"
    port = 0


async def test_the_supervisor_takes_over_a_call_held_after_a_lost_softphone(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with supervisor(hub, qtbot) as window:
        button = window.overview.take_over_button
        assert button.isHidden()  # no such alert: no such button
        call = await phone(hub).ring("+4791234512")
        await eventually(lambda: desk.controller.calls.rowCount() == 1)
        qtbot.mouseClick(desk.window.queue_panel.answer_button, Qt.MouseButton.LeftButton)
        bar = desk.window.conversation_panel.call_bar
        await eventually(lambda: bar.call_state() == "connected")
        watch = SoftphoneWatch(desk.controller, lost := FakePhone())

        # kari's softphone dies, and she resumes before the supervisor acts: the alert is stale
        lost.on_lost()
        await eventually(lambda: not button.isHidden() and button.isEnabled())
        alerts = window.controller.alerts
        assert [a.text() for a in alerts.visible if a.kind == "call_desk_lost"] == [
            "Telefonen på pulten til kari stoppet under en samtale: innringeren står på vent "
            "og hører ventelyden til samtalen blir tatt opp igjen"]
        assert button.text() == "Ta over samtalen"
        await eventually(lambda: bar.call_state() == "held")
        qtbot.mouseClick(bar.hold_button, Qt.MouseButton.LeftButton)  # "Fortsett"
        await eventually(lambda: phone(hub).calls[call] == "connected")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        await eventually(lambda: button.isHidden())
        assert window.statusBar().currentMessage().startswith(
            "Samtalen kunne ikke tas over: ")
        assert phone(hub).desk[call] == "kari"

        # lost again, kari not back: the supervisor's click makes it the supervisor's call
        lost.on_lost()
        await eventually(lambda: not button.isHidden() and button.isEnabled())
        window.overview.alerts_view.setCurrentIndex(alerts.index(0))  # chosen in the list
        assert window.take_over.target() is not None
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        await eventually(lambda: phone(hub).desk[call] == "sup")
        assert phone(hub).calls[call] == "connected"
        await eventually(lambda: window.statusBar().currentMessage()
                         == "Samtalen er din nå: den er på telefonen din.")
        assert button.isHidden()
        assert not [a for a in alerts.visible if a.kind == "call_desk_lost"]
        del watch


async def test_another_alert_chosen_leaves_the_take_over_disabled(
    hub: HubServer, qtbot: Any
) -> None:
    async with supervisor(hub, qtbot) as window:
        window.controller.on_alert({"type": "alert", "alert": "call_desk_lost",
                                    "conversation": "c9", "user": "kari",
                                    "reason": "desk_lost"})
        window.controller.on_alert({"type": "alert", "alert": "no_break", "user": "ola",
                                    "worked_s": 20000})
        button = window.overview.take_over_button
        assert not button.isHidden() and button.isEnabled()  # nothing chosen: the newest lost
        rows = [a.kind for a in window.controller.alerts.visible]
        window.overview.alerts_view.setCurrentIndex(
            window.controller.alerts.index(rows.index("no_break")))
        assert not button.isEnabled()
        window.overview.alerts_view.setCurrentIndex(
            window.controller.alerts.index(rows.index("call_desk_lost")))
        assert button.isEnabled()
