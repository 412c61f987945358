"""The features across two hubs on one PostgreSQL (issue 16; docs/deploy.md "Several hubs
at once"): a consultation asked on one hub reaches a colleague signed in on the other, and
its answers are decided once, in the database, whichever hubs they reach."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

import psycopg
import pytest

from tests.conftest import staff_login
from tests.integration.test_report_approval import report_data
from tests.integration.test_sms_outbox import eventually
from tests.support.hubs import HubProcess
from tests.support.two_hubs import (
    NO_LIMITS,
    TRANSFERRED,
    desks_on,
    in_queue,
    stored_fields,
    transfer_across,
    two_hubs,
)
from tests.support.wire import Frame, Wire, ok
from workstation.hub.consult_log import ESCALATE_SETTING
from workstation.hub.reports import ReportFeature
from workstation.hub.returning.feature import ReturnFeature
from workstation.hub.server import serve_hub
from workstation.hub.telephony import feature, remote
from workstation.hub.telephony.feature import CallsFeature
from workstation.hub.telephony.simulated import SimulatedTelephony
from workstation.hub.telephony.softphone import SoftphoneFeature
from workstation.protocol.times import format_time, utc_now

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)
#: A request unanswered this long escalates (in the escalation test).
ESCALATE_S = 1.5


@pytest.fixture
def hubs(hub_db: str) -> Iterator[tuple[HubProcess, HubProcess]]:
    yield from two_hubs(hub_db)


def offered(consult: str) -> Callable[[Frame], bool]:
    return lambda f: f.get("type") == "consult_request" and f.get("consult") == consult


def step(kind: str, consult: str) -> Callable[[Frame], bool]:
    return lambda f: f.get("kind") == kind and f.get("consult") == consult


def answers_of(dsn: str, conversation: str, consult: str) -> list[str]:
    """The consultation's deciding steps in the log: joined, or cancelled by the asker."""
    return [
        kind if kind == "consult_joined" else str(fields.get("reason"))
        for kind, fields in stored_fields(dsn, conversation)
        if fields.get("consult") == consult
        and (kind == "consult_joined"
             or (kind == "consult_ended" and fields.get("reason") == "cancelled"))
    ]


async def assigned_conversation(contact: Wire, desk: Wire) -> str:
    conv = ok(await contact.request("open", channel="chat"))["conversation"]
    await desk.expect(in_queue(conv), timeout=2.0)
    ok(await desk.request("accept", conversation=conv))
    return conv


async def test_a_consultation_withdrawn_on_one_hub_and_accepted_on_the_other_is_decided_once(
    hubs: tuple[HubProcess, HubProcess], hub_db: str
) -> None:
    a, b = hubs
    async with (
        Wire.connect(a.url, "/v1/contact") as contact,
        Wire.connect(a.url, "/v1/staff") as kari,
        Wire.connect(b.url, "/v1/staff") as ola,
    ):
        await staff_login(kari, "kari")
        await staff_login(ola, "ola")
        conv = await assigned_conversation(contact, kari)
        won = {"joined": 0, "cancelled": 0}
        lost_in_database = 0
        for round_ in range(12):
            consult = ok(await kari.request("consult", conversation=conv, to="ola"))["consult"]
            await ola.expect(offered(consult), timeout=2.0)  # through hub B
            withdrawn, accepted = await asyncio.gather(
                kari.request("consult_end", consult=consult),
                ola.request("consult_accept", consult=consult),
            )
            decided = answers_of(hub_db, conv, consult)
            # Decided once: joined or cancelled, never both (each hub saw it pending).
            assert decided in (["consult_joined"], ["cancelled"]), (round_, decided)
            if decided == ["consult_joined"]:
                won["joined"] += 1
                assert accepted["type"] == "ok", (round_, accepted)
                # Her withdrawal lost in the database (conflict), or reached hub A after
                # the answer had and ended the consultation it had become.
                if withdrawn["type"] == "error":
                    assert withdrawn["code"] == "conflict", (round_, withdrawn)
                    lost_in_database += 1
                    await kari.expect(step("consult_joined", consult), timeout=2.0)
                    ok(await ola.request("consult_end", consult=consult))
            else:
                won["cancelled"] += 1
                assert withdrawn["type"] == "ok", (round_, withdrawn)
                # Lost in the database (conflict), or reached hub B after the withdrawal
                # had (an ended request is nobody's: forbidden, as on one hub).
                assert accepted["type"] == "error", (round_, accepted)
                assert accepted["code"] in ("conflict", "forbidden"), (round_, accepted)
                lost_in_database += accepted["code"] == "conflict"
                await ola.expect(lambda f, c=consult: f.get("type") == "consult_withdrawn"
                                 and f.get("consult") == c, timeout=2.0)
            # Both hubs know it ended before the next request (one open per conversation).
            await kari.expect(step("consult_ended", consult), timeout=2.0)
        print(f"decided: {won}, losers refused by the database: {lost_in_database}")
        assert sum(won.values()) == 12


def listed(roster: dict[str, object], user: str) -> dict[str, object] | None:
    staff = roster.get("staff")
    assert isinstance(staff, list)
    return next((p for p in staff if p["user"] == user), None)


async def pushed_roster(desk: Wire, check: object, timeout: float = 8.0) -> dict[str, object]:
    """The newest ``roster`` push once it satisfies ``check`` (a presence read on a
    notification, or the next heartbeat at the latest)."""
    assert callable(check)
    async with asyncio.timeout(timeout):
        while True:
            pushed = [f for f in desk.frames if f.get("type") == "roster"]
            if pushed and check(pushed[-1]):
                return pushed[-1]
            await desk.expect(lambda f: f.get("type") == "roster", timeout)


