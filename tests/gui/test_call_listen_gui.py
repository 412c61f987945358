"""The shift lead listens in on a call from the consultation panel (docs/telephony.md,
"Listen-in and three-way"); the counsellor's conversation says so."""

from __future__ import annotations

from typing import Any

from tests.conftest import staff_login
from tests.gui.helpers import eventually
from tests.gui.test_collab_consult import OpenDesk, open_desk
from tests.integration.test_desk_features import NUMBER, phone
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer
from workstation.ui.referrals.dial import DialInDialog
from workstation.ui.referrals.panel import ReferralPanel


async def consulted_call(hub: HubServer, kari: Wire, lead: OpenDesk) -> tuple[str, str]:
    """A call kari answers (on her ``kari`` connection) and a consultation about it that
    the lead joins on the desk; returns (call, conversation)."""
    await staff_login(kari, "kari")
    call = await phone(hub).ring(NUMBER)
    ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"])
    conv: str = ringing["items"][0]["conversation"]
    ok(await kari.request("call_answer", conversation=conv))
    ok(await kari.request("consult", conversation=conv, to="lead"))
    await eventually(lambda: lead.consult.state.offers.rowCount() == 1)
    lead.consult.offers_box.accept_button.click()
    return call, conv


async def test_the_lead_listens_from_the_consultation_panel_and_stops(
    hub: HubServer, qtbot: Any
) -> None:
    async with (
        open_desk(hub, "lead", qtbot) as lead,
        Wire.connect(hub.url, "/v1/staff") as kari,
    ):
        call, conv = await consulted_call(hub, kari, lead)
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
        call, conv = await consulted_call(hub, kari, lead)
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


async def test_the_counsellor_rings_a_service_in_after_confirming(
    hub: HubServer, qtbot: Any, monkeypatch: Any
) -> None:
    """From the referral panel: "Ring inn i samtalen", a question first; no means nothing."""
    answers = [False, True]
    asked: list[str] = []

    async def ask(cls: Any, parent: Any, name: str, number: str) -> bool:
        asked.append(f"{name} {number}")
        return answers.pop(0)

    monkeypatch.setattr(DialInDialog, "ask", classmethod(ask))
    async with open_desk(hub, "kari", qtbot) as kari:
        call = await phone(hub).ring(NUMBER)
        await eventually(lambda: kari.controller.calls.rowCount() == 1)
        kari.window.queue_panel.answer_button.click()
        await eventually(lambda: phone(hub).calls[call] == "connected")
        await eventually(lambda: kari.window.current_conversation() is not None)
        panel = kari.window.findChild(ReferralPanel)
        assert panel is not None
        panel.choose("vold-og-overgrepslinjen")
        assert panel.dial_button.isEnabled()
        panel.dial_button.click()
        await eventually(lambda: len(asked) == 1)
        assert phone(hub).parties.get(call, {}) == {}  # "no": nobody rung
        panel.dial_button.click()
        await eventually(lambda: len(phone(hub).parties.get(call, {})) == 1)
        assert asked[-1] == "Vold- og overgrepslinjen 116 006"
        await eventually(lambda: panel.status.text()
                         == "Vold- og overgrepslinjen blir ringt inn i samtalen.")
        panel.choose("ung-no")  # no phone number: nothing to ring
        assert not panel.dial_button.isEnabled()
