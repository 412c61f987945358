"""Transport rules and bad frames: answered, ignored, never harming anyone else."""

from __future__ import annotations

import json

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosedError, InvalidStatus

from tests.conftest import staff_login
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer
from workstation.protocol import MAX_TEXT_CHARS


async def test_unknown_path_is_refused_at_the_handshake(hub: HubServer) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(hub.url + "/v1/other"):
            pass
    assert refused.value.response.status_code == 404


@pytest.mark.parametrize(
    ("raw", "re"),
    [
        ("this is not json", None),
        ("[1, 2, 3]", None),
        ('"just a string"', None),
        ('{"id": "x1"}', "x1"),
        ('{"type": "teleport", "id": "x2"}', "x2"),
        ('{"type": "send", "id": "x3"}', "x3"),
        ('{"type": "send", "id": "x4", "text": 42}', "x4"),
        ('{"type": "open", "id": "x5", "channel": "pigeon"}', "x5"),
        ('{"type": "open", "id": 7, "channel": "chat"}', None),
        ('{"type": "open", "id": "' + "i" * 65 + '", "channel": "chat"}', None),
    ],
)
async def test_bad_frames_are_answered_and_change_nothing(
    hub: HubServer, raw: str, re: str | None
) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as contact:
        await contact.send(raw)
        answer = await contact.answer(re)
        assert answer["code"] == "bad_frame"
        assert answer["message"].endswith(".")
        # The connection stays usable and nothing was opened by the bad frame.
        opened = ok(await contact.request("open", channel="chat"))
        assert opened["position"] == 1
    assert len(hub.hub.queue) == 1


async def test_binary_frames_are_bad_frames(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as contact:
        await contact.send(b'{"type": "open", "id": "b1", "channel": "chat"}')
        assert (await contact.answer(None))["code"] == "bad_frame"


async def test_text_over_the_limit_is_too_large_and_not_stored(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as contact:
        opened = ok(await contact.request("open", channel="chat"))
        answer = await contact.request("send", text="å" * (MAX_TEXT_CHARS + 1))
        assert answer["code"] == "too_large"
        ok(await contact.request("send", text="å" * MAX_TEXT_CHARS))
    events = await hub.hub.store.events_after(opened["conversation"], 0)
    assert [e.kind for e in events] == ["opened", "message"]
    assert len(events[1].fields["text"]) == MAX_TEXT_CHARS


async def test_a_frame_over_64_kib_closes_with_1009(hub: HubServer) -> None:
    async with connect(hub.url + "/v1/contact", max_size=None) as ws:
        await ws.send(json.dumps({"type": "send", "id": "big", "text": "x" * 70_000}))
        with pytest.raises(ConnectionClosedError) as closed:
            await ws.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


async def test_a_flood_of_bad_frames_is_rate_limited_but_others_keep_working(
    hub: HubServer,
) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as flooder,
        Wire.connect(hub.url, "/v1/contact") as neighbour,
    ):
        for _ in range(40):
            await flooder.send("{{{")
        await flooder.expect(lambda f: f.get("code") == "rate_limited")
        ok(await neighbour.request("open", channel="chat"))


async def test_before_hello_staff_frames_are_unauthenticated(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/staff") as desk:
        answer = await desk.request("accept", conversation="c1")
        assert answer["code"] == "unauthenticated"
        await staff_login(desk, "kari")


async def test_a_hub_bug_answers_internal_and_keeps_serving(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as desk,
    ):
        ok(await contact.request("open", channel="chat"))
        monkeypatch.setattr(hub.hub.store, "append", broken)
        answer = await contact.request("send", text="hei")
        assert answer["code"] == "internal"
        monkeypatch.undo()
        ok(await contact.request("send", text="hei igjen"))
        await staff_login(desk, "kari")
