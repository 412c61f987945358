"""The supervisor window against a real hub: queue, staff, alerts, observe, limits, export."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.conftest import staff_login
from tests.gui.helpers import eventually
from tests.gui.test_supervisor_fixes import supervisor
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer
from workstation.ui.supervisor.export import ExportDialog
from workstation.ui.supervisor.queue_model import LEVEL_ROLE
from workstation.ui.supervisor.thresholds import LEVEL_COLOURS, Thresholds
from workstation.ui.supervisor.window import SupervisorWindow

SMALL = Thresholds(0.3, 0.6, 0.9)



@pytest.fixture
async def window(hub: HubServer, qtbot: Any) -> AsyncIterator[SupervisorWindow]:
    async with supervisor(hub, qtbot, thresholds=SMALL) as win:
        yield win


@contextlib.asynccontextmanager
async def desk(hub: HubServer, user: str) -> AsyncIterator[Wire]:
    async with Wire.connect(hub.url, "/v1/staff") as wire:
        await staff_login(wire, user)
        yield wire


def cell(model: Any, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return model.index(row, column).data(role)


def column(model: Any, col: int) -> list[Any]:
    return [cell(model, row, col) for row in range(model.rowCount())]


async def test_queue_shows_channel_place_and_colour_past_a_threshold(
    window: SupervisorWindow, hub: HubServer
) -> None:
    queue = window.controller.queue
    async with (
        Wire.connect(hub.url, "/v1/contact") as first,
        Wire.connect(hub.url, "/v1/contact") as second,
    ):
        conv = ok(await first.request("open", channel="chat"))["conversation"]
        ok(await second.request("open", channel="sms"))
        await eventually(lambda: queue.rowCount() == 2)
        assert column(queue, queue.POSITION) == ["1", "2"]
        assert column(queue, queue.CHANNEL) == ["Chat", "SMS"]

        def red() -> None:
            window.controller.tick()
            assert cell(queue, 0, 0, LEVEL_ROLE) == 3
            assert cell(queue, 0, 0, Qt.ItemDataRole.BackgroundRole) == LEVEL_COLOURS[3]

        await eventually(red)
        keys = [a.key for a in window.controller.alerts.visible]
        assert f"waiting:{conv}" in keys
        window.update_summary()
        assert window.overview.summary.text().startswith("Venter: 2")
        ok(await first.request("leave"))
        await eventually(lambda: queue.rowCount() == 1)
        window.controller.tick()
        assert f"waiting:{conv}" not in [a.key for a in window.controller.alerts.visible]


async def test_staff_table_counts_conversations_by_channel(
    window: SupervisorWindow, hub: HubServer
) -> None:
    staff = window.controller.staff
    async with (
        desk(hub, "kari") as kari,
        desk(hub, "lead"),
        Wire.connect(hub.url, "/v1/contact") as contact,
    ):
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))

        def counted() -> None:
            row = staff.row_of("kari")
            assert row >= 0
            assert cell(staff, row, staff.HELD) == "1"
            assert cell(staff, row, staff.CHANNELS) == "Chat 1"

        await eventually(counted)
        names = column(staff, staff.NAME)
        assert "★ Vaktleder Vera" in names and "Siri Supervisor" not in names
        assert cell(staff, staff.row_of("lead"), staff.HELD) == "0"
        conversations = window.controller.conversations
        await eventually(lambda: conversations.rowCount() == 1)
        window.overview.staff_view.selectRow(staff.row_of("lead"))
        assert conversations.rowCount() == 0
        window.show_conversations_of(None)
        assert conversations.rowCount() == 1


async def test_alerts_for_alone_and_no_shift_lead(window: SupervisorWindow, hub: HubServer) -> None:
    alerts = window.controller.alerts

    def kinds() -> set[str]:
        return {a.kind for a in alerts.visible}

    await eventually(lambda: "no_shift_lead" in kinds())
    async with desk(hub, "kari"):
        def kari_alone() -> None:
            assert "no_shift_lead" in kinds()
            alone = next(a for a in alerts.visible if a.kind == "alone")
            assert "Kari" in alone.text()

        await eventually(kari_alone)
        async with desk(hub, "lead"):
            await eventually(lambda: not {"alone", "no_shift_lead"} & kinds())
        await eventually(lambda: {"alone", "no_shift_lead"} <= kinds())
        assert alerts.visible[0].kind in ("alone", "no_shift_lead")  # newest on top
        row = [a.kind for a in alerts.visible].index("alone")
        alerts.acknowledge(row)
        assert "alone" not in kinds() and alerts.rowCount() == len(alerts.visible)
        window.controller.on_roster({"shift_lead_online": False, "alone": True, "staff": []})
        assert "alone" not in kinds()  # acknowledged: not raised again while it lasts


async def test_pushed_alerts_are_shown_and_acknowledged(window: SupervisorWindow) -> None:
    controller = window.controller
    controller.on_alert({"type": "alert", "alert": "hard_limit", "conversation": "c1",
                         "channel": "chat", "user": "kari", "elapsed_s": 1800})
    for waited in (60, 120):
        controller.on_alert({"type": "alert", "alert": "consult_unanswered", "consult": "k1",
                             "conversation": "c2", "waiting_s": waited, "urgent": True})
    visible = controller.alerts.visible
    assert [a.kind for a in visible][:2] == ["consult_unanswered", "hard_limit"]
    assert [a.kind for a in visible].count("consult_unanswered") == 1
    assert "2 min" in visible[0].text()
    before = controller.alerts.rowCount()
    window.overview.alerts_view.setCurrentIndex(controller.alerts.index(0))
    window.overview.alerts_view.selectionModel().select(
        controller.alerts.index(0),
        window.overview.alerts_view.selectionModel().SelectionFlag.Select,
    )
    window.on_acknowledge_clicked()
    assert controller.alerts.rowCount() == before - 1


async def test_observe_opens_a_read_only_transcript(
    window: SupervisorWindow, hub: HubServer
) -> None:
    async with desk(hub, "kari") as kari, Wire.connect(hub.url, "/v1/contact") as contact:
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await contact.request("send", text="hei <b>der</b>"))
        ok(await kari.request("accept", conversation=conv))
        ok(await kari.request("send", conversation=conv, text="Hei, jeg heter Kari."))
        conversations = window.controller.conversations
        await eventually(lambda: conversations.rowCount() == 1)
        window.overview.conversations_view.selectRow(0)
        await window.on_observe_clicked()
        observer = window.observers[conv]
        await eventually(lambda: observer.model.rowCount() >= 5)
        texts = [observer.model.entry(r).text for r in range(observer.model.rowCount())]
        assert "hei <b>der</b>" in texts and "Hei, jeg heter Kari." in texts
        assert not hasattr(observer, "compose")
        await kari.event(conv, "observer_joined")
        ok(await kari.request("send", conversation=conv, text="Går det bra?"))
        await eventually(lambda: observer.model.entry(observer.model.rowCount() - 1).text
                         in ("Går det bra?", "observer_joined"))
        await eventually(lambda: "Går det bra?" in [
            observer.model.entry(r).text for r in range(observer.model.rowCount())])
        observer.close()
        left = await kari.event(conv, "observer_left")
        assert left["user"] == "sup"
        assert conv not in window.observers and conv not in window.controller.observing


async def test_policy_tab_validates_saves_and_follows_pushes(
    window: SupervisorWindow, hub: HubServer
) -> None:
    panel = window.limits
    chat = panel.rows["chat"]
    chat.enabled.setChecked(True)
    chat.soft.setValue(20)
    chat.hard.setValue(10)
    assert not await panel.save("chat")
    assert panel.error_label.text() == "Chat: den myke grensen kan ikke være lengre enn den harde."
    chat.hard.setValue(30)
    chat.min_queue.setValue(2)
    assert await panel.save("chat")
    assert panel.error_label.text() == ""
    async with desk(hub, "ola") as ola:
        record, shipped = ok(await ola.request("policy_get"))["policies"]
    assert (record["soft_s"], record["hard_s"], record["min_queue"]) == (1200, 1800, 2)
    assert chat.changed_by.text().startswith("av Siri Supervisor, ")
    assert shipped["channel"] == "email"  # e-mail's shipped default: letters within hours
    assert panel.rows["email"].changed_by.text() == "Forhåndsinnstilt"
    assert panel.rows["email"].hard.value() == 4 * 60
    async with Wire.connect(hub.url, "/v1/staff") as other:
        await staff_login(other, "sup")
        ok(await other.request("policy_set", channel="sms", soft_s=300, hard_s=600,
                               min_queue=0, enabled=True))
    sms = panel.rows["sms"]
    await eventually(lambda: sms.soft.value() == 5 and sms.hard.value() == 10)
    assert sms.enabled.isChecked() and sms.min_queue.value() == 0


async def test_policy_errors_from_the_hub_are_sentences(window: SupervisorWindow) -> None:
    panel = window.limits
    panel.rows["email"].soft.setValue(24 * 60)
    panel.rows["email"].hard.setValue(24 * 60)
    assert await panel.save("email")
    text = panel.error_sentence("bad_frame")
    assert text.endswith(".") and "bad_frame" not in text


async def test_csv_export(
    window: SupervisorWindow, hub: HubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with (
        desk(hub, "kari") as kari,
        Wire.connect(hub.url, "/v1/contact") as answered,
        Wire.connect(hub.url, "/v1/contact") as left,
    ):
        conv = ok(await answered.request("open", channel="chat"))["conversation"]
        ok(await left.request("open", channel="sms"))
        ok(await kari.request("accept", conversation=conv))
        ok(await kari.request("close", conversation=conv))
        ok(await left.request("leave"))
    target = tmp_path / "figures.csv"
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, parent, day: target))
    assert await window.export_csv() == target
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "figure,channel,hour,category,value"
    assert "contacts,all,,,2" in lines and "answered,all,,,1" in lines
    assert "abandoned,sms,,,1" in lines and "conversations_closed,chat,,,1" in lines
    assert any(line.startswith("wait_p90_s,all,,,") for line in lines)
    figures = window.charts.figures
    assert figures is not None and figures.outcomes.total == 2
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, parent, day: None))
    assert await window.export_csv() is None
