"""Time-limit cues on the desk: soft, then hard, "Continue" with a reason; risk is exempt."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import staff_login
from tests.gui.helpers import eventually, young_person
from tests.gui.test_collab_consult import answer_with, open_desk
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer
from workstation.ui.timecues.continue_dialog import ContinueDialog, ContinueReason
from workstation.ui.timecues.install import TimeCueFeature

STAFF_ONLY = {"time_warning", "time_continued", "flagged"}


def kinds(desk: Any, conversation: str) -> list[str]:
    transcript = desk.controller.transcript(conversation)
    return [transcript.entry(row).kind for row in range(transcript.rowCount())]


async def test_soft_then_hard_cue_continue_and_risk(
    hub: HubServer, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        ContinueDialog, "ask", answer_with(ContinueReason("disclosure", "forteller om vold"))
    )
    async with Wire.connect(hub.url, "/v1/staff") as supervisor:
        await staff_login(supervisor, "sup")
        ok(await supervisor.request("policy_set", channel="chat", soft_s=1, hard_s=2, min_queue=0))
        async with (
            young_person(hub.url) as child,
            young_person(hub.url) as other_child,
            open_desk(hub, "kari", qtbot) as kari,
            open_desk(hub, "lead", qtbot) as lead,
        ):
            conversation = await child.open()
            await kari.controller.accept(conversation)
            feature = kari.window.findChild(TimeCueFeature)
            assert feature is not None
            banner = feature.banner
            await eventually(lambda: kari.window.current_conversation() == conversation)
            await eventually(lambda: banner.level == "soft" and not banner.isHidden(), 4)
            assert "vurder å runde av" in banner.text.text()
            assert not feature.status.isHidden()
            banner.suggest_button.click()
            compose = kari.window.conversation_panel.compose.toPlainText()
            assert compose.startswith("Vi har snakket sammen en stund")

            await eventually(lambda: banner.level == "hard", 4)
            assert "andre venter" in banner.text.text()
            # The shift lead sees a notice; Kari (the assigned counsellor) does not.
            alert = lead.window.findChild(TimeCueFeature).alert  # type: ignore[union-attr]
            await eventually(lambda: not alert.isHidden())
            assert "Lang samtale: kari" in alert.text()
            assert feature.alert.isHidden()

            banner.continue_button.click()
            await eventually(lambda: banner.isHidden())
            await eventually(lambda: "time_continued" in kinds(kari, conversation))
            transcript = kari.controller.transcript(conversation)
            [continued] = [
                transcript.entry(r).fields
                for r in range(transcript.rowCount())
                if transcript.entry(r).kind == "time_continued"
            ]
            assert continued is not None
            assert continued["reason"] == "disclosure"
            assert continued["text"] == "forteller om vold"

            # A second conversation: its cue goes away for good once it is flagged risk.
            second = await other_child.open()
            await kari.controller.accept(second)
            kari.window.conversation_list.select(second)
            await eventually(lambda: kari.window.current_conversation() == second)
            await eventually(lambda: banner.level == "soft", 4)
            await kari.session.client.flag(second, "risk")
            await eventually(lambda: banner.isHidden())
            assert feature.cues.showing(second) is None

            # Nothing of it ever reached the young people.
            for young, conv in ((child, conversation), (other_child, second)):
                seen = {frame["kind"] for frame in young.wire.events(conv)}
                assert not seen & STAFF_ONLY
                assert "vold" not in str(young.wire.events(conv))
