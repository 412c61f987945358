"""A concern report's draft on the desk's disk goes once the report is final."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import staff_login
from tests.gui.helpers import eventually, young_person
from tests.gui.test_collab_consult import open_desk
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer
from workstation.sessions import reports
from workstation.ui.reports import DraftStore
from workstation.ui.reports_desk import ReportsPanel


async def test_the_draft_is_deleted_when_the_shift_lead_approves(
    hub: HubServer, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DraftStore(tmp_path / "drafts")
    monkeypatch.setattr(ReportsPanel, "drafts", store)
    async with (
        young_person(hub.url) as child,
        young_person(hub.url) as other_child,
        Wire.connect(hub.url, "/v1/staff") as lead,
        open_desk(hub, "kari", qtbot) as kari,
    ):
        await staff_login(lead, "lead")
        conversation = await child.open()
        other = await other_child.open()
        await kari.controller.accept(conversation)
        draft = await store.save("kari", conversation, {"form": {"concern": "Faren slo."}})
        kept = await store.save("kari", other, {"form": {"concern": "Noe annet."}})
        assert draft is not None and draft.exists() and kept is not None
        data = reports.to_dict(reports.sample_report())
        data["template"] = data["template_version"] = None
        submitted = ok(await kari.session.client.request({
            "type": "report_submit", "conversation": conversation, "report": data,
            "template": "bekymringsmelding",
        }))
        assert draft.exists()  # waiting for approval: the draft is still the author's
        ok(await lead.request("report_approve", report=submitted["report"], version=1))
        await eventually(lambda: not draft.exists())
        assert kept.exists()  # another conversation's draft is not touched
