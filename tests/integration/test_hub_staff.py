"""/v1/staff: hello, queue, accept, send, note, flag, close, sync, and the role rules."""

from __future__ import annotations

import asyncio

import pytest

from tests.conftest import staff_login
from tests.support.hubs import PASSWORD
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer


async def open_contact(contact: Wire, text: str | None = None) -> str:
    conv: str = ok(await contact.request("open", channel="chat"))["conversation"]
    if text is not None:
        ok(await contact.request("send", text=text))
    return conv


async def test_wrong_password_and_unknown_user_are_answered_alike(hub: HubServer) -> None:
    answers = []
    for user, password in (("kari", "feil"), ("nobody", "feil")):
        async with Wire.connect(hub.url, "/v1/staff") as desk:
            answer = await desk.request("hello", user=user, password=password)
            await asyncio.wait_for(desk.closed.wait(), 5)
            assert desk.ws.close_code == 4401
            answers.append({k: v for k, v in answer.items() if k != "re"})
    assert answers[0] == answers[1]
    assert answers[0]["code"] == "unauthenticated"


async def test_repeated_failures_are_rate_limited(hub: HubServer) -> None:
    codes = []
    for _ in range(6):
        async with Wire.connect(hub.url, "/v1/staff") as desk:
            codes.append((await desk.request("hello", user="ola", password="feil"))["code"])
    assert codes[:5] == ["unauthenticated"] * 5
    assert codes[5] == "rate_limited"


async def test_hello_gives_user_token_and_the_queue(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as desk,
    ):
        conv = await open_contact(contact)
        answer = await staff_login(desk, "kari")
        assert answer["user"] == {"name": "kari", "display_name": "Kari", "roles": ["counsellor"]}
        queue = await desk.expect(lambda f: f["type"] == "queue")
        assert [i["conversation"] for i in queue["items"]] == [conv]
        assert queue["items"][0]["position"] == 1 and queue["items"][0]["channel"] == "chat"
    async with Wire.connect(hub.url, "/v1/staff") as again:
        ok(await again.request("hello", token=answer["token"]))


async def test_accept_assigns_and_the_contact_sees_only_the_display_name(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as desk,
        Wire.connect(hub.url, "/v1/staff") as other,
    ):
        conv = await open_contact(contact, "hei, jeg trenger hjelp")
        await staff_login(desk, "kari")
        await staff_login(other, "ola")
        ok(await desk.request("accept", conversation=conv))
        # The counsellor gets the backlog from seq 1, once each.
        await desk.event(conv, "assigned")
        assert [e["seq"] for e in desk.events(conv)] == [1, 2, 3]
        seen = await contact.event(conv, "assigned")
        assert seen["counsellor"] == "Kari" and "user" not in seen
        assert "kari" not in str(contact.frames)
        second = await other.request("accept", conversation=conv)
        assert second["code"] == "conflict"
        emptied = await other.expect(lambda f: f["type"] == "queue" and f["items"] == [])
        assert emptied


async def test_the_assigned_counsellor_talks_with_the_contact(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as desk,
    ):
        conv = await open_contact(contact)
        await staff_login(desk, "kari")
        ok(await desk.request("accept", conversation=conv))
        ok(await contact.request("send", text="pappa slår"))
        received = await desk.expect(
            lambda f: f.get("kind") == "message" and f.get("from") == "contact"
        )
        assert received["text"] == "pappa slår"
        sent = ok(await desk.request("send", id="k1", conversation=conv, text="Jeg er her."))
        reply = await contact.expect(lambda f: f.get("kind") == "message" and f["from"] == "staff")
        assert reply["text"] == "Jeg er her." and reply["author"] == "Kari"
        assert reply["seq"] == sent["seq"] and "user" not in reply
        again = ok(await desk.request("send", id="k1", conversation=conv, text="Jeg er her."))
        assert again["seq"] == sent["seq"]


async def test_notes_and_flags_never_reach_the_contact(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as desk,
    ):
        conv = await open_contact(contact)
        await staff_login(desk, "kari")
        ok(await desk.request("accept", conversation=conv))
        ok(await desk.request("note", conversation=conv, text="Mulig vold i hjemmet"))
        ok(await desk.request("flag", conversation=conv, flag="risk"))
        ok(await desk.request("send", conversation=conv, text="Er du trygg nå?"))
        await contact.expect(lambda f: f.get("kind") == "message")
        kinds = [f["kind"] for f in contact.events(conv)]
        assert kinds == ["opened", "assigned", "message"]
        assert "Mulig vold" not in str(contact.frames)
        note = await desk.event(conv, "note")
        assert note["author"] == "Kari"
        assert (await desk.event(conv, "flagged"))["flag"] == "risk"


async def test_close_by_the_counsellor_reaches_both(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as desk,
    ):
        conv = await open_contact(contact)
        await staff_login(desk, "kari")
        ok(await desk.request("accept", conversation=conv))
        ok(await desk.request("close", conversation=conv, reason="staff_closed"))
        assert (await contact.event(conv, "closed"))["reason"] == "staff_closed"
        assert (await desk.event(conv, "closed"))["reason"] == "staff_closed"


@pytest.mark.parametrize("user", ["ola", "trainer", "admin", "sup"])
async def test_others_cannot_touch_an_assigned_conversation(hub: HubServer, user: str) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as desk,
        Wire.connect(hub.url, "/v1/staff") as intruder,
    ):
        conv = await open_contact(contact)
        await staff_login(desk, "kari")
        ok(await desk.request("accept", conversation=conv))
        await staff_login(intruder, user)
        for frame_type, fields in (
            ("send", {"text": "hei"}),
            ("note", {"text": "x"}),
            ("flag", {"flag": "risk"}),
            ("close", {"reason": "staff_closed"}),
        ):
            answer = await intruder.request(frame_type, conversation=conv, **fields)
            assert answer["code"] == "forbidden", (frame_type, answer)
        ok(await intruder.request("sync", after={conv: 0}))
        assert intruder.events(conv) == []


@pytest.mark.parametrize("user", ["trainer", "admin", "sup"])
async def test_only_counsellors_accept(hub: HubServer, user: str) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as desk,
    ):
        conv = await open_contact(contact)
        await staff_login(desk, user)
        assert (await desk.request("accept", conversation=conv))["code"] == "forbidden"


async def test_trainers_and_admins_get_no_queue(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as desk,
    ):
        await open_contact(contact)
        await staff_login(desk, "trainer")
        assert (await desk.request("presence", status="away"))["code"] == "forbidden"
        assert [f for f in desk.frames if f["type"] in ("queue", "roster")] == []


async def test_sync_returns_events_after_the_given_seq(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as desk,
    ):
        conv = await open_contact(contact, "en")
        await staff_login(desk, "kari")
        ok(await desk.request("accept", conversation=conv))
        ok(await contact.request("send", text="to"))
        await desk.expect(lambda f: f.get("text") == "to")
    async with Wire.connect(hub.url, "/v1/staff") as desk:
        await staff_login(desk, "kari")
        answer = ok(await desk.request("sync", after={conv: 2}))
        assert answer["conversations"] == [conv]
        kinds = [(e["seq"], e["kind"]) for e in desk.events(conv)]
        assert kinds == [(3, "assigned"), (4, "message")]
        # answered only after the events
        assert desk.frames.index(answer) > desk.frames.index(desk.events(conv)[-1])


async def test_password_is_never_echoed(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/staff") as desk:
        await staff_login(desk, "kari")
        assert PASSWORD not in str(desk.frames)
