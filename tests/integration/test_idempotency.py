"""A repeated request id gets the first answer and creates nothing new — one test per request.

Each test sends a request, then the very same frame again (a desk resending its outbox), and
checks the second answer equals the first and the database holds one row or event, not two.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.conftest import staff_login
from tests.integration.test_desk_features import SUMMARY, phone, until
from tests.integration.test_report_approval import report_data
from tests.support.hubs import HubProcess, query
from tests.support.wire import Wire, ok
from workstation.hub.blocks import BlockFeature
from workstation.hub.debriefs import DebriefFeature
from workstation.hub.idempotency import NOT_RECORDED
from workstation.hub.pauses import PauseFeature
from workstation.hub.replays import ReplayFeature
from workstation.hub.server import HubServer, serve_hub
from workstation.protocol.staff_frames import STAFF_FRAME_TYPES
from workstation.store import open_store, requests
from workstation.store.postgres_store import PostgresStore, QmarkConnection

Frame = dict[str, Any]
_ids = itertools.count(1)
TESTED: set[str] = set()


def repeats(*types: str) -> Any:
    """Mark which request types a test repeats (checked against every staff frame type)."""
    TESTED.update(types)
    return lambda test: test


async def twice(wire: Wire, frame_type: str, **fields: Any) -> Frame:
    """Send the same request twice, one after the other; both answers must be equal."""
    request_id = f"dup-{frame_type}-{next(_ids)}"
    first = await wire.request(frame_type, id=request_id, **fields)
    second = await wire.request(frame_type, id=request_id, **fields)
    assert second == first
    return first


def count(db: Path | str | str, sql: str, *args: object) -> int:
    return int(query(db, sql, *args)[0][0])  # type: ignore[call-overload]


def events(db: Path | str, conversation: str, kind: str) -> int:
    return count(
        db, "SELECT COUNT(*) FROM events WHERE conversation = ? AND kind = ?", conversation, kind
    )


def audits(db: Path | str, action: str) -> int:
    return count(db, "SELECT COUNT(*) FROM audit WHERE action = ?", action)


@dataclass
class Scene:
    hub: HubServer
    db: Path | str
    contact: Wire
    kari: Wire
    lead: Wire
    sup: Wire
    conversation: str


@contextlib.asynccontextmanager
async def scene(hub: HubServer, db: Path | str, *, accept: bool = True) -> AsyncIterator[Scene]:
    """A young person writing; Kari (counsellor), the shift lead and a supervisor online."""
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as kari,
        Wire.connect(hub.url, "/v1/staff") as lead,
        Wire.connect(hub.url, "/v1/staff") as sup,
    ):
        for wire, user in ((kari, "kari"), (lead, "lead"), (sup, "sup")):
            await staff_login(wire, user)
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        if accept:
            ok(await kari.request("accept", conversation=conv))
        yield Scene(hub, db, contact, kari, lead, sup, conv)


# --- conversations ---------------------------------------------------------------------------


@repeats("accept")
async def test_accept(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db, accept=False) as s:
        answer = ok(await twice(s.kari, "accept", conversation=s.conversation))
        assert answer["conversation"] == s.conversation
        assert events(hub_db, s.conversation, "assigned") == 1


@repeats("close")
async def test_close(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db) as s:
        ok(await twice(s.kari, "close", conversation=s.conversation))
        assert events(hub_db, s.conversation, "closed") == 1


@repeats("leave")
async def test_contact_leave(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db) as s:
        ok(await twice(s.contact, "leave"))
        assert events(hub_db, s.conversation, "closed") == 1


@repeats("send", "note", "flag")
async def test_messages_notes_and_flags(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db) as s:
        ok(await twice(s.contact, "send", text="hei, er det noen der?"))
        ok(await twice(s.kari, "send", conversation=s.conversation, text="Hei, jeg er her."))
        ok(await twice(s.kari, "note", conversation=s.conversation, text="Virker redd."))
        ok(await twice(s.kari, "flag", conversation=s.conversation, flag="risk"))
        assert events(hub_db, s.conversation, "message") == 2
        assert events(hub_db, s.conversation, "note") == 1
        assert events(hub_db, s.conversation, "flagged") == 1


async def test_messages_resent_after_the_conversation_closed(
    hub: HubServer, hub_db: Path | str
) -> None:
    """A desk (or a young person) resending after a reconnect finds the conversation closed
    meanwhile: what was stored before gets its first answer, not a refusal."""
    async with scene(hub, hub_db) as s:
        staff = {"send": {"text": "Er du der?"}, "note": {"text": "Stille."},
                 "flag": {"flag": "risk"}}
        first = {kind: ok(await s.kari.request(kind, id=f"k-{kind}", conversation=s.conversation,
                                               **fields))
                 for kind, fields in staff.items()}
        said = ok(await s.contact.request("send", id="c-send", text="ha det"))
        ok(await s.contact.request("leave"))
        for kind, fields in staff.items():
            again = await s.kari.request(kind, id=f"k-{kind}", conversation=s.conversation,
                                         **fields)
            assert again == first[kind]
        assert await s.contact.request("send", id="c-send", text="ha det") == said
        never = await s.kari.request("send", id="k-new", conversation=s.conversation, text="x")
        assert never["code"] == "forbidden"
        assert await s.contact.request("send", id="c-new", text="x") != said
        assert events(hub_db, s.conversation, "message") == 2


# --- consultation ----------------------------------------------------------------------------


async def consult(s: Scene) -> str:
    answer = ok(await s.kari.request("consult", conversation=s.conversation, to="lead"))
    return str(answer["consult"])


@repeats("consult")
async def test_consult(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db) as s:
        answer = ok(await twice(s.kari, "consult", conversation=s.conversation, to="lead"))
        assert answer["offered"] == ["lead"]
        assert events(hub_db, s.conversation, "consult_requested") == 1


@repeats("consult_accept", "consult_send", "take_over", "consult_end")
async def test_consult_accept_send_take_over_and_end(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db) as s:
        consult_id = await consult(s)
        joined = ok(await twice(s.lead, "consult_accept", consult=consult_id))
        assert joined["conversation"] == s.conversation
        ok(await twice(s.lead, "consult_send", consult=consult_id, text="Spør om hun er trygg."))
        taken = ok(await twice(s.lead, "take_over", conversation=s.conversation))
        assert taken["conversation"] == s.conversation
        ok(await twice(s.lead, "consult_end", consult=consult_id))
        for kind in ("consult_joined", "consult_message", "consult_taken_over", "consult_ended"):
            assert events(hub_db, s.conversation, kind) == 1, kind
        assert events(hub_db, s.conversation, "assigned") == 2  # Kari's accept, the take-over


@repeats("consult_decline")
async def test_consult_decline(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db) as s:
        consult_id = await consult(s)
        ok(await twice(s.lead, "consult_decline", consult=consult_id))
        assert events(hub_db, s.conversation, "consult_declined") == 1


# --- time limits and supervision -------------------------------------------------------------


@repeats("policy_set")
async def test_policy_set(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db, accept=False) as s:
        answer = ok(await twice(
            s.sup, "policy_set", channel="chat", soft_s=600, hard_s=900, min_queue=1
        ))
        assert answer["policy"]["soft_s"] == 600
        assert audits(hub_db, "policy_set") == 1


@repeats("time_continue")
async def test_time_continue(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db) as s:
        ok(await twice(s.kari, "time_continue", conversation=s.conversation, reason="crisis"))
        assert events(hub_db, s.conversation, "time_continued") == 1


@repeats("observe", "unobserve")
async def test_observe_and_unobserve(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db) as s:
        ok(await twice(s.sup, "observe", conversation=s.conversation))
        ok(await twice(s.sup, "unobserve", conversation=s.conversation))
        assert events(hub_db, s.conversation, "observer_joined") == 1
        assert events(hub_db, s.conversation, "observer_left") == 1
        assert audits(hub_db, "observe") == 1 and audits(hub_db, "unobserve") == 1


# --- the desk: capacity, calls, canned responses, summaries ----------------------------------


@repeats("capacity_set")
async def test_capacity_set(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db, accept=False) as s:
        answer = ok(await twice(s.sup, "capacity_set", user="kari", limits={"chat": 2}))
        assert answer["limits"]["chat"] == 2
        assert audits(hub_db, "capacity_set") == 1


@repeats("call_answer", "call_hold", "call_resume", "call_transfer", "call_hangup")
async def test_calls(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db, accept=False) as s, Wire.connect(hub.url, "/v1/staff") as ola:
        await staff_login(ola, "ola")
        await phone(hub).ring("+47 912 34 512")
        ringing = await s.kari.expect(lambda f: f["type"] == "calls" and f["items"])
        conv = ringing["items"][0]["conversation"]
        ok(await twice(s.kari, "call_answer", conversation=conv))
        ok(await twice(s.kari, "call_hold", conversation=conv))
        ok(await twice(s.kari, "call_resume", conversation=conv))
        ok(await twice(s.kari, "call_transfer", conversation=conv, to="ola"))
        ok(await twice(ola, "call_hangup", conversation=conv))
        for kind in ("call_answered", "call_held", "call_resumed", "call_transferred",
                     "call_ended", "closed"):
            assert events(hub_db, conv, kind) == 1, kind
        assert events(hub_db, conv, "assigned") == 2  # answered by Kari, moved to Ola


@repeats("softphone_lost", "call_take_over")
async def test_a_lost_softphone_and_a_take_over(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db, accept=False) as s:
        await phone(hub).ring("+47 912 34 512")
        ringing = await s.kari.expect(lambda f: f["type"] == "calls" and f["items"])
        conv = ringing["items"][0]["conversation"]
        ok(await s.kari.request("call_answer", conversation=conv))
        await s.kari.event(conv, "call_answered")  # the phone system has connected it
        assert ok(await twice(s.kari, "softphone_lost"))["held"] == [conv]
        ok(await twice(s.lead, "call_take_over", conversation=conv))
        for kind in ("call_held", "call_taken_over", "call_resumed"):
            assert events(hub_db, conv, kind) == 1, kind
        assert events(hub_db, conv, "assigned") == 2  # answered by Kari, taken by the lead


@repeats("call_listen", "call_join", "call_join_answer", "call_add_party", "call_drop_party",
         "call_listen_end")
async def test_listen_in_and_three_way(hub: HubServer, hub_db: Path | str) -> None:
    from tests.integration.test_call_conference import SERVICE, consulted_call

    async with consulted_call(hub) as (_, conv, kari, lead, _ola):
        ok(await twice(lead, "call_listen", conversation=conv))
        ok(await twice(lead, "call_join", conversation=conv))
        ok(await twice(kari, "call_join_answer", conversation=conv, user="lead", consent=True))
        party = ok(await twice(kari, "call_add_party", conversation=conv, service=SERVICE,
                               confirmed=True))["party"]
        ok(await twice(kari, "call_drop_party", conversation=conv, party=party))
        ok(await twice(lead, "call_listen_end", conversation=conv))
        for kind in ("call_listening", "call_join_requested", "call_joined",
                     "call_party_added", "call_party_left", "call_listen_ended"):
            assert events(hub_db, conv, kind) == 1, kind


@repeats("canned_set", "canned_delete")
async def test_canned_set_and_delete(hub: HubServer, hub_db: Path | str) -> None:
    item = {"id": "closing.natt", "group": "closing", "title": "Natt", "keyword": "natt",
            "text": "God natt, {navn} her."}
    async with scene(hub, hub_db, accept=False) as s:
        ok(await twice(s.sup, "canned_set", item=item))
        ok(await twice(s.sup, "canned_delete", item_id="closing.natt"))
        assert audits(hub_db, "canned_set") == 1 and audits(hub_db, "canned_delete") == 1
        listed = ok(await s.sup.request("canned_list"))["items"]
        assert "closing.natt" not in [i["id"] for i in listed]


@repeats("summary_set")
async def test_summary_set(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db) as s:
        ok(await s.kari.request("close", conversation=s.conversation))
        answer = ok(await twice(s.kari, "summary_set", conversation=s.conversation,
                                summary=SUMMARY))
        assert answer["saved_at"]
        assert events(hub_db, s.conversation, "summary_saved") == 1


# --- replays ---------------------------------------------------------------------------------


@repeats("replay_annotate", "practice_save", "replay_delete", "retention_set")
async def test_replay_annotate_practice_delete_and_retention_set(
    hub: HubServer, hub_db: Path | str
) -> None:
    async with scene(hub, hub_db) as s:
        ok(await s.kari.request("send", conversation=s.conversation, text="Hei, jeg er her."))
        ok(await s.kari.request("close", conversation=s.conversation))
    await hub.hub.feature(ReplayFeature).idle()
    async with (
        Wire.connect(hub.url, "/v1/staff") as trainer,
        Wire.connect(hub.url, "/v1/staff") as admin,
    ):
        await staff_login(trainer, "trainer")
        await staff_login(admin, "admin")
        (listed,) = ok(await trainer.request("replay_list"))["replays"]
        note = ok(await twice(trainer, "replay_annotate", replay=listed["replay"], offset_ms=0,
                              text="Godt åpningsspørsmål"))
        assert note["annotation"]
        assert count(hub_db, "SELECT COUNT(*) FROM replay_annotations") == 1
        replay = ok(await trainer.request("replay_get", replay=listed["replay"]))
        stop = next(i for i, e in enumerate(replay["events"]) if e["from"] == "staff")
        ok(await twice(trainer, "practice_save", replay=listed["replay"], event=stop,
                       offset_ms=replay["events"][stop]["offset_ms"], text="Hei, fint du skrev."))
        assert count(hub_db, "SELECT COUNT(*) FROM practice_attempts") == 1
        ok(await twice(trainer, "replay_delete", replay=listed["replay"]))
        assert audits(hub_db, "replay_delete") == 1
        ok(await twice(admin, "retention_set", replays_days=30))
        assert audits(hub_db, "retention_set") == 1


# --- concern reports -------------------------------------------------------------------------


def report_rows(db: Path | str, conversation: str) -> int:
    return count(db, "SELECT COUNT(*) FROM reports WHERE conversation = ?", conversation)


async def submit(s: Scene, request_id: str | None = None) -> Frame:
    fields = {"conversation": s.conversation, "report": report_data(),
              "template": "bekymringsmelding"}
    return await s.kari.request("report_submit", id=request_id, **fields)


@repeats("report_submit")
async def test_report_submit(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db) as s:
        first = ok(await submit(s, "submit-1"))
        assert await submit(s, "submit-1") == first
        assert report_rows(hub_db, s.conversation) == 1
        assert events(hub_db, s.conversation, "report_submitted") == 1
        # Another id is another report.
        assert ok(await submit(s))["report"] != first["report"]
        assert report_rows(hub_db, s.conversation) == 2


async def test_report_submit_repeated_while_the_first_is_still_running(
    hub: HubServer, hub_db: Path | str
) -> None:
    async with scene(hub, hub_db) as s:
        frame = {"type": "report_submit", "id": "submit-now", "conversation": s.conversation,
                 "report": report_data(), "template": "bekymringsmelding"}
        await asyncio.gather(s.kari.send(frame), s.kari.send(frame))
        first, second = await s.kari.answer("submit-now"), await s.kari.answer("submit-now")
        assert ok(first) == second
        assert report_rows(hub_db, s.conversation) == 1


@repeats("report_approve", "reminder_done")
async def test_report_approve_and_reminder_done(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db) as s:
        report_id = ok(await submit(s))["report"]
        approved = ok(await twice(s.lead, "report_approve", report=report_id, version=1))
        assert approved["hash"]
        assert events(hub_db, s.conversation, "report_approved") == 1
        assert count(hub_db, "SELECT COUNT(*) FROM report_reminders") == 1
        (reminder_id,) = _reminder_ids(hub_db)
        ok(await twice(s.kari, "reminder_done", reminder=reminder_id))
        assert events(hub_db, s.conversation, "reminder_done") == 1


def _reminder_ids(db: Path | str) -> list[str]:
    return [str(row[0]) for row in query(db, "SELECT id FROM report_reminders")]


@repeats("report_request_changes")
async def test_report_request_changes(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db) as s:
        report_id = ok(await submit(s))["report"]
        ok(await twice(s.lead, "report_request_changes", report=report_id,
                       comment="Skriv mer om hva hun sa."))
        assert events(hub_db, s.conversation, "report_changes_requested") == 1


# --- across a restart ------------------------------------------------------------------------


async def test_report_submit_repeated_after_a_restart(hub_db: Path | str) -> None:
    async with serve_hub(hub_db) as hub, scene(hub, hub_db) as s:
        first = ok(await submit(s, "before-restart"))
        conv = s.conversation
    async with serve_hub(hub_db) as hub, Wire.connect(hub.url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        again = await kari.request("report_submit", id="before-restart", conversation=conv,
                                   report=report_data(), template="bekymringsmelding")
        assert again == first
    assert report_rows(hub_db, conv) == 1
    assert events(hub_db, conv, "report_submitted") == 1


async def test_close_repeated_after_sigkill(hub_process: HubProcess, hub_db: Path | str) -> None:
    async with (
        Wire.connect(hub_process.url, "/v1/contact") as contact,
        Wire.connect(hub_process.url, "/v1/staff") as kari,
    ):
        await staff_login(kari, "kari")
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        ok(await kari.request("summary_set", conversation=conv, summary=SUMMARY, id="sum-1"))
        first = ok(await kari.request("close", conversation=conv, id="close-1"))
        # The answer is stored just after it is sent (on PostgreSQL a commit later than on
        # SQLite); a kill inside that window is the next test's case.
        await answer_stored(hub_db, "close-1")
    hub_process.kill()
    hub_process.start()
    async with Wire.connect(hub_process.url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        assert await kari.request("close", conversation=conv, id="close-1") == first
        again = await kari.request("summary_set", conversation=conv, summary=SUMMARY, id="sum-1")
        assert ok(again)["seq"] < first["seq"]
    assert events(hub_db, conv, "closed") == 1
    assert events(hub_db, conv, "summary_saved") == 1


# --- the mechanism ---------------------------------------------------------------------------


async def answer_stored(db: Path | str, request_id: str) -> None:
    """Wait for the hub to store the answer (it is written just after it was sent)."""
    sql = "SELECT COUNT(*) FROM request_answers WHERE request_id = ? AND answer IS NOT NULL"

    async def stored() -> int:
        return count(db, sql, request_id)

    await until(stored)


async def test_an_effect_without_its_answer_is_not_carried_out_again(
    hub: HubServer, hub_db: Path | str
) -> None:
    """The hub stopped between committing a request and storing its answer: a repeat gets an
    ``ok`` marked ``repeated`` with the event it wrote, and nothing new."""
    async with scene(hub, hub_db) as s:
        first = ok(await s.kari.request("close", conversation=s.conversation, id="close-x"))
        await answer_stored(hub_db, "close-x")
        query(hub_db, "UPDATE request_answers SET answer = NULL WHERE request_id = 'close-x'")
        again = ok(await s.kari.request("close", conversation=s.conversation, id="close-x"))
        assert again["repeated"] is True
        assert (again["conversation"], again["seq"]) == (s.conversation, first["seq"])
        assert events(hub_db, s.conversation, "closed") == 1


async def test_a_refused_request_may_be_tried_again(hub: HubServer, hub_db: Path | str) -> None:
    """A refusal that created nothing is not remembered: the same id can succeed later."""
    async with scene(hub, hub_db, accept=False) as s:
        refused = await s.kari.request("close", conversation=s.conversation, id="early")
        assert refused["code"] == "forbidden"
        ok(await s.kari.request("accept", conversation=s.conversation))
        ok(await s.kari.request("close", conversation=s.conversation, id="early"))
        assert events(hub_db, s.conversation, "closed") == 1


async def test_the_same_id_from_two_people_is_two_requests(
    hub: HubServer, hub_db: Path | str
) -> None:
    async with scene(hub, hub_db, accept=False) as s:
        a = ok(await s.sup.request("capacity_set", id="same", user="kari", limits={"chat": 2}))
        b = ok(await s.lead.request("accept", id="same", conversation=s.conversation))
        assert a != b
        assert audits(hub_db, "capacity_set") == 1
        assert events(hub_db, s.conversation, "assigned") == 1


def test_old_answers_are_pruned(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    for backend in ("sqlite", "postgres"):
        if backend == "sqlite":
            db = tmp_path / "hub.sqlite3"
            open_store(db).close_blocking()  # the tables, by the migrations
            conn: Any = contextlib.closing(sqlite3.connect(db, isolation_level=None))
        else:
            dsn = request.getfixturevalue("postgres_server").create_database()
            PostgresStore(dsn).close_blocking()
            conn = contextlib.closing(psycopg.connect(dsn, autocommit=True))
        with conn as opened:
            sql = opened if backend == "sqlite" else QmarkConnection(opened)
            for request_id, at in (("old", "2000-01-01T00:00:00.000Z"),
                                   ("new", "2999-01-01T00:00:00.000Z")):
                sql.execute(
                    "INSERT INTO request_answers (principal, request_id, type, at, answer) "
                    "VALUES ('staff:kari', ?, 'close', ?, '{}')", (request_id, at),
                )
            assert requests.prune(sql) == 1, backend
            assert requests.lookup(sql, "staff:kari", "new") is not None
            assert requests.lookup(sql, "staff:kari", "old") is None


@repeats("abuse_mark", "block_add", "block_lift")
async def test_abuse_marks_and_blocks(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db) as s:
        # As if opened by the chat page, whose per-browser token is what gets blocked.
        await hub.hub.feature(BlockFeature).remember(s.conversation, "browser", "b" * 32)
        ok(await twice(s.kari, "abuse_mark", conversation=s.conversation, reason="Tull"))
        assert events(hub_db, s.conversation, "marked_abusive") == 1
        block = ok(await twice(s.lead, "block_add", conversation=s.conversation, hours=24,
                               reason="Tull"))["block"]
        assert audits(hub_db, "block_add") == 1
        ok(await twice(s.sup, "block_lift", block=block["block"], reason="Feil"))
        assert audits(hub_db, "block_lift") == 1


@repeats("hard_mark", "pause_start", "pause_end", "break_policy_set")
async def test_hard_marks_pauses_and_the_break_policy(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db) as s:
        ok(await twice(s.kari, "hard_mark", conversation=s.conversation))
        assert events(hub_db, s.conversation, "marked_hard") == 1
        first = ok(await twice(s.kari, "pause_start", minutes=5))
        assert hub.hub.feature(PauseFeature).paused["kari"].isoformat()[:19] == (
            first["until"][:19]
        )
        ok(await twice(s.kari, "pause_end"))
        assert audits(hub_db, "pause_start") == audits(hub_db, "pause_end") == 1
        ok(await twice(s.sup, "break_policy_set", minutes=120))
        assert audits(hub_db, "break_policy_set") == 1


@repeats("debrief_request", "debrief_accept", "debrief_decline", "debrief_cancel")
async def test_debrief_requests(hub: HubServer, hub_db: Path | str) -> None:
    debriefs = hub.hub.feature(DebriefFeature)
    async with scene(hub, hub_db) as s:
        asked = ok(await twice(s.kari, "debrief_request", after=s.conversation))
        assert list(debriefs.debriefs) == [asked["debrief"]]  # one, not two
        ok(await twice(s.lead, "debrief_accept", debrief=asked["debrief"]))
        second = ok(await s.kari.request("debrief_request"))["debrief"]
        ok(await twice(s.lead, "debrief_decline", debrief=second))
        ok(await twice(s.kari, "debrief_cancel", debrief=second))
        assert debriefs.debriefs == {}
        for action in ("debrief_request", "debrief_accept", "debrief_decline",
                       "debrief_cancel"):
            assert audits(hub_db, action) == (2 if action == "debrief_request" else 1)


@pytest.mark.parametrize("frame", STAFF_FRAME_TYPES, ids=lambda f: f.__struct_config__.tag)
def test_every_request_that_changes_something_has_a_test_here(frame: type) -> None:
    tag = frame.__struct_config__.tag
    assert tag in NOT_RECORDED or tag in TESTED, f"{tag}: add a repeat test to this file"


# --- call-back requests ----------------------------------------------------------------------


@repeats("callback_take", "callback_done")
async def test_callback_take_and_done(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db, accept=False) as s:
        task = ok(await s.contact.request("callback", number="912 34 567"))["callback"]
        taken = ok(await twice(s.kari, "callback_take", callback=task))
        assert taken["taken_user"] == "kari"
        assert audits(hub_db, "callback_take") == 1
        done = ok(await twice(s.kari, "callback_done", callback=task, outcome="no_answer"))
        assert done["attempts"] == 1
        assert audits(hub_db, "callback_outcome") == 1
        assert count(hub_db, "SELECT attempts FROM callback_requests") == 1


@repeats("return_code_revoke")
async def test_return_code_revoke(hub: HubServer, hub_db: Path | str) -> None:
    async with scene(hub, hub_db) as s:
        ok(await s.kari.request("return_code_offer", conversation=s.conversation))
        answer = ok(await twice(s.lead, "return_code_revoke", conversation=s.conversation))
        assert answer["revoked"] is True
        assert audits(hub_db, "return_code_revoke") == 1
        assert count(hub_db, "SELECT COUNT(*) FROM return_codes WHERE revoked_by = 'lead'") == 1
