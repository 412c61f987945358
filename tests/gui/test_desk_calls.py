"""A call rings, is answered (F3), held and resumed (F4), transferred to a colleague, and a
second call is hung up (F5), with the timer; an SMS conversation in the same overview."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.conftest import staff_login
from tests.gui.conftest import Desk
from tests.gui.helpers import eventually
from tests.gui.test_panel_notify import rig
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer
from workstation.hub.sms.feature import SmsFeature
from workstation.hub.sms.simulated import SimulatedSmsGateway
from workstation.hub.telephony.feature import CallsFeature
from workstation.hub.telephony.simulated import SimulatedTelephony
from workstation.ui.calls.transfer_dialog import TransferDialog
from workstation.ui.transcript_model import Role

NUMBER = "+47 912 34 512"


def phone(hub: HubServer) -> SimulatedTelephony:
    adapter = hub.hub.feature(CallsFeature).adapter
    assert isinstance(adapter, SimulatedTelephony)
    return adapter


def sms(hub: HubServer) -> SimulatedSmsGateway:
    gateway = hub.hub.feature(SmsFeature).gateway
    assert isinstance(gateway, SimulatedSmsGateway)
    return gateway


async def test_a_call_answered_held_resumed_transferred(
    desk: Desk, hub: HubServer, qtbot: Any, monkeypatch: Any
) -> None:
    chosen: list[list[str]] = []

    async def ask(cls: Any, parent: Any, colleagues: list[dict[str, Any]]) -> str | None:
        chosen.append([c["user"] for c in colleagues])
        return "ola"

    monkeypatch.setattr(TransferDialog, "ask", classmethod(ask))
    window = desk.window
    queue = window.queue_panel
    bar = window.conversation_panel.call_bar
    async with Wire.connect(hub.url, "/v1/staff") as ola:
        await staff_login(ola, "ola")
        await eventually(lambda: "ola" in [c["user"] for c in desk.controller.colleagues()])
        call = await phone(hub).ring(NUMBER)
        await eventually(lambda: desk.controller.calls.rowCount() == 1)
        assert queue.answer_button.isVisible()
        assert queue.answer_button.text() == "Svar (1 ringer)"
        assert desk.controller.calls.index(0, 0).data().startswith("☎ +47 ** ** ** 12 – ringer")
        qtbot.keyClick(window, Qt.Key.Key_F3)
        await eventually(lambda: phone(hub).calls[call] == "connected")
        panel = window.conversation_panel
        await eventually(lambda: bar.call_state() == "connected")
        assert panel.title.text() == "Telefon 1"
        assert bar.isVisible() and not panel.compose.isVisible()
        assert not panel.close_button.isVisible() and panel.note_edit.isVisible()
        assert bar.state_label.text() == "I samtale med +47 ** ** ** 12"
        assert bar.timer_label.text().startswith("0:0")
        await eventually(lambda: not queue.answer_button.isVisible())
        qtbot.keyClick(window, Qt.Key.Key_F4)
        await eventually(lambda: bar.call_state() == "held")
        await eventually(lambda: bar.hold_button.isEnabled())
        assert phone(hub).calls[call] == "held"
        assert bar.hold_button.text() == "Fortsett"
        assert "(på vent 0:0" in bar.timer_label.text()
        assert "på vent" in desk.controller.conversations.index(0, 0).data()
        qtbot.keyClicks(panel.note_edit, "ringer fra skolen")
        qtbot.keyClick(panel.note_edit, Qt.Key.Key_Return)
        qtbot.keyClick(window, Qt.Key.Key_F4)
        await eventually(lambda: bar.call_state() == "connected")
        assert phone(hub).calls[call] == "connected"
        await eventually(lambda: bar.transfer_button.isEnabled())  # the resume's answer is in
        qtbot.mouseClick(bar.transfer_button, Qt.MouseButton.LeftButton)
        await eventually(lambda: phone(hub).desk.get(call) == "ola")
        assert chosen == [["ola"]]
        await eventually(lambda: panel.title.text() == "Telefon 1 (overført til Ola)")
        assert "overført til Ola" in desk.controller.conversations.index(0, 0).data()
        assert not bar.hangup_button.isEnabled()
        transcript = panel.transcript.model()
        kinds = [transcript.index(r, 0).data(Role.KIND) for r in range(transcript.rowCount())]
        assert "note" in kinds and "call_transferred" in kinds


async def test_a_call_hung_up_with_f5(desk: Desk, hub: HubServer, qtbot: Any) -> None:
    window = desk.window
    call = await phone(hub).ring(None)
    await eventually(lambda: desk.controller.calls.rowCount() == 1)
    assert desk.controller.calls.index(0, 0).data().startswith("☎ skjult nummer")
    qtbot.mouseClick(window.queue_panel.answer_button, Qt.MouseButton.LeftButton)
    bar = window.conversation_panel.call_bar
    await eventually(lambda: bar.call_state() == "connected")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    await eventually(lambda: phone(hub).calls[call] == "ended")
    await eventually(lambda: bar.call_state() == "ended")
    await eventually(lambda: window.conversation_panel.title.text() == "Telefon 1 (avsluttet)")
    transcript = window.conversation_panel.transcript.model()
    last = transcript.index(transcript.rowCount() - 1, 0).data()
    assert last == "Samtalen er avsluttet: telefonsamtalen er slutt"


async def test_an_sms_conversation_beside_chats(desk: Desk, hub: HubServer, qtbot: Any) -> None:
    conversation = await sms(hub).receive(NUMBER, "Hei, kan jeg sende sms her?")
    await eventually(lambda: desk.controller.queue.rowCount() == 1)
    assert desk.controller.queue.index(0, 1).data() == "SMS"
    qtbot.keyClick(desk.window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    panel = desk.window.conversation_panel
    await eventually(lambda: panel.conversation == conversation)
    assert panel.title.text() == "SMS 1"
    assert panel.compose.isVisible() and panel.compose.placeholderText().startswith("Skriv en SMS")
    view = panel.transcript
    model = view.model()
    await eventually(
        lambda: any(
            model.index(r, 0).data(Role.SENDER) == "contact" for r in range(model.rowCount())
        )
    )
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(Role.SENDER))
    assert view.itemDelegate()._header(model.index(row, 0)).startswith("Ung person · SMS")
    texts = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "SMS fra +47 ** ** ** 12" in texts
    qtbot.keyClicks(panel.compose, "Ja, her kan du skrive.")
    qtbot.keyClick(panel.compose, Qt.Key.Key_Return)
    await eventually(lambda: sms(hub).sent_to(NUMBER) == ["Ja, her kan du skrive."])
    overview = desk.controller.conversations
    assert overview.index(0, 0).data().startswith("SMS 1\ndu skrev sist")


async def test_a_call_hung_up_while_ringing_is_told_and_one_answered_elsewhere_is_not(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    _, player, display = rig(desk)
    status = desk.window.statusBar()
    missed = await phone(hub).ring(NUMBER)
    await eventually(lambda: desk.controller.calls.rowCount() == 1)
    await phone(hub).caller_hangs_up(missed)
    await eventually(lambda: desk.controller.calls.rowCount() == 0)
    await eventually(lambda: len(display.notices) == 2)  # the ringing call, then the hang-up
    told = display.notices[1][1]
    assert told.startswith("Anropet fra +47 ** ** ** 12 ble lagt på før svar (ringte 0:0")
    assert status.currentMessage() == told
    assert len(player.volumes) == 1  # a chime for the ringing call, none for the hang-up
    async with Wire.connect(hub.url, "/v1/staff") as ola:
        await staff_login(ola, "ola")
        answered = await phone(hub).ring(None)
        await eventually(lambda: desk.controller.calls.rowCount() == 1)
        conversation = desk.controller.calls.conversation_at(0)
        ok(await ola.request("call_answer", conversation=conversation))
        await eventually(lambda: phone(hub).calls[answered] == "connected")
        await eventually(lambda: desk.controller.calls.rowCount() == 0)
        await phone(hub).caller_hangs_up(answered)  # after Ola's talk: not a missed call
        await ola.event(str(conversation), "closed")
        third = await phone(hub).ring(None)  # a later call, so the desk has caught up
        await eventually(lambda: desk.controller.calls.rowCount() == 1)
        await phone(hub).caller_hangs_up(third)
        await eventually(lambda: len(display.notices) == 5)
    later = [text for _, text in display.notices][2:]
    assert later[:2] == ["Ny kontakt i køen (telefon)", "Ny kontakt i køen (telefon)"]
    assert later[2].startswith("Et anrop ble lagt på før svar (ringte 0:0")


async def test_the_counsellor_sees_the_lead_listening_in(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    """Listen-in is never silent: the counsellor's conversation says who listens, in
    Norwegian (resources/i18n/conference_nb.ts)."""
    window = desk.window
    await phone(hub).ring(NUMBER)
    await eventually(lambda: desk.controller.calls.rowCount() == 1)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    bar = window.conversation_panel.call_bar
    await eventually(lambda: bar.call_state() == "connected")
    async with Wire.connect(hub.url, "/v1/staff") as kari, Wire.connect(
        hub.url, "/v1/staff"
    ) as lead:
        await staff_login(kari, "kari")
        await staff_login(lead, "lead")
        calls = hub.hub.feature(CallsFeature).calls
        conv = next(iter(calls))
        consult = ok(await kari.request("consult", conversation=conv, to="lead"))["consult"]
        ok(await lead.request("consult_accept", consult=consult))
        ok(await lead.request("call_listen", conversation=conv))
        transcript = window.conversation_panel.transcript.model()

        def last() -> str:
            return str(transcript.index(transcript.rowCount() - 1, 0).data())

        await eventually(lambda: last() == "Vaktleder Vera lytter på samtalen")
        ok(await lead.request("call_listen_end", conversation=conv))
        await eventually(lambda: last() == "Vaktleder Vera lytter ikke lenger")
