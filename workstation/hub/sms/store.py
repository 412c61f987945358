"""The SQL of SMS on the hub, on SQLite and PostgreSQL alike (migrations 5 and 12).

The outbox: each counsellor reply to an SMS thread, kept until the gateway took it. A row is
written when the reply's ``message`` event is committed (status ``pending``); the sender takes
the pending rows of a thread in order and marks them ``sent`` once the gateway accepted them,
then ``delivered`` or ``failed`` as the gateway's reports come. The text is cleared from the
row once the gateway has it (the transcript keeps it as the message). A reply stored but not
yet in the outbox when the hub stopped is queued at the next start (:func:`unqueued_replies`).
Inbound message ids are kept for :data:`SEEN_DAYS` so a gateway's repeat is stored once.
The threads of open conversations (``desk_sms_threads``) and, for Kannel, the sealed numbers
(``sms_kannel_numbers``) are here too. The outbox's SQL is shared with e-mail's
(:mod:`workstation.store.outboxes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from workstation.protocol.times import format_time, parse_time, utc_now
from workstation.store import outboxes
from workstation.store.sql import Sql

#: How long an inbound message id is remembered against a gateway's repeats.
SEEN_DAYS = 7
#: Later statuses never go back to earlier ones (a late "sent" after "delivered").
RANK = {"pending": 0, "sent": 1, "delivered": 2, "failed": 2}


@dataclass(frozen=True, slots=True)
class Reply:
    """A row of the outbox."""

    ref: str
    conversation: str
    thread: str
    message_seq: int
    client_id: str | None
    text: str | None
    parts: int
    status: str


OUTBOX = outboxes.Outbox(
    table="sms_outbox",
    columns=("ref", "conversation", "thread", "message_seq", "client_id", "text", "parts",
             "status"),
    key="thread",
    payload="text",
    threads="desk_sms_threads",
    thread_column="thread",
    meta="sms_meta",
    rank=RANK,
)


# --- the outbox ---------------------------------------------------------------------------


def add_reply(conn: Sql, reply: Reply, at: str | None = None) -> bool:
    """Queue ``reply`` once (a second add of its ref or its message is nothing)."""
    return outboxes.add(conn, OUTBOX, (reply.ref, reply.conversation, reply.thread,
                                       reply.message_seq, reply.client_id, reply.text,
                                       reply.parts, reply.status), at)


def pending_replies(conn: Sql, thread: str | None = None) -> list[Reply]:
    """Pending replies (of ``thread``), oldest first."""
    return [_reply(row) for row in outboxes.pending(conn, OUTBOX, thread)]


def count_attempt(conn: Sql, ref: str) -> None:
    outboxes.count_attempt(conn, OUTBOX, ref)


def advance_reply(conn: Sql, ref: str, status: str) -> Reply | None:
    """Set ``status`` (clearing the text) unless the reply is already further; the reply if it
    changed."""
    row = outboxes.advance(conn, OUTBOX, ref, status)
    return None if row is None else _reply(row)


def unqueued_replies(conn: Sql) -> list[tuple[str, int, str, str]]:
    """Replies in open SMS threads that never reached the outbox (the hub stopped between
    storing the message and queueing it): (conversation, seq, thread, event data)."""
    return outboxes.unqueued(conn, OUTBOX)


def _reply(row: tuple[Any, ...]) -> Reply:
    ref, conv, thread, seq, client_id, text, parts, status = row
    return Reply(str(ref), str(conv), str(thread), int(seq), client_id, text, int(parts),
                 str(status))


# --- inbound ids ----------------------------------------------------------------------------


def inbound_seen(conn: Sql, message_id: str) -> str | None:
    """The conversation an inbound message id was stored in, if it was."""
    row = conn.execute(
        "SELECT conversation FROM sms_inbound_seen WHERE message_id = ?", (message_id,)
    ).fetchone()
    return str(row[0]) if row else None


def remember_inbound(conn: Sql, message_id: str, conversation: str, at: str | None = None) -> None:
    """Keep ``message_id`` (and forget those older than :data:`SEEN_DAYS` before ``at``)."""
    now = utc_now() if at is None else parse_time(at)
    conn.execute("DELETE FROM sms_inbound_seen WHERE at < ?",
                 (format_time(now - timedelta(days=SEEN_DAYS)),))
    conn.execute(
        "INSERT INTO sms_inbound_seen (message_id, conversation, at) VALUES (?, ?, ?) "
        "ON CONFLICT (message_id) DO NOTHING",
        (message_id, conversation, at or format_time(now)),
    )


# --- threads --------------------------------------------------------------------------------


def forget_closed_threads(conn: Sql) -> None:
    """Drop the threads of closed conversations (a hub that stopped before forgetting one)."""
    conn.execute(
        "DELETE FROM desk_sms_threads WHERE conversation IN "
        "(SELECT id FROM conversations WHERE status = 'closed')"
    )


def open_threads(conn: Sql) -> list[tuple[str, str]]:
    """(thread, conversation) of every thread kept."""
    rows = conn.execute("SELECT thread, conversation FROM desk_sms_threads").fetchall()
    return [(str(thread), str(conv)) for thread, conv in rows]


def link_thread(conn: Sql, thread: str, conversation: str) -> None:
    """``thread`` is now answered in ``conversation`` (an older link of the thread is replaced)."""
    conn.execute(
        "INSERT INTO desk_sms_threads (thread, conversation) VALUES (?, ?) "
        "ON CONFLICT (thread) DO UPDATE SET conversation = excluded.conversation",
        (thread, conversation),
    )


def unlink_thread(conn: Sql, thread: str, conversation: str) -> None:
    conn.execute(
        "DELETE FROM desk_sms_threads WHERE thread = ? AND conversation = ?",
        (thread, conversation),
    )


# --- Kannel's sealed numbers ----------------------------------------------------------------


def keep_number(conn: Sql, thread: str, sealed: bytes) -> None:
    conn.execute(
        "INSERT INTO sms_kannel_numbers (thread, sealed) VALUES (?, ?) "
        "ON CONFLICT (thread) DO UPDATE SET sealed = excluded.sealed",
        (thread, sealed),
    )


def sealed_number(conn: Sql, thread: str) -> bytes | None:
    row = conn.execute(
        "SELECT sealed FROM sms_kannel_numbers WHERE thread = ?", (thread,)
    ).fetchone()
    return None if row is None else bytes(row[0])


def forget_number(conn: Sql, thread: str) -> None:
    conn.execute("DELETE FROM sms_kannel_numbers WHERE thread = ?", (thread,))


def forget_unneeded_numbers(conn: Sql) -> None:
    """Drop numbers no open thread or pending reply needs (a hub that stopped between a close
    and the forgetting)."""
    conn.execute(
        "DELETE FROM sms_kannel_numbers WHERE thread NOT IN "
        "(SELECT thread FROM desk_sms_threads) AND thread NOT IN "
        "(SELECT thread FROM sms_outbox WHERE status = 'pending')"
    )
