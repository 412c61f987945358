"""The same tests against every store: SQLite (a file) and PostgreSQL (a real server).

What is checked is the promise in ``workstation/store/boundary.py``: gap-free ``seq`` per
conversation, a repeated client id stored once, nothing acknowledged before COMMIT. "Visible"
means read by a separate connection of the test's own, never through the store.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest

from workstation.protocol.times import format_time, utc_now
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event
from workstation.store import AppendResult, EventLog, open_store
from workstation.store.postgres_store import PostgresStore
from workstation.store.records import PreconditionFailed


@dataclass
class Target:
    """Where a store keeps its data, and a reader of its own for the test."""

    kind: str
    where: str

    def open(self) -> EventLog:
        return open_store(Path(self.where)) if self.kind == "sqlite" else PostgresStore(self.where)

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        if self.kind == "sqlite":
            with closing(sqlite3.connect(self.where)) as conn:
                return conn.execute(sql, params).fetchall()
        with psycopg.connect(self.where) as pg:
            return pg.execute(sql.replace("?", "%s").encode(), params).fetchall()

    def visible(self, conversation: str) -> list[int]:
        rows = self.query(
            "SELECT seq FROM events WHERE conversation = ? ORDER BY seq", conversation
        )
        return [int(seq) for (seq,) in rows]


@dataclass
class Hooks:
    """Every event a store handed to its hook, and what a reader saw at that moment."""

    target: Target
    events: list[Event] = field(default_factory=list)
    visible_then: list[bool] = field(default_factory=list)

    def __call__(self, event: Event) -> None:
        self.events.append(event)
        self.visible_then.append(event.seq in self.target.visible(event.conversation))

    def seqs(self, conversation: str) -> list[int]:
        return [e.seq for e in self.events if e.conversation == conversation]


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Target:
    if request.param == "sqlite":
        return Target("sqlite", str(tmp_path / "hub.sqlite3"))
    return Target("postgres", request.getfixturevalue("postgres_dsn"))


@pytest.fixture
async def store(target: Target) -> AsyncIterator[EventLog]:
    opened = target.open()
    opened.attach(asyncio.get_running_loop())
    yield opened
    await opened.close()


async def open_conversation(store: EventLog, hooks: Hooks, conv_id: str) -> Conversation:
    conv = Conversation(id=conv_id, channel="chat", created_at=format_time(utc_now()))
    event = await store.create_conversation(conv, f"token-{conv_id}", "nb", hooks)
    assert (event.seq, event.kind, event.fields) == (1, "opened", {"channel": "chat"})
    return conv


async def test_appends_get_gap_free_seq_per_conversation(store: EventLog, target: Target) -> None:
    hooks = Hooks(target)
    convs = [await open_conversation(store, hooks, f"c{n}") for n in range(4)]
    results = await asyncio.gather(*(
        store.append(conv.id, "message", {"text": f"{i}"}, hooks, sender="contact")
        for i in range(25) for conv in convs
    ))
    assert not any(r.duplicate for r in results)
    for conv in convs:
        expected = list(range(1, 27))
        assert hooks.seqs(conv.id) == expected, "each event handed on once, in seq order"
        assert target.visible(conv.id) == expected
        log = await store.events_after(conv.id, 0)
        assert [e.seq for e in log] == expected
        assert [e.fields for e in log[1:]] == [{"text": f"{i}"} for i in range(25)]
        assert [e.seq for e in await store.events_after(conv.id, 20)] == [21, 22, 23, 24, 25, 26]


async def test_a_repeated_client_id_is_stored_once(store: EventLog, target: Target) -> None:
    hooks = Hooks(target)
    conv = await open_conversation(store, hooks, "c1")
    first, again = await asyncio.gather(
        store.append(conv.id, "message", {"text": "hei"}, hooks, sender="contact",
                     client_id="m-1"),
        store.append(conv.id, "message", {"text": "hei"}, hooks, sender="contact",
                     client_id="m-1"),
    )
    later = await store.append(conv.id, "message", {"text": "hei"}, hooks, sender="contact",
                               client_id="m-1")
    assert (first.duplicate, again.duplicate, later.duplicate) == (False, True, True)
    assert first.event == again.event == later.event
    assert target.visible(conv.id) == [1, 2]
    assert hooks.seqs(conv.id) == [1, 2], "a repeat is answered, not handed on"
    found = await store.event_of_request(conv.id, "contact", "m-1")
    assert found == first.event
    # The same id from someone else is another request.
    other = await store.append(conv.id, "message", {"text": "hallo"}, hooks, sender="staff:kari",
                               client_id="m-1")
    assert (other.duplicate, other.event.seq) == (False, 3)
    assert await store.event_of_request(conv.id, "staff:ola", "m-1") is None


async def test_an_append_with_a_precondition_is_decided_once(
    store: EventLog, target: Target
) -> None:
    """Two accepts of one queued contact at once (two hubs, or two requests): one wins, the
    other finds the row changed and writes nothing."""
    hooks = Hooks(target)
    conv = await open_conversation(store, hooks, "c1")
    results = await asyncio.gather(*(
        store.append(conv.id, "assigned", {"user": user}, hooks,
                     update={"status": "assigned", "assigned_user": user},
                     expect={"status": "queued"})
        for user in ("kari", "ola")
    ), return_exceptions=True)
    won = [r for r in results if isinstance(r, AppendResult)]
    lost = [r for r in results if isinstance(r, PreconditionFailed)]
    assert (len(won), len(lost)) == (1, 1), results
    assert lost[0].found == {"status": "assigned"}
    assert target.visible(conv.id) == [1, 2] and hooks.seqs(conv.id) == [1, 2]
    winner = won[0].event.fields["user"]
    assert target.query("SELECT assigned_user FROM conversations WHERE id = ?", conv.id) == [
        (winner,)]
    # A take-over checks who holds it: the holder's name passes, another's does not.
    with pytest.raises(PreconditionFailed):
        await store.append(conv.id, "assigned", {"user": "lead"}, hooks,
                           update={"assigned_user": "lead"},
                           expect={"status": "assigned", "assigned_user": "nobody"})
    moved = await store.append(conv.id, "assigned", {"user": "lead"}, hooks,
                               update={"assigned_user": "lead"},
                               expect={"status": "assigned", "assigned_user": winner})
    assert moved.event.seq == 3 and target.visible(conv.id) == [1, 2, 3]


async def test_an_append_and_its_then_are_one_transaction(
    store: EventLog, target: Target
) -> None:
    """The phone's transfer (docs/deploy.md, "Decisions once"): ``call_transferred`` and the
    ``assigned`` that follows it are written together or not at all — in a batch of its own,
    in a batch with others, and one by one (a batch the database refused: an append to a
    conversation that does not exist)."""
    hooks = Hooks(target)
    conv = await open_conversation(store, hooks, "c1")
    other = await open_conversation(store, hooks, "c2")
    await store.append(conv.id, "assigned", {"user": "kari"}, hooks,
                       update={"status": "assigned", "assigned_user": "kari"})
    moved = await store.append(
        conv.id, "call_transferred", {"to_user": "ola"}, hooks, sender="staff:kari",
        client_id="t-1", update={"assigned_user": "ola"},
        expect={"status": "assigned", "assigned_user": "kari"},
        then=("assigned", {"user": "ola"}),
    )
    assert moved.then is not None
    assert (moved.event.seq, moved.then.seq, moved.then.kind) == (3, 4, "assigned")
    assert moved.then.fields == {"user": "ola"}
    assert hooks.seqs(conv.id) == [1, 2, 3, 4] and all(hooks.visible_then)
    assert target.query("SELECT kind, sender, client_id FROM events WHERE conversation = ? "
                        "AND seq > 2 ORDER BY seq", conv.id) == [
        ("call_transferred", "staff:kari", "t-1"), ("assigned", None, None)]
    # Repeated: nothing new, no ``then``; lost its precondition: neither event.
    again = await store.append(
        conv.id, "call_transferred", {"to_user": "ola"}, hooks, sender="staff:kari",
        client_id="t-1", then=("assigned", {"user": "ola"}))
    assert (again.duplicate, again.event.seq, again.then) == (True, 3, None)
    with pytest.raises(PreconditionFailed):
        await store.append(conv.id, "call_transferred", {"to_user": "lead"}, hooks,
                           expect={"status": "assigned", "assigned_user": "kari"},
                           then=("assigned", {"user": "lead"}))
    assert target.visible(conv.id) == [1, 2, 3, 4] and hooks.seqs(conv.id) == [1, 2, 3, 4]
    # With others in one batch, and one by one after the database refused the batch.
    together = await asyncio.gather(
        store.append(conv.id, "call_transferred", {"to_user": "kari"}, hooks,
                     then=("assigned", {"user": "kari"})),
        store.append(other.id, "message", {"text": "hei"}, hooks, sender="contact"),
        store.append("missing", "message", {"text": "hei"}, hooks, sender="contact"),
        return_exceptions=True,
    )
    assert isinstance(together[0], AppendResult) and isinstance(together[1], AppendResult)
    assert isinstance(together[2], Exception)
    assert target.visible(conv.id) == [1, 2, 3, 4, 5, 6]
    assert hooks.seqs(conv.id) == [1, 2, 3, 4, 5, 6] and all(hooks.visible_then)
    assert [e.kind for e in await store.events_after(conv.id, 4)] == [
        "call_transferred", "assigned"]
    assert target.query("SELECT assigned_user FROM conversations WHERE id = ?", conv.id) == [
        ("ola",)]


async def test_nothing_is_acknowledged_before_commit(store: EventLog, target: Target) -> None:
    hooks = Hooks(target)
    conv = await open_conversation(store, hooks, "c1")
    result = await store.append(conv.id, "message", {"text": "hei"}, hooks, sender="contact")
    assert result.event.seq in target.visible(conv.id), "committed when the await returns"
    assert hooks.visible_then == [True, True], "each hook ran after its COMMIT"
    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):
        await store.append("no-such-conversation", "message", {"text": "x"}, hooks)
    assert len(hooks.events) == 2, "a failed write is handed to nobody"
    assert target.visible("no-such-conversation") == []
    after = await store.append(conv.id, "message", {"text": "igjen"}, hooks, sender="contact")
    assert after.event.seq == 3
    assert target.visible(conv.id) == [1, 2, 3]


async def test_conversations_and_updates_outlive_the_store(target: Target) -> None:
    hooks = Hooks(target)
    first = target.open()
    first.attach(asyncio.get_running_loop())
    try:
        for conv_id in ("a", "b"):
            await open_conversation(first, hooks, conv_id)
        await first.append("a", "assigned", {"user": "kari"}, hooks, update={
            "status": Status.ASSIGNED.value, "assigned_user": "kari", "assigned_at": "t1"})
        await first.append("b", "closed", {}, hooks, update={
            "status": Status.CLOSED.value, "closed_at": "t2"})
        found = await first.conversation_by_token("token-a")
        assert found is not None and (found.id, found.assigned_user) == ("a", "kari")
        assert await first.conversation_by_token("token-nobody") is None
        await first.audit("kari", "accept", "a")
    finally:
        await first.close()
    again = target.open()
    try:
        open_now = again.open_conversations()
        assert [(c.id, c.status, c.assigned_user, c.assigned_at) for c in open_now] == [
            ("a", Status.ASSIGNED, "kari", "t1")]
    finally:
        again.close_blocking()
    assert target.query("SELECT actor, action, target FROM audit WHERE actor = ?", "kari") == [
        ("kari", "accept", "a")]


async def test_two_hubs_on_one_postgresql_share_one_gap_free_log(postgres_dsn: str) -> None:
    target = Target("postgres", postgres_dsn)
    hubs = [PostgresStore(postgres_dsn), PostgresStore(postgres_dsn)]
    hooks = [Hooks(target), Hooks(target)]
    for hub in hubs:
        hub.attach(asyncio.get_running_loop())
    try:
        conv = await open_conversation(hubs[0], hooks[0], "shared")
        results = await asyncio.gather(*(
            hubs[i % 2].append(conv.id, "message", {"n": i}, hooks[i % 2], sender="contact",
                               client_id=f"m-{i // 2}")  # each id sent to both hubs
            for i in range(60)
        ))
    finally:
        for hub in hubs:
            await hub.close()
    stored = [r for r in results if not r.duplicate]
    assert len(stored) == 30, "each client id stored once across both hubs"
    assert target.visible(conv.id) == list(range(1, 32))
    for hub_hooks in hooks:
        seqs = hub_hooks.seqs(conv.id)
        assert seqs == sorted(seqs), "each hub hands its events on in seq order"
    assert sorted(hooks[0].seqs(conv.id) + hooks[1].seqs(conv.id)) == list(range(1, 32))
