"""The desk's StaffClient against the real hub on 127.0.0.1: sign in, resume, outbox, reconnect."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.support.hubs import PASSWORD, HubProcess
from tests.support.wire import Wire, ok
from workstation.client import (
    AuthenticationFailed,
    ClientListener,
    ConnectionState,
    Credentials,
    HubError,
    NotConnected,
    StaffClient,
)
from workstation.hub.server import HubServer, serve_hub

KARI = Credentials(user="kari", password=PASSWORD)


class Recorder(ClientListener):
    """Keeps everything the client reports; ``until`` waits for a condition on it."""

    def __init__(self) -> None:
        self.states: list[ConnectionState] = []
        self.events: list[dict[str, Any]] = []
        self.queue: list[dict[str, Any]] = []
        self.pushes: list[dict[str, Any]] = []
        self.hellos: list[dict[str, Any]] = []
        self.auth_failures: list[str] = []
        self.outbox: list[int] = []
        self._changed = asyncio.Event()

    def _note(self) -> None:
        self._changed.set()

    def on_state(self, state: ConnectionState) -> None:
        self.states.append(state)
        self._note()

    def on_event(self, event: dict[str, Any]) -> None:
        self.events.append(event)
        self._note()

    def on_queue(self, items: list[dict[str, Any]]) -> None:
        self.queue = items
        self._note()

    def on_push(self, frame: dict[str, Any]) -> None:
        self.pushes.append(frame)
        self._note()

    def on_hello(self, user: dict[str, Any]) -> None:
        self.hellos.append(user)
        self._note()

    def on_auth_failed(self, message: str) -> None:
        self.auth_failures.append(message)
        self._note()

    def on_outbox(self, pending: int) -> None:
        self.outbox.append(pending)
        self._note()

    async def until(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        async with asyncio.timeout(timeout):
            while not condition():
                self._changed.clear()
                await self._changed.wait()

    def messages(self, conversation: str) -> list[tuple[str, str]]:
        return [
            (e["from"], e["text"])
            for e in self.events
            if e["conversation"] == conversation and e["kind"] == "message"
        ]

    def seqs(self, conversation: str) -> list[int]:
        return [e["seq"] for e in self.events if e["conversation"] == conversation]


class RecordingClient(StaffClient):
    """Remembers what each ``sync`` resumed from."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sync_afters: list[dict[str, int]] = []

    def _sync_after(self) -> dict[str, int]:
        after = super()._sync_after()
        self.sync_afters.append(after)
        return after


@asynccontextmanager
async def running(
    url: str, credentials: Credentials = KARI
) -> AsyncIterator[tuple[RecordingClient, Recorder]]:
    client = RecordingClient(url, credentials, backoff_initial=0.05, backoff_max=0.3)
    recorder = Recorder()
    client.add_listener(recorder)
    runner = asyncio.create_task(client.run())
    try:
        await client.wait_connected(10)
        yield client, recorder
    finally:
        await client.close()
        await asyncio.wait_for(runner, 10)
    assert client.state is ConnectionState.OFFLINE


async def open_contact(url: str, client: StaffClient, recorder: Recorder, wire: Wire) -> str:
    """A young person opens a chat; the counsellor sees it in the queue and accepts it."""
    conversation: str = ok(await wire.request("open", channel="chat"))["conversation"]
    await recorder.until(lambda: any(i["conversation"] == conversation for i in recorder.queue))
    return conversation


def contact_texts(wire: Wire, conversation: str) -> list[str]:
    return [
        e["text"]
        for e in wire.events(conversation)
        if e["kind"] == "message" and e["from"] == "staff"
    ]


def assert_each_once(recorder: Recorder, conversation: str) -> None:
    seqs = recorder.seqs(conversation)
    assert seqs == sorted(set(seqs)), "events doubled or out of order"


# --- against an in-process hub --------------------------------------------------------------


