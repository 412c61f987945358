"""The conversation overview: the longest wait on the desk on top, unread counts, ticking
waits, closed last; switching by Ctrl+1…9 and Ctrl+Tab; the models pass qtmodeltester."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import Desk
from tests.gui.helpers import YoungPerson, eventually, young_person
from workstation.hub.server import HubServer
from workstation.protocol.times import format_time
from workstation.ui import theme
from workstation.ui.calls.ringing_model import RingingCallsModel
from workstation.ui.calls.state import CallState
from workstation.ui.conversation_model import (
    RISK_ROLE,
    TIME_LEVEL_ROLE,
    UNREAD_ROLE,
    WAITED_S_ROLE,
    ConversationListModel,
    format_clock,
)

NOW = datetime(2026, 11, 26, 1, 30, tzinfo=UTC)


def ev(conversation: str, seq: int, kind: str, ago: float = 0, **fields: Any) -> dict[str, Any]:
    at = format_time(NOW - timedelta(seconds=ago))
    return {"conversation": conversation, "seq": seq, "at": at, "kind": kind, **fields}


def order(model: ConversationListModel) -> list[str]:
    return [str(model.conversation_at(row)) for row in range(model.rowCount())]


def test_longest_wait_on_top_and_closed_last(qtmodeltester: Any) -> None:
    model = ConversationListModel(clock=lambda: NOW)
    model.me = "kari"
    for conv in ("a", "b", "c", "d"):
        model.apply_event(ev(conv, 1, "opened", 600, channel="chat"))
        model.apply_event(ev(conv, 2, "assigned", 500, user="kari", counsellor="Kari"))
    model.apply_event(ev("b", 3, "message", 134, **{"from": "contact", "text": "hei"}))
    model.apply_event(ev("c", 3, "message", 20, **{"from": "contact", "text": "hallo"}))
    model.apply_event(ev("a", 3, "message", 10, **{"from": "staff", "text": "svar"}))
    assert order(model) == ["b", "c", "a", "d"]
    qtmodeltester.check(model, force_py=True)
    top = model.index(0, 0)
    assert top.data() == "Chat 2\nventer på deg 2:14 · 1 ny"
    assert top.data(WAITED_S_ROLE) == 134 and top.data(UNREAD_ROLE) == 1
    assert model.index(2, 0).data() == "Chat 1\ndu skrev sist"
    model.apply_event(ev("b", 4, "message", 5, **{"from": "staff", "text": "her"}))
    assert order(model) == ["c", "a", "b", "d"]
    model.apply_event(ev("c", 4, "closed", 1, reason="contact_left"))
    assert order(model) == ["a", "b", "d", "c"]
    assert model.index(3, 0).data() == "Chat 3\navsluttet"
    model.apply_event(ev("d", 3, "flagged", 1, flag="risk"))
    model.apply_event(ev("a", 4, "time_warning", 1, level="hard"))
    assert model.index(model.row_of("d"), 0).data(RISK_ROLE) is True
    assert model.index(model.row_of("a"), 0).data(TIME_LEVEL_ROLE) == "hard"
    model.apply_event(ev("a", 5, "observer_joined", 1, observer="Siri", user="sup"))
    assert "Observert av Siri" in model.index(model.row_of("a"), 0).data(
        Qt.ItemDataRole.ToolTipRole
    )
    qtmodeltester.check(model, force_py=True)


def test_a_held_call_waits_on_you_and_the_timer_leaves_out_the_hold() -> None:
    model = ConversationListModel(clock=lambda: NOW)
    model.me = "kari"
    model.apply_event(ev("p", 1, "opened", 400, channel="phone"))
    model.apply_event(ev("p", 2, "call_offered", 400, number="+47 ** ** ** 12"))
    model.apply_event(ev("p", 3, "assigned", 300, user="kari", counsellor="Kari"))
    model.apply_event(ev("p", 4, "call_answered", 300, user="kari"))
    model.apply_event(ev("p", 5, "call_held", 200, user="kari"))
    model.apply_event(ev("p", 6, "call_resumed", 140, user="kari"))
    summary = model.summary("p")
    assert summary is not None and summary.call is not None
    assert summary.call.talk_seconds(NOW) == 240
    assert model.index(0, 0).data() == "Telefon 1\ni telefonen 4:00"
    model.apply_event(ev("p", 7, "call_held", 30, user="kari"))
    assert model.index(0, 0).data() == "Telefon 1\npå vent 0:30"
    assert model.index(0, 0).data(WAITED_S_ROLE) == 30
    assert summary.call.talk_seconds(NOW) == 210
    model.apply_event(ev("p", 8, "call_transferred", 10, to_user="ola", counsellor="Ola"))
    model.apply_event(ev("p", 9, "assigned", 10, user="ola", counsellor="Ola"))
    assert model.index(0, 0).data() == "Telefon 1\noverført til Ola"


def test_call_state_and_clock_format() -> None:
    call = CallState()
    assert call.talk_seconds(NOW) == 0
    assert [format_clock(s) for s in (7, 134, 3723)] == ["0:07", "2:14", "1:02:03"]


def test_ringing_calls_model_passes_qtmodeltester(qtmodeltester: Any) -> None:
    model = RingingCallsModel(clock=lambda: NOW)
    items = [
        {
            "conversation": "x",
            "call": "t1",
            "number": None,
            "offered_at": format_time(NOW - timedelta(seconds=5)),
        },
        {
            "conversation": "y",
            "call": "t2",
            "number": "+47 ** ** ** 12",
            "offered_at": format_time(NOW - timedelta(seconds=65)),
        },
    ]
    model.set_items(items)
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, 0).data() == "☎ +47 ** ** ** 12 – ringer 1:05"
    assert model.index(1, 0).data() == "☎ skjult nummer – ringer 0:05"


def test_colours_have_enough_contrast_in_light_and_dark() -> None:
    for scheme in (theme.LIGHT, theme.DARK):
        for fg, bg in theme.TEXT_PAIRS:
            ratio = theme.contrast(getattr(scheme, fg), getattr(scheme, bg))
            assert ratio >= 4.5, f"{'dark' if scheme.dark else 'light'} {fg} on {bg}: {ratio:.2f}"


async def take_all(desk: Desk, count: int) -> list[str]:
    for _ in range(count):
        await eventually(lambda: desk.controller.queue.rowCount() > 0)
        conversation = desk.controller.queue.conversation_at(0)
        assert conversation is not None
        await desk.controller.accept(conversation)
    return order(desk.controller.conversations)


async def test_overview_on_a_real_hub_and_keyboard_switching(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as a, young_person(hub.url) as b, young_person(hub.url) as c:
        people: list[YoungPerson] = [a, b, c]
        for person in people:
            await person.open()
        await take_all(desk, 3)
        model = desk.controller.conversations
        window = desk.window
        await b.say("er det noen der?")
        await eventually(lambda: order(model)[0] == b.conversation)
        await c.say("hei")
        await eventually(lambda: order(model)[:2] == [b.conversation, c.conversation])
        assert "venter på deg 0:0" in model.index(0, 0).data()
        await eventually(lambda: "venter på deg 0:01" in model.index(0, 0).data(), 3)
        assert window.conversation_list.title.text() == "Mine samtaler (3)"
        window.activateWindow()
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        assert window.current_conversation() == c.conversation
        assert "ny" not in model.index(1, 0).data()
        qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        assert window.current_conversation() == b.conversation
        qtbot.keyClick(
            window.conversation_panel.compose, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier
        )
        assert window.current_conversation() == c.conversation
        qtbot.keyClick(
            window.conversation_panel.compose,
            Qt.Key.Key_Backtab,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert window.current_conversation() == b.conversation
        qtbot.keyClicks(window.conversation_panel.compose, "hei, jeg er her")
        qtbot.keyClick(window.conversation_panel.compose, Qt.Key.Key_Return)
        await eventually(lambda: order(model)[0] == c.conversation)
        await a.wire.request("leave")
        await eventually(lambda: order(model)[-1] == a.conversation)
        assert model.index(2, 0).data().endswith("avsluttet")
        qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
        assert window.current_conversation() == b.conversation  # no ninth: nothing changes
