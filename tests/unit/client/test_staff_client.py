"""StaffClient logic with no hub: offline behaviour, frame dispatch, outbox answers."""

import asyncio
import json
import logging
import socket
from typing import Any

import pytest

from workstation.client import (
    ClientListener,
    ConnectionState,
    Credentials,
    HubError,
    NotConnected,
    StaffClient,
)

SECRET_TEXT = "Jeg heter Ola og bor i Storgata 1"


class Recorder(ClientListener):
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def on_state(self, state: ConnectionState) -> None:
        self.calls.append(("state", state))

    def on_event(self, event: dict[str, Any]) -> None:
        self.calls.append(("event", (event["conversation"], event["seq"])))

    def on_queue(self, items: list[dict[str, Any]]) -> None:
        self.calls.append(("queue", items))

    def on_push(self, frame: dict[str, Any]) -> None:
        self.calls.append(("push", frame["type"]))

    def on_outbox(self, pending: int) -> None:
        self.calls.append(("outbox", pending))

    def of(self, kind: str) -> list[Any]:
        return [value for name, value in self.calls if name == kind]


def make_client() -> tuple[StaffClient, Recorder]:
    client = StaffClient("ws://127.0.0.1:9", Credentials(user="kari", password="pw"))
    recorder = Recorder()
    client.add_listener(recorder)
    return client, recorder


def feed(client: StaffClient, frame: dict[str, Any] | str) -> None:
    client._dispatch(frame if isinstance(frame, str) else json.dumps(frame))


def event(conversation: str, seq: int, text: str = SECRET_TEXT) -> dict[str, Any]:
    return {
        "type": "event",
        "conversation": conversation,
        "seq": seq,
        "kind": "message",
        "from": "contact",
        "text": text,
    }


async def test_a_request_while_offline_raises_not_connected() -> None:
    client, _ = make_client()
    with pytest.raises(NotConnected) as caught:
        await client.accept("c1")
    assert caught.value.code == "offline"
    assert isinstance(caught.value, HubError)


async def test_messages_typed_offline_are_queued_not_refused() -> None:
    client, recorder = make_client()
    first = client.send_message("c1", "hei")
    note = client.send_note("c1", "notat")
    assert [item.id for item in client.pending] == [first.id, note.id]
    assert client.pending_count == 2
    assert first.id != note.id and (first.kind, note.kind) == ("send", "note")
    assert not first.future.done()
    assert recorder.of("outbox") == [1, 2]


async def test_an_over_long_text_fails_at_once_and_is_not_queued() -> None:
    client, _ = make_client()
    item = client.send_message("c1", "x" * 4001)
    assert client.pending_count == 0
    with pytest.raises(HubError) as caught:
        await item.future
    assert caught.value.code == "too_large"


async def test_close_before_run_leaves_it_offline_and_run_returns() -> None:
    client, _ = make_client()
    await client.close()
    assert client.state is ConnectionState.OFFLINE
    await asyncio.wait_for(client.run(), 1)
    assert client.state is ConnectionState.OFFLINE


async def test_events_are_delivered_once_in_order() -> None:
    client, recorder = make_client()
    feed(client, event("c1", 1))
    feed(client, event("c1", 2))
    feed(client, event("c1", 2))  # live copy of a backlog event
    feed(client, event("c2", 1))
    feed(client, event("c1", 1))  # an old one again
    feed(client, event("c1", 3))
    assert recorder.of("event") == [("c1", 1), ("c1", 2), ("c2", 1), ("c1", 3)]
    assert client.last_seq == {"c1": 3, "c2": 1}


async def test_queue_and_other_pushes_go_to_their_callbacks() -> None:
    client, recorder = make_client()
    feed(client, {"type": "queue", "items": [{"conversation": "c1", "position": 1}]})
    feed(client, {"type": "load", "queue_length": 1})
    feed(client, {"type": "consult_request", "consult": "k1", "conversation": "c1"})
    assert recorder.of("queue") == [[{"conversation": "c1", "position": 1}]]
    assert recorder.of("push") == ["load", "consult_request"]


