"""After a hard contact on screen (docs/care.md): the desk offers a pause and a debrief, the
pause holds contacts away and ends, the shift lead takes the debrief in the consultation
panel, the supervisor sees hard contacts and time since the break. Real widgets, real hub."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually, young_person
from tests.gui.test_care_blocks_gui import lead_desk
from tests.gui.test_supervisor_fixes import supervisor
from workstation.client import HubError
from workstation.hub.pauses import PauseFeature
from workstation.hub.server import HubServer
from workstation.protocol.times import utc_now
from workstation.ui.care import DebriefBox, PauseButton
from workstation.ui.care.abuse import AbuseButton
from workstation.ui.care.pause import CareChoice, CareDialog


async def test_a_hard_conversation_offers_a_pause_and_a_debrief_the_lead_takes(
    desk: Desk, hub: HubServer, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = desk.window
    pause = window.findChild(PauseButton, "pause_button")
    assert pause is not None and pause.text() == "Pause…"
    asked: list[bool] = []

    async def choose(cls: Any, parent: Any, after_hard: bool) -> CareChoice:
        asked.append(after_hard)
        return CareChoice(minutes=10, debrief=True)

    monkeypatch.setattr(CareDialog, "ask", classmethod(choose))
    async with young_person(hub.url) as child, lead_desk(hub, qtbot) as lead:
        box = lead.findChild(DebriefBox, "debrief_box")
        assert box is not None and box.isHidden()
        conversation = await child.open()
        await desk.controller.accept(conversation)
        await eventually(lambda: window.current_conversation() == conversation)
        more = window.findChild(AbuseButton, "abuse_button")
        assert more.hard_action.text() == "Dette var en tung samtale"
        assert await more.mark_hard()
        await desk.controller.close_conversation(conversation)

        await eventually(lambda: asked == [True])  # the offer came with the close
        await eventually(lambda: pause.text().startswith("Pause til "))
        assert pause.text().endswith("– avslutt")
        await eventually(lambda: not box.isHidden() and box.offers.count() == 1)
        assert box.offers.item(0).text().startswith("Kari ber om en debrief")

        async with young_person(hub.url) as other:
            waiting = await other.open()
            with pytest.raises(HubError) as refused:  # on a pause: no new contacts
                await desk.session.client.request({"type": "accept", "conversation": waiting})
            assert refused.value.code == "conflict"
            assert await box.answer("debrief_accept")
            await eventually(lambda: "tar debriefen med deg" in window.statusBar().currentMessage())
            assert box.isHidden()
            await pause.end_pause()
            assert pause.text() == "Pause…"
            await desk.controller.accept(waiting)  # back: contacts again
        # Nothing of it reached the young person.
        kinds = [f.get("kind") or f.get("type") for f in child.wire.frames]
        assert "marked_hard" not in kinds and "care_offer" not in kinds


async def test_the_supervisor_sees_hard_contacts_breaks_and_the_reminder(
    hub: HubServer, qtbot: Any
) -> None:
    pauses = hub.hub.feature(PauseFeature)
    async with young_person(hub.url) as child, supervisor(hub, qtbot) as win:
        from tests.integration.test_desk_features import desks

        async with desks(hub, "kari") as (kari,):
            conversation = await child.open()
            await kari.request("accept", conversation=conversation)
            await kari.request("flag", conversation=conversation, flag="risk")
            await kari.request("close", conversation=conversation, reason="staff_closed")
            staff = win.controller.staff

            def row() -> int:
                found = staff.row_of("kari")
                assert found >= 0
                return found

            await eventually(lambda: staff.index(row(), staff.HARD).data() == "1")
            assert staff.headerData(staff.SINCE_BREAK, Qt.Orientation.Horizontal) == "Siden pause"
            assert staff.index(row(), staff.SINCE_BREAK).data()
            pauses.clock = lambda: utc_now() + timedelta(hours=3)
            pauses.remind()

            def reminded() -> None:
                texts = [a.text() for a in win.controller.alerts.visible if a.kind == "no_break"]
                assert len(texts) == 1 and texts[0].startswith("Kari har jobbet 3 t")

            await eventually(reminded)
            await kari.request("pause_start", minutes=5)
            await eventually(
                lambda: staff.index(row(), staff.STATUS).data().startswith("Pause til ")
            )


async def test_the_supervisor_sets_the_break_reminder(hub: HubServer, qtbot: Any) -> None:
    pauses = hub.hub.feature(PauseFeature)
    async with supervisor(hub, qtbot) as win:
        box = win.break_box
        assert box.title() == "Pauser" and box.minutes.value() == 120
        box.minutes.setValue(90)
        assert await box.save()
        assert pauses.break_after_s == 90 * 60
        assert win.statusBar().currentMessage() == "Påminnelsen om pause er lagret."
    async with supervisor(hub, qtbot) as win:  # read back from the hub
        assert win.break_box.minutes.value() == 90
