"""Abusive contacts (docs/care.md): mark, block by each kind of identifier, the kind answer,
expiry, lifting, the audit trail and the figures. A real hub on 127.0.0.1, real clients."""

from __future__ import annotations

import contextlib
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_desk_features import NUMBER, OTHER, db_bytes, desks, phone, sms
from tests.support.hubs import query
from tests.support.wire import Wire, ok
from workstation.client.contact import ContactClient, ContactError
from workstation.hub.blocks import BlockFeature
from workstation.hub.server import HubServer, serve_hub
from workstation.hub.telephony.feature import CallsFeature
from workstation.protocol.times import utc_now
from workstation.sessions.referrals import OSLO

Frame = dict[str, Any]
BROWSER = "b" + secrets.token_hex(16)


def kind_answer(text: str) -> None:
    """The automatic answer gives 112 and 113 and another service, and never says why."""
    assert "112" in text and "113" in text, text
    assert "116 111" not in text  # another service, not this line
    assert "Du kan også snakke med" in text
    assert "blokk" not in text.lower()


async def open_chat(hub: HubServer, stack: contextlib.AsyncExitStack, browser: str) -> Frame:
    contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
    return await contact.request("open", channel="chat", browser=browser)


async def take_and_close(desk: Wire, conv: str, mark: bool = True) -> None:
    ok(await desk.request("accept", conversation=conv))
    if mark:
        ok(await desk.request("abuse_mark", conversation=conv, reason="Trakassering, 5 ganger"))
    ok(await desk.request("close", conversation=conv, reason="staff_closed"))


def audit(db: Path, action: str) -> list[tuple[str, str, str]]:
    rows = query(db, "SELECT actor, target, detail FROM audit WHERE action = ?", action)
    return [(str(a), str(t), str(d)) for a, t, d in rows]


async def test_a_marked_chat_browser_is_blocked_and_meets_the_kind_answer(
    hub: HubServer, hub_db: Path
) -> None:
    async with contextlib.AsyncExitStack() as stack, desks(hub, "kari", "lead") as (kari, lead):
        conv = ok(await open_chat(hub, stack, BROWSER))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        marked = ok(await kari.request("abuse_mark", conversation=conv, reason="Spam"))
        event = await kari.event(conv, "marked_abusive")
        assert event["seq"] == marked["seq"] and event["reason"] == "Spam"
        alert = await lead.expect(lambda f: f.get("alert") == "abuse_marked")
        assert alert["conversation"] == conv and alert["user"] == "kari"
        ok(await kari.request("close", conversation=conv, reason="staff_closed"))

        refused = await kari.request("block_add", conversation=conv, hours=24, reason="x")
        assert refused["code"] == "forbidden"
        block = ok(await lead.request("block_add", conversation=conv, hours=24,
                                      reason="Gjentatt trakassering"))["block"]
        assert block["kind"] == "browser" and "identifier" not in block
        assert block["expires_at"] > (utc_now() + timedelta(hours=23)).isoformat()
        pushed = await lead.expect(lambda f: f.get("type") == "blocks")
        assert [b["block"] for b in pushed["blocks"]] == [block["block"]]

        answer = ok(await open_chat(hub, stack, BROWSER))
        assert answer["blocked"] is True and "conversation" not in answer
        kind_answer(answer["text"])
        assert answer["service"]["name"] in answer["text"]
        assert hub.hub.queue == []
        other = ok(await open_chat(hub, stack, "b" + secrets.token_hex(16)))
        assert other["position"] == 1  # only the blocked browser is refused

        listed = ok(await lead.request("block_list"))["blocks"]
        assert [b["block"] for b in listed] == [block["block"]]
    (actor, target, detail), = audit(hub_db, "block_add")
    assert (actor, target) == ("lead", block["block"]) and "Gjentatt" in detail
    assert BROWSER.encode() not in db_bytes(hub_db)  # only its keyed hash is kept


async def test_a_blocked_sms_thread_is_answered_by_sms_and_never_queued(
    hub: HubServer, hub_db: Path
) -> None:
    async with desks(hub, "kari", "lead") as (kari, lead):
        conv = await sms(hub).receive(NUMBER, "tull og tøys")
        await take_and_close(kari, conv)
        ok(await lead.request("block_add", conversation=conv, hours=48, reason="Tøysemeldinger"))

        assert await sms(hub).receive(NUMBER, "mer tull") == ""
        kind_answer(sms(hub).sent_to(NUMBER)[-1])
        assert hub.hub.queue == []
        assert await sms(hub).receive(OTHER, "hei, jeg trenger hjelp") in hub.hub.queue
    assert NUMBER.replace(" ", "").encode() not in db_bytes(hub_db)


async def test_a_blocked_caller_hears_the_kind_answer_and_never_rings_a_desk(
    hub: HubServer,
) -> None:
    async with desks(hub, "kari", "lead") as (kari, lead):
        first = await phone(hub).ring(NUMBER)
        conv = hub.hub.feature(CallsFeature).by_call[first]
        ok(await kari.request("accept", conversation=conv))
        ok(await kari.request("abuse_mark", conversation=conv, reason="Pustet i røret"))
        await phone(hub).caller_hangs_up(first)
        await kari.event(conv, "closed")
        ok(await lead.request("block_add", conversation=conv, hours=72, reason="Tøysesamtaler"))

        again = await phone(hub).ring(NUMBER)
        assert phone(hub).calls[again] == "ended"
        kind_answer(phone(hub).refused[again])
        assert again not in hub.hub.feature(CallsFeature).by_call
        assert hub.hub.queue == []
        withheld = await phone(hub).ring(None)  # a withheld number cannot be blocked
        assert withheld in hub.hub.feature(CallsFeature).by_call


