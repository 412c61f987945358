"""Concern reports from the desk: the editor prefilled, review for shift leads, reminders."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import staff_login
from tests.gui.helpers import eventually, young_person
from tests.gui.test_collab_consult import open_desk
from tests.support.wire import Wire, ok
from workstation.hub.reports import ReportFeature
from workstation.hub.server import HubServer
from workstation.sessions import reports
from workstation.ui.reports import DraftStore, ReviewDialog
from workstation.ui.reports_desk import ReminderModel, ReportsPanel, ReviewModel


def report_data() -> dict[str, Any]:
    data = reports.to_dict(reports.sample_report())
    data["template"] = None
    data["template_version"] = None
    return data


def panel_of(desk: Any) -> ReportsPanel:
    panel = desk.window.findChild(ReportsPanel)
    assert panel is not None
    return panel


async def test_report_button_opens_the_editor_prefilled(
    hub: HubServer, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ReportsPanel, "drafts", DraftStore(tmp_path / "drafts"))
    async with young_person(hub.url) as child, open_desk(hub, "kari", qtbot) as kari:
        conversation = await child.open()
        await kari.controller.accept(conversation)
        await child.say("pappa slo meg <b>igjen</b>")
        panel = panel_of(kari)
        await eventually(lambda: kari.window.current_conversation() == conversation)
        await eventually(lambda: kari.controller.transcript(conversation).rowCount() >= 3)
        assert panel.button.isEnabled()
        panel.button.click()
        editor = panel.editors[conversation]
        assert await editor.restored is False
        assert editor.isVisible()
        assert editor.conversation == conversation
        assert editor.quotes.rowCount() == 1
        assert "Kari" in editor.header.text()
        assert "Snakket med barnet på chat" in editor.form.texts["actions"].toPlainText()
        panel.button.click()  # the same editor again, not a second one
        assert panel.editors[conversation] is editor
        editor.close()


async def test_review_item_update_notice_and_reminder_done(
    hub: HubServer, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = hub.hub.feature(ReportFeature)
    feature.now = lambda: datetime.fromisoformat("2027-03-24T21:40:00+01:00")
    opened: list[str] = []
    real_open = ReviewDialog.open_report.__func__  # type: ignore[attr-defined]

    async def open_report(cls: Any, client: Any, user: Any, report: str, parent: Any = None) -> Any:
        opened.append(report)
        return await real_open(cls, client, user, report, parent)

    monkeypatch.setattr(ReviewDialog, "open_report", classmethod(open_report))
    async with (
        young_person(hub.url) as child,
        Wire.connect(hub.url, "/v1/staff") as kari_wire,
        open_desk(hub, "lead", qtbot) as lead,
        open_desk(hub, "kari", qtbot) as kari,
    ):
        await staff_login(kari_wire, "kari")
        conversation = await child.open()
        ok(await kari_wire.request("accept", conversation=conversation))
        submitted = ok(
            await kari_wire.request(
                "report_submit",
                conversation=conversation,
                report=report_data(),
                template="bekymringsmelding",
            )
        )
        report_id = submitted["report"]
        lead_panel = panel_of(lead)
        await eventually(lambda: lead_panel.reviews.rowCount() == 1)
        assert not lead_panel.review_box.isHidden()
        assert "Kari" in lead_panel.reviews.index(0, 0).data()
        lead_panel.open_review_button.click()
        await eventually(lambda: opened == [report_id])
        await eventually(lambda: lead_panel.reviews.rowCount() == 0)
        for dialog in lead.window.findChildren(ReviewDialog):
            dialog.close()
        assert panel_of(kari).review_box.isHidden()  # Kari is no shift lead

        # Approval: the author's desks get a notice.
        approved = await lead.session.client.request(
            {"type": "report_approve", "report": report_id, "version": 1}
        )
        assert approved["follow_up"] == "2027-03-30"
        await eventually(lambda: "godkjent" in kari.window.statusBar().currentMessage())

    # Tuesday 30 March: Kari signs in and the follow-up is due.
    feature.now = lambda: datetime.fromisoformat("2027-03-30T08:00:00+02:00")
    async with open_desk(hub, "kari", qtbot) as kari:
        panel = panel_of(kari)
        await eventually(lambda: panel.reminders.rowCount() == 1)
        assert not panel.reminder_box.isHidden()
        assert "forfaller i dag" in panel.reminders.index(0, 0).data()
        panel.done_button.click()
        await eventually(lambda: panel.reminders.rowCount() == 0)
        assert not panel.nothing.isHidden()
        assert ok(await kari.session.client.request({"type": "reminder_list"}))["items"] == []


def test_models(qtmodeltester: Any) -> None:
    reminders = ReminderModel()
    reminders.set_items(
        [
            {
                "reminder": "m1",
                "title": "Bekymringsmelding – Tromsø",
                "due": "2027-03-30",
                "overdue": False,
            },
            {"reminder": "m2", "title": "<b>x</b>", "due": "2027-03-29", "overdue": True},
        ]
    )
    qtmodeltester.check(reminders)
    assert "forfalt siden 29. mars 2027" in reminders.index(1, 0).data()
    reviews = ReviewModel()
    reviews.add({"report": "r1", "title": "T", "from": "Kari", "version": 2})
    qtmodeltester.check(reviews)
    assert reviews.index(0, 0).data() == "T fra Kari (versjon 2)"
