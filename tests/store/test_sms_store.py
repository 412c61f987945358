"""SMS's SQL (workstation/hub/sms/store.py) on SQLite and PostgreSQL: the same tests.

The outbox (add once, in order, a try counted, a status moved once and never back), the
replies that never reached it, the inbound ids' seven days, threads and Kannel's numbers.
"""

from __future__ import annotations

from dataclasses import replace

from tests.store.channel_db import Db, add_conversation, add_event
from workstation.hub.sms import store
from workstation.hub.sms.store import Reply

T0 = "2026-12-05T03:00:00.000Z"


def reply(ref: str, conv: str = "c1", thread: str = "t1", seq: int = 2) -> Reply:
    return Reply(ref, conv, thread, seq, "k" + ref, f"svar {ref}", 1, "pending")


def test_a_reply_is_added_once_and_sent_in_order(db: Db) -> None:
    conn = db.connect().sql
    assert store.add_reply(conn, reply("r3", seq=5), at="2026-12-05T03:00:02.000Z")
    assert store.add_reply(conn, reply("r1", seq=2), at=T0)
    assert store.add_reply(conn, reply("r2", seq=3), at=T0)  # same moment: by message
    assert store.add_reply(conn, reply("o1", conv="c2", thread="t2", seq=2), at=T0)
    assert not store.add_reply(conn, reply("r1", seq=9))  # the same ref again
    assert not store.add_reply(conn, reply("x9", seq=2))  # the same message again
    assert [r.ref for r in store.pending_replies(conn, "t1")] == ["r1", "r2", "r3"]
    assert [r.ref for r in store.pending_replies(conn)] == ["r1", "r2", "o1", "r3"]
    assert store.pending_replies(conn, "t1")[0] == reply("r1")


def test_each_try_is_counted_and_a_status_moves_once_and_never_back(db: Db) -> None:
    handle = db.connect()
    conn = handle.sql
    store.add_reply(conn, reply("r1"))
    store.count_attempt(conn, "r1")
    store.count_attempt(conn, "r1")
    assert handle.query("SELECT attempts FROM sms_outbox WHERE ref = ?", "r1") == [(2,)]
    sent = store.advance_reply(conn, "r1", "sent")
    assert sent == replace(reply("r1"), text=None, status="sent")  # the text is gone
    assert store.advance_reply(conn, "r1", "sent") is None  # told twice: once
    assert store.pending_replies(conn) == []
    assert store.advance_reply(conn, "r1", "delivered") is not None
    assert store.advance_reply(conn, "r1", "sent") is None  # a late "sent"
    assert store.advance_reply(conn, "r1", "failed") is None  # as far already
    assert store.advance_reply(conn, "nope", "sent") is None
    assert handle.query("SELECT status, text FROM sms_outbox") == [("delivered", None)]


def test_replies_that_never_reached_the_outbox_are_found(db: Db) -> None:
    conn = db.connect().sql
    add_conversation(conn, "c1", "sms")
    store.link_thread(conn, "t1", "c1")
    add_event(conn, "c1", 1, "message", "contact", '{"text": "hei"}')
    add_event(conn, "c1", 2, "message", "staff:kari", '{"text": "svar"}')
    add_event(conn, "c1", 3, "message", "staff:kari", '{"text": "svar 2"}')
    add_event(conn, "c1", 4, "message", "staff:kari", '{"text": "old"}',
              at="2000-01-01T00:00:00.000Z")  # before the outbox began
    store.add_reply(conn, reply("r1", seq=3))
    assert store.unqueued_replies(conn) == [("c1", 2, "t1", '{"text": "svar"}')]


def test_an_inbound_id_is_kept_seven_days(db: Db) -> None:
    conn = db.connect().sql
    store.remember_inbound(conn, "old", "c0", at="2026-11-27T03:00:00.000Z")  # 8 days
    store.remember_inbound(conn, "recent", "c1", at="2026-11-29T03:00:00.000Z")  # 6 days
    assert store.inbound_seen(conn, "old") == "c0"
    store.remember_inbound(conn, "new", "c2", at="2026-12-05T03:00:00.000Z")
    store.remember_inbound(conn, "new", "c9", at="2026-12-05T03:00:01.000Z")  # a repeat
    assert store.inbound_seen(conn, "old") is None
    assert store.inbound_seen(conn, "recent") == "c1"
    assert store.inbound_seen(conn, "new") == "c2"


def test_a_thread_is_linked_replaced_unlinked_and_forgotten_when_closed(db: Db) -> None:
    conn = db.connect().sql
    add_conversation(conn, "c1", "sms", status="closed")
    add_conversation(conn, "c2", "sms")
    store.link_thread(conn, "t1", "c1")
    store.link_thread(conn, "t1", "c2")  # the thread's new conversation
    store.link_thread(conn, "t2", "c1")
    assert sorted(store.open_threads(conn)) == [("t1", "c2"), ("t2", "c1")]
    store.unlink_thread(conn, "t1", "c1")  # not its conversation any more: nothing
    store.forget_closed_threads(conn)
    assert store.open_threads(conn) == [("t1", "c2")]
    store.unlink_thread(conn, "t1", "c2")
    assert store.open_threads(conn) == []


def test_kannel_numbers_are_kept_sealed_and_dropped_when_nothing_needs_them(db: Db) -> None:
    conn = db.connect().sql
    store.keep_number(conn, "t1", b"\x00sealed-1")
    store.keep_number(conn, "t1", b"\x00sealed-2")  # sealed again (a new nonce)
    store.keep_number(conn, "t2", b"two")
    store.keep_number(conn, "t3", b"three")
    assert store.sealed_number(conn, "t1") == b"\x00sealed-2"
    store.link_thread(conn, "t1", "c1")  # an open thread
    store.add_reply(conn, reply("r1", conv="c0", thread="t2"))  # a reply to send
    store.forget_unneeded_numbers(conn)
    assert store.sealed_number(conn, "t3") is None
    assert store.sealed_number(conn, "t2") == b"two"
    store.forget_number(conn, "t1")
    assert store.sealed_number(conn, "t1") is None