async def test_an_email_address_is_blocked_by_its_keyed_hash_only(
    hub: HubServer, hub_db: Path
) -> None:
    blocks = hub.hub.feature(BlockFeature)
    async with contextlib.AsyncExitStack() as stack, desks(hub, "lead") as (lead,):
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        conv = ok(await contact.request("open", channel="email"))["conversation"]
        await blocks.remember(conv, "email", "Troll@Example.no")
        ok(await lead.request("block_add", conversation=conv, hours=24 * 30, reason="Spam"))
    refused = await blocks.refuse("email", " troll@example.NO ")
    assert refused is not None
    kind_answer(refused.text)
    assert await blocks.refuse("email", "someone@example.no") is None
    assert b"troll@example" not in db_bytes(hub_db).lower()


async def test_a_block_ends_at_its_expiry_and_when_lifted(hub: HubServer, hub_db: Path) -> None:
    blocks = hub.hub.feature(BlockFeature)
    async with contextlib.AsyncExitStack() as stack, desks(
        hub, "kari", "lead", "sup"
    ) as (kari, lead, sup):
        convs = []
        for browser in (BROWSER, "c" + secrets.token_hex(16)):
            conv = ok(await open_chat(hub, stack, browser))["conversation"]
            await take_and_close(kari, conv)
            convs.append(conv)
        short = ok(await lead.request("block_add", conversation=convs[0], hours=1,
                                      reason="En time"))["block"]
        long = ok(await lead.request("block_add", conversation=convs[1], hours=24 * 90,
                                     reason="Tre måneder"))["block"]
        listed = ok(await sup.request("block_list"))["blocks"]
        assert [b["block"] for b in listed] == [short["block"], long["block"]]  # soonest first

        assert ok(await open_chat(hub, stack, BROWSER))["blocked"] is True
        blocks.clock = lambda: utc_now() + timedelta(hours=1, minutes=1)
        assert "conversation" in ok(await open_chat(hub, stack, BROWSER))
        listed = ok(await sup.request("block_list"))["blocks"]
        assert [b["block"] for b in listed] == [long["block"]]

        assert (await kari.request("block_lift", block=long["block"], reason="x"))["code"] == (
            "forbidden"
        )
        ok(await sup.request("block_lift", block=long["block"], reason="Feil person"))
        assert ok(await sup.request("block_list"))["blocks"] == []
        again = await sup.request("block_lift", block=long["block"], reason="igjen")
        assert again["code"] == "not_found"
    (actor, target, detail), = audit(hub_db, "block_lift")
    assert (actor, target) == ("sup", long["block"]) and "Feil person" in detail


async def test_refused_attempts_are_counted_per_day_and_channel(hub: HubServer) -> None:
    async with contextlib.AsyncExitStack() as stack, desks(hub, "kari", "lead", "sup") as (
        kari, lead, sup
    ):
        chat = ok(await open_chat(hub, stack, BROWSER))["conversation"]
        await take_and_close(kari, chat)
        text = await sms(hub).receive(NUMBER, "tull")
        await take_and_close(kari, text)
        for conv in (chat, text):
            ok(await lead.request("block_add", conversation=conv, hours=24, reason="Tull"))
        for _ in range(3):
            ok(await open_chat(hub, stack, BROWSER))
        await sms(hub).receive(NUMBER, "tull igjen")
        today = utc_now().astimezone(OSLO).date().isoformat()
        days = ok(await sup.request("block_stats", since=today))["days"]
        assert days == [
            {"day": today, "channel": "chat", "count": 3},
            {"day": today, "channel": "sms", "count": 1},
        ]
        assert (await kari.request("block_stats", since=today))["code"] == "forbidden"


async def test_blocks_hold_after_a_restart(hub_db: Path) -> None:
    async with serve_hub(hub_db) as hub, contextlib.AsyncExitStack() as stack, desks(
        hub, "kari", "lead"
    ) as (kari, lead):
        conv = ok(await open_chat(hub, stack, BROWSER))["conversation"]
        await take_and_close(kari, conv, mark=False)
        ok(await lead.request("block_add", conversation=conv, hours=5, reason="Tull"))
    async with serve_hub(hub_db) as hub, contextlib.AsyncExitStack() as stack:
        assert ok(await open_chat(hub, stack, BROWSER))["blocked"] is True


async def test_identifiers_are_forgotten_30_days_after_the_conversation(hub: HubServer) -> None:
    blocks = hub.hub.feature(BlockFeature)
    async with contextlib.AsyncExitStack() as stack, desks(hub, "kari", "lead") as (kari, lead):
        conv = ok(await open_chat(hub, stack, BROWSER))["conversation"]
        await take_and_close(kari, conv, mark=False)
        blocks.clock = lambda: utc_now() + timedelta(days=29)
        await blocks.prune()
        ok(await lead.request("block_add", conversation=conv, hours=1, reason="Ennå mulig"))
        blocks.clock = lambda: utc_now() + timedelta(days=31)
        await blocks.prune()
        late = await lead.request("block_add", conversation=conv, hours=1, reason="For sent")
        assert late["code"] == "not_found"


async def test_the_contact_client_reports_a_blocked_browser(hub: HubServer) -> None:
    async with desks(hub, "kari", "lead") as (kari, lead):
        async with ContactClient(hub.url, max_backoff_s=0.2) as first:
            conv = (await first.open("chat", browser=BROWSER)).conversation
        await take_and_close(kari, conv)
        ok(await lead.request("block_add", conversation=conv, hours=24, reason="Tull"))
        async with ContactClient(hub.url, max_backoff_s=0.2) as again:
            with pytest.raises(ContactError) as refused:
                await again.open("chat", browser=BROWSER)
        assert refused.value.code == "blocked"
        kind_answer(refused.value.message)
