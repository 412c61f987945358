"""The shift lead listens in on a call from the consultation panel (docs/telephony.md,
"Listen-in and three-way"); the counsellor's conversation says so."""

from __future__ import annotations

from typing import Any

from tests.conftest import staff_login
from tests.gui.helpers import eventually
from tests.gui.test_collab_consult import open_desk
from tests.integration.test_desk_features import NUMBER, phone
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer


async def test_the_lead_listens_from_the_consultation_panel_and_stops(
    hub: HubServer, qtbot: Any
) -> None:
    async with (
        open_desk(hub, "lead", qtbot) as lead,
        Wire.connect(hub.url, "/v1/staff") as kari,
    ):
        await staff_login(kari, "kari")
        call = await phone(hub).ring(NUMBER)
        ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"])
        conv = ringing["items"][0]["conversation"]
        ok(await kari.request("call_answer", conversation=conv))
        ok(await kari.request("consult", conversation=conv, to="lead"))
        await eventually(lambda: lead.consult.state.offers.rowCount() == 1)
        lead.consult.offers_box.accept_button.click()
        session = lead.consult.session
        await eventually(lambda: session.listen_button.isVisible())
        assert session.listen_button.text() == "Lytt på samtalen"
        session.listen_button.click()
        await eventually(lambda: phone(hub).parties.get(call) == {"lead:lead": False})
        await eventually(lambda: session.listen_button.text() == "Slutt å lytte")
        shown = await kari.event(conv, "call_listening")
        assert shown["name"] == "Vaktleder Vera"
        session.listen_button.click()
        await eventually(lambda: phone(hub).parties.get(call) == {})
        await eventually(lambda: session.listen_button.text() == "Lytt på samtalen")
        await kari.event(conv, "call_listen_ended")


async def test_the_lead_asks_to_join_and_the_counsellor_lets_them(
    hub: HubServer, qtbot: Any
) -> None:
    async with (
        open_desk(hub, "kari", qtbot) as kari_desk,
        open_desk(hub, "lead", qtbot) as lead,
        Wire.connect(hub.url, "/v1/staff") as kari,
    ):
        await staff_login(kari, "kari")
        call = await phone(hub).ring(NUMBER)
        ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"])
        conv = ringing["items"][0]["conversation"]
        ok(await kari.request("call_answer", conversation=conv))
        ok(await kari.request("consult", conversation=conv, to="lead"))
        await eventually(lambda: lead.consult.state.offers.rowCount() == 1)
        lead.consult.offers_box.accept_button.click()
        # Kari's consultation panel is not the tab shown: isHidden, not isVisible.
        session, asked = lead.consult.session, kari_desk.consult.session
        await eventually(lambda: session.listen_button.isVisible())
        session.listen_button.click()
        await eventually(lambda: session.join_button.isVisible())
        assert asked.consent_button.isHidden()
        session.join_button.click()
        await eventually(lambda: not asked.consent_button.isHidden())
        assert asked.consent_button.text() == "La Vaktleder Vera bli med i samtalen (treveis)"
        await eventually(lambda: session.join_button.text() == "Venter på svar fra rådgiveren …")
        assert phone(hub).parties[call] == {"lead:lead": False}  # nothing heard before consent
        asked.consent_button.click()
        await eventually(lambda: phone(hub).parties[call] == {"lead:lead": True})
        await eventually(lambda: not session.join_button.isVisible())
        await eventually(lambda: asked.consent_button.isHidden())
