"""The supervisor's models on their own (qtmodeltester), and the window in Norwegian."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt

from workstation.ui.supervisor.alerts import AlertModel
from workstation.ui.supervisor.conversations_model import ConversationsModel
from workstation.ui.supervisor.queue_model import LiveQueueModel
from workstation.ui.supervisor.staff_model import AWAY_COLOUR, StaffModel
from workstation.ui.supervisor.thresholds import Thresholds
from workstation.ui.supervisor.window import SupervisorWindow

NOW = datetime(2026, 11, 26, 22, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def test_queue_model(qtmodeltester: Any) -> None:
    clock = Clock()
    model = LiveQueueModel(clock=clock, thresholds=Thresholds(60, 180, 300))
    model.set_queue([
        {"conversation": "c1", "channel": "chat", "waiting_since": "2026-11-26T21:58:00.000Z",
         "waiting_s": 120.0, "position": 1},
        {"conversation": "c2", "channel": "phone", "waiting_since": "2026-11-26T21:59:50.000Z",
         "position": 2},
    ])
    qtmodeltester.check(model, force_py=True)
    assert model.index(1, model.WAITED).data() == "10 s"
    clock.now = NOW + timedelta(seconds=200)
    model.tick()
    assert model.index(0, model.WAITED).data() == "5 min"
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Plass"


def test_staff_model(qtmodeltester: Any) -> None:
    model = StaffModel()
    model.set_staff([
        {"user": "kari", "display_name": "Kari", "roles": ["counsellor"], "status": "away",
         "conversations": 2, "by_channel": {"sms": 1, "chat": 1},
         "longest_conversation_s": 2710.0, "risk": 1,
         "capacity": {"free": {"chat": 0, "sms": 0, "phone": 0, "email": 0}}},
        {"user": "vera", "display_name": "Vera", "roles": ["counsellor", "shift_lead"],
         "status": "available", "conversations": 0, "by_channel": {},
         "longest_conversation_s": 0.0, "risk": 0, "consultations": 1},
    ])
    qtmodeltester.check(model, force_py=True)
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row == ["Kari", "Borte", "2", "Chat 1, SMS 1", "45 min", "1", "", "", "", "Fullt"]
    assert model.index(1, model.NAME).data() == "★ Vera"
    assert model.index(1, model.CONSULTS).data() == "1"
    assert model.headerData(model.HELD, Qt.Orientation.Horizontal) == "Samtaler"


def test_conversations_model(qtmodeltester: Any) -> None:
    model = ConversationsModel(clock=Clock())
    model.set_load(
        [{"conversation": "c1", "channel": "chat", "user": "kari", "assigned_s": 60.0,
          "flags": []},
         {"conversation": "c2", "channel": "sms", "user": "ola", "assigned_s": 600.0,
          "flags": ["risk"]}],
        [{"user": "kari", "display_name": "Kari"}, {"user": "ola", "display_name": "Ola"}],
    )
    qtmodeltester.check(model, force_py=True)
    assert [model.index(r, 0).data() for r in range(2)] == ["Ola", "Kari"]
    assert model.index(0, model.FLAGS).data() == "risiko"
    model.set_user_filter("kari")
    assert model.rowCount() == 1


def test_alert_model(qtmodeltester: Any) -> None:
    model = AlertModel(clock=Clock())
    model.raise_alert("roster:no_shift_lead", "no_shift_lead")
    model.raise_alert("waiting:c1", "waiting", {"channel": "chat", "waiting_s": 320})
    qtmodeltester.check(model, force_py=True)
    assert "En ung har ventet 5 min i køen (Chat)" in model.index(0).data()
    assert model.index(1).data().endswith("Ingen vaktleder er pålogget")
    model.acknowledge(0)
    model.raise_alert("waiting:c1", "waiting", {"channel": "chat", "waiting_s": 400})
    assert model.rowCount() == 1
    model.resolve("waiting:c1")
    model.raise_alert("waiting:c1", "waiting", {"channel": "chat", "waiting_s": 1})
    assert model.rowCount() == 2


def test_staff_model_says_who_is_reconnecting_after_a_hub_restart(qtmodeltester: Any) -> None:
    model = StaffModel()
    model.set_staff([
        {"user": "kari", "display_name": "Kari", "roles": ["counsellor"], "status": "away",
         "conversations": 1, "by_channel": {"chat": 1}, "reconnecting": True},
        {"user": "ola", "display_name": "Ola", "roles": ["counsellor"], "status": "away",
         "conversations": 0, "by_channel": {}},
    ])
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, model.STATUS).data() == "Kobler til igjen"
    assert model.index(0, model.NAME).data(Qt.ItemDataRole.ForegroundRole) == AWAY_COLOUR
    assert model.index(1, model.STATUS).data() == "Borte"


def test_window_texts_are_norwegian(qtbot: Any) -> None:
    class Client:
        def add_listener(self, listener: Any) -> None:
            pass

    window = SupervisorWindow(Client())  # type: ignore[arg-type]
    qtbot.addWidget(window)
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs == ["Nå", "Tall i dag", "Tidsgrenser", "Sperringer"]
    assert window.windowTitle() == "Ledelse — 116 111"
    assert window.overview.observe_button.text() == "Følg samtalen (bare lese)"
    assert window.limits.rows["chat"].changed_by.text() == "Ingen grense satt"
    assert window.limits.rows["chat"].min_queue.specialValueText() == "alltid"
    assert window.overview.summary.text().startswith("Venter: 0")
