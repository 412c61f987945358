"""Which hub sends an outbox key's rows (outbox_leases, workstation/store/outboxes.py and
workstation/hub/outbox_drains.py), on SQLite and PostgreSQL: the same tests.

A key is held by one hub at a time and taken over when its lease ran out; two hubs (two
connections, two :class:`Drains`) kicked for the same thread send each reply once, in order;
a hub that dies mid-send leaves the rest to the other once its lease runs out.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.store.channel_db import Db, Handle
from workstation.hub.outbox_drains import Drains
from workstation.hub.sms import store as sms
from workstation.hub.sms.store import Reply
from workstation.store import outboxes

BOX = sms.OUTBOX
T = "2026-12-05T03:00:{:02d}.000Z".format


def reply(n: int, thread: str = "t1") -> Reply:
    return Reply(f"r{n:02d}", "c1", thread, n, None, f"svar {n}", 1, "pending")


def test_a_key_is_held_by_one_hub_until_its_lease_runs_out(db: Db) -> None:
    conn = db.connect().sql
    assert outboxes.claim(conn, BOX, "t1", "hub-a", T(0), T(30))
    assert not outboxes.claim(conn, BOX, "t1", "hub-b", T(10), T(40))
    assert outboxes.claim(conn, BOX, "t1", "hub-a", T(20), T(50))  # renewed by its holder
    assert not outboxes.claim(conn, BOX, "t1", "hub-b", T(45), T(59))
    assert outboxes.claim(conn, BOX, "t1", "hub-b", T(51), T(59))  # ran out: taken over
    assert not outboxes.claim(conn, BOX, "t1", "hub-a", T(52), T(59))
    outboxes.release(conn, BOX, "t1", "hub-a")  # not its lease: nothing
    assert not outboxes.claim(conn, BOX, "t1", "hub-a", T(52), T(59))
    outboxes.release(conn, BOX, "t1", "hub-b")
    assert outboxes.claim(conn, BOX, "t1", "hub-a", T(53), T(59))
    assert outboxes.claim(conn, sms.OUTBOX, "t2", "hub-b", T(53), T(59))  # another key


def test_keys_with_pending_rows_that_nobody_holds_are_found(db: Db) -> None:
    conn = db.connect().sql
    for n, thread in [(1, "t1"), (2, "t2"), (3, "t3"), (4, "t4")]:
        sms.add_reply(conn, reply(n, thread))
    sms.advance_reply(conn, "r04", "sent")  # nothing pending in t4
    outboxes.claim(conn, BOX, "t1", "hub-a", T(0), T(30))
    outboxes.claim(conn, BOX, "t2", "hub-b", T(0), T(10))
    assert outboxes.unclaimed(conn, BOX, T(5)) == ["t3"]
    assert outboxes.unclaimed(conn, BOX, T(20)) == ["t2", "t3"]  # hub-b's ran out
    outboxes.renew(conn, "hub-b", T(40))
    assert outboxes.unclaimed(conn, BOX, T(20)) == ["t3"]
    outboxes.release_all(conn, "hub-a", T(20))
    assert outboxes.unclaimed(conn, BOX, T(20)) == ["t1", "t3"]


def test_of_eight_hubs_claiming_a_thread_at_once_one_holds_it(db: Db) -> None:
    handles = [db.connect() for _ in range(8)]
    start = threading.Barrier(len(handles))

    def claim(index: int) -> bool:
        start.wait()
        with handles[index].transaction() as conn:
            return outboxes.claim(conn, BOX, "t1", f"hub{index}", T(0), T(30))

    with ThreadPoolExecutor(len(handles)) as pool:
        held = list(pool.map(claim, range(len(handles))))
    assert held.count(True) == 1
    assert handles[0].query("SELECT holder FROM outbox_leases") == [(f"hub{held.index(True)}",)]


class Hub:
    """A hub's database thread: each operation in one transaction on a connection of its own."""

    def __init__(self, handle: Handle) -> None:
        self.handle = handle
        self.lock = threading.Lock()

    async def run(self, op: Callable[[Any], Any], *, write: bool) -> Any:
        def call() -> Any:
            with self.lock, self.handle.transaction() as conn:
                return op(conn)

        return await asyncio.to_thread(call)


def hub_drains(db: Db, sent: list[tuple[str, str]], name: str,
               stuck_at: str | None = None) -> Drains[Reply]:
    hub = Hub(db.connect())
    drains: Drains[Reply]

    async def send(row: Reply) -> None:
        if row.ref == stuck_at:
            await asyncio.Event().wait()  # the hub died while the gateway had it
        sent.append((name, row.ref))
        await hub.run(lambda c: sms.advance_reply(c, row.ref, "sent"), write=True)

    drains = Drains(hub, BOX, sms.pending_replies, send)
    return drains


async def test_two_hubs_kicked_for_one_thread_send_each_reply_once_in_order(db: Db) -> None:
    conn = db.connect().sql
    for n in range(1, 21):
        sms.add_reply(conn, reply(n))
    sent: list[tuple[str, str]] = []
    a, b = hub_drains(db, sent, "a"), hub_drains(db, sent, "b")
    a.kick("t1")
    b.kick("t1")
    for _ in range(1000):
        if not a.running("t1") and not b.running("t1"):
            break
        await asyncio.sleep(0.01)
    assert [ref for _, ref in sent] == [f"r{n:02d}" for n in range(1, 21)]
    (first,) = {hub for hub, _ in sent}
    assert sms.pending_replies(conn) == []
    # The thread's next reply is queued on the other hub: it waits while the first holds the
    # thread, and goes once (from whichever hub looks first) when the first let go.
    holder, other = (a, b) if first == "a" else (b, a)
    sms.add_reply(conn, reply(21))
    other.kick("t1")
    await until_idle(other)
    assert len(sent) == 20, "sent while the first hub still held the thread"
    await holder.sweep()  # nothing running for it: it lets go (and looks for unheld keys)
    await other.sweep()
    await until_idle(other)
    await until_idle(holder)
    assert [ref for _, ref in sent[20:]] == ["r21"]
    await a.stop()
    await b.stop()
    assert db.connect().query("SELECT * FROM outbox_leases") == []


async def until_idle(drains: Drains[Reply]) -> None:
    for _ in range(500):
        if not drains.running("t1"):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("still sending")


async def test_a_hub_that_died_mid_send_leaves_the_rest_to_the_other(db: Db) -> None:
    conn = db.connect().sql
    for n in range(1, 6):
        sms.add_reply(conn, reply(n))
    sent: list[tuple[str, str]] = []
    dead = hub_drains(db, sent, "dead", stuck_at="r03")
    dead.lease_s = 0.5  # never renewed: its sweeper is not running
    dead.kick("t1")
    for _ in range(500):
        if len(sent) == 2:
            break
        await asyncio.sleep(0.01)
    other = hub_drains(db, sent, "other")
    await other.sweep()  # still held by the dead hub
    assert not other.running("t1")
    for _ in range(500):
        await asyncio.sleep(0.02)
        await other.sweep()
        if len(sent) == 5 and not other.running("t1"):
            break
    assert sent == [("dead", "r01"), ("dead", "r02"), ("other", "r03"), ("other", "r04"),
                    ("other", "r05")]
    await other.stop()
    await dead.stop()
