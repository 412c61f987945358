"""The desk's hub side: capacity, calls, SMS, shared canned responses, contact summaries."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from tests.conftest import staff_login
from tests.support.hubs import stored_bytes
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer, serve_hub
from workstation.hub.sms.feature import SmsFeature
from workstation.hub.sms.simulated import SimulatedSmsGateway
from workstation.hub.telephony.feature import CallsFeature
from workstation.hub.telephony.simulated import SimulatedTelephony
from workstation.sessions import canned
from workstation.sessions.summary import ContactSummary, to_dict

NUMBER = "+47 912 34 512"
NUMBER_FORMS = (b"91234512", b"912 34 512", b"4791234512", b"34512")
OTHER = "+47 400 00 077"

Frame = dict[str, Any]


#: The database's bytes, to look for what must not be stored (other modules import it).
db_bytes = stored_bytes


def phone(hub: HubServer) -> SimulatedTelephony:
    adapter = hub.hub.feature(CallsFeature).adapter
    assert isinstance(adapter, SimulatedTelephony)
    return adapter


def sms(hub: HubServer) -> SimulatedSmsGateway:
    gateway = hub.hub.feature(SmsFeature).gateway
    assert isinstance(gateway, SimulatedSmsGateway)
    return gateway


@contextlib.asynccontextmanager
async def desks(hub: HubServer, *users: str) -> AsyncIterator[list[Wire]]:
    async with contextlib.AsyncExitStack() as stack:
        wires = [await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
                 for _ in users]
        for wire, user in zip(wires, users, strict=True):
            await staff_login(wire, user)
        yield wires


async def open_chats(hub: HubServer, stack: contextlib.AsyncExitStack, n: int,
                     channel: str = "chat") -> list[str]:
    convs = []
    for _ in range(n):
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        convs.append(ok(await contact.request("open", channel=channel))["conversation"])
    return convs


async def until(check: Any, attempts: int = 250) -> Any:
    """Poll an async ``check`` (a hub-side effect no frame announces) until it is truthy."""
    for _ in range(attempts):
        if result := await check():
            return result
        await asyncio.sleep(0.02)
    raise AssertionError("the condition did not come true")


# --- capacity ------------------------------------------------------------------------------


async def test_default_capacity_refuses_the_fourth_chat_unless_confirmed(hub: HubServer) -> None:
    async with contextlib.AsyncExitStack() as stack, desks(hub, "kari") as (kari,):
        convs = await open_chats(hub, stack, 4)
        for conv in convs[:3]:
            ok(await kari.request("accept", conversation=conv))
        refused = await kari.request("accept", conversation=convs[3], id="fourth")
        assert refused["code"] == "conflict"
        assert refused["message"].startswith("Capacity reached")
        reached = await kari.expect(lambda f: f["type"] == "capacity_reached")
        assert reached["re"] == "fourth" and reached["conversation"] == convs[3]
        assert reached["used"]["chat"] == 3 and reached["limits"]["chat"] == 3
        assert reached["free"]["chat"] == 0
        assert hub.hub.position(convs[3]) == 1  # nothing was reserved
        ok(await kari.request("accept", conversation=convs[3], over_capacity=True))
        own = ok(await kari.request("capacity_get"))
        assert own["used"]["chat"] == 4 and own["limits"] == {
            "chat": 3, "sms": 3, "phone": 1, "email": 5
        }


async def test_a_call_leaves_room_for_one_chat(hub: HubServer) -> None:
    async with contextlib.AsyncExitStack() as stack, desks(hub, "kari", "ola") as (kari, ola):
        chats = await open_chats(hub, stack, 3)
        ok(await kari.request("accept", conversation=chats[0]))
        ok(await kari.request("accept", conversation=chats[1]))
        await phone(hub).ring(NUMBER)
        call_conv = hub.hub.queue[-1]
        refused = await kari.request("call_answer", conversation=call_conv)
        assert refused["code"] == "conflict" and "during a call" in refused["message"]
        # Ola with one chat may take the call, but then no second chat.
        ok(await ola.request("accept", conversation=chats[2]))
        ok(await ola.request("call_answer", conversation=call_conv))
        more = await open_chats(hub, stack, 1)
        assert (await ola.request("accept", conversation=more[0]))["code"] == "conflict"
        ok(await ola.request("accept", conversation=more[0], over_capacity=True))


async def test_supervisor_sets_limits_per_user_and_default_durably(hub_db: Path | str) -> None:
    async with serve_hub(hub_db) as hub, contextlib.AsyncExitStack() as stack, \
            desks(hub, "sup", "kari", "ola") as (sup, kari, ola):
        assert (await kari.request("capacity_set", user="kari", limits={"chat": 9}))[
            "code"] == "forbidden"
        assert (await ola.request("capacity_get", user="kari"))["code"] == "forbidden"
        assert (await sup.request("capacity_set", user="nobody", limits={"chat": 1}))[
            "code"] == "not_found"
        assert (await sup.request("capacity_set", limits={"fax": 1}))["code"] == "bad_frame"
        answer = ok(await sup.request("capacity_set", user="kari", limits={"chat": 1}))
        assert answer["limits"]["chat"] == 1 and answer["limits"]["phone"] == 1
        pushed = await kari.expect(lambda f: f["type"] == "capacity")
        assert pushed["limits"]["chat"] == 1
        ok(await sup.request("capacity_set", limits={"email": 2}))
        convs = await open_chats(hub, stack, 3)
        ok(await kari.request("accept", conversation=convs[0]))
        assert (await kari.request("accept", conversation=convs[1]))["code"] == "conflict"
        ok(await ola.request("accept", conversation=convs[1]))
        ok(await ola.request("accept", conversation=convs[2]))
        ok(await sup.request("watch_load"))
        load = await sup.expect(lambda f: f["type"] == "load" and any(
            s["user"] == "ola" and s.get("capacity", {}).get("used", {}).get("chat") == 2
            for s in f["staff"]))
        by_user = {s["user"]: s for s in load["staff"]}
        assert by_user["kari"]["capacity"]["limits"]["chat"] == 1
        assert by_user["kari"]["capacity"]["free"]["chat"] == 0
        assert by_user["ola"]["capacity"]["free"]["chat"] == 1
        assert "capacity" not in by_user["sup"]
    async with serve_hub(hub_db) as hub, desks(hub, "sup") as (sup,):
        seen = ok(await sup.request("capacity_get", user="kari"))
        assert seen["limits"] == {"chat": 1, "sms": 3, "phone": 1, "email": 2}
        assert seen["own"] == {"chat": 1} and seen["default"]["email"] == 2
        assert seen["users"] == {"kari": {"chat": 1}}
        ok(await sup.request("capacity_set", user="kari", limits=None))
        assert ok(await sup.request("capacity_get", user="kari"))["limits"]["chat"] == 3


# --- calls ---------------------------------------------------------------------------------


async def test_a_call_taken_over_through_another_hub_meanwhile_is_not_transferred(
    hub: HubServer,
) -> None:
    """The phone's transfer is decided under the conversation's row lock (docs/deploy.md):
    a hand-over another hub wrote first, whose event has not reached this hub yet, wins."""
    async with desks(hub, "kari", "ola") as (kari, ola):
        await phone(hub).ring(NUMBER)
        ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"])
        conv = ringing["items"][0]["conversation"]
        ok(await kari.request("call_answer", conversation=conv))
        await kari.event(conv, "call_answered")
        # Another hub's take-over: in the database, not yet in this hub's memory.
        await hub.hub.store.append(
            conv, "assigned", {"counsellor": "Lead", "user": "lead"}, lambda _event: None,
            update={"assigned_user": "lead"},
            expect={"status": "assigned", "assigned_user": "kari"},
        )
        refused = await kari.request("call_transfer", conversation=conv, to="ola")
        assert refused.get("code") == "conflict", refused
        kinds = [e.kind for e in await hub.hub.store.events_after(conv, 0)]
        assert "call_transferred" not in kinds and kinds[-1] == "assigned", kinds


async def test_a_call_from_offer_to_hangup(hub: HubServer, hub_db: Path | str) -> None:
    async with desks(hub, "kari", "ola", "lead") as (kari, ola, lead):
        call = await phone(hub).ring(NUMBER)
        ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"])
        (item,) = ringing["items"]
        assert item["number"] == "+47 ** ** ** 12" and item["call"] == call
        conv = item["conversation"]
        queue = await kari.expect(lambda f: f["type"] == "queue" and f["items"])
        assert queue["items"][0]["conversation"] == conv
        assert queue["items"][0]["channel"] == "phone"

        answered = ok(await kari.request("call_answer", conversation=conv))
        assert answered["conversation"] == conv
        offered = await kari.event(conv, "call_offered")
        assert offered["number"] == "+47 ** ** ** 12"
        await kari.event(conv, "call_answered")
        await kari.expect(lambda f: f["type"] == "calls" and f["items"] == [])
        assert phone(hub).calls[call] == "connected"
        ok(await kari.request("call_hold", conversation=conv))
        assert (await kari.request("call_hold", conversation=conv))["code"] == "conflict"
        assert phone(hub).calls[call] == "held"
        ok(await kari.request("call_resume", conversation=conv))
        assert (await ola.request("call_hold", conversation=conv))["code"] == "forbidden"
        assert (await kari.request("call_transfer", conversation=conv, to="sup"))[
            "code"] == "not_found"
        moved = ok(await kari.request("call_transfer", conversation=conv, to="ola"))
        assigned = await ola.expect(lambda f: f.get("kind") == "assigned" and f["seq"] > 3)
        assert assigned["seq"] == moved["seq"] and assigned["user"] == "ola"
        assert assigned["counsellor"] == "Ola"
        await kari.expect(lambda f: f.get("kind") == "assigned" and f.get("user") == "ola")
        assert phone(hub).desk[call] == "ola"
        assert (await kari.request("call_hangup", conversation=conv))["code"] == "forbidden"
        ok(await ola.request("call_hangup", conversation=conv))
        closed = await ola.event(conv, "closed")
        assert closed["reason"] == "call_ended"
        assert phone(hub).calls[call] == "ended"

        log = [f for f in ola.events(conv)]
        kinds = [f["kind"] for f in log]
        assert kinds == [
            "opened", "call_offered", "assigned", "call_answered", "call_held",
            "call_resumed", "call_transferred", "assigned", "call_ended", "closed",
        ]
        assert [f["seq"] for f in log] == list(range(1, 11))
        times = [f["at"] for f in log]
        assert times == sorted(times)
        transferred = log[6]
        assert transferred["from_user"] == "kari" and transferred["to_user"] == "ola"
        assert log[8]["by"] == "counsellor"
        assert not [f for f in lead.frames if f.get("type") == "event"]
    for form in NUMBER_FORMS:
        assert form not in stored_bytes(hub_db)


async def test_the_caller_hangs_up_while_ringing(hub: HubServer) -> None:
    async with desks(hub, "kari") as (kari,):
        call = await phone(hub).ring(None)
        ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"])
        assert ringing["items"][0]["number"] is None
        await phone(hub).caller_hangs_up(call)
        await kari.expect(lambda f: f["type"] == "calls" and f["items"] == [])
        assert hub.hub.queue == []
        conv = ringing["items"][0]["conversation"]
        assert (await kari.request("call_answer", conversation=conv))["code"] == "not_found"


async def test_a_simulated_caller_over_the_contact_path(hub: HubServer) -> None:
    async with (
        desks(hub, "kari") as (kari,),
        Wire.connect(hub.url, "/v1/contact") as caller,
    ):
        conv = ok(await caller.request("open", channel="phone"))["conversation"]
        ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"])
        assert ringing["items"][0]["conversation"] == conv
        assert ringing["items"][0]["number"] is None
        chat_contact_conv = None
        async with Wire.connect(hub.url, "/v1/contact") as chatter:
            chat_contact_conv = ok(await chatter.request("open", channel="chat"))["conversation"]
            answer = await kari.request("call_answer", conversation=chat_contact_conv)
            assert answer["code"] == "conflict"
        ok(await kari.request("call_answer", conversation=conv))
        await kari.event(conv, "call_answered")
        ok(await kari.request("call_hold", conversation=conv))
        ok(await kari.request("call_resume", conversation=conv))
        ok(await kari.request("call_hangup", conversation=conv))
        closed = await caller.event(conv, "closed")
        assert closed["reason"] == "call_ended"
        kinds = [f["kind"] for f in caller.events(conv)]
        assert kinds == ["opened", "assigned", "closed"]


async def test_a_simulated_caller_hangs_up_with_leave(hub: HubServer) -> None:
    async with (
        desks(hub, "kari") as (kari,),
        Wire.connect(hub.url, "/v1/contact") as caller,
    ):
        conv = ok(await caller.request("open", channel="phone"))["conversation"]
        ok(await kari.request("call_answer", conversation=conv))
        await kari.event(conv, "call_answered")
        ok(await caller.request("leave"))
        assert (await kari.event(conv, "closed"))["reason"] == "contact_left"
        calls = hub.hub.feature(CallsFeature).calls
        await until(lambda: _async(conv not in calls))


# --- SMS -----------------------------------------------------------------------------------


async def test_sms_threads_append_open_and_reply_without_storing_numbers(
    hub: HubServer, hub_db: Path | str
) -> None:
    gateway = sms(hub)
    async with desks(hub, "kari") as (kari,):
        first = await gateway.receive(NUMBER, "hei, er det noen der?", message_id="m1")
        assert hub.hub.position(first) == 1
        assert await gateway.receive(NUMBER, "jeg venter", message_id="m2") == first
        assert await gateway.receive(NUMBER, "jeg venter", message_id="m2") == first  # repeat
        other = await gateway.receive(OTHER, "hallo")
        assert other != first and hub.hub.position(other) == 2
        ok(await kari.request("accept", conversation=first))
        thread = await kari.event(first, "sms_thread")
        assert thread["number"] == "+47 ** ** ** 12"
        texts = [f["text"] for f in kari.events(first) if f["kind"] == "message"]
        assert texts == ["hei, er det noen der?", "jeg venter"]
        ok(await kari.request("send", conversation=first, text="Hei, du snakker med Kari."))
        await until(lambda: _async(gateway.sent_to(NUMBER)))
        assert gateway.sent_to(NUMBER) == ["Hei, du snakker med Kari."]
        assert gateway.sent_to(OTHER) == []
        assert await gateway.receive(NUMBER, "takk") == first
        await kari.expect(lambda f: f.get("kind") == "message" and f.get("text") == "takk")
        ok(await kari.request("close", conversation=first))
        again = await gateway.receive(NUMBER, "hei igjen")
        assert again not in (first, other)
    stored = stored_bytes(hub_db)
    for form in NUMBER_FORMS + (b"40000077",):
        assert form not in stored
    assert gateway.thread_of(NUMBER).encode() in stored  # the hash of the open thread only


async def _async(value: Any) -> Any:
    return value


async def test_a_failed_sms_is_noted_for_the_counsellor(hub: HubServer) -> None:
    gateway = sms(hub)
    async with desks(hub, "kari") as (kari,):
        conv = await gateway.receive(NUMBER, "hei")
        ok(await kari.request("accept", conversation=conv))
        gateway._threads.clear()  # the operator lost the thread
        sent = ok(await kari.request("send", conversation=conv, text="Hei!"))
        failed = await kari.event(conv, "sms_failed")
        assert failed["message_seq"] == sent["seq"]
        assert failed["seq"] > sent["seq"]  # an event of its own, not the message's seq again


# --- canned responses ---------------------------------------------------------------------------


async def test_canned_responses_are_shared_and_edited_by_supervisors(hub_db: Path | str) -> None:
    shipped = canned.responses()
    new = {"id": "closing.natt", "group": "closing", "title": "Natt", "keyword": "natt",
           "text": "God natt, {navn} her. Du kan skrive igjen når som helst."}
    async with serve_hub(hub_db) as hub, desks(hub, "kari", "sup", "trainer") as (kari, sup,
                                                                                   trainer):
        listed = ok(await kari.request("canned_list"))
        assert [i["id"] for i in listed["items"]] == [r.id for r in shipped]
        assert {i["origin"] for i in listed["items"]} == {"shipped"}
        assert listed["groups"] == canned.groups()
        ok(await trainer.request("canned_list"))
        assert (await kari.request("canned_set", item=new))["code"] == "forbidden"
        assert (await kari.request("canned_delete", item_id=shipped[0].id))["code"] == "forbidden"

        ok(await sup.request("canned_set", item=new))
        pushed = await kari.expect(lambda f: f["type"] == "canned")
        assert pushed["items"][-1] == {**new, "origin": "added"}
        await trainer.expect(lambda f: f["type"] == "canned")
        edited = {"id": shipped[0].id, "group": shipped[0].group, "title": "Ny åpning",
                  "keyword": shipped[0].keyword, "text": "Hei, jeg heter {navn}."}
        ok(await sup.request("canned_set", item=edited))
        ok(await sup.request("canned_delete", item_id=shipped[1].id))
        assert (await sup.request("canned_delete", item_id="opener.nope"))["code"] == "not_found"
        bad = dict(new, id="closing.feil", keyword="Med Mellomrom")
        assert (await sup.request("canned_set", item=bad))["code"] == "bad_frame"
        bad = dict(new, id="closing.feil", keyword="feil", text="Hei {navnet}")
        assert (await sup.request("canned_set", item=bad))["code"] == "bad_frame"
        bad = dict(new, id="nogroup.x", group="nogroup", keyword="x")
        assert (await sup.request("canned_set", item=bad))["code"] == "bad_frame"
        taken = dict(new, id="closing.kopi", keyword=shipped[2].keyword)
        assert (await sup.request("canned_set", item=taken))["code"] == "conflict"
        huge = dict(new, text="x" * 4001)
        assert (await sup.request("canned_set", item=huge))["code"] == "too_large"
    async with serve_hub(hub_db) as hub, desks(hub, "ola") as (ola,):
        items = ok(await ola.request("canned_list"))["items"]
        ids = [i["id"] for i in items]
        assert shipped[1].id not in ids and ids[-1] == new["id"]
        assert items[0]["title"] == "Ny åpning" and items[0]["origin"] == "edited"
        assert len(items) == len(shipped)


# --- contact summaries --------------------------------------------------------------------------


SUMMARY = to_dict(ContactSummary(
    contact_by="child_self", age_band="13-15", gender="girl",
    categories=("violence.physical",), wanted=("listened_to",), actions=("advice",),
    text="Redd for stefar. Fikk råd om å snakke med helsesykepleier.",
))


async def test_summary_is_validated_stored_and_never_reaches_the_contact(
    hub: HubServer,
) -> None:
    async with (
        desks(hub, "kari", "ola", "sup") as (kari, ola, sup),
        Wire.connect(hub.url, "/v1/contact") as contact,
    ):
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        wrong = await kari.request("summary_set", conversation=conv,
                                   summary={"age_band": "forty"})
        assert wrong["code"] == "bad_frame"
        incomplete = await kari.request("summary_set", conversation=conv, summary={
            "categories": ["nope.nope"], "actions": ["none", "advice"]})
        assert incomplete["code"] == "bad_frame"
        fields = {p["field"] for p in incomplete["problems"]}
        assert fields == {"categories", "wanted", "actions"}
        assert all(p["message"] in incomplete["message"] for p in incomplete["problems"])
        assert (await ola.request("summary_set", conversation=conv, summary=SUMMARY))[
            "code"] == "forbidden"
        assert ok(await kari.request("summary_get", conversation=conv))["summary"] is None
        ok(await kari.request("close", conversation=conv))
        saved = ok(await kari.request("summary_set", conversation=conv, summary=SUMMARY))
        assert saved["seq"] > 0
        got = ok(await kari.request("summary_get", conversation=conv))
        assert got["summary"] == SUMMARY and got["user"] == "kari"
        assert ok(await sup.request("summary_get", conversation=conv))["summary"] == SUMMARY
        assert (await ola.request("summary_get", conversation=conv))["code"] == "forbidden"
        events = await hub.hub.store.events_after(conv, 0)
        (event,) = [e for e in events if e.kind == "summary_saved"]
        assert event.fields["categories"] == ["violence.physical"]
        assert "text" not in event.fields and "Redd" not in str(event.fields)
        # The contact never sees it, live or on resume.
        await asyncio.sleep(0.1)
        assert all(f.get("kind") != "summary_saved" for f in contact.frames)
        assert not any("Redd for" in str(f) for f in contact.frames)
        stats = ok(await sup.request("stats", since="2000-01-01T00:00:00Z"))
        (row,) = stats["contacts"]
        assert row["categories"] == ["violence.physical"]


async def test_closing_a_silent_contact_files_a_silent_summary(hub: HubServer) -> None:
    async with (
        desks(hub, "kari", "sup") as (kari, sup),
        Wire.connect(hub.url, "/v1/contact") as contact,
    ):
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        ok(await kari.request("close", conversation=conv, reason="silent"))

        async def filed() -> Any:
            return ok(await kari.request("summary_get", conversation=conv))["summary"]

        summary = await until(filed)
        assert summary["silent"] is True and summary["categories"] == ["other.silent"]

        async def logged() -> Any:  # the event is appended just after the summary is stored
            events = await hub.hub.store.events_after(conv, 0)
            return events if events[-1].kind == "summary_saved" else None

        events = await until(logged)
        assert events[-1].fields["auto"] is True
        assert all(f.get("kind") != "summary_saved" for f in contact.frames)
        row = ok(await sup.request("stats", since="2000-01-01T00:00:00Z"))["contacts"][0]
        assert row["categories"] == ["other.silent"]


# --- the simulator places calls -------------------------------------------------------------


async def test_the_simulator_places_a_phone_call(hub: HubServer) -> None:
    from workstation.sim import Simulator, load_scenarios
    from workstation.sim.scenario import select

    (scenario,) = select(load_scenarios(), ["oppringning"])
    assert scenario.channel == "phone" and scenario.lines() == []
    async with desks(hub, "kari") as (kari,):
        simulator = Simulator(hub.url, 1, scenarios=[scenario], in_turn=True, speed=200.0,
                              interval_s=0, seed=1)
        run = asyncio.create_task(simulator.run())
        ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"])
        conv = ringing["items"][0]["conversation"]
        ok(await kari.request("call_answer", conversation=conv))
        await kari.event(conv, "call_answered")
        (result,) = await asyncio.wait_for(run, 20)
        assert result.outcome == "left" and result.sent == 0
        assert (await kari.event(conv, "closed"))["reason"] == "contact_left"