async def test_shift_leads_on_both_hubs_are_offered_a_consultation_and_one_joins(
    hubs: tuple[HubProcess, HubProcess], hub_db: str
) -> None:
    a, b = hubs
    async with (
        Wire.connect(a.url, "/v1/contact") as contact,
        Wire.connect(a.url, "/v1/staff") as kari,
        Wire.connect(a.url, "/v1/staff") as lead,
        Wire.connect(b.url, "/v1/staff") as lead2,
    ):
        for desk, user in ((kari, "kari"), (lead, "lead"), (lead2, "lead2")):
            await staff_login(desk, user)
        # The roster on each hub lists the colleague signed in on the other.
        roster = await pushed_roster(kari, lambda r: listed(r, "lead2") is not None)
        assert listed(roster, "lead2") == {
            "user": "lead2", "display_name": "Vaktleder Per", "roles": ["counsellor", "shift_lead"],
            "status": "available", "conversations": 0, "shift_lead": True,
        }
        await pushed_roster(lead2, lambda r: listed(r, "kari") is not None)
        conv = await assigned_conversation(contact, kari)
        await pushed_roster(lead2, lambda r: (listed(r, "kari") or {}).get("conversations") == 1)
        joined = {"lead": 0, "lead2": 0}
        for round_ in range(8):
            asked = ok(await kari.request("consult", conversation=conv))  # any shift lead
            assert asked["offered"] == ["lead", "lead2"], asked
            consult = asked["consult"]
            for desk in (lead, lead2):
                await desk.expect(offered(consult), timeout=2.0)
            answers = await asyncio.gather(
                lead.request("consult_accept", consult=consult),
                lead2.request("consult_accept", consult=consult),
            )
            assert sorted(x["type"] for x in answers) == ["error", "ok"], (round_, answers)
            assert next(x for x in answers if x["type"] == "error")["code"] == "conflict"
            assert answers_of(hub_db, conv, consult) == ["consult_joined"], round_
            winner, loser = (lead, lead2) if answers[0]["type"] == "ok" else (lead2, lead)
            joined["lead" if winner is lead else "lead2"] += 1
            await loser.expect(lambda f, c=consult: f.get("type") == "consult_withdrawn"
                               and f.get("consult") == c and f.get("reason") == "accepted",
                               timeout=2.0)
            await kari.expect(step("consult_joined", consult), timeout=2.0)
            ok(await winner.request("consult_end", consult=consult))
            await kari.expect(step("consult_ended", consult), timeout=2.0)
        print(f"joined: {joined}")


@pytest.fixture
def quick_escalation_hubs(hub_db: str) -> Iterator[tuple[HubProcess, HubProcess]]:
    """Hubs A and B escalating an unanswered request after 1.5 s (the database's setting,
    read at start)."""
    with psycopg.connect(hub_db) as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES (%s, %s)",
                     (ESCALATE_SETTING, str(ESCALATE_S)))
    yield from two_hubs(hub_db)


def unanswered(consult: str) -> Callable[[Frame], bool]:
    return lambda f: f.get("alert") == "consult_unanswered" and f.get("consult") == consult


async def test_an_unanswered_request_escalates_once_though_both_hubs_time_it(
    quick_escalation_hubs: tuple[HubProcess, HubProcess], hub_db: str
) -> None:
    a, b = quick_escalation_hubs
    async with (
        Wire.connect(a.url, "/v1/contact") as contact,
        Wire.connect(a.url, "/v1/staff") as kari,
        Wire.connect(b.url, "/v1/staff") as ola,
        Wire.connect(b.url, "/v1/staff") as lead2,
        Wire.connect(a.url, "/v1/staff") as sup_a,
        Wire.connect(b.url, "/v1/staff") as sup_b,
    ):
        for desk, user in ((kari, "kari"), (ola, "ola"), (lead2, "lead2"), (sup_a, "sup"),
                           (sup_b, "sup")):
            await staff_login(desk, user)
        await pushed_roster(kari, lambda r: listed(r, "lead2") is not None)
        conv = await assigned_conversation(contact, kari)
        consult = ok(await kari.request("consult", conversation=conv, to="ola"))["consult"]
        await ola.expect(offered(consult), timeout=2.0)
        # Ola does not answer: the request goes to the shift lead on hub B, then (nobody
        # left to ask) only the supervisors are told again.
        await lead2.expect(offered(consult), timeout=ESCALATE_S + 3)
        for sup in (sup_a, sup_b):
            await sup.expect(lambda f, c=consult: unanswered(c)(f)
                             and f.get("escalated_to") is None, timeout=ESCALATE_S + 3)
        ok(await lead2.request("consult_accept", consult=consult))
        await kari.expect(step("consult_joined", consult), timeout=2.0)
        escalated = [fields for kind, fields in stored_fields(hub_db, conv)
                     if kind == "consult_escalated"]
        steps = [fields["step"] for fields in escalated]
        assert steps == list(range(1, len(steps) + 1)), steps  # each step once
        assert escalated[0]["to"] == "lead2" and escalated[1]["to"] is None
        # Each hub's supervisor was told once per step stored.
        for sup in (sup_a, sup_b):
            alerts = [f for f in sup.frames if unanswered(consult)(f)]
            assert [f["escalated_to"] for f in alerts] == [f["to"] for f in escalated]
        assert [f["consult"] for f in lead2.frames if f.get("type") == "consult_request"] == [
            consult]


async def test_a_request_whose_hub_died_is_escalated_by_the_other(
    quick_escalation_hubs: tuple[HubProcess, HubProcess],
) -> None:
    a, b = quick_escalation_hubs
    async with (
        Wire.connect(b.url, "/v1/staff") as ola,
        Wire.connect(b.url, "/v1/staff") as lead2,
        Wire.connect(b.url, "/v1/staff") as sup,
    ):
        for desk, user in ((ola, "ola"), (lead2, "lead2"), (sup, "sup")):
            await staff_login(desk, user)
        async with (
            Wire.connect(a.url, "/v1/contact") as contact,
            Wire.connect(a.url, "/v1/staff") as kari,
        ):
            await staff_login(kari, "kari")
            conv = await assigned_conversation(contact, kari)
            consult = ok(await kari.request("consult", conversation=conv, to="ola"))["consult"]
            await ola.expect(offered(consult), timeout=2.0)
            a.kill()  # the asker's hub, which armed the first timer, is gone
            await kari.closed.wait()
        await lead2.expect(offered(consult), timeout=ESCALATE_S + 3)
        alert = await sup.expect(unanswered(consult), timeout=2.0)
        assert alert["escalated_to"] == "lead2"
        ok(await lead2.request("consult_accept", consult=consult))


