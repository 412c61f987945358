"""Consultation ("never alone on shift") and the roster, on a real hub over loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import staff_login
from tests.support.wire import Frame, Wire, ok
from workstation.hub.consult import ConsultFeature
from workstation.hub.server import HubServer, serve_hub

SECRET = "Hun sier stefar har slått henne"


def consult_feature(hub: HubServer) -> ConsultFeature:
    return next(f for f in hub.hub.features if isinstance(f, ConsultFeature))


async def desks(stack: AsyncExitStack, hub: HubServer, *users: str) -> list[Wire]:
    """One logged-in staff connection per user, in order."""
    wires = []
    for user in users:
        wire = await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
        await staff_login(wire, user)
        wires.append(wire)
    return wires


async def assigned(hub: HubServer, contact: Wire, desk: Wire) -> str:
    """A contact who wrote once, taken by ``desk``."""
    conv: str = ok(await contact.request("open", channel="chat"))["conversation"]
    ok(await contact.request("send", text="hei, det er noe hjemme"))
    ok(await desk.request("accept", conversation=conv))
    return conv


def of_type(wire: Wire, frame_type: str) -> list[Frame]:
    return [f for f in wire.frames if f["type"] == frame_type]


def request_for(consult: str) -> Callable[[Frame], bool]:
    return lambda f: f["type"] == "consult_request" and f["consult"] == consult


def assert_contact_saw_no_consultation(contact: Wire, conv: str) -> None:
    kinds = {f["kind"] for f in contact.events(conv)}
    assert kinds <= {"opened", "message", "assigned", "closed"}, kinds
    text = str(contact.frames)
    assert "consult" not in text and SECRET not in text


async def test_a_request_to_any_shift_lead_reaches_each_available_one(hub: HubServer) -> None:
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, lead, lead2, ola = await desks(stack, hub, "kari", "lead", "lead2", "ola")
        conv = await assigned(hub, contact, kari)
        answer = ok(await kari.request(
            "consult", conversation=conv, to=None, summary="Mulig avvergeplikt", urgent=True
        ))
        assert answer["offered"] == ["lead", "lead2"]
        for desk in (lead, lead2):
            offer = await desk.expect(request_for(answer["consult"]))
            assert offer["conversation"] == conv and offer["from"] == "Kari"
            assert offer["from_user"] == "kari" and offer["summary"] == "Mulig avvergeplikt"
            assert offer["urgent"] is True and offer["channel"] == "chat"
            assert offer["to"] is None
        requested = await kari.event(conv, "consult_requested")
        assert requested["consult"] == answer["consult"] and requested["seq"] == answer["seq"]
        assert requested["urgent"] is True and requested["offered"] == ["lead", "lead2"]
        # A counsellor who is not a shift lead is not asked, and does not see the conversation.
        await asyncio.sleep(0.1)
        assert of_type(ola, "consult_request") == [] and ola.events(conv) == []
        assert lead.events(conv) == []  # not before accepting
        assert_contact_saw_no_consultation(contact, conv)


async def test_a_request_to_one_colleague_reaches_only_them(hub: HubServer) -> None:
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, lead, ola = await desks(stack, hub, "kari", "lead", "ola")
        conv = await assigned(hub, contact, kari)
        answer = ok(await kari.request("consult", conversation=conv, to="ola"))
        assert answer["offered"] == ["ola"]
        await ola.expect(request_for(answer["consult"]))
        pending = await ola.expect(lambda f: f["type"] == "consult_pending" and f["items"])
        assert pending["items"][0]["consult"] == answer["consult"]
        await asyncio.sleep(0.1)
        assert of_type(lead, "consult_request") == []
        # Only one open consultation per conversation.
        again = await kari.request("consult", conversation=conv, to=None)
        assert again["code"] == "conflict"


@pytest.mark.parametrize(
    ("user", "to", "code"),
    [
        ("kari", "nobody", "not_found"),
        ("kari", "trainer", "forbidden"),
        ("kari", "kari", "forbidden"),
        ("ola", None, "forbidden"),  # not the assigned counsellor
        ("lead", None, "forbidden"),
    ],
)
async def test_who_may_ask_whom(hub: HubServer, user: str, to: str | None, code: str) -> None:
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, = await desks(stack, hub, "kari")
        conv = await assigned(hub, contact, kari)
        asker = kari if user == "kari" else (await desks(stack, hub, user))[0]
        answer = await asker.request("consult", conversation=conv, to=to)
        assert answer["code"] == code, answer


async def test_accept_gives_access_from_seq_1_and_withdraws_the_offer(hub: HubServer) -> None:
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, lead, lead2, ola = await desks(stack, hub, "kari", "lead", "lead2", "ola")
        conv = await assigned(hub, contact, kari)
        consult = ok(await kari.request("consult", conversation=conv))["consult"]
        await lead2.expect(request_for(consult))
        joined = ok(await lead.request("consult_accept", consult=consult))
        assert joined["conversation"] == conv
        # The backlog from seq 1, once each, in order, before the ok.
        seqs = [e["seq"] for e in lead.events(conv)]
        assert seqs == list(range(1, joined["seq"] + 1))
        kinds = [e["kind"] for e in lead.events(conv)]
        assert kinds[:3] == ["opened", "message", "assigned"]
        assert kinds[-2:] == ["consult_requested", "consult_joined"]
        assert lead.frames.index(joined) > lead.frames.index(lead.events(conv)[-1])
        seen = await kari.event(conv, "consult_joined")
        assert seen["consultant"] == "Vaktleder Vera" and seen["user"] == "lead"
        withdrawn = await lead2.expect(lambda f: f["type"] == "consult_withdrawn")
        assert withdrawn == {"type": "consult_withdrawn", "consult": consult, "reason": "accepted"}
        second = await lead2.request("consult_accept", consult=consult)
        assert second["code"] == "conflict"
        stranger = await ola.request("consult_accept", consult=consult)
        assert stranger["code"] == "forbidden"
        # Live events reach the consultant now.
        ok(await contact.request("send", text="er du der?"))
        live = await lead.expect(lambda f: f.get("kind") == "message" and f["text"] == "er du der?")
        assert live["conversation"] == conv
        # The consultant advises; sending to the contact stays with the counsellor.
        assert (await lead.request("send", conversation=conv, text="x"))["code"] == "forbidden"
        assert_contact_saw_no_consultation(contact, conv)


async def test_consult_messages_reach_both_staff_and_never_the_contact(hub: HubServer) -> None:
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, lead = await desks(stack, hub, "kari", "lead")
        conv = await assigned(hub, contact, kari)
        consult = ok(await kari.request("consult", conversation=conv))["consult"]
        await lead.expect(request_for(consult))
        ok(await lead.request("consult_accept", consult=consult))
        sent = ok(await kari.request("consult_send", id="m1", consult=consult, text=SECRET))
        reply = ok(await lead.request(
            "consult_send", consult=consult, text="Vurder avvergeplikt; spør om hun er trygg nå."
        ))
        for desk in (kari, lead):
            first = await desk.expect(
                lambda f: f.get("kind") == "consult_message" and f["seq"] == sent["seq"]
            )
            assert first["text"] == SECRET and first["author"] == "Kari"
            assert first["user"] == "kari" and first["consult"] == consult
            second = await desk.expect(
                lambda f: f.get("kind") == "consult_message" and f["seq"] == reply["seq"]
            )
            assert second["author"] == "Vaktleder Vera"
        again = ok(await kari.request("consult_send", id="m1", consult=consult, text=SECRET))
        assert again["seq"] == sent["seq"]
        # The contact gets the counsellor's message but nothing of the consultation.
        ok(await kari.request("send", conversation=conv, text="Jeg er her fortsatt."))
        await contact.expect(lambda f: f.get("text") == "Jeg er her fortsatt.")
        assert_contact_saw_no_consultation(contact, conv)
        # A contact who resumes sees no consultation either.
        token = next(f for f in contact.frames if f["type"] == "ok" and "resume_token" in f)
        async with Wire.connect(hub.url, "/v1/contact") as again_contact:
            ok(await again_contact.request("resume", resume_token=token["resume_token"]))
            await again_contact.expect(lambda f: f.get("text") == "Jeg er her fortsatt.")
            assert_contact_saw_no_consultation(again_contact, conv)


@pytest.mark.parametrize("ender", ["kari", "lead"])
async def test_end_by_either_side_removes_the_consultants_access(
    hub: HubServer, ender: str
) -> None:
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, lead = await desks(stack, hub, "kari", "lead")
        conv = await assigned(hub, contact, kari)
        consult = ok(await kari.request("consult", conversation=conv))["consult"]
        await lead.expect(request_for(consult))
        ok(await lead.request("consult_accept", consult=consult))
        side = kari if ender == "kari" else lead
        ended = ok(await side.request("consult_end", consult=consult))
        for desk in (kari, lead):
            event = await desk.event(conv, "consult_ended")
            assert event["seq"] == ended["seq"] and event["reason"] == "ended"
            assert event["user"] == ender
        for frame_type, fields in (
            ("consult_send", {"consult": consult, "text": "hei"}),
            ("consult_end", {"consult": consult}),
            ("send", {"conversation": conv, "text": "hei"}),
            ("note", {"conversation": conv, "text": "x"}),
            ("take_over", {"conversation": conv}),
        ):
            answer = await lead.request(frame_type, **fields)
            assert answer["code"] == "forbidden", (frame_type, answer)
        last = lead.events(conv)[-1]["seq"]
        ok(await contact.request("send", text="hallo?"))
        await kari.expect(lambda f: f.get("text") == "hallo?")
        ok(await kari.request("note", conversation=conv, text="etter konsultasjonen"))
        await kari.event(conv, "note")
        await asyncio.sleep(0.1)
        assert lead.events(conv)[-1]["seq"] == last
        synced = ok(await lead.request("sync", after={conv: 0}))
        assert synced["conversations"] == [] and lead.events(conv)[-1]["seq"] == last
        # The counsellor keeps the conversation and may ask again.
        ok(await kari.request("consult", conversation=conv))


async def test_take_over_makes_the_consultant_the_assigned_counsellor(hub: HubServer) -> None:
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, lead, lead2 = await desks(stack, hub, "kari", "lead", "lead2")
        conv = await assigned(hub, contact, kari)
        consult = ok(await kari.request("consult", conversation=conv))["consult"]
        await lead.expect(request_for(consult))
        early = await lead.request("take_over", conversation=conv)
        assert early["code"] == "forbidden"  # not joined yet
        ok(await lead.request("consult_accept", consult=consult))
        assert (await lead2.request("take_over", conversation=conv))["code"] == "forbidden"
        assert (await kari.request("take_over", conversation=conv))["code"] == "conflict"
        taken = ok(await lead.request("take_over", conversation=conv))
        for desk in (kari, lead):
            event = await desk.expect(
                lambda f: f.get("kind") == "assigned" and f["seq"] == taken["seq"]
            )
            assert event["counsellor"] == "Vaktleder Vera" and event["user"] == "lead"
            record = await desk.event(conv, "consult_taken_over")
            assert record["previous_user"] == "kari" and record["user"] == "lead"
        seen = await contact.expect(
            lambda f: f.get("kind") == "assigned" and f["seq"] == taken["seq"]
        )
        assert seen["counsellor"] == "Vaktleder Vera" and "user" not in seen
        # The former counsellor may no longer write to the contact; the new one may.
        assert (await kari.request("send", conversation=conv, text="x"))["code"] == "forbidden"
        ok(await lead.request("send", conversation=conv, text="Hei, jeg heter Vera."))
        await contact.expect(lambda f: f.get("text") == "Hei, jeg heter Vera.")
        # Kari stays in the consultation (she still follows) until it ends.
        await kari.expect(lambda f: f.get("text") == "Hei, jeg heter Vera.")
        ok(await kari.request("consult_send", consult=consult, text="Takk, Vera."))
        ok(await lead.request("consult_end", consult=consult))
        await kari.event(conv, "consult_ended")
        assert (await kari.request("consult_send", consult=consult, text="x"))["code"] == (
            "forbidden"
        )
        ok(await lead.request("close", conversation=conv))
        assert_contact_saw_no_consultation(contact, conv)


async def test_a_decline_leaves_the_request_with_the_other_shift_leads(hub: HubServer) -> None:
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, lead, lead2 = await desks(stack, hub, "kari", "lead", "lead2")
        conv = await assigned(hub, contact, kari)
        consult = ok(await kari.request("consult", conversation=conv))["consult"]
        await lead.expect(request_for(consult))
        ok(await lead.request("consult_decline", consult=consult))
        declined = await kari.event(conv, "consult_declined")
        assert declined["user"] == "lead" and declined["by"] == "Vaktleder Vera"
        withdrawn = await lead.expect(lambda f: f["type"] == "consult_withdrawn")
        assert withdrawn["reason"] == "declined"
        listed = ok(await lead2.request("consult_list"))
        assert [p["consult"] for p in listed["pending"]] == [consult]
        assert ok(await lead.request("consult_list"))["pending"] == []
        assert (await lead.request("consult_accept", consult=consult))["code"] == "conflict"
        ok(await lead2.request("consult_accept", consult=consult))
        await asyncio.sleep(0.1)
        assert of_type(lead2, "consult_withdrawn") == []


async def test_the_counsellor_can_withdraw_an_unanswered_request(hub: HubServer) -> None:
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, lead = await desks(stack, hub, "kari", "lead")
        conv = await assigned(hub, contact, kari)
        consult = ok(await kari.request("consult", conversation=conv))["consult"]
        await lead.expect(request_for(consult))
        ok(await kari.request("consult_send", consult=consult, text="Hun gråter mye nå."))
        assert (await lead.request("consult_send", consult=consult, text="x"))["code"] == (
            "forbidden"
        )
        ok(await kari.request("consult_end", consult=consult))
        assert (await kari.event(conv, "consult_ended"))["reason"] == "cancelled"
        withdrawn = await lead.expect(lambda f: f["type"] == "consult_withdrawn")
        assert withdrawn["reason"] == "cancelled"
        assert (await lead.request("consult_accept", consult=consult))["code"] == "forbidden"


async def test_an_unanswered_request_escalates_and_alerts_supervisors(hub: HubServer) -> None:
    consult_feature(hub).escalate_after_s = 0.3
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, ola, lead, sup = await desks(stack, hub, "kari", "ola", "lead", "sup")
        conv = await assigned(hub, contact, kari)
        consult = ok(await kari.request("consult", conversation=conv, to="ola"))["consult"]
        await ola.expect(request_for(consult))
        offer = await lead.expect(request_for(consult), timeout=3)
        assert offer["escalations"] == 1 and offer["waiting_s"] >= 0.3
        escalated = await kari.event(conv, "consult_escalated")
        assert escalated["to"] == "lead" and escalated["to_name"] == "Vaktleder Vera"
        assert escalated["waiting_s"] >= 0.3
        alert = await sup.expect(lambda f: f["type"] == "alert")
        assert alert["alert"] == "consult_unanswered" and alert["consult"] == consult
        assert alert["conversation"] == conv and alert["waiting_s"] >= 0.3
        assert alert["escalated_to"] == "lead"
        assert not [f for f in kari.frames if f["type"] == "alert"]
        # Either addressee may answer now; the other is withdrawn.
        ok(await lead.request("consult_accept", consult=consult))
        assert (await ola.expect(lambda f: f["type"] == "consult_withdrawn"))["consult"] == consult
        count = len(of_type(sup, "alert"))
        await asyncio.sleep(0.5)
        assert len(of_type(sup, "alert")) == count  # answered: no more escalation
        assert_contact_saw_no_consultation(contact, conv)


async def test_a_declined_request_to_one_colleague_escalates_at_once(hub: HubServer) -> None:
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, ola, lead = await desks(stack, hub, "kari", "ola", "lead")
        conv = await assigned(hub, contact, kari)
        consult = ok(await kari.request("consult", conversation=conv, to="ola"))["consult"]
        await ola.expect(request_for(consult))
        ok(await ola.request("consult_decline", consult=consult))
        await lead.expect(request_for(consult), timeout=2)  # far sooner than 60 s
        assert (await kari.event(conv, "consult_escalated"))["to"] == "lead"


async def test_urgent_requests_come_first_and_late_shift_leads_get_open_ones(
    hub: HubServer,
) -> None:
    async with AsyncExitStack() as stack:
        contact1 = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        contact2 = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, ola = await desks(stack, hub, "kari", "ola")
        conv1 = await assigned(hub, contact1, kari)
        conv2 = await assigned(hub, contact2, ola)
        calm = ok(await kari.request("consult", conversation=conv1, summary="Råd om henvisning"))
        urgent = ok(await ola.request("consult", conversation=conv2, urgent=True))
        assert calm["offered"] == [] and urgent["offered"] == []  # no shift lead yet
        lead, = await desks(stack, hub, "lead")
        for consult in (calm["consult"], urgent["consult"]):
            await lead.expect(request_for(consult))
        pending = ok(await lead.request("consult_list"))["pending"]
        assert [p["consult"] for p in pending] == [urgent["consult"], calm["consult"]]
        pushed = of_type(lead, "consult_pending")[-1]["items"]
        assert [p["consult"] for p in pushed] == [urgent["consult"], calm["consult"]]
        # A shift lead who arrives gets the open ones; withdrawn once someone joins.
        lead2, = await desks(stack, hub, "lead2")
        for consult in (calm["consult"], urgent["consult"]):
            await lead2.expect(request_for(consult))
        ok(await lead.request("consult_accept", consult=urgent["consult"]))
        gone = await lead2.expect(lambda f: f["type"] == "consult_withdrawn")
        assert gone["consult"] == urgent["consult"]
        # An away shift lead is not offered "any shift lead" requests until available.
        ok(await lead2.request("presence", status="away"))
        contact3 = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        conv3 = await assigned(hub, contact3, ola)
        third = ok(await ola.request("consult", conversation=conv3))
        assert third["offered"] == ["lead"]
        ok(await lead2.request("presence", status="available"))
        await lead2.expect(request_for(third["consult"]))


async def test_closing_the_conversation_ends_the_consultation(hub: HubServer) -> None:
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, lead, lead2 = await desks(stack, hub, "kari", "lead", "lead2")
        conv = await assigned(hub, contact, kari)
        consult = ok(await kari.request("consult", conversation=conv))["consult"]
        ok(await lead.request("consult_accept", consult=consult))
        ok(await contact.request("leave"))
        await lead.event(conv, "closed")
        assert (await lead.request("consult_send", consult=consult, text="x"))["code"] == (
            "forbidden"
        )
        # A pending request is withdrawn when its conversation closes.
        contact2 = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        conv2 = await assigned(hub, contact2, kari)
        pending = ok(await kari.request("consult", conversation=conv2))["consult"]
        await lead2.expect(request_for(pending))
        ok(await kari.request("close", conversation=conv2))
        withdrawn = await lead2.expect(
            lambda f: f["type"] == "consult_withdrawn" and f["consult"] == pending
        )
        assert withdrawn["reason"] == "closed"


async def test_a_consultation_survives_a_hub_restart(hub_db: Path) -> None:
    async with serve_hub(hub_db) as first, AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(first.url, "/v1/contact"))
        kari, lead = await desks(stack, first, "kari", "lead")
        conv = await assigned(first, contact, kari)
        joined = ok(await kari.request("consult", conversation=conv))["consult"]
        ok(await lead.request("consult_accept", consult=joined))
        contact2 = await stack.enter_async_context(Wire.connect(first.url, "/v1/contact"))
        conv2 = await assigned(first, contact2, kari)
        waiting = ok(await kari.request("consult", conversation=conv2, urgent=True))["consult"]
    async with serve_hub(hub_db) as second, AsyncExitStack() as stack:
        lead, lead2 = await desks(stack, second, "lead", "lead2")
        synced = ok(await lead.request("sync"))
        assert synced["conversations"] == [conv]
        assert lead.events(conv)[-1]["kind"] == "consult_joined"
        ok(await lead.request("consult_send", consult=joined, text="Fortsatt her."))
        # lead was offered the waiting one before the restart; lead2 gets it on hello.
        await lead2.expect(request_for(waiting))
        listed = ok(await lead.request("consult_list"))
        assert [p["consult"] for p in listed["pending"]] == [waiting]
        assert [a["consult"] for a in listed["active"]] == [joined]


async def test_roster_tells_who_is_on_shift_and_whether_anyone_is_alone(hub: HubServer) -> None:
    def latest(wire: Wire) -> Frame:
        return of_type(wire, "roster")[-1]

    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, sup = await desks(stack, hub, "kari", "sup")
        alone = await kari.expect(
            lambda f: f["type"] == "roster" and len(f["staff"]) == 2
        )
        assert alone["alone"] is True and alone["shift_lead_online"] is False
        entry = next(p for p in alone["staff"] if p["user"] == "kari")
        assert entry == {
            "user": "kari", "display_name": "Kari", "roles": ["counsellor"],
            "status": "available", "conversations": 0, "shift_lead": False,
        }
        lead, trainer = await desks(stack, hub, "lead", "trainer")
        for desk in (kari, sup, lead):
            roster = await desk.expect(
                lambda f: f["type"] == "roster" and len(f["staff"]) == 4
            )
            assert roster["alone"] is False and roster["shift_lead_online"] is True
        ok(await lead.request("presence", status="away"))
        away = await kari.expect(
            lambda f: f["type"] == "roster"
            and any(p["user"] == "lead" and p["status"] == "away" for p in f["staff"])
        )
        assert away["shift_lead_available"] is False
        assert away["shift_lead_online"] is True
        await assigned(hub, contact, kari)
        busy = await sup.expect(
            lambda f: f["type"] == "roster"
            and any(p["user"] == "kari" and p["conversations"] == 1 for p in f["staff"])
        )
        assert busy["alone"] is False
        assert latest(kari)["staff"] == busy["staff"]
        assert (await trainer.request("roster"))["code"] == "forbidden"  # not on shift
        assert not [f for f in trainer.frames if f["type"] == "roster"]
    async with AsyncExitStack() as stack:
        kari, = await desks(stack, hub, "kari")
        await kari.expect(lambda f: f["type"] == "roster" and len(f["staff"]) == 1)
        assert ok(await kari.request("roster"))["alone"] is True


async def test_with_no_shift_lead_on_shift_supervisors_are_alerted_at_once(hub: HubServer) -> None:
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, sup = await desks(stack, hub, "kari", "sup")
        conv = await assigned(hub, contact, kari)
        answer = ok(await kari.request("consult", conversation=conv, urgent=True))
        assert answer["offered"] == []
        alert = await sup.expect(lambda f: f["type"] == "alert", timeout=2)
        assert alert["consult"] == answer["consult"] and alert["escalated_to"] is None
        assert alert["urgent"] is True
        escalated = await kari.event(conv, "consult_escalated")
        assert escalated["to"] is None
        # The first shift lead to arrive gets it.
        lead, = await desks(stack, hub, "lead")
        await lead.expect(request_for(answer["consult"]))


async def test_a_resent_request_is_answered_as_the_first_time(hub: HubServer) -> None:
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, lead = await desks(stack, hub, "kari", "lead")
        conv = await assigned(hub, contact, kari)
        first = ok(await kari.request("consult", id="c1", conversation=conv))
        assert ok(await kari.request("consult", id="c1", conversation=conv)) == {
            **first, "re": "c1"
        }
        joined = ok(await lead.request("consult_accept", id="a1", consult=first["consult"]))
        again = ok(await lead.request("consult_accept", id="a1", consult=first["consult"]))
        assert again["seq"] == joined["seq"] and again["conversation"] == conv
        taken = ok(await lead.request("take_over", id="t1", conversation=conv))
        repeated = ok(await lead.request("take_over", id="t1", conversation=conv))
        assert repeated["seq"] == taken["seq"]
        ended = ok(await kari.request("consult_end", id="e1", consult=first["consult"]))
        assert ok(await kari.request("consult_end", id="e1", consult=first["consult"]))["seq"] == (
            ended["seq"]
        )
        # A new id is a new request: refused as usual.
        other = await kari.request("consult_end", id="e2", consult=first["consult"])
        assert other["code"] == "forbidden"
        assert len([e for e in kari.events(conv) if e["kind"] == "consult_ended"]) == 1


async def test_a_joined_consultant_adds_notes_and_flags(hub: HubServer) -> None:
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, lead = await desks(stack, hub, "kari", "lead")
        conv = await assigned(hub, contact, kari)
        consult = ok(await kari.request("consult", conversation=conv))["consult"]
        await lead.expect(request_for(consult))
        assert (await lead.request("note", conversation=conv, text="x"))["code"] == "forbidden"
        ok(await lead.request("consult_accept", consult=consult))
        ok(await lead.request("note", conversation=conv, text="Avvergeplikt vurdert"))
        ok(await lead.request("flag", conversation=conv, flag="risk"))
        note = await kari.event(conv, "note")
        assert note["author"] == "Vaktleder Vera"
        assert (await kari.event(conv, "flagged"))["user"] == "lead"
        assert (await lead.request("send", conversation=conv, text="x"))["code"] == "forbidden"
        assert_contact_saw_no_consultation(contact, conv)


async def test_the_supervisor_sees_consultations_in_progress(hub: HubServer) -> None:
    async with AsyncExitStack() as stack:
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        kari, lead, sup = await desks(stack, hub, "kari", "lead", "sup")
        ok(await sup.request("watch_load"))
        conv = await assigned(hub, contact, kari)
        consult = ok(await kari.request("consult", conversation=conv))["consult"]
        await lead.expect(request_for(consult))
        ok(await lead.request("consult_accept", consult=consult))

        def consulting(frame: dict[str, Any]) -> bool:
            people = {s["user"]: s.get("consultations", 0) for s in frame.get("staff", [])}
            return frame["type"] == "load" and people.get("kari") == people.get("lead") == 1

        await sup.expect(consulting)
        ok(await kari.request("consult_end", consult=consult))
        await sup.expect(
            lambda f: f["type"] == "load"
            and all(s.get("consultations", 0) == 0 for s in f["staff"])
        )
