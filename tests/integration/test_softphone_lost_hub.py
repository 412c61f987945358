"""A desk's softphone lost while the desk stays connected (``softphone_lost``), and a shift
lead taking over the held call of a lost desk (``call_take_over``), on the simulated phone
system (real baresip: tests/e2e/test_softphone_lost.py)."""

from __future__ import annotations

from tests.conftest import staff_login
from tests.integration.test_desk_features import desks, phone
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer

NUMBER = "+4791234512"


async def answered_call(hub: HubServer, kari: Wire) -> tuple[str, str]:
    call = await phone(hub).ring(NUMBER)
    ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"])
    conv = ringing["items"][0]["conversation"]
    ok(await kari.request("call_answer", conversation=conv))
    await kari.event(conv, "call_answered")
    return call, conv


async def test_a_lost_softphone_holds_the_call_alerts_the_lead_and_is_resumed(
    hub: HubServer,
) -> None:
    async with desks(hub, "kari", "lead", "ola") as (kari, lead, ola):
        call, conv = await answered_call(hub, kari)
        held = ok(await kari.request("softphone_lost"))
        assert held["held"] == [conv]
        assert phone(hub).calls[call] == "held"
        event = await kari.event(conv, "call_held")
        assert (event["by"], event["reason"], event["user"]) == ("network", "softphone_lost",
                                                                 "kari")
        alert = await lead.expect(lambda f: f["type"] == "alert")
        assert (alert["alert"], alert["reason"], alert["conversation"], alert["user"]) == (
            "call_desk_lost", "softphone_lost", conv, "kari")
        assert not [f for f in ola.frames if f.get("type") == "alert"]  # counsellors: no
        assert not [f for f in kari.frames if f.get("type") == "alert"]
        assert ok(await kari.request("softphone_lost"))["held"] == []  # nothing more to hold
        ok(await kari.request("call_resume", conversation=conv))
        assert phone(hub).calls[call] == "connected"
        # a lead cannot take over a call that is not held after a loss
        refused = await lead.request("call_take_over", conversation=conv)
        assert refused["code"] == "conflict"


async def test_a_lead_takes_over_the_held_call_of_a_lost_desk(hub: HubServer) -> None:
    async with desks(hub, "lead", "ola") as (lead, ola):
        async with Wire.connect(hub.url, "/v1/staff") as kari:
            await staff_login(kari, "kari")
            call, conv = await answered_call(hub, kari)
        # kari's desk is gone: the call is held, the lead alerted
        await lead.expect(lambda f: f["type"] == "alert" and f.get("reason") == "desk_lost")
        assert phone(hub).calls[call] == "held"
        forbidden = await ola.request("call_take_over", conversation=conv)
        assert forbidden["code"] == "forbidden"
        assert phone(hub).calls[call] == "held"
        taken = ok(await lead.request("call_take_over", conversation=conv))
        assert phone(hub).calls[call] == "connected" and phone(hub).desk[call] == "lead"
        resumed = await lead.event(conv, "call_resumed")
        assert resumed["seq"] == taken["seq"] and resumed["user"] == "lead"
        kinds = [f["kind"] for f in lead.events(conv)]
        assert kinds == ["opened", "call_offered", "assigned", "call_answered", "call_held",
                         "call_taken_over", "assigned", "call_resumed"]
        over = [f for f in lead.events(conv) if f["kind"] == "call_taken_over"][0]
        assert (over["from_user"], over["to_user"], over["counsellor"]) == (
            "kari", "lead", "Vaktleder Vera")
        again = await lead.request("call_take_over", conversation=conv)
        assert again["code"] == "conflict"
        # the lead now holds the call as its counsellor; kari, back, is told
        async with Wire.connect(hub.url, "/v1/staff") as kari:
            await staff_login(kari, "kari")
            told = await kari.expect(lambda f: f["type"] == "call_taken_over")
            assert (told["conversation"], told["user"], told["counsellor"]) == (
                conv, "lead", "Vaktleder Vera")
            refused = await kari.request("call_resume", conversation=conv)
            assert refused["code"] == "forbidden"
        ok(await lead.request("call_hangup", conversation=conv))
        assert phone(hub).calls[call] == "ended"


async def test_a_connected_colleague_is_told_at_once(hub: HubServer) -> None:
    async with desks(hub, "kari", "lead") as (kari, lead):
        call, conv = await answered_call(hub, kari)
        ok(await kari.request("softphone_lost"))
        ok(await lead.request("call_take_over", conversation=conv))
        await kari.expect(lambda f: f.get("kind") == "assigned" and f.get("user") == "lead")
        told = await kari.expect(lambda f: f["type"] == "call_taken_over")
        assert told["user"] == "lead"
        assert phone(hub).desk[call] == "lead"


async def test_a_take_over_after_another_hub_moved_the_call_is_refused(hub: HubServer) -> None:
    """The take-over is decided under the conversation's row lock (docs/deploy.md): a
    hand-over another hub wrote first, whose event has not reached this hub yet, wins — the
    lead is answered ``conflict``, nothing is written, and the call is back on hold."""
    async with desks(hub, "kari", "lead") as (kari, lead):
        call, conv = await answered_call(hub, kari)
        ok(await kari.request("softphone_lost"))
        await hub.hub.store.append(  # in the database, not yet in this hub's memory
            conv, "assigned", {"counsellor": "Ola", "user": "ola"}, lambda _event: None,
            update={"assigned_user": "ola"},
            expect={"status": "assigned", "assigned_user": "kari"},
        )
        refused = await lead.request("call_take_over", conversation=conv)
        assert refused.get("code") == "conflict" and "changed hands" in refused["message"]
        kinds = [e.kind for e in await hub.hub.store.events_after(conv, 0)]
        assert "call_taken_over" not in kinds and kinds[-1] == "assigned", kinds
        assert phone(hub).calls[call] == "held" and phone(hub).desk[call] == "kari"