async def test_a_time_policy_set_on_one_hub_applies_on_the_other(
    hubs: tuple[HubProcess, HubProcess],
) -> None:
    a, b = hubs
    async with (
        Wire.connect(b.url, "/v1/contact") as contact,
        Wire.connect(b.url, "/v1/staff") as kari,
        Wire.connect(a.url, "/v1/staff") as sup,
    ):
        await staff_login(kari, "kari")
        await staff_login(sup, "sup")
        ok(await sup.request("policy_set", channel="chat", soft_s=1, hard_s=2, min_queue=0))
        # Hub B's desk is told the new policy (as hub A's desks are).
        pushed = await kari.expect(lambda f: f.get("type") == "policy" and any(
            p["channel"] == "chat" and p["soft_s"] == 1 for p in f["policies"]), timeout=3.0)
        (chat,) = [p for p in pushed["policies"] if p["channel"] == "chat"]
        assert (chat["hard_s"], chat["updated_by"]) == (2, "sup")
        a.kill()  # only hub B is left to time the conversation, by the policy set on A
        conv = await assigned_conversation(contact, kari)
        for level in ("soft", "hard"):
            await kari.expect(lambda f, level=level: f.get("kind") == "time_warning"
                              and f.get("conversation") == conv and f.get("level") == level,
                              timeout=4.0)


async def test_a_pause_and_the_break_reminder_set_on_one_hub_are_seen_on_the_other(
    hubs: tuple[HubProcess, HubProcess],
) -> None:
    a, b = hubs
    async with (
        Wire.connect(a.url, "/v1/staff") as ola,
        Wire.connect(a.url, "/v1/staff") as sup_a,
        Wire.connect(b.url, "/v1/staff") as sup_b,
    ):
        for desk, user in ((ola, "ola"), (sup_a, "sup"), (sup_b, "sup")):
            await staff_login(desk, user)
        ok(await sup_b.request("watch_load"))
        until = ok(await ola.request("pause_start", minutes=5))["until"]
        await sup_b.expect(lambda f: f == {"type": "pause", "user": "ola", "until": until},
                           timeout=3.0)
        load = await sup_b.expect(lambda f: f.get("type") == "load" and any(
            m["user"] == "ola" and m.get("paused_until") == until for m in f["staff"]),
            timeout=8.0)
        assert load["type"] == "load"
        ok(await ola.request("pause_end"))
        await sup_b.expect(lambda f: f == {"type": "pause", "user": "ola", "until": None},
                           timeout=3.0)

        ok(await sup_a.request("break_policy_set", minutes=45))
        seen = []
        for _ in range(60):  # no push for it: asked until hub B has read it (3 s at most)
            seen.append(ok(await sup_b.request("break_policy_get"))["minutes"])
            if seen[-1] == 45:
                break
            await asyncio.sleep(0.05)
        assert seen[-1] == 45, seen


async def test_a_follow_up_reminder_made_and_done_on_one_hub_is_known_on_the_other(
    hub_db: str,
) -> None:
    async with serve_hub(hub_db) as a, serve_hub(hub_db) as b:
        on_a, on_b = (hub.hub.feature(ReportFeature) for hub in (a, b))
        async with (
            Wire.connect(a.url, "/v1/contact") as contact,
            Wire.connect(a.url, "/v1/staff") as kari,
            Wire.connect(b.url, "/v1/staff") as lead,
        ):
            await staff_login(kari, "kari")
            await staff_login(lead, "lead")
            conv = await assigned_conversation(contact, kari)
            report = ok(await kari.request(
                "report_submit", conversation=conv, report=report_data(),
                template="bekymringsmelding"))["report"]
            ok(await lead.request("report_approve", report=report, version=1))  # on hub B
            await eventually(lambda: any(r["report"] == report for r in on_a.reminders.values()))
            (reminder,) = [r for r in on_a.reminders.values() if r["report"] == report]
            assert reminder == on_b.reminders[reminder["reminder"]]
            ok(await kari.request("reminder_done", reminder=reminder["reminder"]))  # on hub A
            await eventually(lambda: reminder["reminder"] not in on_b.reminders)


async def test_a_follow_up_time_agreed_on_one_hub_reminds_the_counsellor_on_the_other(
    hub_db: str,
) -> None:
    async with serve_hub(hub_db) as a, serve_hub(hub_db) as b:
        for hub in (a, b):  # remind half a second before, release half a second after
            feature = hub.hub.feature(ReturnFeature)
            feature.min_lead_s, feature.remind_before_s, feature.grace_s = 0.0, 0.5, 0.5
        async with Wire.connect(a.url, "/v1/contact") as contact:
            async with Wire.connect(a.url, "/v1/staff") as kari_on_a:
                await staff_login(kari_on_a, "kari")
                conv = await assigned_conversation(contact, kari_on_a)
                when = format_time(utc_now() + timedelta(seconds=2.0))
                ok(await kari_on_a.request("return_code_offer", conversation=conv,
                                           follow_up_at=when))
            # Her desk moved to hub B (started before the time was agreed): reminded there.
            async with Wire.connect(b.url, "/v1/staff") as kari_on_b:
                await staff_login(kari_on_b, "kari")
                reminder = await kari_on_b.expect(
                    lambda f: f.get("type") == "follow_up_reminder", timeout=4.0)
                assert (reminder["conversation"], reminder["at"]) == (conv, when)
                released = await kari_on_b.expect(
                    lambda f: f.get("type") == "follow_up_released", timeout=3.0)
                assert released["conversation"] == conv


