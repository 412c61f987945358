"""Call-back tasks' SQL (workstation/hub/webchat/callback_store.py) on SQLite and PostgreSQL.

Who rings back is decided in the database: of counsellors taking one task at once (each on
a connection of their own, as on two hubs) exactly one gets it; each change is written with
its audit row or not at all; the number is emptied when a task is done; the purge deletes
requests after 48 hours.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.store.channel_db import MISSING_TABLE, Db, Handle
from workstation.hub.webchat import callback_store as store
from workstation.hub.webchat.callback_tasks import Task

AT = "2026-12-05T03:00:00.000Z"


def add(handle: Handle, task_id: str = "cb1", at: str = AT) -> Task:
    task = Task(task_id, at, "+47 ** ** ** 12", "evening", True, "nb")
    store.add_task(handle.sql, task, "conv-" + task_id, b"sealed:" + task_id.encode())
    return task


def audit(handle: Handle) -> list[tuple[str, str, str, str]]:
    return handle.query("SELECT actor, action, target, detail FROM audit ORDER BY id")


def test_open_tasks_are_read_back_with_the_takers_name(db: Db) -> None:
    handle = db.connect()
    handle.sql.execute("INSERT INTO users (name, display_name) VALUES ('kari', 'Kari N.')")
    add(handle, "cb2", "2026-12-05T04:00:00.000Z")
    add(handle, "cb1")
    add(handle, "cb0", "2026-12-01T00:00:00.000Z")  # before ``since``
    assert store.take_task(handle.sql, "cb2", "kari", "2026-12-05T04:01:00.000Z")
    tasks = store.open_tasks(handle.sql, "2026-12-03T00:00:00.000Z")
    assert [t.id for t in tasks] == ["cb1", "cb2"]
    assert tasks[0] == Task("cb1", AT, "+47 ** ** ** 12", "evening", True, "nb")
    assert (tasks[1].taken_by, tasks[1].taken_name) == ("kari", "Kari N.")
    assert store.sealed_number(handle.sql, "cb1") == b"sealed:cb1"


def test_a_task_is_taken_once_given_back_and_taken_by_another(db: Db) -> None:
    handle = db.connect()
    conn = handle.sql
    add(handle)
    assert store.take_task(conn, "cb1", "kari", AT)
    assert not store.take_task(conn, "cb1", "ola", AT)
    assert store.take_task(conn, "cb1", "kari", AT)  # asked again: still hers
    assert not store.give_back(conn, "cb1", "ola")
    assert store.give_back(conn, "cb1", "kari")
    assert store.take_task(conn, "cb1", "ola", AT)
    assert handle.query("SELECT taken_by FROM callback_requests") == [("ola",)]
    assert audit(handle) == [("kari", "callback_take", "cb1", ""),
                             ("kari", "callback_take", "cb1", ""),
                             ("ola", "callback_take", "cb1", "")]


def test_of_eight_counsellors_taking_at_once_exactly_one_gets_it(db: Db) -> None:
    first = db.connect()
    add(first)
    handles = [db.connect() for _ in range(8)]
    start = threading.Barrier(len(handles))

    def take(index: int) -> bool:
        handle = handles[index]
        start.wait()
        with handle.transaction() as conn:
            return store.take_task(conn, "cb1", f"user{index}", AT)

    with ThreadPoolExecutor(len(handles)) as pool:
        won = list(pool.map(take, range(len(handles))))
    assert won.count(True) == 1
    winner = f"user{won.index(True)}"
    assert first.query("SELECT taken_by FROM callback_requests") == [(winner,)]
    assert audit(first) == [(winner, "callback_take", "cb1", "")]


@pytest.fixture
def pg(migrated_postgres_dsn: str) -> Iterator[Db]:
    made = Db("postgres", migrated_postgres_dsn)
    yield made
    made.close()


def test_postgres_a_second_taker_waits_for_the_first_and_then_finds_it_taken(pg: Db) -> None:
    """PostgreSQL: the row lock (SQLite has one writer: a second BEGIN IMMEDIATE waits)."""
    a, b, watch = pg.connect(), pg.connect(), pg.connect()
    add(a)
    result: list[bool] = []
    with a.transaction() as conn:
        assert store.take_task(conn, "cb1", "kari", AT)

        def other() -> None:
            with b.transaction() as conn_b:
                result.append(store.take_task(conn_b, "cb1", "ola", AT))

        taker = threading.Thread(target=other)
        taker.start()
        deadline = time.monotonic() + 10
        while not watch.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                              "AND query LIKE 'UPDATE callback_requests%'"):
            assert time.monotonic() < deadline, "the second taker never waited for the row"
            time.sleep(0.02)
    taker.join(10)
    assert result == [False]
    assert watch.query("SELECT taken_by FROM callback_requests") == [("kari",)]


def test_a_take_whose_audit_row_fails_leaves_the_task_open(db: Db) -> None:
    handle = db.connect()
    add(handle)
    handle.sql.execute("ALTER TABLE audit RENAME TO audit_away")
    with pytest.raises(MISSING_TABLE), handle.transaction() as conn:
        store.take_task(conn, "cb1", "kari", AT)
    assert handle.query("SELECT taken_by FROM callback_requests") == [(None,)]


def test_no_answer_counts_an_attempt_and_puts_it_back(db: Db) -> None:
    handle = db.connect()
    conn = handle.sql
    add(handle)
    assert store.not_reached(conn, "cb1", "kari") is None  # not hers
    store.take_task(conn, "cb1", "kari", AT)
    assert store.not_reached(conn, "cb1", "kari") == 1
    store.take_task(conn, "cb1", "ola", AT)
    assert store.not_reached(conn, "cb1", "ola") == 2
    (task,) = store.open_tasks(conn, AT)
    assert (task.attempts, task.taken_by) == (2, None)
    assert audit(handle)[-1] == ("ola", "callback_outcome", "cb1", "no_answer")


def test_a_finished_task_has_no_number_and_leaves_the_list(db: Db) -> None:
    handle = db.connect()
    conn = handle.sql
    add(handle)
    store.take_task(conn, "cb1", "kari", AT)
    assert not store.finish_task(conn, "cb1", "ola", "reached", AT)  # not his
    assert store.sealed_number(conn, "cb1") == b"sealed:cb1"
    assert store.finish_task(conn, "cb1", "kari", "reached", "2026-12-05T03:10:00.000Z")
    assert not store.finish_task(conn, "cb1", "kari", "reached", AT)  # once
    assert store.sealed_number(conn, "cb1") is None
    assert store.open_tasks(conn, AT) == []
    assert handle.query("SELECT length(number), done_at, outcome, taken_by "
                        "FROM callback_requests") == [
        (0, "2026-12-05T03:10:00.000Z", "reached", None)]
    assert audit(handle)[-1] == ("kari", "callback_outcome", "cb1", "reached")


def test_requests_older_than_48_hours_are_purged(db: Db) -> None:
    handle = db.connect()
    add(handle, "old", "2026-12-03T02:59:59.999Z")
    add(handle, "edge", "2026-12-03T03:00:00.000Z")
    add(handle, "new", AT)
    cut = "2026-12-03T03:00:00.000Z"  # 48 hours before AT (Cutoffs.callbacks)
    assert store.purge_requested_before(handle.sql, cut) == 1
    assert handle.query("SELECT id FROM callback_requests ORDER BY id") == [("edge",), ("new",)]
