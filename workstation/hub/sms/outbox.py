"""The SMS outbox: each counsellor reply to an SMS thread, kept until the gateway took it.

A row is written when the reply's ``message`` event is committed (status ``pending``); the
sender takes the pending rows of a thread in order and marks them ``sent`` once the gateway
accepted them, then ``delivered`` or ``failed`` as the gateway's reports come. The text is
cleared from the row once the gateway has it (the transcript keeps it as the message).
A reply stored but not yet in the outbox when the hub stopped is queued at the next start
(:func:`unqueued`). Inbound message ids are kept for :data:`SEEN_DAYS` so a gateway's
repeat is stored once.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

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


_COLUMNS = "ref, conversation, thread, message_seq, client_id, text, parts, status"


def create(conn: sqlite3.Connection) -> None:
    """At start: forget old inbound ids (the tables come from migration 12)."""
    _forget_old_ids(conn)


def _forget_old_ids(conn: sqlite3.Connection) -> None:
    conn.execute(
        "DELETE FROM sms_inbound_seen WHERE at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)",
        (f"-{SEEN_DAYS} days",),
    )


def unqueued(conn: sqlite3.Connection) -> list[tuple[str, int, str, str]]:
    """Replies in open SMS threads that never reached the outbox (the hub stopped between
    storing the message and queueing it): (conversation, seq, thread, event data)."""
    rows = conn.execute(
        "SELECT e.conversation, e.seq, t.thread, e.data FROM events e "
        "JOIN desk_sms_threads t ON t.conversation = e.conversation "
        "WHERE e.kind = 'message' AND e.sender LIKE 'staff:%' "
        "AND e.at >= (SELECT value FROM sms_meta WHERE name = 'outbox_since') "
        "AND NOT EXISTS (SELECT 1 FROM sms_outbox o "
        "WHERE o.conversation = e.conversation AND o.message_seq = e.seq) "
        "ORDER BY e.conversation, e.seq"
    ).fetchall()
    return [(str(c), int(seq), str(thread), str(data)) for c, seq, thread, data in rows]


def add(conn: sqlite3.Connection, reply: Reply) -> None:
    conn.execute(
        f"INSERT OR IGNORE INTO sms_outbox ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (reply.ref, reply.conversation, reply.thread, reply.message_seq, reply.client_id,
         reply.text, reply.parts, reply.status),
    )


def pending(conn: sqlite3.Connection, thread: str | None = None) -> list[Reply]:
    """Pending replies (of ``thread``), oldest first."""
    where, args = ("AND thread = ?", (thread,)) if thread else ("", ())
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM sms_outbox WHERE status = 'pending' {where} ORDER BY rowid",
        args,
    ).fetchall()
    return [Reply(*row) for row in rows]


def get(conn: sqlite3.Connection, ref: str) -> Reply | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM sms_outbox WHERE ref = ?", (ref,)).fetchone()
    return Reply(*row) if row else None


def mark(conn: sqlite3.Connection, ref: str, status: str) -> Reply | None:
    """Set ``status`` unless the reply is already further; the reply if it changed."""
    reply = get(conn, ref)
    if reply is None or RANK[status] <= RANK[reply.status]:
        return None
    conn.execute(
        "UPDATE sms_outbox SET status = ?, text = CASE WHEN ? = 'pending' THEN text END "
        "WHERE ref = ?",
        (status, status, ref),
    )
    return Reply(reply.ref, reply.conversation, reply.thread, reply.message_seq,
                 reply.client_id, None, reply.parts, status)


def attempted(conn: sqlite3.Connection, ref: str) -> None:
    conn.execute("UPDATE sms_outbox SET attempts = attempts + 1 WHERE ref = ?", (ref,))


def seen(conn: sqlite3.Connection, message_id: str) -> str | None:
    """The conversation an inbound message id was stored in, if it was."""
    row = conn.execute(
        "SELECT conversation FROM sms_inbound_seen WHERE message_id = ?", (message_id,)
    ).fetchone()
    return str(row[0]) if row else None


def remember(conn: sqlite3.Connection, message_id: str, conversation: str) -> None:
    """Keep ``message_id`` (and forget those older than :data:`SEEN_DAYS`)."""
    _forget_old_ids(conn)
    conn.execute(
        "INSERT OR IGNORE INTO sms_inbound_seen (message_id, conversation) VALUES (?, ?)",
        (message_id, conversation),
    )