async def test_hello_sync_and_a_message_each_way(hub: HubServer) -> None:
    async with running(hub.url) as (client, recorder), Wire.connect(hub.url, "/v1/contact") as wire:
        assert client.state is ConnectionState.CONNECTED
        assert recorder.states == [ConnectionState.CONNECTING, ConnectionState.CONNECTED]
        assert client.user is not None and client.user["display_name"] == "Kari"
        assert client.token
        assert recorder.hellos == [client.user]
        assert client.sync_afters == [{}]

        conv = await open_contact(hub.url, client, recorder, wire)
        ok(await wire.request("send", text="Hei, er det noen der?"))
        await client.accept(conv)
        await recorder.until(lambda: len(recorder.messages(conv)) == 1)
        ok(await wire.request("send", text="Jeg har det ikke så bra."))
        await recorder.until(lambda: len(recorder.messages(conv)) == 2)

        item = client.send_message(conv, "Hei, du snakker med Kari.")
        assert client.pending_count == 1
        seq = await asyncio.wait_for(item.future, 10)
        await wire.expect(lambda f: f.get("type") == "event" and f.get("seq") == seq)
        assert contact_texts(wire, conv) == ["Hei, du snakker med Kari."]
        await recorder.until(lambda: len(recorder.messages(conv)) == 3)
        assert recorder.messages(conv) == [
            ("contact", "Hei, er det noen der?"),
            ("contact", "Jeg har det ikke så bra."),
            ("staff", "Hei, du snakker med Kari."),
        ]
        assert client.pending_count == 0 and recorder.outbox[-1] == 0
        assert_each_once(recorder, conv)
        assert client.last_seq[conv] == max(recorder.seqs(conv))
        kinds = [e["kind"] for e in recorder.events]
        assert kinds[:2] == ["opened", "message"] and "assigned" in kinds


async def test_a_note_and_a_flag_stay_with_staff(hub: HubServer) -> None:
    async with running(hub.url) as (client, recorder), Wire.connect(hub.url, "/v1/contact") as wire:
        conv = await open_contact(hub.url, client, recorder, wire)
        await client.accept(conv)
        note = client.send_note(conv, "Virker redd. Følg opp.")
        await asyncio.wait_for(note.future, 10)
        flagged = await client.flag(conv)
        await recorder.until(lambda: client.last_seq.get(conv, 0) >= flagged["seq"])
        kinds = [e["kind"] for e in recorder.events if e["conversation"] == conv]
        assert kinds[-2:] == ["note", "flagged"]
        closed = await client.close_conversation(conv)
        await wire.expect(lambda f: f.get("seq") == closed["seq"])
        assert {e["kind"] for e in wire.events(conv)} == {"opened", "assigned", "closed"}


async def test_hub_errors_are_raised_and_the_connection_stays(hub: HubServer) -> None:
    async with running(hub.url) as (client, recorder):
        with pytest.raises(HubError) as caught:
            await client.accept("no-such-conversation")
        assert caught.value.code == "not_found"
        refused = client.send_message("no-such-conversation", "hei")
        with pytest.raises(HubError) as refusal:
            await asyncio.wait_for(refused.future, 10)
        assert refusal.value.code == "forbidden"
        assert client.pending_count == 0
        assert (await client.set_presence("away"))["status"] == "away"
        assert client.state is ConnectionState.CONNECTED


async def test_wrong_password_stops_the_client(hub: HubServer) -> None:
    client = StaffClient(hub.url, Credentials(user="kari", password="feil"), backoff_initial=0.05)
    recorder = Recorder()
    client.add_listener(recorder)
    runner = asyncio.create_task(client.run())
    with pytest.raises(AuthenticationFailed):
        await client.wait_connected(10)
    with pytest.raises(AuthenticationFailed):
        await asyncio.wait_for(runner, 10)
    assert client.state is ConnectionState.OFFLINE
    assert recorder.states == [ConnectionState.CONNECTING, ConnectionState.OFFLINE]
    assert len(recorder.auth_failures) == 1
    with pytest.raises(NotConnected):
        await client.set_presence("available")


async def test_a_refused_token_falls_back_to_the_password(hub: HubServer) -> None:
    stale = Credentials(user="kari", password=PASSWORD, token="utløpt-økt")
    async with running(hub.url, stale) as (client, recorder):
        assert client.token not in (None, "utløpt-økt")
        assert recorder.auth_failures == []
        assert client.state is ConnectionState.CONNECTED


async def test_a_refused_token_without_a_password_stops(hub: HubServer) -> None:
    client = StaffClient(hub.url, Credentials(token="utløpt-økt"))
    with pytest.raises(AuthenticationFailed):
        await asyncio.wait_for(client.run(), 10)
    assert client.state is ConnectionState.OFFLINE