async def test_a_capped_queue_tells_its_total_first_and_an_old_hubs_list_counts_itself() -> None:
    client, recorder = make_client()
    totals: list[tuple[int, dict[str, int]]] = []
    order: list[str] = []

    class Totals:
        def on_queue_total(self, total: int, by_channel: dict[str, int]) -> None:
            totals.append((total, by_channel))
            order.append("total")

        def on_queue(self, items: list[dict[str, Any]]) -> None:
            order.append("queue")

    client.add_listener(Totals())  # type: ignore[arg-type]
    item = {"conversation": "c1", "position": 1}
    feed(client, {"type": "queue", "items": [item], "total": 1234,
                  "by_channel": {"chat": 1200, "sms": 34}})
    feed(client, {"type": "queue", "items": [item]})  # a hub before the cap
    assert totals == [(1234, {"chat": 1200, "sms": 34}), (1, {})]
    assert order == ["total", "queue", "total", "queue"]
    assert recorder.of("queue") == [[item], [item]]


async def test_stray_and_broken_frames_are_logged_without_content(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client, recorder = make_client()
    with caplog.at_level(logging.DEBUG, logger="workstation.client"):
        feed(client, {"type": "error", "re": None, "code": "bad_frame", "message": SECRET_TEXT})
        feed(client, {"type": "ok", "re": "nobody-asked", "text": SECRET_TEXT})
        feed(client, "not json " + SECRET_TEXT)
        feed(client, json.dumps([SECRET_TEXT]))
        feed(client, {"type": "event", "text": SECRET_TEXT})
    assert recorder.calls == []
    assert len(caplog.records) == 5
    assert all(SECRET_TEXT not in record.getMessage() for record in caplog.records)
    assert "bad_frame" in caplog.records[0].getMessage()


async def test_outbox_answers_resolve_or_fail_items() -> None:
    client, recorder = make_client()
    sent = client.send_message("c1", "hei")
    refused = client.send_message("c2", "hei")
    feed(client, {"type": "ok", "re": sent.id, "seq": 5})
    feed(client, {"type": "error", "re": refused.id, "code": "forbidden", "message": "Nei."})
    assert await sent.future == 5
    with pytest.raises(HubError) as caught:
        await refused.future
    assert caught.value.code == "forbidden"
    assert client.pending_count == 0
    assert recorder.of("outbox") == [1, 2, 1, 0]


async def test_a_rate_limited_item_stays_queued() -> None:
    client, _ = make_client()
    item = client.send_message("c1", "hei")
    feed(client, {"type": "error", "re": item.id, "code": "rate_limited", "message": "Sakte."})
    assert client.pending == [item]
    assert not item.future.done()


async def test_a_failing_listener_does_not_stop_the_others(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Broken(ClientListener):
        def on_event(self, event: dict[str, Any]) -> None:
            raise RuntimeError("ui bug")

    client = StaffClient("ws://127.0.0.1:9", Credentials(user="kari", password="pw"))
    recorder = Recorder()
    client.add_listener(Broken())
    client.add_listener(recorder)
    with caplog.at_level(logging.ERROR, logger="workstation.client"):
        feed(client, event("c1", 1))
    assert recorder.of("event") == [("c1", 1)]
    assert "on_event" in caplog.records[0].getMessage()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_an_unreachable_hub_keeps_connecting_until_closed() -> None:
    client = StaffClient(
        f"ws://127.0.0.1:{free_port()}",
        Credentials(user="kari", password="pw"),
        backoff_initial=0.01,
        backoff_max=0.02,
    )
    recorder = Recorder()
    client.add_listener(recorder)
    runner = asyncio.create_task(client.run())
    with pytest.raises(TimeoutError):
        await client.wait_connected(0.3)
    assert client.state is ConnectionState.CONNECTING
    assert client._backoff.attempts > 1
    await client.close()
    await asyncio.wait_for(runner, 2)
    assert recorder.of("state") == [ConnectionState.CONNECTING, ConnectionState.OFFLINE]
