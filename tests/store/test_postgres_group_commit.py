"""Group commit of appends on PostgreSQL (issue 16; docs/store.md): appends waiting at the same
moment, to any conversations, commit in one transaction, each in a savepoint of its own, with
one notification per append for the other hubs. What is checked is what a hub and its people
would notice: every append acknowledged after COMMIT, ``seq`` gap-free, far fewer commits than
appends, and a refused append (a repeated request, a lost precondition, a missing
conversation) undone alone while its batch's others stand."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest

from tests.store.test_store_conformance import Hooks, Target, open_conversation
from workstation.store import pg_events, requests
from workstation.store.postgres_store import PostgresStore
from workstation.store.records import AppendResult, PreconditionFailed


@pytest.fixture
async def store(postgres_dsn: str) -> AsyncIterator[PostgresStore]:
    opened = PostgresStore(postgres_dsn)
    opened.attach(asyncio.get_running_loop())
    yield opened
    await opened.close()


class Commits:
    """The store's commit observer (the hub's metrics use the same hook): how many."""

    def __init__(self, store: PostgresStore) -> None:
        self.count = 0
        store.observe_commits(self.saw)

    def saw(self, seconds: float) -> None:
        assert seconds >= 0
        self.count += 1


async def test_200_appends_to_50_conversations_at_once_share_a_few_commits(
    store: PostgresStore, postgres_dsn: str
) -> None:
    target = Target("postgres", postgres_dsn)
    hooks = Hooks(target)
    convs = await asyncio.gather(*(open_conversation(store, hooks, f"c{n:02}") for n in range(50)))
    async with await psycopg.AsyncConnection.connect(postgres_dsn, autocommit=True) as other_hub:
        await other_hub.execute(f"LISTEN {pg_events.CHANNEL}")
        commits = Commits(store)
        results = await asyncio.gather(*(
            store.append(conv.id, "message", {"n": i}, hooks, sender="contact",
                         client_id=f"m-{i}")
            for i in range(4) for conv in convs
        ))
        heard = [pg_events.parse(note.payload) async for note in
                 other_hub.notifies(timeout=10, stop_after=200)]
    assert len(results) == 200 and not any(r.duplicate for r in results)
    assert commits.count <= 20, f"{commits.count} commits for 200 appends"
    for conv in convs:
        assert target.visible(conv.id) == [1, 2, 3, 4, 5], "gap-free, every append stored"
        assert hooks.seqs(conv.id) == [1, 2, 3, 4, 5], "handed on once each, in seq order"
    assert all(hooks.visible_then), "each hook ran after its COMMIT"
    # The other hubs hear of each append, in the payload their relay reads.
    assert sorted((n.hub, n.conversation, n.seq) for n in heard if n is not None) == sorted(
        (store.hub_id, r.event.conversation, r.event.seq) for r in results)


@pytest.mark.parametrize("missing", [False, True], ids=["decided", "refused-by-database"])
async def test_a_refused_append_in_a_batch_is_undone_alone(
    store: PostgresStore, postgres_dsn: str, missing: bool
) -> None:
    """One batch of 20 appends: a request sent twice (two conversations' appends claim it)
    and an accept whose precondition no longer holds are refused, and the others are stored
    and acknowledged. With ``missing``, one append is to a conversation that does not exist:
    the database refuses it (the batch is then written an append at a time, each in its
    savepoint) and it alone fails."""
    target = Target("postgres", postgres_dsn)
    hooks = Hooks(target)
    convs = [await open_conversation(store, hooks, f"c{n:02}") for n in range(20)]
    gone = 15 if missing else -1

    async def append(n: int) -> AppendResult:
        conv = "no-such-conversation" if n == gone else convs[n].id
        if n in (5, 12):  # the same request (principal, id) twice
            requests.current_claim.set(requests.RequestClaim("staff:kari", "r-1", "send"))
        expect = {"status": "assigned"} if n == 9 else None  # it is queued
        return await store.append(conv, "message", {"n": n}, hooks, sender="staff:kari",
                                  update={"status": "assigned"} if expect else None,
                                  expect=expect)

    commits = Commits(store)
    results: list[Any] = await asyncio.gather(*(append(n) for n in range(20)),
                                              return_exceptions=True)
    assert commits.count == 1, "the 20 appends waited together: one transaction"
    refused = {n: type(r).__name__ for n, r in enumerate(results) if isinstance(r, Exception)}
    claimed_twice = {n for n, name in refused.items() if name == "DuplicateRequest"}
    assert len(claimed_twice) == 1 and claimed_twice < {5, 12}, refused
    assert refused[9] == "PreconditionFailed" and isinstance(results[9], PreconditionFailed)
    assert results[9].found == {"status": "queued"}
    if missing:
        assert refused[15] == "ForeignKeyViolation"
    assert len(refused) == (3 if missing else 2), refused
    for n, conv in enumerate(convs):
        undone = n in (9, gone) or n in claimed_twice  # gone: appended elsewhere
        assert target.visible(conv.id) == ([1] if undone else [1, 2]), n
        assert hooks.seqs(conv.id) == ([1] if undone else [1, 2]), n
    (winner,) = {5, 12} - claimed_twice
    assert target.query(
        "SELECT created FROM request_answers WHERE principal = ? AND request_id = ?",
        "staff:kari", "r-1") == [(f'{{"conversation": "{convs[winner].id}", "seq": 2}}',)]
    assert target.query("SELECT status FROM conversations WHERE id = ?", convs[9].id) == [
        ("queued",)]
    # The claim is stored: the same request again is refused on its own, in a batch of one.
    requests.current_claim.set(requests.RequestClaim("staff:kari", "r-1", "send"))
    with pytest.raises(requests.DuplicateRequest):
        await store.append(convs[0].id, "message", {"n": 99}, hooks, sender="staff:kari")
    assert target.visible(convs[0].id) == [1, 2]


async def test_another_hubs_burst_is_read_in_one_query(
    store: PostgresStore, postgres_dsn: str
) -> None:
    """What a hub reads after a burst of other hubs' notices (its relay): every conversation
    past its own last ``seq``, in order, as ``events_after`` gives them one by one."""
    hooks = Hooks(Target("postgres", postgres_dsn))
    convs = [await open_conversation(store, hooks, f"c{n}") for n in range(3)]
    await asyncio.gather(*(store.append(conv.id, "message", {"n": i}, hooks)
                           for i in range(3) for conv in convs))
    after = {convs[0].id: 0, convs[1].id: 2, convs[2].id: 4, "gone": 0}
    found = await store.events_after_many(after)
    one_by_one = {conv: await store.events_after(conv, seq) for conv, seq in after.items()}
    assert found == {conv: events for conv, events in one_by_one.items() if events}
    assert set(found) == {convs[0].id, convs[1].id}, "nothing past 4, nothing in 'gone'"
    assert [e.seq for e in found[convs[1].id]] == [3, 4]
    assert await store.events_after_many({}) == {}


async def test_an_append_waiting_too_long_for_its_row_lock_fails_alone(postgres_dsn: str) -> None:
    """Another hub (or an operator's session) holds one conversation's row past
    ``lock_timeout``: that append fails, its batch's others are stored."""
    with psycopg.connect(postgres_dsn, autocommit=True) as admin:
        name = admin.info.dbname
        admin.execute(f'ALTER DATABASE "{name}" SET lock_timeout = \'300ms\''.encode())
    store = PostgresStore(postgres_dsn)
    store.attach(asyncio.get_running_loop())
    try:
        target = Target("postgres", postgres_dsn)
        hooks = Hooks(target)
        convs = [await open_conversation(store, hooks, f"c{n}") for n in range(5)]
        async with await psycopg.AsyncConnection.connect(postgres_dsn) as other:
            await other.execute("SELECT 1 FROM conversations WHERE id = 'c2' FOR UPDATE")
            commits = Commits(store)
            results: list[Any] = await asyncio.gather(*(
                store.append(conv.id, "message", {"n": 1}, hooks) for conv in convs
            ), return_exceptions=True)
            await other.rollback()
        assert commits.count == 1
        assert isinstance(results[2], psycopg.errors.LockNotAvailable), results[2]
        for n, conv in enumerate(convs):
            assert target.visible(conv.id) == ([1] if n == 2 else [1, 2]), n
        again = await store.append("c2", "message", {"n": 2}, hooks)
        assert again.event.seq == 2
    finally:
        await store.close()
