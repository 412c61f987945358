"""ContactClient against a scripted fake hub: resume after a drop, resend by the same id."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from websockets.asyncio.server import ServerConnection, serve

from workstation.client.contact import ContactClient, ContactError, contact_url

Frame = dict[str, Any]


class FakeHub:
    """Plays /v1/contact: drops the first connection after a send without answering it."""

    def __init__(self) -> None:
        self.received: list[Frame] = []
        self.connections = 0
        self.url = ""

    async def handler(self, ws: ServerConnection) -> None:
        self.connections += 1
        assert ws.request is not None and ws.request.path == "/v1/contact"
        async for raw in ws:
            frame = json.loads(raw)
            self.received.append(frame)
            answer = self.answer(frame)
            if answer is None:
                await ws.close()
                return
            for out in answer:
                await ws.send(json.dumps(out))

    def answer(self, frame: Frame) -> list[Frame] | None:
        kind, rid = frame["type"], frame["id"]
        if kind == "open":
            return [
                {"type": "ok", "re": rid, "conversation": "c1", "resume_token": "t" * 32,
                 "position": 2},
                {"type": "event", "conversation": "c1", "seq": 1, "kind": "opened",
                 "channel": "chat", "at": "2026-01-01T00:00:00.000Z"},
                {"type": "queue", "position": 1},
            ]  # fmt: skip
        if kind == "send" and self.connections == 1:
            return None  # stored, perhaps, but the answer is lost with the connection
        if kind == "resume":
            if frame["resume_token"] != "t" * 32:
                return [{"type": "error", "re": rid, "code": "not_found", "message": "No."}]
            return [
                {"type": "ok", "re": rid, "conversation": "c1", "position": 1},
                # A replay of something the client has seen must not reach it twice.
                {"type": "event", "conversation": "c1", "seq": 1, "kind": "opened",
                 "channel": "chat", "at": "2026-01-01T00:00:00.000Z"},
            ]  # fmt: skip
        if kind == "send":
            return [
                {"type": "ok", "re": rid, "seq": 2},
                {"type": "event", "conversation": "c1", "seq": 2, "kind": "message",
                 "from": "contact", "text": frame["text"], "client_id": rid,
                 "at": "2026-01-01T00:00:01.000Z"},
            ]  # fmt: skip
        if kind == "leave":
            return [
                {"type": "ok", "re": rid, "seq": 3},
                {"type": "event", "conversation": "c1", "seq": 3, "kind": "closed",
                 "reason": "contact_left", "at": "2026-01-01T00:00:02.000Z"},
            ]  # fmt: skip
        return [{"type": "error", "re": rid, "code": "bad_frame", "message": "?"}]


@pytest.fixture
async def fake() -> AsyncIterator[FakeHub]:
    hub = FakeHub()
    async with serve(hub.handler, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        hub.url = f"ws://127.0.0.1:{port}"
        yield hub


async def test_send_survives_a_drop_and_is_resent_with_the_same_id(fake: FakeHub) -> None:
    seen: list[Frame] = []
    async with ContactClient(fake.url, on_event=seen.append, max_backoff_s=0.05) as client:
        opened = await client.open("chat")
        assert (opened.conversation, opened.position) == ("c1", 2)
        assert await client.send("hei") == 2
        await client.leave()
        assert client.closed_reason == "contact_left"

    kinds = [f["type"] for f in fake.received]
    assert kinds == ["open", "send", "resume", "send", "leave"]
    first, resent = fake.received[1], fake.received[3]
    assert first == resent  # same id, same text
    assert fake.received[2]["after"] == 1
    assert fake.received[2]["resume_token"] == "t" * 32
    assert [f.get("seq", f["type"]) for f in seen] == [1, "queue", 2, 3]
    ids = [f["id"] for f in fake.received]
    assert len(set(ids)) == 4  # the resend reuses its id; everything else is new


async def test_events_iterator_ends_when_closed(fake: FakeHub) -> None:
    client = ContactClient(fake.url)
    await client.open()
    frames: list[Frame] = []

    async def collect() -> None:
        async for frame in client.events():
            frames.append(frame)

    reader = asyncio.create_task(collect())
    await client.close()
    await asyncio.wait_for(reader, 5)
    assert [f.get("kind", f["type"]) for f in frames] == ["opened", "queue"]
    with pytest.raises(ContactError) as caught:
        await client.send("for sent")
    assert caught.value.code == "closed"


async def test_open_fails_clearly_without_a_hub() -> None:
    client = ContactClient("ws://127.0.0.1:9", connect_timeout_s=0.3, max_backoff_s=0.05)
    with pytest.raises(ContactError) as caught:
        await client.open()
    assert caught.value.code == "disconnected"
    await client.close()


async def test_send_before_open_is_refused() -> None:
    client = ContactClient("ws://127.0.0.1:9")
    with pytest.raises(ContactError, match="Open a conversation first"):
        await client.send("hei")
    await client.close()


def test_contact_url_accepts_base_or_full_path() -> None:
    assert contact_url("ws://h:1") == "ws://h:1/v1/contact"
    assert contact_url("ws://h:1/") == "ws://h:1/v1/contact"
    assert contact_url("ws://h:1/v1/contact") == "ws://h:1/v1/contact"
