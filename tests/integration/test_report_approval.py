"""Concern reports through the hub: four eyes, final and immutable, follow-up reminders."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg

from tests.conftest import staff_login
from tests.support.hubs import query
from tests.support.wire import Wire, ok
from workstation.hub.reports import ReportFeature
from workstation.hub.retention import RetentionFeature
from workstation.hub.server import HubServer
from workstation.sessions import reports

REPORT_KINDS = ("report_submitted", "report_approved", "report_changes_requested", "reminder_done")


def report_data(concern: str = "Jenta forteller at faren slo henne.") -> dict[str, Any]:
    data = reports.to_dict(reports.sample_report())
    data["concern"] = concern
    data["template"] = None
    data["template_version"] = None
    return data


@dataclass
class Scene:
    hub: HubServer
    contact: Wire
    kari: Wire
    lead: Wire
    conversation: str


@asynccontextmanager
async def scene(hub: HubServer) -> AsyncIterator[Scene]:
    """Kari talks with a young person; the shift lead is online."""
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as kari,
        Wire.connect(hub.url, "/v1/staff") as lead,
    ):
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        await staff_login(kari, "kari")
        await staff_login(lead, "lead")
        ok(await kari.request("accept", conversation=conv))
        ok(await contact.request("send", text="pappa slo meg igjen i går"))
        yield Scene(hub, contact, kari, lead, conv)


async def submit(wire: Wire, conv: str, **extra: Any) -> dict[str, Any]:
    fields = {"conversation": conv, "report": report_data(), "template": "bekymringsmelding"}
    return await wire.request("report_submit", **{**fields, **extra})


def stored(db: Path | str, report_id: str) -> tuple[Any, ...]:
    (row,) = query(
        db, "SELECT status, final_text, final_hash, final_version FROM reports WHERE id = ?",
        report_id,
    )
    return row


async def test_submit_reaches_shift_lead_and_only_another_shift_lead_approves(
    hub: HubServer, hub_db: Path | str
) -> None:
    async with scene(hub) as s, Wire.connect(hub.url, "/v1/staff") as ola:
        await staff_login(ola, "ola")
        answer = ok(await submit(s.kari, s.conversation))
        report_id, version = answer["report"], answer["version"]
        assert version == 1
        push = await s.lead.expect(lambda f: f["type"] == "report_review")
        assert push["report"] == report_id and push["conversation"] == s.conversation
        assert push["from"] == "Kari"
        assert not [f for f in ola.frames if f["type"] == "report_review"]
        event = await s.kari.event(s.conversation, "report_submitted")
        assert event["version"] == 1 and event["template"] == "bekymringsmelding"
        assert event["title"].startswith("Bekymringsmelding")
        assert "concern" not in event and "quotes" not in event and "report" in event
        assert event["anonymity_broken"] is True
        assert event["anonymity_broken_reason"]

        # Kari wrote it: she may not approve it, and Ola is no shift lead.
        assert (await s.kari.request("report_approve", report=report_id, version=1))[
            "code"
        ] == "forbidden"
        assert (await ola.request("report_approve", report=report_id, version=1))["code"] in (
            "forbidden",
            "not_found",
        )
        assert stored(hub_db, report_id)[0] == "pending"

        approved = ok(await s.lead.request("report_approve", report=report_id, version=1))
        status, text, digest, final_version = stored(hub_db, report_id)
        assert status == "final" and final_version == 1
        assert "Jenta forteller at faren slo henne." in text
        assert digest == reports.content_hash(text) == approved["hash"]
        event = await s.kari.event(s.conversation, "report_approved")
        assert event["by"] == "Vaktleder Vera" and event["hash"] == digest
        assert "text" not in event
        got = ok(await s.kari.request("report_get", report=report_id))["report"]
        assert got["final"]["text"] == text and got["final"]["template_version"] >= 1


async def test_changes_then_new_version_then_final_is_immutable(
    hub: HubServer, hub_db: Path | str
) -> None:
    async with scene(hub) as s:
        report_id = ok(await submit(s.kari, s.conversation))["report"]
        changes = ok(
            await s.lead.request(
                "report_request_changes", report=report_id, comment="Skriv hva hun sa ordrett."
            )
        )
        assert changes["version"] == 1
        event = await s.kari.event(s.conversation, "report_changes_requested")
        assert event["comment"] == "Skriv hva hun sa ordrett."
        update = await s.kari.expect(lambda f: f["type"] == "report_update")
        assert update["status"] == "changes_requested"
        # Version 1 was sent back: it cannot be approved any more.
        assert (await s.lead.request("report_approve", report=report_id, version=1))[
            "code"
        ] == "conflict"

        again = ok(
            await submit(
                s.kari,
                s.conversation,
                report_id=report_id,
                report=report_data("Hun sa: «pappa slo meg»."),
            )
        )
        assert again["report"] == report_id and again["version"] == 2
        ok(await s.lead.request("report_approve", report=report_id, version=2))
        # The version sent back was a draft: it goes once the report is final (privacy.md).
        await s.hub.hub.feature(RetentionFeature).idle()
        before = stored(hub_db, report_id)
        assert "pappa slo meg" in before[1] and before[3] == 2

        # Final: no new version, no second approval, no request for changes.
        late = await submit(
            s.kari, s.conversation, report_id=report_id, report=report_data("Endret i ettertid.")
        )
        assert late["code"] == "conflict"
        for version, code in ((1, "not_found"), (2, "conflict")):
            answer = await s.lead.request("report_approve", report=report_id, version=version)
            assert answer["code"] == code
        answer = await s.lead.request("report_request_changes", report=report_id, comment="x")
        assert answer["code"] == "conflict"
        assert stored(hub_db, report_id) == before
        # Even SQL from the outside cannot change it.
        try:
            query(hub_db, "UPDATE reports SET final_text = 'x' WHERE id = ?", report_id)
            raise AssertionError("the trigger let a final report change")
        except (sqlite3.IntegrityError, psycopg.IntegrityError):
            pass
        assert stored(hub_db, report_id) == before

        listed = ok(await s.lead.request("report_list", conversation=s.conversation))
        assert [item["status"] for item in listed["reports"]] == ["final"]
        versions = ok(await s.lead.request("report_get", report=report_id))["report"]["versions"]
        assert [v["status"] for v in versions] == ["approved"]


async def test_who_may_submit_and_read(hub: HubServer) -> None:
    async with (
        scene(hub) as s,
        Wire.connect(hub.url, "/v1/staff") as ola,
        Wire.connect(hub.url, "/v1/staff") as sup,
        Wire.connect(hub.url, "/v1/staff") as trainer,
    ):
        await staff_login(ola, "ola")
        await staff_login(sup, "sup")
        await staff_login(trainer, "trainer")
        assert (await submit(ola, s.conversation))["code"] == "forbidden"
        assert (await submit(s.lead, s.conversation))["code"] == "forbidden"
        bad = report_data()
        bad["colour"] = "red"
        assert (await submit(s.kari, s.conversation, report=bad))["code"] == "bad_frame"
        assert (await submit(s.kari, s.conversation, template="nope"))["code"] == "bad_frame"
        secret = report_data()
        secret["anonymity_broken_reason"] = None
        assert (await submit(s.kari, s.conversation, report=secret))["code"] == "bad_frame"

        report_id = ok(await submit(s.kari, s.conversation))["report"]
        ok(await sup.request("report_get", report=report_id))
        assert (await ola.request("report_get", report=report_id))["code"] == "not_found"
        assert (await trainer.request("report_get", report=report_id))["code"] == "not_found"
        assert (await trainer.request("report_list"))["code"] == "forbidden"
        assert ok(await ola.request("report_list"))["reports"] == []
        assert [r["report"] for r in ok(await s.kari.request("report_list"))["reports"]] == [
            report_id
        ]
        # Supervisors read; they do not approve.
        answer = await sup.request("report_approve", report=report_id, version=1)
        assert answer["code"] == "forbidden"


async def test_closed_conversation_report_and_the_contact_sees_nothing(hub: HubServer) -> None:
    async with scene(hub) as s:
        ok(await s.kari.request("close", conversation=s.conversation))
        report_id = ok(await submit(s.kari, s.conversation))["report"]
        approved = ok(await s.lead.request("report_approve", report=report_id, version=1))
        assert approved["seq"] > 0
        await s.contact.event(s.conversation, "closed")
        kinds = [f.get("kind") for f in s.contact.frames if f.get("type") == "event"]
        assert not set(kinds) & set(REPORT_KINDS)
        assert not [f for f in s.contact.frames if "report" in f.get("type", "")]
        # The contact reading back the whole conversation sees no report either.
        async with Wire.connect(hub.url, "/v1/contact") as again:
            token = [f for f in s.contact.frames if f.get("type") == "ok"][0]["resume_token"]
            ok(await again.request("resume", resume_token=token, after=0))
            await again.event(s.conversation, "closed")
            assert not [f for f in again.frames if f.get("kind") in REPORT_KINDS]


async def test_follow_up_across_easter_and_reminder_done(
    hub: HubServer, hub_db: Path | str
) -> None:
    feature = hub.hub.feature(ReportFeature)
    # Wednesday before Easter 2027: Maundy Thursday, Good Friday, the weekend and Easter Monday
    # are not working days, so the phone call is due on Tuesday 30 March.
    feature.now = lambda: datetime.fromisoformat("2027-03-24T21:40:00+01:00")
    async with scene(hub) as s:
        first = await s.kari.expect(lambda f: f["type"] == "reminders")
        assert first["items"] == []
        report_id = ok(await submit(s.kari, s.conversation))["report"]
        approved = ok(await s.lead.request("report_approve", report=report_id, version=1))
        assert approved["follow_up"] == "2027-03-30"
        assert ok(await s.kari.request("reminder_list"))["items"] == []

        feature.now = lambda: datetime.fromisoformat("2027-03-29T12:00:00+02:00")  # Easter Monday
        assert ok(await s.kari.request("reminder_list"))["items"] == []

        feature.now = lambda: datetime.fromisoformat("2027-03-30T08:00:00+02:00")
        async with Wire.connect(hub.url, "/v1/staff") as morning:
            await staff_login(morning, "ola")
            push = await morning.expect(lambda f: f["type"] == "reminders")
            [item] = push["items"]
            assert item["report"] == report_id and item["due"] == "2027-03-30"
            assert item["conversation"] == s.conversation and item["overdue"] is False

            feature.now = lambda: datetime.fromisoformat("2027-03-31T08:00:00+02:00")
            [late] = ok(await morning.request("reminder_list"))["items"]
            assert late["overdue"] is True

            refused = await morning.request("reminder_done", reminder=item["reminder"])
            assert refused["code"] == "forbidden"  # neither the report's author nor a shift lead
            done = ok(await s.lead.request("reminder_done", reminder=item["reminder"]))
            assert done["seq"] > 0
            empty = await morning.expect(lambda f: f["type"] == "reminders" and f["items"] == [])
            assert empty["items"] == []
            again = await s.kari.request("reminder_done", reminder=item["reminder"])
            assert again["code"] == "conflict"
            event = await s.kari.event(s.conversation, "reminder_done")
            assert event["by"] == "Vaktleder Vera" and event["report"] == report_id
        (row,) = query(
            hub_db, "SELECT due, done_by FROM report_reminders WHERE report = ?", report_id
        )
        assert row == ("2027-03-30", "lead")
