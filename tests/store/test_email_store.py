"""E-mail's SQL (workstation/hub/email/store.py) on SQLite and PostgreSQL: the same tests.

The answer outbox (the sealed answer kept as bytes until it left, then emptied), the
answers that never reached it, and the thread lookup by message-id hash.
"""

from __future__ import annotations

from tests.store.channel_db import Db, add_conversation, add_event
from workstation.hub.email import store
from workstation.hub.email.store import Answer, OpenThread

SEALED = bytes(range(256))  # every byte value survives the round trip


def answer(ref: str, conv: str = "c1", seq: int = 2) -> Answer:
    return Answer(ref, conv, seq, "k" + ref, "hash-" + ref, SEALED, "pending")


def test_an_answer_is_kept_sealed_until_it_left_and_moves_once(db: Db) -> None:
    handle = db.connect()
    conn = handle.sql
    assert store.add_answer(conn, answer("m2", seq=4), at="2026-12-05T03:00:01.000Z")
    assert store.add_answer(conn, answer("m1", seq=2), at="2026-12-05T03:00:01.000Z")
    assert store.add_answer(conn, answer("o1", conv="c2"))
    assert not store.add_answer(conn, answer("m1", seq=7))
    assert store.pending_answers(conn, "c1") == [answer("m1"), answer("m2", seq=4)]
    store.count_attempt(conn, "m1")
    assert handle.query("SELECT attempts FROM email_outbox WHERE ref = ?", "m1") == [(1,)]
    sent = store.advance_answer(conn, "m1", "sent")
    assert sent == Answer("m1", "c1", 2, "km1", "hash-m1", None, "sent")
    assert store.advance_answer(conn, "m1", "failed") is None  # as far already
    assert store.advance_answer(conn, "m1", "sent") is None
    assert [a.ref for a in store.pending_answers(conn)] == ["m2", "o1"]
    assert handle.query("SELECT sealed FROM email_outbox WHERE ref = ?", "m1") == [(None,)]


def test_answers_that_never_reached_the_outbox_are_found(db: Db) -> None:
    conn = db.connect().sql
    add_conversation(conn, "c1", "email")
    store.open_thread(conn, OpenThread("c1", "sender-hash", b"addr", b"thread"))
    add_event(conn, "c1", 1, "message", "contact", '{"text": "hei"}')
    add_event(conn, "c1", 2, "message", "staff:kari", '{"text": "svar"}')
    add_event(conn, "c1", 3, "message", "staff:kari", '{"text": "svar 2"}')
    store.add_answer(conn, answer("m1", seq=3))
    assert store.unqueued_answers(conn) == [("c1", 2, '{"text": "svar"}')]


def test_a_letter_finds_its_conversation_by_message_id(db: Db) -> None:
    handle = db.connect()
    conn = handle.sql
    add_conversation(conn, "c1", "email")
    add_conversation(conn, "c2", "email")
    add_conversation(conn, "c3", "email", status="closed")
    for conv in ("c1", "c2", "c3"):
        store.open_thread(conn, OpenThread(conv, "s-" + conv, b"\x00a" + conv.encode(), b"t0"))
    store.remember_message(conn, "c1", "h1", b"t1")
    store.remember_message(conn, "c2", "h2", b"t2")
    store.remember_message(conn, "c3", "h3", b"t3")
    assert store.conversation_of(conn, "h1") == "c1"
    assert store.conversation_of(conn, "nope") is None
    store.unremember_message(conn, "c2", "h2", b"t2-without")  # the answer did not leave
    assert store.conversation_of(conn, "h2") is None
    store.forget_closed(conn)
    assert store.message_ids(conn) == {"h1": "c1"}
    assert sorted(store.open_threads(conn), key=lambda t: t.conversation) == [
        OpenThread("c1", "s-c1", b"\x00ac1", b"t1"),
        OpenThread("c2", "s-c2", b"\x00ac2", b"t2-without"),
    ]
    store.close_thread(conn, "c1")
    assert store.conversation_of(conn, "h1") is None
    assert [t.conversation for t in store.open_threads(conn)] == ["c2"]
