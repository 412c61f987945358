"""The e-mail outbox: each counsellor's answer, kept (sealed) until the SMTP server took it.

A row is written when the answer's ``message`` event is committed (status ``pending``), with
the composed answer sealed under the hub's key file (it holds the address and the text); the
sender takes a conversation's pending rows in order and marks them ``sent`` once the server
accepted them, or ``failed`` when it refused them for good. The sealed answer is cleared then.
The table comes from migration 17; the retention purge removes rows with their transcript.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

#: Later statuses never go back to earlier ones.
RANK = {"pending": 0, "sent": 1, "failed": 1}


@dataclass(frozen=True, slots=True)
class Answer:
    """A row of the outbox; ``hashed`` is the keyed hash of the answer's Message-ID."""

    ref: str
    conversation: str
    message_seq: int
    client_id: str | None
    hashed: str
    sealed: bytes | None
    status: str


_COLUMNS = "ref, conversation, message_seq, client_id, hashed, sealed, status"


def _answer(row: tuple[Any, ...]) -> Answer:
    ref, conv, seq, client_id, hashed, sealed, status = row
    return Answer(ref, conv, int(seq), client_id, hashed,
                  None if sealed is None else bytes(sealed), status)


def unqueued(conn: sqlite3.Connection) -> list[tuple[str, int, str]]:
    """Answers in open e-mail conversations that never reached the outbox (the hub stopped
    between storing the message and queueing it): (conversation, seq, event data)."""
    rows = conn.execute(
        "SELECT e.conversation, e.seq, e.data FROM events e "
        "JOIN desk_email_threads t ON t.conversation = e.conversation "
        "WHERE e.kind = 'message' AND e.sender LIKE 'staff:%' "
        "AND e.at >= (SELECT value FROM email_meta WHERE name = 'outbox_since') "
        "AND NOT EXISTS (SELECT 1 FROM email_outbox o "
        "WHERE o.conversation = e.conversation AND o.message_seq = e.seq) "
        "ORDER BY e.conversation, e.seq"
    ).fetchall()
    return [(str(c), int(seq), str(data)) for c, seq, data in rows]


def add(conn: sqlite3.Connection, answer: Answer) -> None:
    conn.execute(
        f"INSERT OR IGNORE INTO email_outbox ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (answer.ref, answer.conversation, answer.message_seq, answer.client_id, answer.hashed,
         answer.sealed, answer.status),
    )


def pending(conn: sqlite3.Connection, conversation: str | None = None) -> list[Answer]:
    """Pending answers (of ``conversation``), oldest first."""
    where, args = ("AND conversation = ?", (conversation,)) if conversation else ("", ())
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM email_outbox WHERE status = 'pending' {where} ORDER BY rowid",
        args,
    ).fetchall()
    return [_answer(row) for row in rows]


def mark(conn: sqlite3.Connection, ref: str, status: str) -> Answer | None:
    """Set ``status`` (clearing the sealed answer) unless the answer is already further; the
    answer if it changed."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM email_outbox WHERE ref = ?", (ref,)).fetchone()
    if row is None:
        return None
    answer = _answer(row)
    if RANK[status] <= RANK[answer.status]:
        return None
    conn.execute("UPDATE email_outbox SET status = ?, sealed = NULL WHERE ref = ?", (status, ref))
    return Answer(answer.ref, answer.conversation, answer.message_seq, answer.client_id,
                  answer.hashed, None, status)


def attempted(conn: sqlite3.Connection, ref: str) -> None:
    conn.execute("UPDATE email_outbox SET attempts = attempts + 1 WHERE ref = ?", (ref,))