def held(desk: Wire, conversation: str, user: str | None) -> Callable[[], bool]:
    """The desk's latest ``queue`` push lists the contact held for ``user`` (None: nobody)."""

    def check() -> bool:
        queues = [f for f in desk.frames if f.get("type") == "queue"]
        return bool(queues) and any(
            item["conversation"] == conversation and item.get("held_for") == user
            for item in queues[-1].get("items", ())
        )

    return check


async def test_a_contact_held_for_her_counsellor_on_one_hub_is_not_taken_on_the_other(
    hub_db: str,
) -> None:
    async with serve_hub(hub_db) as a, serve_hub(hub_db) as b:
        a.hub.feature(ReturnFeature).offer_s = 1.5  # the offer to Kari, on hub A
        async with (
            Wire.connect(a.url, "/v1/staff") as kari,
            Wire.connect(b.url, "/v1/staff") as ola,
        ):
            await staff_login(kari, "kari")
            await staff_login(ola, "ola")
            async with Wire.connect(a.url, "/v1/contact") as first:
                earlier = await assigned_conversation(first, kari)
                code = ok(await kari.request("return_code_offer", conversation=earlier))["code"]
                ok(await kari.request("close", conversation=earlier))
            async with Wire.connect(a.url, "/v1/contact") as contact:
                answer = ok(await contact.request("open", channel="chat", code=code))
                assert answer["returning"]["status"] == "available", answer
                conv = answer["conversation"]
                await kari.expect(lambda f: f.get("type") == "return_offer", timeout=2.0)
                await ola.until(held(ola, conv, "kari"), timeout=2.0)  # hub B knows the hold
                refused = await ola.request("accept", conversation=conv)
                assert refused.get("code") == "conflict", refused  # as on one hub
                # Not taken in time: released on hub A, and on hub B by its event.
                await kari.expect(lambda f: f.get("type") == "return_offer_withdrawn",
                                  timeout=3.0)
                await ola.until(held(ola, conv, None), timeout=2.0)
                ok(await ola.request("accept", conversation=conv))
                assert [k for k, _f in stored_fields(hub_db, conv)][-3:] == [
                    "returned", "return_released", "assigned"]


def debrief_frame(kind: str, debrief: str) -> Callable[[Frame], bool]:
    return lambda f: f.get("type") == kind and f.get("debrief") == debrief


async def test_a_debrief_offer_made_on_one_hub_is_answered_once_on_the_other(
    hubs: tuple[HubProcess, HubProcess], hub_db: str
) -> None:
    """kari asks on hub A; the offer reaches lead (on A) and lead2 (on B). lead2 takes it
    through B while lead takes it through A, twelve times: one answer each time (the row
    closed once), kari is told who took it, and the other shift lead's offer is withdrawn.
    A decline and a cancel cross the hubs too."""
    a, b = hubs
    async with desks_on((a.url, "kari"), (a.url, "lead"), (b.url, "lead2")) as desks:
        kari, lead, lead2 = desks
        await pushed_roster(kari, lambda r: listed(r, "lead2") is not None)
        takers = {"lead": 0, "lead2": 0}
        for _ in range(12):
            asked = ok(await kari.request("debrief_request", after="c1"))
            assert asked["offered"] == ["lead", "lead2"]
            debrief = asked["debrief"]
            offer = await lead2.expect(debrief_frame("debrief_offer", debrief), 2.0)  # via B
            assert (offer["author"], offer["after"]) == ("Kari", "c1")
            await lead.expect(debrief_frame("debrief_offer", debrief), 2.0)
            answers = await asyncio.gather(
                lead.request("debrief_accept", debrief=debrief),
                lead2.request("debrief_accept", debrief=debrief),
            )
            won = [name for name, answer in zip(("lead", "lead2"), answers, strict=True)
                   if answer.get("type") == "ok"]
            assert len(won) == 1, answers
            assert [answer.get("code") for answer in answers if answer.get("type") != "ok"] \
                == ["conflict"], answers
            takers[won[0]] += 1
            told = await kari.expect(debrief_frame("debrief_answered", debrief), 2.0)
            assert told["by"] == won[0]
            loser = lead2 if won[0] == "lead" else lead
            gone = await loser.expect(debrief_frame("debrief_withdrawn", debrief), 2.0)
            assert gone["reason"] == "answered"
            assert told["by_name"] == ("Vaktleder Vera" if won[0] == "lead" else "Vaktleder Per")
        print(f"taken: {takers}")
        with psycopg.connect(hub_db) as conn:
            closed = conn.execute(
                "SELECT count(*) FROM care_debriefs WHERE outcome = 'answered'").fetchone()
            accepts = conn.execute(
                "SELECT count(*) FROM audit WHERE action = 'debrief_accept'").fetchone()
        assert closed == (12,) and accepts == (12,)

        # Offered to both; declined through B, then taken through A: once, lead2 is told.
        asked = ok(await kari.request("debrief_request"))
        debrief = asked["debrief"]
        await lead2.expect(debrief_frame("debrief_offer", debrief), 2.0)
        await lead.expect(debrief_frame("debrief_offer", debrief), 2.0)
        ok(await lead2.request("debrief_decline", debrief=debrief))
        ok(await lead.request("debrief_accept", debrief=debrief))
        assert (await kari.expect(debrief_frame("debrief_answered", debrief), 2.0))["by"] == (
            "lead")
        # Cancelled on A: withdrawn from lead2 on B.
        asked = ok(await kari.request("debrief_request"))
        debrief = asked["debrief"]
        await lead2.expect(debrief_frame("debrief_offer", debrief), 2.0)
        ok(await kari.request("debrief_cancel", debrief=debrief))
        gone = await lead2.expect(debrief_frame("debrief_withdrawn", debrief), 2.0)
        assert gone["reason"] == "cancelled"
        late = await lead2.request("debrief_accept", debrief=debrief)
        assert late.get("code") == "conflict", late


