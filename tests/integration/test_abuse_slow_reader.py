"""A desk that stops reading is closed with a reason and resumes from its seq, losing
nothing; what the hub keeps for it stays bounded, and the contacts are not held up."""

from __future__ import annotations

import asyncio
import json
import socket
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.conftest import staff_login
from tests.integration.test_client_reconnect import (
    assert_each_once,
    open_contact,
    running,
)
from tests.support.wire import Wire, ok
from workstation.client import ConnectionState
from workstation.hub.limits import LimitSettings
from workstation.hub.peers import TOO_SLOW_CODE, ContactPeer, StaffPeer
from workstation.hub.server import HubServer, serve_hub

CONTACTS = 8
MESSAGES = 60
LIMIT = 256 * 1024
TEXT = "Jeg vet ikke hva jeg skal gjøre. " * 115  # about 3,900 characters


def _tiny_receive_buffer_socket(url: str) -> socket.socket:
    host, port = url.removeprefix("ws://").rsplit(":", 1)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # the kernel holds little
    sock.connect((host, int(port)))
    sock.setblocking(False)
    return sock


async def test_a_desk_that_stops_reading_is_closed_and_resumes_without_loss(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(StaffPeer, "send_limit", LIMIT)
    async with AsyncExitStack() as stack:
        contacts = [
            await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
            for _ in range(CONTACTS)
        ]
        convs = [ok(await c.request("open", channel="chat"))["conversation"] for c in contacts]
        ws = await stack.enter_async_context(
            connect(hub.url + "/v1/staff", sock=_tiny_receive_buffer_socket(hub.url),
                    max_queue=1, max_size=None)
        )
        desk = Wire(ws)
        token = (await staff_login(desk, "kari"))["token"]
        for conv in convs:
            ok(await desk.request("accept", conversation=conv, over_capacity=True))
        [peer] = hub.hub.staff["kari"]
        hub_side = peer.ws.transport.get_extra_info("socket")
        hub_side.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)  # and so does the hub's
        gave_up = asyncio.Event()
        give_up = peer._give_up

        def give_up_and_tell() -> None:
            give_up()
            gave_up.set()

        monkeypatch.setattr(peer, "_give_up", give_up_and_tell)
        desk._reader.cancel()  # the desk stops reading
        seen = {conv: max(e["seq"] for e in desk.events(conv)) for conv in convs}

        async def write(contact: Wire) -> None:
            for _ in range(MESSAGES):
                ok(await contact.request("send", text=TEXT))

        await asyncio.gather(*(write(c) for c in contacts))  # every young person is answered
        await asyncio.wait_for(gave_up.wait(), 30)
        assert peer.too_slow
        # What the hub holds for the stalled desk is its limit and at most one frame more.
        assert peer.buffered() <= LIMIT + 2 * len(TEXT) + 1_000

        # The desk reads again: what was buffered, then the close with its reason.
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                frame = json.loads(await ws.recv())
                if frame["type"] == "event":
                    assert frame["seq"] == seen[frame["conversation"]] + 1  # no gap, no repeat
                    seen[frame["conversation"]] = frame["seq"]
        assert closed.value.rcvd is not None and closed.value.rcvd.code == TOO_SLOW_CODE
        assert "resume" in closed.value.rcvd.reason
        total = 2 + MESSAGES  # opened, assigned, the messages
        assert sum(seen.values()) < total * CONTACTS  # some were never sent to it

        for contact in contacts:  # the young people keep writing while the desk is away
            ok(await contact.request("send", text="hallo?"))
        async with Wire.connect(hub.url, "/v1/staff") as again:
            ok(await again.request("hello", token=token))
            ok(await again.request("sync", after=seen))
            for conv in convs:
                seqs = [e["seq"] for e in again.events(conv)]
                assert seqs == list(range(seen[conv] + 1, total + 2))
        assert "kari" not in hub.hub.staff or peer not in hub.hub.staff["kari"]


async def test_the_desk_given_up_on_reconnects_and_resumes_without_loss(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        running(hub.url) as (client, recorder),
    ):
        conv = await open_contact(hub.url, client, recorder, contact)
        await client.accept(conv)
        for index in range(5):
            ok(await contact.request("send", text=f"før {index}"))
        await recorder.until(lambda: len(recorder.messages(conv)) == 5)
        [peer] = hub.hub.staff["kari"]
        peer.send_limit = -1  # this desk's connection counts as not keeping up from now on
        for index in range(5):
            ok(await contact.request("send", text=f"etter {index}"))
        await recorder.until(lambda: len(recorder.messages(conv)) == 10)
        assert peer.too_slow and peer not in hub.hub.staff["kari"]
        assert ConnectionState.RECONNECTING in recorder.states
        assert_each_once(recorder, conv)
        assert recorder.seqs(conv) == list(range(1, max(recorder.seqs(conv)) + 1))
        assert [text for _, text in recorder.messages(conv)] == [
            *(f"før {i}" for i in range(5)), *(f"etter {i}" for i in range(5))
        ]


async def test_a_young_persons_second_socket_that_never_reads_is_closed(hub_db: Path) -> None:
    """The attack run's 'writes and never reads': one socket writes, another one resumed on
    the same conversation never reads. Without the message limit (turned off here), the
    hub still keeps at most :attr:`ContactPeer.send_limit` for the silent socket."""
    unlimited = LimitSettings(send_per_contact=None, send_total=None)
    async with serve_hub(hub_db, limits=unlimited) as hub, AsyncExitStack() as stack:
        writer = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        opened = ok(await writer.request("open", channel="chat"))
        ws = await stack.enter_async_context(
            connect(hub.url + "/v1/contact", sock=_tiny_receive_buffer_socket(hub.url),
                    max_queue=1, max_size=None)
        )
        silent = Wire(ws)
        ok(await silent.request("resume", resume_token=opened["resume_token"]))
        [peer] = [p for p in hub.hub.contacts[opened["conversation"]]
                  if p.ws.remote_address[1] == ws.local_address[1]]  # the silent socket's
        peer.ws.transport.get_extra_info("socket").setsockopt(
            socket.SOL_SOCKET, socket.SO_SNDBUF, 4096
        )
        silent._reader.cancel()
        for _ in range(MESSAGES * 4):
            ok(await writer.request("send", text=TEXT))
            assert peer.buffered() <= ContactPeer.send_limit + 2 * len(TEXT) + 1_000
        assert peer.too_slow
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                await ws.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == TOO_SLOW_CODE
