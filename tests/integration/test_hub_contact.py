"""/v1/contact: open, send, leave, resume, queue position."""

from __future__ import annotations

import base64

from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer


async def test_open_gives_conversation_token_position_then_opened(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as contact:
        answer = ok(await contact.request("open", channel="chat", lang="nb"))
        assert answer["position"] == 1
        token = answer["resume_token"]
        assert len(base64.urlsafe_b64decode(token + "==")) * 8 >= 128
        opened = await contact.event(answer["conversation"], "opened")
        assert opened["seq"] == 1 and opened["channel"] == "chat"
        assert opened["at"].endswith("Z")
        # ok comes before the opened event
        assert contact.frames.index(answer) < contact.frames.index(opened)


async def test_only_open_or_resume_before_a_conversation(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as contact:
        assert (await contact.request("send", text="hei"))["code"] == "unauthenticated"
        assert (await contact.request("leave"))["code"] == "unauthenticated"
    assert hub.hub.queue == []


async def test_send_acknowledges_with_seq_and_delivers_the_message(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as contact:
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        first = ok(await contact.request("send", text="hei"))
        second = ok(await contact.request("send", text="er det noen der?"))
        assert (first["seq"], second["seq"]) == (2, 3)
        message = await contact.event(conv, "message")
        assert message["from"] == "contact" and message["text"] == "hei"


async def test_repeated_send_returns_the_original_seq_and_stores_nothing(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as contact:
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        first = ok(await contact.request("send", id="same", text="hei"))
        again = ok(await contact.request("send", id="same", text="hei"))
        assert first["seq"] == again["seq"] == 2
    events = await hub.hub.store.events_after(conv, 0)
    assert [e.kind for e in events] == ["opened", "message"]


async def test_queue_positions_move_up_when_someone_ahead_leaves(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as first,
        Wire.connect(hub.url, "/v1/contact") as second,
    ):
        ok(await first.request("open", channel="chat"))
        assert ok(await second.request("open", channel="sms"))["position"] == 2
        await second.expect(lambda f: f == {"type": "queue", "position": 2})
        left = ok(await first.request("leave"))
        assert left["seq"] == 2
        await second.expect(lambda f: f == {"type": "queue", "position": 1})


async def test_leave_closes_with_contact_left(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as contact:
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await contact.request("leave"))
        closed = await contact.event(conv, "closed")
        assert closed["reason"] == "contact_left"
        assert (await contact.request("send", text="hallo?"))["code"] == "conflict"


async def test_resume_replays_events_after_seq_then_goes_live(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as contact:
        opened = ok(await contact.request("open", channel="chat"))
        for text in ("en", "to", "tre"):
            ok(await contact.request("send", text=text))
    async with Wire.connect(hub.url, "/v1/contact") as again:
        answer = ok(
            await again.request("resume", resume_token=opened["resume_token"], after=2)
        )
        assert answer["conversation"] == opened["conversation"]
        assert answer["position"] == 1
        third = await again.event(opened["conversation"], "message")
        fourth = await again.event(opened["conversation"], "message")
        assert (third["seq"], third["text"], fourth["text"]) == (3, "to", "tre")
        ok(await again.request("send", text="fire"))
        live = await again.event(opened["conversation"], "message")
        assert live["text"] == "fire" and live["seq"] == 5


async def test_wrong_resume_token_is_not_found(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as contact:
        answer = await contact.request("resume", resume_token="gjettet", after=0)
        assert answer["code"] == "not_found"


async def test_a_closed_conversation_can_be_read_not_written(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as contact:
        opened = ok(await contact.request("open", channel="chat"))
        ok(await contact.request("send", text="hei"))
        ok(await contact.request("leave"))
    async with Wire.connect(hub.url, "/v1/contact") as again:
        ok(await again.request("resume", resume_token=opened["resume_token"], after=0))
        closed = await again.event(opened["conversation"], "closed")
        assert closed["seq"] == 3
        assert (await again.request("send", text="hallo")) ["code"] == "conflict"