def debrief_unanswered(debrief: str) -> Callable[[Frame], bool]:
    return lambda f: f.get("alert") == "debrief_unanswered" and f.get("debrief") == debrief


def debrief_steps(dsn: str, debrief: str) -> int:
    """The escalation steps stored for the request (each once, whichever hub took it)."""
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT escalations FROM care_debriefs WHERE id = %s",
                           (debrief,)).fetchone()
    assert row is not None
    return int(row[0])


async def told_once_per_step(sup: Wire, debrief: str, dsn: str, missed: int = 0) -> list[object]:
    """Waits until the supervisor's desk was told of every stored step (once each) but the
    first ``missed`` (taken before it signed in); the ``escalated_to`` of the alerts it got."""
    steps = debrief_steps(dsn, debrief) - missed
    alerts = lambda: [f for f in sup.frames if debrief_unanswered(debrief)(f)]  # noqa: E731
    await sup.until(lambda: len(alerts()) >= steps, timeout=3.0)
    assert len(alerts()) == steps, (alerts(), steps)
    return [f["escalated_to"] for f in alerts()]


async def test_a_debrief_request_is_escalated_once_and_every_hubs_supervisors_are_told(
    quick_escalation_hubs: tuple[HubProcess, HubProcess], hub_db: str
) -> None:
    """Both hubs time kari's request (asked on A, offered to lead2 on B): each step is
    stored once, and the supervisors of both hubs are told of each step once."""
    a, b = quick_escalation_hubs
    async with desks_on((a.url, "kari"), (b.url, "lead2"), (a.url, "sup"),
                        (b.url, "sup")) as (kari, lead2, sup_a, sup_b):
        await pushed_roster(kari, lambda r: listed(r, "lead2") is not None)
        debrief = ok(await kari.request("debrief_request"))["debrief"]
        await lead2.expect(debrief_frame("debrief_offer", debrief), 2.0)
        for sup in (sup_a, sup_b):  # nobody left to offer it to: only the supervisors
            for _ in range(2):
                alert = await sup.expect(debrief_unanswered(debrief), ESCALATE_S + 3)
                assert (alert["escalated_to"], alert["user"]) == (None, "kari")
        ok(await kari.request("debrief_cancel", debrief=debrief))
        await lead2.expect(debrief_frame("debrief_withdrawn", debrief), 2.0)
        assert debrief_steps(hub_db, debrief) >= 2
        for sup in (sup_a, sup_b):
            assert set(await told_once_per_step(sup, debrief, hub_db)) == {None}


async def test_a_debrief_request_whose_hub_died_is_escalated_by_the_other(
    quick_escalation_hubs: tuple[HubProcess, HubProcess], hub_db: str
) -> None:
    a, b = quick_escalation_hubs
    async with desks_on((b.url, "lead2"), (b.url, "sup")) as (lead2, sup):
        async with desks_on((a.url, "kari")) as (kari,):
            await pushed_roster(kari, lambda r: listed(r, "lead2") is not None)
            debrief = ok(await kari.request("debrief_request"))["debrief"]
            await lead2.expect(debrief_frame("debrief_offer", debrief), 2.0)
            a.kill()  # the asking hub, which armed the first timer, is gone
            await kari.closed.wait()
        alert = await sup.expect(debrief_unanswered(debrief), ESCALATE_S + 3)
        assert (alert["escalated_to"], alert["user"]) == (None, "kari")
        ok(await lead2.request("debrief_accept", debrief=debrief))
        assert await told_once_per_step(sup, debrief, hub_db) == [None] * debrief_steps(
            hub_db, debrief)


#: The wait in the test of a hub started while a request is open: long beside a hub's start.
ESCALATE_LATE_S = 5.0


@pytest.fixture
def a_hub_then_b(hub_db: str) -> Iterator[tuple[HubProcess, HubProcess]]:
    """Hub A started, hub B (same database) for the test to start; both escalating after
    :data:`ESCALATE_LATE_S`."""
    with psycopg.connect(hub_db) as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES (%s, %s)",
                     (ESCALATE_SETTING, str(ESCALATE_LATE_S)))
    a, b = HubProcess(hub_db, args=NO_LIMITS), HubProcess(hub_db, args=NO_LIMITS)
    a.start()
    try:
        yield a, b
    finally:
        a.stop()
        b.stop()


async def test_a_hub_started_while_a_debrief_request_is_open_does_not_double_its_steps(
    a_hub_then_b: tuple[HubProcess, HubProcess], hub_db: str
) -> None:
    """kari asks on A with no shift lead signed in (escalated at once); B starts, lead (on A)
    and lead2 (on B) sign in. Each further wait offers it to one more of them: the second
    offer a whole wait after the first (B, timing it from its start, finds A's steps
    taken), not two escalations in one wait."""
    a, b = a_hub_then_b
    async with desks_on((a.url, "kari"), (a.url, "sup")) as (kari, sup_a):
        debrief = ok(await kari.request("debrief_request"))["debrief"]
        asked = time.monotonic()
        await sup_a.expect(debrief_unanswered(debrief), 2.0)  # step 1: nobody to ask
        await asyncio.to_thread(b.start)
        started = time.monotonic() - asked
        # Two steps in one wait would come at most this far apart (B timing from its start).
        assert started < 0.8 * ESCALATE_LATE_S, f"hub B took {started:.1f} s to start"
        async with desks_on((a.url, "lead"), (b.url, "lead2"), (b.url, "sup")) as desks:
            lead, lead2, sup_b = desks
            offer = debrief_frame("debrief_offer", debrief)
            await asyncio.gather(*(d.expect(offer, 3 * ESCALATE_LATE_S) for d in (lead, lead2)))
            (first, at_first), (second, at_second) = sorted(
                ((name, offered_at(d, offer)) for name, d in (("lead", lead), ("lead2", lead2))),
                key=lambda x: x[1])
            gap = at_second - at_first
            print(f"hub B started in {started:.1f} s; the offers {gap:.1f} s apart")
            assert gap > 0.9 * ESCALATE_LATE_S, f"two steps {gap:.1f} s apart"
            ok(await kari.request("debrief_cancel", debrief=debrief))
            assert await told_once_per_step(sup_a, debrief, hub_db) == [None, first, second]
            assert await told_once_per_step(sup_b, debrief, hub_db, missed=1) == [first, second]


