"""An outside party rung into a call shows under the call bar, and the counsellor can let them
leave (``call_drop_party``) after a question; against a real hub (simulated phone system)."""

from __future__ import annotations

from typing import Any

from tests.gui.helpers import eventually
from tests.gui.test_collab_consult import open_desk
from tests.integration.test_desk_features import NUMBER, phone
from workstation.hub.server import HubServer
from workstation.ui.calls.parties import DropPartyDialog
from workstation.ui.calls.state import CallState

SERVICE = "vold-og-overgrepslinjen"


async def test_the_counsellor_lets_an_outside_party_leave_after_confirming(
    hub: HubServer, qtbot: Any, monkeypatch: Any
) -> None:
    answers = [False, True]
    asked: list[str] = []

    async def ask(cls: Any, parent: Any, name: str) -> bool:
        asked.append(name)
        return answers.pop(0)

    monkeypatch.setattr(DropPartyDialog, "ask", classmethod(ask))
    async with open_desk(hub, "kari", qtbot) as kari:
        call = await phone(hub).ring(NUMBER)
        await eventually(lambda: kari.controller.calls.rowCount() == 1)
        kari.window.queue_panel.answer_button.click()
        await eventually(lambda: phone(hub).calls[call] == "connected")
        await eventually(lambda: kari.window.current_conversation() is not None)
        conversation = kari.window.current_conversation()
        bar = kari.window.conversation_panel.call_bar
        notices: list[str] = []
        bar.notice.connect(notices.append)
        assert bar.parties.isHidden()  # nobody rung in yet
        await kari.controller.client.request({
            "type": "call_add_party", "conversation": conversation, "service": SERVICE,
            "confirmed": True})
        await eventually(lambda: not bar.parties.isHidden())
        (party,) = phone(hub).parties[call]
        assert list(bar.parties.parties.values()) == ["Vold- og overgrepslinjen"]
        labels = [w.text() for w in bar.parties.findChildren(type(bar.state_label))]
        assert "Vold- og overgrepslinjen er med i samtalen" in labels
        button = bar.parties.buttons[party]
        assert button.text() == "La dem gå…"
        button.click()
        await eventually(lambda: asked == ["Vold- og overgrepslinjen"])
        assert phone(hub).parties[call] == {party: True}  # "Avbryt": still on the call
        assert not bar.parties.isHidden()
        button.click()
        await eventually(lambda: phone(hub).parties[call] == {})
        await eventually(lambda: bar.parties.isHidden())
        assert notices == ["Vold- og overgrepslinjen har gått ut av samtalen."]
        assert phone(hub).calls[call] == "connected"  # the caller and kari talk on


def test_hold_ends_the_three_way_call_on_the_desk_too() -> None:
    state = CallState()
    state.apply({"kind": "call_answered"})
    state.apply({"kind": "call_party_added", "party": "p1", "name": "Politiet"})
    state.apply({"kind": "call_party_added", "party": "p2", "service": "legevakt"})
    assert state.parties == {"p1": "Politiet", "p2": "legevakt"}
    state.apply({"kind": "call_party_left", "party": "p2"})
    assert state.parties == {"p1": "Politiet"}
    state.apply({"kind": "call_held"})
    assert state.parties == {}
