"""The retention purge on a real hub and a real database: what stays, what goes, and when.

The hub's clock is not moved: each purge is asked "as of" a later moment, as
``workstation-hub purge --as-of`` does.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import staff_login
from tests.support.hubs import holding, query
from tests.support.wire import Wire, ok
from workstation.hub.purge import PurgeResult
from workstation.hub.replays import ReplayFeature
from workstation.hub.retention import RetentionFeature
from workstation.hub.server import HubServer, serve_hub
from workstation.protocol.times import format_time, utc_now
from workstation.sessions import reports
from workstation.sessions.summary import ContactSummary, to_dict

SUMMARY_TEXT = "Redd for stefar. Fikk råd om å snakke med helsesykepleier."
SUMMARY = to_dict(ContactSummary(
    contact_by="child_self", age_band="13-15", gender="girl",
    categories=("violence.physical",), wanted=("listened_to",), actions=("advice",),
    text=SUMMARY_TEXT,
))


def report_data() -> dict[str, Any]:
    data = reports.to_dict(reports.sample_report())
    data["concern"] = "Jenta forteller at stefaren slo henne."
    data["template"] = None
    data["template_version"] = None
    return data


def retention(hub: HubServer) -> RetentionFeature:
    return hub.hub.feature(RetentionFeature)


async def settle(hub: HubServer) -> None:
    await hub.hub.feature(ReplayFeature).idle()
    await retention(hub).idle()


async def purge(hub: HubServer, at: datetime) -> PurgeResult:
    result = await retention(hub).purge(now=at)
    await settle(hub)
    return result


def removed(result: PurgeResult) -> dict[str, int]:
    """The non-zero counts."""
    return {kind: n for kind, n in result.counts.items() if n}


rows = query


async def closed_conversation(hub: HubServer, kari: Wire, text: str) -> str:
    """A young person writes ``text``; Kari answers and closes."""
    async with Wire.connect(hub.url, "/v1/contact") as contact:
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await contact.request("send", text=text))
        ok(await kari.request("accept", conversation=conv))
        ok(await kari.request("send", conversation=conv, text="Takk for at du skriver."))
        ok(await kari.request("note", conversation=conv, text="Notat: " + text))
        ok(await kari.request("close", conversation=conv))
    return conv


async def submit(kari: Wire, conv: str, **extra: Any) -> str:
    answer = ok(await kari.request(
        "report_submit", conversation=conv, report=report_data(), template="bekymringsmelding",
        **extra,
    ))
    return str(answer["report"])


async def test_purge_leaves_exactly_what_the_policy_says(
    hub: HubServer, hub_db: Path | str
) -> None:
    start = utc_now()
    async with (
        Wire.connect(hub.url, "/v1/staff") as kari,
        Wire.connect(hub.url, "/v1/staff") as lead,
        Wire.connect(hub.url, "/v1/staff") as sup,
        Wire.connect(hub.url, "/v1/contact") as still_open,
    ):
        for wire, name in ((kari, "kari"), (lead, "lead"), (sup, "sup")):
            await staff_login(wire, name)
        # A: a summary, and a final report whose first version was sent back.
        a = await closed_conversation(hub, kari, "stefaren min slår meg")
        ok(await kari.request("summary_set", conversation=a, summary=SUMMARY))
        final = await submit(kari, a)
        ok(await lead.request("report_request_changes", report=final, comment="Mer detaljer."))
        await submit(kari, a, report_id=final)
        ok(await lead.request("report_approve", report=final, version=2))
        # B: a report that is never approved.
        b = await closed_conversation(hub, kari, "jeg vet ikke om jeg tør si mer")
        pending = await submit(kari, b)
        # C: still open, however long it lasts.
        c = ok(await still_open.request("open", channel="chat"))["conversation"]
        ok(await still_open.request("send", text="hei"))
        await settle(hub)
        # The report is final: its draft version went at once, the approved one stays.
        assert rows(hub_db, "SELECT version, status FROM report_versions WHERE report = ?",
                    final) == [(2, "approved")]

        for row in [("cb-old", b, b"sealed-1", format_time(start - timedelta(hours=49))),
                    ("cb-new", b, b"sealed-2", format_time(start - timedelta(hours=1)))]:
            query(hub_db, "INSERT INTO callback_requests (id, conversation, number, created_at) "
                  "VALUES (?, ?, ?, ?)", *row)

        # Now: only the call-back number older than 48 hours.
        assert removed(await purge(hub, start)) == {"callbacks": 1}
        # A month on: the report nobody approved is abandoned; the other call-back is due.
        month = await purge(hub, start + timedelta(days=31))
        assert removed(month) == {"reports_abandoned": 1, "callbacks": 1}
        assert rows(hub_db, "SELECT id FROM reports") == [(final,)]
        assert rows(hub_db, "SELECT COUNT(*) FROM report_versions WHERE report = ?",
                    pending) == [(0,)]
        # After 90 days the transcripts of A and B go; A's summary stays as statistics.
        quarter = await purge(hub, start + timedelta(days=91))
        assert removed(quarter) == {"transcripts": 2, "summaries": 1}
        assert not quarter.failures
        assert rows(hub_db, "SELECT id FROM conversations") == [(c,)]
        assert rows(hub_db, "SELECT COUNT(*) FROM events WHERE conversation IN (?, ?)",
                    a, b) == [(0,)]
        assert rows(hub_db, "SELECT COUNT(*) FROM desk_summaries") == [(0,)]
        stats = rows(hub_db, "SELECT * FROM contact_stats ORDER BY created_at")
        assert len(stats) == 2
        assert not any(SUMMARY_TEXT in str(value) for row in stats for value in row)
        assert not any(value in (a, b, "kari") for row in stats for value in row)
        # The supervisor's figures still count both contacts, with A's categories.
        contacts = ok(await sup.request(
            "stats", since=format_time(start - timedelta(hours=1))
        ))["contacts"]
        assert [r["categories"] for r in contacts] == [["violence.physical"], [], []]
        assert [r["status"] for r in contacts] == ["closed", "closed", "queued"]
        # The final report is a record: text, hash and approval outlive the transcript.
        got = ok(await lead.request("report_get", report=final))["report"]
        assert "stefaren slo henne" in got["final"]["text"]
        assert got["final"]["hash"] == reports.content_hash(got["final"]["text"])
        # After a year the replays go; ten years after approval, the final report.
        assert removed(await purge(hub, start + timedelta(days=366))) == {"replays": 2}
        assert removed(await purge(hub, start + timedelta(days=3650))) == {}
        decade = await purge(hub, start + timedelta(days=3654))
        assert removed(decade) == {"reports_expired": 1}
        assert rows(hub_db, "SELECT COUNT(*) FROM reports") == [(0,)]
        assert rows(hub_db, "SELECT COUNT(*) FROM report_reminders") == [(0,)]
        # ... and final reports are still guarded against deletion for everyone else.
        guard = ("SELECT name FROM sqlite_master WHERE name = ?" if isinstance(hub_db, Path)
                 else "SELECT tgname FROM pg_trigger WHERE tgname = ? AND tgenabled = 'O'")
        assert rows(hub_db, guard, "reports_final_delete") == [("reports_final_delete",)]
        # Run again: nothing more to do, no error; the open conversation is untouched.
        again = await purge(hub, start + timedelta(days=3654))
        assert removed(again) == {} and not again.failures
        assert rows(hub_db, "SELECT COUNT(*) FROM events WHERE conversation = ?", c) == [(2,)]
        ok(await still_open.request("send", text="fortsatt her"))


def hold(db: Path | str, conversation: str) -> None:
    """Make the database refuse to delete one conversation's events (as a legal hold an
    administrator put in by hand would): a SQLite trigger, or its PL/pgSQL twin raising
    SQLSTATE 23000 (``hub_refuse``, migration 8)."""
    if isinstance(db, Path):
        rows(db, "CREATE TRIGGER held BEFORE DELETE ON events WHEN OLD.conversation = "
                 f"'{conversation}' BEGIN SELECT RAISE(ABORT, 'held for an inquiry'); END")
    else:
        rows(db, "CREATE TRIGGER held BEFORE DELETE ON events FOR EACH ROW WHEN "
                 f"(OLD.conversation = '{conversation}') "
                 "EXECUTE FUNCTION hub_refuse('held for an inquiry')")


async def test_one_conversation_that_cannot_be_purged_does_not_stop_the_others(
    hub: HubServer, hub_db: Path | str, caplog: pytest.LogCaptureFixture
) -> None:
    async with (
        Wire.connect(hub.url, "/v1/staff") as kari,
        Wire.connect(hub.url, "/v1/staff") as sup,
    ):
        await staff_login(kari, "kari")
        await staff_login(sup, "sup")
        held = await closed_conversation(hub, kari, "første samtale")
        others = [await closed_conversation(hub, kari, f"samtale {n}") for n in range(3)]
        await settle(hub)
        hold(hub_db, held)
        reason = ("IntegrityError" if isinstance(hub_db, Path)
                  else "IntegrityConstraintViolation") + ": held for an inquiry"
        later = utc_now() + timedelta(days=91)
        with caplog.at_level(logging.ERROR, logger="workstation.hub.retention"):
            result = await purge(hub, later)
        assert result.counts["transcripts"] == 3
        assert [(f.conversation, f.reason) for f in result.failures] == [
            (held, reason)
        ]
        assert rows(hub_db, "SELECT id FROM conversations") == [(held,)]
        # Supervisors are told which one and why; the log has the traceback.
        alert = await sup.expect(lambda f: f.get("alert") == "purge_failed")
        assert alert["conversation"] == held and alert["kind"] == "transcripts"
        assert alert["reason"] == reason
        logged = [r.getMessage() for r in caplog.records if held in r.getMessage()]
        assert len(logged) == 1 and "held for an inquiry" in logged[0]
        assert "Traceback" in logged[0] and "purge_conversations" in logged[0]
        assert rows(hub_db, "SELECT target, detail FROM audit WHERE action = 'purge_failed'") == [
            (held, f"transcripts: {reason}")
        ]
        assert rows(hub_db, "SELECT COUNT(*) FROM contact_stats") == [(3,)]
        # The next run tries again; once the hold is lifted it goes like the others.
        rows(hub_db, "DROP TRIGGER held" + ("" if isinstance(hub_db, Path) else " ON events"))
        retried = await purge(hub, later)
        assert removed(retried) == {"transcripts": 1} and not retried.failures
        assert rows(hub_db, "SELECT COUNT(*) FROM conversations") == [(0,)]
        assert rows(hub_db, "SELECT COUNT(*) FROM contact_stats") == [(4,)]
        assert set(others).isdisjoint(r[0] for r in rows(hub_db, "SELECT id FROM conversations"))


WORD = "Zyxqvorblatine"


files_holding = holding


async def test_a_purged_transcript_leaves_no_word_on_disk(
    hub: HubServer, hub_db: Path | str
) -> None:
    """SQLite: not in the file nor its WAL (``secure_delete``, the purge's checkpoint).
    PostgreSQL: in no row of any table (its pages and WAL: disk encryption, docs/store.md)."""
    async with Wire.connect(hub.url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        conv = await closed_conversation(hub, kari, f"hemmeligordet mitt er {WORD}")
        summary = {**SUMMARY, "text": f"Sa ordet {WORD}."}
        ok(await kari.request("summary_set", conversation=conv, summary=summary))
        await settle(hub)
        assert files_holding(hub_db, WORD)  # the scan does find it while it is there
        # Past the transcripts' and the replays' retention.
        result = await purge(hub, utc_now() + timedelta(days=400))
        assert removed(result) == {"transcripts": 1, "summaries": 1, "replays": 1}
        assert files_holding(hub_db, WORD) == []
        if isinstance(hub_db, Path):
            assert hub_db.with_name(hub_db.name + "-wal").stat().st_size == 0


async def test_an_admin_sets_how_long_final_reports_are_kept(
    hub: HubServer, hub_db: Path | str
) -> None:
    async with (
        Wire.connect(hub.url, "/v1/staff") as kari,
        Wire.connect(hub.url, "/v1/staff") as lead,
        Wire.connect(hub.url, "/v1/staff") as admin,
    ):
        for wire, name in ((kari, "kari"), (lead, "lead"), (admin, "admin")):
            await staff_login(wire, name)
        assert ok(await admin.request("retention_get"))["reports_years"] == 10
        too_long = await admin.request("retention_set", reports_years=31)
        assert too_long["code"] == "bad_frame"
        assert ok(await admin.request("retention_set", reports_years=2))["reports_years"] == 2
        conv = await closed_conversation(hub, kari, "det skjer hjemme")
        report = await submit(kari, conv)
        ok(await lead.request("report_approve", report=report, version=1))
        await settle(hub)
        start = utc_now()
        assert "reports_expired" not in removed(await purge(hub, start + timedelta(days=365)))
        assert rows(hub_db, "SELECT id FROM reports") == [(report,)]
        result = await purge(hub, start + timedelta(days=2 * 365 + 2))
        assert removed(result)["reports_expired"] == 1
        assert rows(hub_db, "SELECT COUNT(*) FROM reports") == [(0,)]
    audit = rows(hub_db, "SELECT detail FROM audit WHERE action = 'retention_set'")
    assert len(audit) == 1 and '"reports_years": 2' in audit[0][0]


async def test_a_hub_purges_at_start_past_a_final_report(hub_db: Path | str) -> None:
    """The old failure: an expired conversation with a final report stopped every purge."""
    async with serve_hub(hub_db) as hub:
        kari_wire = Wire.connect(hub.url, "/v1/staff")
        lead_wire = Wire.connect(hub.url, "/v1/staff")
        async with kari_wire as kari, lead_wire as lead:
            await staff_login(kari, "kari")
            await staff_login(lead, "lead")
            with_report = await closed_conversation(hub, kari, "det skjer hjemme")
            report = await submit(kari, with_report)
            ok(await lead.request("report_approve", report=report, version=1))
            plain = await closed_conversation(hub, kari, "bare lurte på noe")
            await settle(hub)
    long_ago = format_time(utc_now() - timedelta(days=100))
    query(hub_db, "UPDATE conversations SET closed_at = ?", long_ago)
    async with serve_hub(hub_db) as hub:
        await asyncio.wait_for(retention(hub).purged.wait(), timeout=10)
        assert rows(hub_db, "SELECT COUNT(*) FROM conversations WHERE id IN (?, ?)",
                    with_report, plain) == [(0,)]
        assert rows(hub_db, "SELECT id, status FROM reports") == [(report, "final")]