def offered_at(desk: Wire, match: Callable[[Frame], bool]) -> float:
    """When the desk got its first frame that ``match`` es."""
    return next(at for at, f in zip(desk.received_at, desk.frames, strict=True) if match(f))


async def test_a_call_is_transferred_to_a_colleague_signed_in_on_the_other_hub(
    hub_db: str,
) -> None:
    """The phone's transfer across hubs (docs/telephony.md "A transfer across hubs"), with
    the simulated phone of hub A: ola is signed in on hub B only, her desk's softphone known
    to B; A dials the address B wrote, her desk gets the conversation from ``seq`` 1 through
    B, and her ``close`` on B ends the call on A. Someone signed in nowhere: ``conflict``.
    A call ringing on A rings on B's desks too (once in the log) and ola answers one
    through B: hub A answers the phone on her desk."""
    async with serve_hub(hub_db) as a, serve_hub(hub_db) as b:
        adapter = a.hub.feature(CallsFeature).adapter
        assert isinstance(adapter, SimulatedTelephony)
        async with desks_on((a.url, "kari"), (b.url, "ola")) as (kari, ola):
            ok(await ola.request("softphone_ready", port=40002))
            call = await adapter.ring("+4791234512")
            ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"])
            conv = ringing["items"][0]["conversation"]
            on_b = await ola.expect(lambda f: f["type"] == "calls" and f["items"], 2.0)
            assert [(i["call"], i["number"]) for i in on_b["items"]] == [
                (call, "+47 ** ** ** 12")]
            ok(await kari.request("call_answer", conversation=conv))
            await kari.event(conv, "call_answered")
            await ola.expect(lambda f: f["type"] == "calls" and f["items"] == [], 2.0)
            refused = await kari.request("call_transfer", conversation=conv, to="lead2")
            assert refused.get("code") == "conflict", refused  # signed in nowhere

            await transfer_across(kari, ola, conv, 2.0)
            assert adapter.desk[call] == "ola"
            assert a.hub.feature(SoftphoneFeature).address("ola") == "sip:ola@127.0.0.1:40002"

            ok(await ola.request("close", conversation=conv, reason="staff_closed"))
            await eventually(lambda: adapter.calls[call] == "ended")

            second = await adapter.ring(None)
            ringing = await ola.expect(
                lambda f: f["type"] == "calls" and [i["call"] for i in f["items"]] == [second],
                2.0)
            conv = ringing["items"][0]["conversation"]
            ok(await ola.request("call_answer", conversation=conv))  # through hub B
            await ola.event(conv, "call_answered", 2.0)
            assert adapter.calls[second] == "connected" and adapter.desk[second] == "ola"
            kinds = [kind for kind, _ in stored_fields(hub_db, conv)]
            assert kinds == ["opened", "call_offered", "assigned", "call_answered"], kinds


async def test_the_colleague_on_the_other_hub_holds_resumes_transfers_and_hangs_up_the_call(
    hub_db: str,
) -> None:
    """After a transfer across hubs the call stays on hub A; ola's call requests reach her
    hub B, which passes them to A through the database (``call_commands``): A carries them
    out on its phone and writes each event once, and B answers ola as one hub would — hold,
    resume, a lost softphone (held on A), a refused hold of a held call (``conflict``), a
    transfer back to kari on A, and (after another transfer) the hang-up."""
    async with serve_hub(hub_db) as a, serve_hub(hub_db) as b:
        adapter = a.hub.feature(CallsFeature).adapter
        assert isinstance(adapter, SimulatedTelephony)
        async with desks_on((a.url, "kari"), (b.url, "ola")) as (kari, ola):
            call, conv = await answered_and_transferred(adapter, kari, ola)
            held = ok(await ola.request("call_hold", conversation=conv))
            assert adapter.calls[call] == "held"
            assert (await ola.event(conv, "call_held", 2.0))["seq"] == held["seq"]
            twice = await ola.request("call_hold", conversation=conv)
            assert twice.get("code") == "conflict", twice  # as on one hub: not connected
            resumed = ok(await ola.request("call_resume", conversation=conv))
            assert adapter.calls[call] == "connected" and resumed["seq"] == held["seq"] + 1
            lost = ok(await ola.request("softphone_lost"))
            assert lost["held"] == [conv] and adapter.calls[call] == "held"
            ok(await ola.request("softphone_ready", port=40002))
            ok(await ola.request("call_resume", conversation=conv))

            back = ok(await ola.request("call_transfer", conversation=conv, to="kari"))
            assert adapter.desk[call] == "kari"
            await kari.expect(lambda f: f.get("kind") == "assigned" and f.get("user") == "kari"
                              and f.get("seq") == back["seq"], 2.0)
            await ola.expect(lambda f: f.get("kind") == "assigned" and f.get("user") == "kari",
                             2.0)  # her desk drops it, and says why
            await transfer_across_again(kari, ola, conv)
            ended = ok(await ola.request("call_hangup", conversation=conv))
            assert adapter.calls[call] == "ended"
            closed = await ola.event(conv, "closed", 2.0)
            assert closed["seq"] == ended["seq"] and closed["reason"] == "call_ended"
        kinds = [kind for kind, _ in stored_fields(hub_db, conv)]
        assert kinds == [*TRANSFERRED, "call_held", "call_resumed", "call_held",
                         "call_resumed", "call_transferred", "assigned", "call_transferred",
                         "assigned", "call_ended", "closed"], kinds
        by = [fields.get("reason") for kind, fields in stored_fields(hub_db, conv)
              if kind == "call_held"]
        assert by == [None, "softphone_lost"]
        with psycopg.connect(hub_db) as conn:
            assert conn.execute("SELECT count(*) FROM call_commands").fetchone() == (0,)