async def test_hub_restart_loses_nothing_and_doubles_nothing(hub_db: Path) -> None:
    async with serve_hub(hub_db) as first:
        port = first.port
        client = RecordingClient(first.url, KARI, backoff_initial=0.05, backoff_max=0.3)
        recorder = Recorder()
        client.add_listener(recorder)
        runner = asyncio.create_task(client.run())
        await client.wait_connected(10)
        async with Wire.connect(first.url, "/v1/contact") as wire:
            opened = ok(await wire.request("open", channel="chat"))
            conv = opened["conversation"]
            await recorder.until(lambda: any(i["conversation"] == conv for i in recorder.queue))
            await client.accept(conv)
            ok(await wire.request("send", text="Hei"))
            await recorder.until(lambda: len(recorder.messages(conv)) == 1)
            seen_before = client.last_seq[conv]
            token_before = client.token
            # On the wire, unanswered, when the hub goes away:
            in_flight = client.send_message(conv, "Melding 1")
    await recorder.until(lambda: client.state is ConnectionState.RECONNECTING)
    seen_at_loss = dict(client.last_seq)
    assert seen_at_loss[conv] >= seen_before
    # Typed while the hub is away:
    queued = [client.send_message(conv, f"Melding {n}") for n in (2, 3)]
    assert client.pending_count in (2, 3)
    with pytest.raises(NotConnected):
        await client.set_presence("available")

    async with serve_hub(hub_db, port=port) as second:
        await client.wait_connected(10)
        seqs = await asyncio.wait_for(asyncio.gather(in_flight.future, *queued_futures(queued)), 10)
        assert seqs == sorted(set(seqs))
        await recorder.until(lambda: len(recorder.messages(conv)) == 4)
        assert client.pending_count == 0
        async with Wire.connect(second.url, "/v1/contact") as wire:
            ok(await wire.request("resume", resume_token=opened["resume_token"], after=0))
            await wire.expect(lambda f: f.get("type") == "event" and f.get("seq") == seqs[-1])
            assert contact_texts(wire, conv) == ["Melding 1", "Melding 2", "Melding 3"]

        await client.close()
        await asyncio.wait_for(runner, 10)

    assert recorder.messages(conv) == [
        ("contact", "Hei"),
        ("staff", "Melding 1"),
        ("staff", "Melding 2"),
        ("staff", "Melding 3"),
    ]
    assert_each_once(recorder, conv)
    assert client.sync_afters[-1] == seen_at_loss  # resumed from the last seq it had seen
    assert client.token == token_before  # the session survived: signed in again with the token
    assert recorder.states == [
        ConnectionState.CONNECTING,
        ConnectionState.CONNECTED,
        ConnectionState.RECONNECTING,
        ConnectionState.CONNECTED,
        ConnectionState.OFFLINE,
    ]


def queued_futures(items: list[Any]) -> list[asyncio.Future[int]]:
    return [item.future for item in items]


# --- against a hub process that is SIGKILLed ------------------------------------------------


async def test_sigkill_mid_send_loses_nothing_and_doubles_nothing(hub_db: Path) -> None:
    process = HubProcess(hub_db)
    url = await asyncio.to_thread(process.start)
    try:
        client = RecordingClient(url, KARI, backoff_initial=0.05, backoff_max=0.3)
        recorder = Recorder()
        client.add_listener(recorder)
        runner = asyncio.create_task(client.run())
        await client.wait_connected(10)
        async with Wire.connect(url, "/v1/contact") as wire:
            opened = ok(await wire.request("open", channel="chat"))
            conv = opened["conversation"]
            await recorder.until(lambda: any(i["conversation"] == conv for i in recorder.queue))
            await client.accept(conv)
            ok(await wire.request("send", text="Hei"))
            await recorder.until(lambda: len(recorder.messages(conv)) == 1)
            first = client.send_message(conv, "Før 1")
            await asyncio.wait_for(first.future, 10)
            seen_before = client.last_seq[conv]
            burst = [client.send_message(conv, f"Under {n}") for n in range(1, 6)]
            await asyncio.to_thread(process.kill)
        await recorder.until(lambda: client.state is ConnectionState.RECONNECTING)
        seen_at_loss = dict(client.last_seq)
        assert seen_at_loss[conv] >= seen_before
        late = client.send_message(conv, "Etter")
        assert client.pending_count >= 1

        await asyncio.to_thread(process.start)  # the same port and database
        await client.wait_connected(10)
        futures = [item.future for item in [*burst, late]]
        seqs = await asyncio.wait_for(asyncio.gather(*futures), 10)
        assert seqs == sorted(set(seqs))
        expected = ["Før 1", *(f"Under {n}" for n in range(1, 6)), "Etter"]
        await recorder.until(lambda: len(recorder.messages(conv)) == 1 + len(expected))
        assert recorder.messages(conv) == [("contact", "Hei")] + [("staff", t) for t in expected]
        assert_each_once(recorder, conv)
        assert client.sync_afters[-1] == seen_at_loss  # resumed from the last seq it had seen
        async with Wire.connect(url, "/v1/contact") as wire:
            ok(await wire.request("resume", resume_token=opened["resume_token"], after=0))
            await wire.expect(lambda f: f.get("type") == "event" and f.get("seq") == seqs[-1])
            assert contact_texts(wire, conv) == expected
        assert ConnectionState.RECONNECTING in recorder.states
        assert recorder.states[-1] is ConnectionState.CONNECTED

        await client.close()
        await asyncio.wait_for(runner, 10)
        assert client.state is ConnectionState.OFFLINE
    finally:
        await asyncio.to_thread(process.stop)
