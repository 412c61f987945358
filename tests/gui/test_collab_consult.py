"""Consultation on two desks at once: Kari asks, the shift lead joins, advises and takes over."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from tests.gui.helpers import eventually, young_person
from tests.support.hubs import PASSWORD
from workstation.hub.server import HubServer
from workstation.ui.consult.dialog import ConsultDialog, ConsultRequest, TakeOverDialog
from workstation.ui.consult.install import ConsultFeature
from workstation.ui.consult.models import URGENT_ROLE, OfferModel, RosterModel
from workstation.ui.consult.state import ENDED, JOINED
from workstation.ui.consult.thread import ThreadModel
from workstation.ui.controller import DeskController
from workstation.ui.desk_features import install_desk_features
from workstation.ui.main_window import MainWindow
from workstation.ui.session import DeskSession, sign_in

CONTACT_KINDS = {"opened", "message", "assigned", "closed"}


@dataclass
class OpenDesk:
    session: DeskSession
    window: MainWindow

    @property
    def controller(self) -> DeskController:
        return self.session.controller

    @property
    def consult(self) -> ConsultFeature:
        feature = self.window.findChild(ConsultFeature)
        assert feature is not None
        return feature


@asynccontextmanager
async def open_desk(hub: HubServer, user: str, qtbot: Any) -> AsyncIterator[OpenDesk]:
    """A signed-in desk with every feature installed, shown."""
    session = await sign_in(hub.url, user, PASSWORD)
    window = MainWindow(session.controller)
    install_desk_features(window, session)
    qtbot.addWidget(window)
    window.show()
    try:
        yield OpenDesk(session, window)
    finally:
        await session.close()


def answer_with(value: Any) -> Any:
    async def ask(cls: Any, *args: Any, **kwargs: Any) -> Any:
        return value

    return classmethod(ask)


def thread_texts(model: ThreadModel | None) -> list[str]:
    assert model is not None
    return [model.index(row, 0).data() for row in range(model.rowCount())]


async def test_ask_join_advise_take_over_on_two_desks(
    hub: HubServer, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        ConsultDialog, "ask", answer_with(ConsultRequest(None, "Avvergeplikt?", True))
    )
    monkeypatch.setattr(TakeOverDialog, "ask", answer_with(True))
    async with (
        young_person(hub.url) as child,
        open_desk(hub, "kari", qtbot) as kari,
        open_desk(hub, "lead", qtbot) as lead,
    ):
        conversation = await child.open()
        await kari.controller.accept(conversation)
        await child.say("pappa slo meg igjen")
        await eventually(lambda: kari.window.current_conversation() == conversation)
        await eventually(lambda: kari.consult.button.isEnabled())

        kari.consult.button.click()
        await eventually(lambda: lead.consult.state.offers.rowCount() == 1)
        offers = lead.consult.state.offers
        assert offers.index(0, 0).data(URGENT_ROLE) is True
        assert "Avvergeplikt?" in offers.index(0, 0).data()
        assert lead.consult.offers_box.isVisible()
        assert lead.window.side_panels.currentWidget() is lead.consult
        assert not kari.consult.button.isEnabled()  # one consultation per conversation
        await eventually(lambda: "Venter" in kari.consult.session.status.text())

        lead.consult.offers_box.accept_button.click()
        lead_session = lead.consult.session
        await eventually(lambda: lead_session.consult is not None)
        consult_id = lead_session.consult
        assert consult_id is not None
        await eventually(lambda: lead.consult.state.consultations[consult_id].status == JOINED)
        assert not lead.consult.offers_box.isVisible()
        # The shift lead reads the conversation live, read-only.
        transcript = lead_session.transcript.model()
        assert transcript is not None
        texts = [transcript.index(r, 0).data() for r in range(transcript.rowCount())]
        assert "pappa slo meg igjen" in texts
        assert lead_session.transcript.isVisible()
        await child.say("han er full nå")
        await eventually(
            lambda: (
                "han er full nå"
                in [transcript.index(r, 0).data() for r in range(transcript.rowCount())]
            )
        )
        # Kari sees that the shift lead joined; she has no transcript copy in the panel.
        await eventually(lambda: "Vaktleder Vera" in kari.consult.session.status.text())
        assert kari.consult.session.transcript.isHidden()
        # In the shift lead's main view the conversation is read-only: notes, not replies.
        lead_panel = lead.window.conversation_panel
        lead_panel.show_conversation(conversation)
        assert "bare lesing" in lead_panel.title.text()
        assert not lead_panel.compose.isEnabled() and not lead_panel.close_button.isEnabled()
        assert lead_panel.note_edit.isEnabled()
        kari_lines = kari.controller.transcript(conversation)
        await eventually(
            lambda: "Vaktleder Vera kom inn i konsultasjonen"
            in [kari_lines.index(r, 0).data() for r in range(kari_lines.rowCount())]
        )

        lead_session.input.setText("Spør om hun er trygg i kveld.")
        lead_session.send_button.click()
        await eventually(
            lambda: (
                thread_texts(kari.consult.session.thread_view.model())
                == ["Spør om hun er trygg i kveld."]
            )
        )
        kari.consult.session.input.setText("Hun sier hun kan sove hos bestemor.")
        kari.consult.session.input.returnPressed.emit()
        await eventually(
            lambda: (
                thread_texts(lead_session.thread_view.model())
                == ["Spør om hun er trygg i kveld.", "Hun sier hun kan sove hos bestemor."]
            )
        )
        # Kari's ok may come after the lead sees the message: wait for it.
        await eventually(lambda: kari.consult.session.input.text() == "")

        assert lead_session.take_over_button.isVisible()
        lead_session.take_over_button.click()
        await eventually(lambda: lead.consult.state.assigned_to_me(conversation))
        await eventually(lambda: "tatt over" in kari.consult.session.status.text())
        await eventually(lambda: "tatt over" in lead_session.status.text())
        assert not lead_session.take_over_button.isVisible()
        # Kari may take it back; the lead's desk now holds the conversation.
        await eventually(lambda: not kari.consult.session.take_over_button.isHidden())
        await eventually(lambda: lead.window.current_conversation() == conversation)
        await eventually(lambda: lead_panel.compose.isEnabled())
        assert "bare lesing" not in lead_panel.title.text()

        lead_session.end_button.click()
        await eventually(lambda: kari.consult.state.consultations[consult_id].status == ENDED)
        await eventually(lambda: lead.consult.state.consultations[consult_id].status == ENDED)
        assert not kari.consult.session.dismiss_button.isHidden()
        kari.consult.session.dismiss_button.click()
        assert consult_id not in kari.consult.state.consultations

        # The young person saw the new counsellor's name, and nothing else of it.
        seen = child.wire.events(conversation)
        assert {frame["kind"] for frame in seen} <= CONTACT_KINDS
        assert not any("consult" in str(frame) or "Avvergeplikt" in str(frame) for frame in seen)
        assert not any("trygg i kveld" in str(frame) for frame in seen)
        assert [f["counsellor"] for f in seen if f["kind"] == "assigned"] == [
            "Kari",
            "Vaktleder Vera",
        ]


async def test_decline_and_withdrawn_offers_disappear(
    hub: HubServer, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ConsultDialog, "ask", answer_with(ConsultRequest("lead", "", False)))
    async with (
        young_person(hub.url) as child,
        open_desk(hub, "kari", qtbot) as kari,
        open_desk(hub, "lead", qtbot) as lead,
    ):
        conversation = await child.open()
        await kari.controller.accept(conversation)
        await eventually(lambda: kari.consult.button.isEnabled())
        kari.consult.button.click()
        await eventually(lambda: lead.consult.state.offers.rowCount() == 1)
        assert lead.consult.state.offers.index(0, 0).data(URGENT_ROLE) is False
        # Withdrawn by Kari: gone from the lead's desk.
        kari.consult.session.end_button.click()
        await eventually(lambda: lead.consult.state.offers.rowCount() == 0)
        await eventually(lambda: not lead.consult.offers_box.isVisible())
        # Asked again and declined.
        await eventually(lambda: kari.consult.button.isEnabled())
        kari.consult.button.click()
        await eventually(lambda: lead.consult.state.offers.rowCount() == 1)
        lead.consult.offers_box.decline_button.click()
        await eventually(lambda: lead.consult.state.offers.rowCount() == 0)
        await eventually(lambda: "avslo" in kari.consult.session.status.text())


async def test_never_alone_indicator(hub: HubServer, qtbot: Any) -> None:
    async with open_desk(hub, "kari", qtbot) as kari:
        indicator = kari.consult.indicator
        await eventually(lambda: indicator.warning and indicator.isVisible())
        assert "alene på vakt" in indicator.text()
        assert "Ingen vaktleder" in indicator.text()
        assert not kari.consult.roster_box.warning.isHidden()
        async with open_desk(hub, "lead", qtbot) as lead:
            await eventually(lambda: not indicator.warning)
            assert "Vaktleder Vera" in indicator.text()
            assert kari.consult.roster_box.warning.isHidden()
            roster = kari.consult.state.roster
            rows = [roster.index(r, 0).data() for r in range(roster.rowCount())]
            assert any(row.startswith("★ Vaktleder Vera") for row in rows)
            assert any("Kari (deg)" in row for row in rows)
            assert not lead.consult.indicator.warning
        await eventually(lambda: indicator.warning)


async def test_consultation_restored_after_reconnect(
    hub: HubServer, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ConsultDialog, "ask", answer_with(ConsultRequest(None, "", False)))
    async with (
        young_person(hub.url) as child,
        open_desk(hub, "kari", qtbot) as kari,
        open_desk(hub, "lead", qtbot) as lead,
    ):
        conversation = await child.open()
        await kari.controller.accept(conversation)
        await eventually(lambda: kari.consult.button.isEnabled())
        kari.consult.button.click()
        await eventually(lambda: lead.consult.state.offers.rowCount() == 1)
        # The lead's desk forgets everything it knew, then refreshes as after a reconnect.
        state = lead.consult.state
        state.offers.set_items([])
        await state.refresh()
        assert state.offers.rowCount() == 1
        lead.consult.offers_box.accept_button.click()
        await eventually(lambda: any(c.status == JOINED for c in state.consultations.values()))
        state.consultations.clear()
        await state.refresh()
        [restored] = state.consultations.values()
        assert restored.status == JOINED and restored.role == "consultant"
        assert restored.conversation == conversation


def test_models(qtmodeltester: Any) -> None:
    offers = OfferModel(clock=lambda: 100.0)
    offers.set_items(
        [
            {
                "consult": "k1",
                "from": "Kari",
                "channel": "chat",
                "waiting_s": 5,
                "requested_at": "2026-11-26T22:00:00.000Z",
                "urgent": False,
            },
            {
                "consult": "k2",
                "from": "Ola",
                "channel": "phone",
                "waiting_s": 65,
                "summary": "<b>x</b>",
                "requested_at": "2026-11-26T22:01:00.000Z",
                "urgent": True,
            },
        ]
    )
    qtmodeltester.check(offers)
    assert offers.consult_at(0) == "k2"  # urgent first
    assert "<b>x</b>" in offers.index(0, 0).data()
    roster = RosterModel()
    roster.me = "kari"
    roster.set_roster(
        {
            "staff": [
                {
                    "user": "kari",
                    "display_name": "Kari",
                    "roles": ["counsellor"],
                    "status": "available",
                    "conversations": 2,
                    "shift_lead": False,
                }
            ],
            "shift_lead_online": False,
            "alone": True,
        }
    )
    qtmodeltester.check(roster)
    assert roster.colleagues() == []