async def transfer_across_again(kari: Wire, ola: Wire, conv: str) -> None:
    """kari (hub A) hands the call to ola (hub B) once more."""
    moved = ok(await kari.request("call_transfer", conversation=conv, to="ola"))
    await ola.expect(lambda f: f.get("kind") == "assigned" and f.get("user") == "ola"
                     and f.get("seq") == moved["seq"], 2.0)


async def answered_and_transferred(
    adapter: SimulatedTelephony, kari: Wire, ola: Wire
) -> tuple[str, str]:
    """A call rings on A, kari answers it there and hands it to ola on B: (call, conv)."""
    ok(await ola.request("softphone_ready", port=40002))
    call = await adapter.ring("+4791234514")
    ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"])
    conv = ringing["items"][0]["conversation"]
    ok(await kari.request("call_answer", conversation=conv))
    await kari.event(conv, "call_answered")
    await transfer_across(kari, ola, conv, 2.0)
    return call, conv


async def test_a_desk_lost_on_the_colleagues_hub_holds_the_call_on_the_calls_hub(
    hub_db: str,
) -> None:
    """ola's desk on B is lost with a call A holds: A holds it (``call_held`` reason
    ``desk_lost``, the shift lead on A alerted), and ola, back on B, resumes it through B."""
    async with serve_hub(hub_db) as a, serve_hub(hub_db) as b:
        adapter = a.hub.feature(CallsFeature).adapter
        assert isinstance(adapter, SimulatedTelephony)
        async with desks_on((a.url, "kari"), (a.url, "lead")) as (kari, lead):
            async with desks_on((b.url, "ola")) as (ola,):
                call, conv = await answered_and_transferred(adapter, kari, ola)
            alert = await lead.expect(lambda f: f.get("alert") == "call_desk_lost", 5.0)
            assert (alert["conversation"], alert["user"]) == (conv, "ola")
            assert adapter.calls[call] == "held"
            async with desks_on((b.url, "ola")) as (ola,):
                ok(await ola.request("sync", after={}))
                ok(await ola.request("call_resume", conversation=conv))
                assert adapter.calls[call] == "connected"
        held = [fields for kind, fields in stored_fields(hub_db, conv) if kind == "call_held"]
        assert [(f["reason"], f["user"]) for f in held] == [("desk_lost", "ola")]


