"""The "Henvisning" panel: filters, "open now" at a fixed time, and the inserted text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pytestqt.modeltest import ModelTester

from tests.gui.conftest import Desk
from tests.gui.helpers import young_person
from tests.gui.test_desk_conversation import take_first
from workstation.hub.server import HubServer
from workstation.sessions.referrals import OSLO, by_id, referral_text
from workstation.ui.referrals import ReferralPanel
from workstation.ui.referrals.model import Role

#: A Tuesday evening in November, not a holiday.
TUESDAY_EVENING = datetime(2026, 11, 24, 20, 0, tzinfo=OSLO)
#: Christmas Day (a public holiday), morning.
CHRISTMAS = datetime(2026, 12, 25, 10, 0, tzinfo=OSLO)


def panel_of(desk: Desk) -> ReferralPanel:
    panel = desk.window.findChild(ReferralPanel)
    assert panel is not None
    return panel


def ids(panel: ReferralPanel) -> list[str]:
    return [s.id for s in panel.model.services]


async def test_filter_by_topic_and_age(desk: Desk, qtbot: Any) -> None:
    panel = panel_of(desk)
    ModelTester(qtbot).check(panel.model, force_py=True)
    tabs = desk.window.side_panels
    assert tabs.tabText(tabs.indexOf(panel)) == "Henvisning"
    panel.set_filters(topic="bullying")
    assert ids(panel)[0] == "snakkommobbing"
    panel.set_filters(topic="bullying", age=25)
    assert "snakkommobbing" not in ids(panel)  # 9–19 years
    panel.set_filters(topic="eating_disorders", channel="chat")
    assert all("chat" in s.channels for s in panel.model.services)


async def test_open_now_badge_at_a_fixed_time(desk: Desk) -> None:
    panel = panel_of(desk)
    panel.clock = lambda: TUESDAY_EVENING
    panel.set_filters()
    panel.refresh()
    row = ids(panel).index("alarmtelefonen")
    assert panel.model.index(row, 1).data() == "Åpen nå"
    assert panel.model.index(row, 1).data(Role.OPEN) is True
    panel.clock = lambda: CHRISTMAS
    panel.refresh()
    row = ids(panel).index("snakkommobbing")
    status = panel.model.index(row, 1).data()
    assert status.startswith("åpner"), status  # closed on a holiday, says when it opens
    panel.open_only.setChecked(True)
    assert "snakkommobbing" not in ids(panel) and "alarmtelefonen" in ids(panel)


async def test_insert_referral_text(desk: Desk, hub: HubServer, qtbot: Any) -> None:
    panel = panel_of(desk)
    panel.clock = lambda: TUESDAY_EVENING
    async with young_person(hub.url) as contact:
        await contact.open()
        await take_first(desk, qtbot)
        panel.set_filters(topic="bullying")
        panel.choose("snakkommobbing")
        assert "Åpningstider per 2021" in panel.details.as_of.text()
        panel.insert_button.click()
        service = by_id("snakkommobbing")
        assert service is not None
        expected = referral_text(service, at=TUESDAY_EVENING)
        assert desk.window.conversation_panel.compose.toPlainText() == expected


async def test_a_search_without_match_says_so_and_how_to_widen_it(desk: Desk) -> None:
    panel = panel_of(desk)
    desk.window.side_panels.setCurrentWidget(panel)
    panel.clock = lambda: CHRISTMAS
    panel.open_only.setChecked(True)
    panel.set_filters(topic="gambling", age=5, channel="sms")
    assert panel.model.rowCount() == 0
    assert panel.no_match.isVisible() and not panel.table.isVisible()
    assert not panel.details_area.isVisible()  # no empty "Velg en tjeneste" beside it
    assert panel.no_match.title.text() == "Ingen tjenester passer søket."
    hint = panel.no_match.hint.text()
    assert hint.startswith("Søkte etter: Spilleavhengighet, 5 år, SMS, åpen nå.")
    assert "• fjern haken ved «Bare åpne nå»: mange tjenester svarer senere" in hint
    assert "velg «Alle kanaler»" in hint and "velg «Alle aldre»" in hint
    assert not panel.insert_button.isEnabled()
    panel.no_match.show_all_button.click()
    assert panel.model.rowCount() > 10
    assert panel.table.isVisible() and not panel.no_match.isVisible()
    assert not panel.open_only.isChecked() and panel.channel.currentIndex() == 0