async def test_a_command_no_hub_carries_out_is_answered_with_an_error_in_bounded_time(
    hub_db: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The hub holding the call does not claim ola's hold (as if it were stuck): her hub
    answers ``conflict`` after the bound, deletes the command, and the call is untouched."""
    monkeypatch.setattr(remote, "TIMEOUT_S", 0.5)
    async with serve_hub(hub_db) as a, serve_hub(hub_db) as b:
        calls = a.hub.feature(CallsFeature)
        adapter = calls.adapter
        assert isinstance(adapter, SimulatedTelephony)
        async with desks_on((a.url, "kari"), (b.url, "ola")) as (kari, ola):
            call, conv = await answered_and_transferred(adapter, kari, ola)
            monkeypatch.setattr(calls.remote, "held", list)  # A claims nothing now
            started = asyncio.get_running_loop().time()
            refused = await ola.request("call_hold", conversation=conv)
            waited = asyncio.get_running_loop().time() - started
            assert refused.get("code") == "conflict", refused
            assert "did not answer" in refused["message"] and 0.4 < waited < 3.0, waited
            assert adapter.calls[call] == "connected"
            with psycopg.connect(hub_db) as conn:
                assert conn.execute("SELECT count(*) FROM call_commands").fetchone() == (0,)


def desk_lost_alert(f: Frame) -> bool:
    return f.get("type") == "alert" and f.get("alert") == "call_desk_lost"


async def test_a_lost_desks_call_alerts_the_leads_of_both_hubs_and_one_takes_it_over(
    hub_db: str,
) -> None:
    """A call on A is ola's on B when her desk is lost: the shift lead on A and the one on
    B each get one ``call_desk_lost`` (the same fields); lead2's ``call_take_over`` to B is
    carried out by A (her softphone dialled where B wrote it), the call is hers with each
    event once; the lead on A's alert is then stale (``conflict``, as on one hub), and ola,
    back on B, is told."""
    async with serve_hub(hub_db) as a, serve_hub(hub_db) as b:
        adapter = a.hub.feature(CallsFeature).adapter
        assert isinstance(adapter, SimulatedTelephony)
        async with desks_on((a.url, "kari"), (a.url, "lead"), (b.url, "lead2")) as (
            kari, lead, lead2
        ):
            ok(await lead2.request("softphone_ready", port=40003))
            async with desks_on((b.url, "ola")) as (ola,):
                call, conv = await answered_and_transferred(adapter, kari, ola)
            on_a = await lead.expect(desk_lost_alert, 5.0)
            on_b = await lead2.expect(desk_lost_alert, 5.0)
            assert on_a == on_b
            assert (on_a["conversation"], on_a["call"], on_a["user"], on_a["reason"]) == (
                conv, call, "ola", "desk_lost")
            assert adapter.calls[call] == "held"

            taken = ok(await lead2.request("call_take_over", conversation=conv))  # to B
            assert adapter.calls[call] == "connected" and adapter.desk[call] == "lead2"
            assert a.hub.feature(SoftphoneFeature).address("lead2") == (
                "sip:lead2@127.0.0.1:40003")
            resumed = await lead2.event(conv, "call_resumed", 2.0)
            assert resumed["seq"] == taken["seq"] and resumed["user"] == "lead2"
            log = lead2.events(conv)  # from seq 1, through B
            assert [f["kind"] for f in log] == [
                *TRANSFERRED, "call_held", "call_taken_over", "assigned", "call_resumed"], log
            assert [f["seq"] for f in log] == list(range(1, 11))

            stale = await lead.request("call_take_over", conversation=conv)
            assert stale.get("code") == "conflict", stale  # her window drops the alert
            again = await lead2.request("call_take_over", conversation=conv)
            assert again.get("code") == "conflict", again
            for desk in (lead, lead2, kari):  # answered after every alert was pushed
                assert sum(map(desk_lost_alert, desk.frames)) == (desk is not kari), desk
            async with desks_on((b.url, "ola")) as (ola,):
                told = await ola.expect(lambda f: f["type"] == "call_taken_over", 2.0)
                assert (told["conversation"], told["user"], told["seq"]) == (
                    conv, "lead2", taken["seq"] - 2)
                refused = await ola.request("call_resume", conversation=conv)
                assert refused.get("code") == "forbidden", refused
            stored = stored_fields(hub_db, conv)
            assert [kind for kind, _ in stored] == [
                *TRANSFERRED, "call_held", "call_taken_over", "assigned", "call_resumed"]
            assert stored[-2][1] == {"counsellor": "Vaktleder Per", "user": "lead2"}
            assert (stored[-3][1]["from_user"], stored[-3][1]["to_user"]) == ("ola", "lead2")
            with psycopg.connect(hub_db) as conn:  # lead2's desk, closing, holds the call
                assert conn.execute("SELECT count(*) FROM call_commands").fetchone() == (0,)


def rows(dsn: str, sql: str, *args: object) -> int:
    with psycopg.connect(dsn) as conn:
        found = conn.execute(sql.encode(), args).fetchone()
    assert found is not None
    return int(found[0])


async def test_a_desk_lost_on_the_colleagues_hub_is_not_held_when_she_is_back_meanwhile(
    hub_db: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ola's desk on B is lost with a call A holds, and she signs in on B again before A
    carries the ``desk_lost`` out (A claims nothing until then): A sees her presence row
    written since the loss and leaves the call connected, as one hub does when the desk is
    back; no ``call_held``, no alert."""
    monkeypatch.setattr(feature, "BACK_AFTER_S", 0.0)  # she is back within the second
    async with serve_hub(hub_db) as a, serve_hub(hub_db) as b:
        calls = a.hub.feature(CallsFeature)
        adapter = calls.adapter
        assert isinstance(adapter, SimulatedTelephony)
        async with desks_on((a.url, "kari"), (a.url, "lead")) as (kari, lead):
            async with desks_on((b.url, "ola")) as (ola,):
                call, conv = await answered_and_transferred(adapter, kari, ola)
                claims = calls.remote.held
                monkeypatch.setattr(calls.remote, "held", list)  # A claims nothing now
            waiting = "SELECT count(*) FROM call_commands WHERE kind = 'desk_lost'"
            await eventually(lambda: rows(hub_db, waiting) == 1)
            async with desks_on((b.url, "ola")) as (ola,):
                await eventually(lambda: rows(
                    hub_db, "SELECT count(*) FROM staff_presence WHERE user_name = %s",
                    "ola") == 1)
                monkeypatch.setattr(calls.remote, "held", claims)
                b.hub.shared_changed(remote.COMMANDS_TOPIC)  # A claims it now
                await eventually(lambda: rows(hub_db, "SELECT count(*) FROM call_commands")
                                 == 0)
                assert adapter.calls[call] == "connected" and adapter.desk[call] == "ola"
                ok(await ola.request("call_hold", conversation=conv))  # hers, connected
                ok(await lead.request("presence", status="available"))  # after any alert
                assert not [f for f in lead.frames if desk_lost_alert(f)]
        held = [fields for kind, fields in stored_fields(hub_db, conv) if kind == "call_held"]
        assert [f.get("reason") for f in held] == [None]  # only her own hold


async def test_a_lead_on_the_calls_hub_takes_over_and_the_counsellor_on_the_other_is_told(
    hub_db: str,
) -> None:
    """ola's softphone lost on B (her desk stays): the lead on A takes the call over on A;
    ola's desk on B gets the ``call_taken_over`` and ``assigned`` events and the push,
    each once, through B; lead2's ``call_take_over`` to B is then refused (``conflict``)
    by A, as on one hub."""
    async with serve_hub(hub_db) as a, serve_hub(hub_db) as b:
        adapter = a.hub.feature(CallsFeature).adapter
        assert isinstance(adapter, SimulatedTelephony)
        async with desks_on((a.url, "kari"), (a.url, "lead"), (b.url, "ola"),
                            (b.url, "lead2")) as (kari, lead, ola, lead2):
            ok(await lead.request("softphone_ready", port=40004))
            call, conv = await answered_and_transferred(adapter, kari, ola)
            assert ok(await ola.request("softphone_lost"))["held"] == [conv]
            await lead.expect(desk_lost_alert, 5.0)
            await lead2.expect(desk_lost_alert, 5.0)
            taken = ok(await lead.request("call_take_over", conversation=conv))
            assert adapter.desk[call] == "lead" and adapter.calls[call] == "connected"
            told = await ola.expect(lambda f: f["type"] == "call_taken_over", 2.0)
            assert (told["user"], told["seq"]) == ("lead", taken["seq"] - 2)
            moved = [f["kind"] for f in ola.events(conv) if f["seq"] > taken["seq"] - 3]
            assert moved == ["call_taken_over", "assigned"], moved
            refused = await lead2.request("call_take_over", conversation=conv)
            assert refused.get("code") == "conflict", refused
            ok(await ola.request("presence", status="available"))  # after any more pushes
            assert [f["type"] for f in ola.frames].count("call_taken_over") == 1
            assert [f["kind"] for f in ola.events(conv)].count("assigned") == 3
