"""The SQL of e-mail on the hub, on SQLite and PostgreSQL alike (migrations 13 and 16).

The outbox: each counsellor's answer, kept (sealed) until the SMTP server took it. A row is
written when the answer's ``message`` event is committed (status ``pending``), with the
composed answer sealed under the hub's key file (it holds the address and the text); the
sender takes a conversation's pending rows in order and marks them ``sent`` once the server
accepted them, or ``failed`` when it refused them for good. The sealed answer is cleared then.
The retention purge removes rows with their transcript. Its SQL is shared with the SMS outbox
(:mod:`workstation.store.outboxes`).

The threads of open conversations: the sender as a keyed hash with the address and the
thread's message ids sealed (``desk_email_threads``), and the keyed hashes of the message ids
that continue a conversation (``desk_email_ids``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workstation.store import outboxes
from workstation.store.sql import Sql

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


@dataclass(frozen=True, slots=True)
class OpenThread:
    """A row of ``desk_email_threads``."""

    conversation: str
    sender: str
    address: bytes
    thread: bytes


OUTBOX = outboxes.Outbox(
    table="email_outbox",
    columns=("ref", "conversation", "message_seq", "client_id", "hashed", "sealed", "status"),
    key="conversation",
    payload="sealed",
    threads="desk_email_threads",
    thread_column=None,
    meta="email_meta",
    rank=RANK,
)


# --- the outbox ---------------------------------------------------------------------------


def add_answer(conn: Sql, answer: Answer, at: str | None = None) -> bool:
    """Queue ``answer`` once (a second add of its ref or its message is nothing)."""
    return outboxes.add(conn, OUTBOX, (answer.ref, answer.conversation, answer.message_seq,
                                       answer.client_id, answer.hashed, answer.sealed,
                                       answer.status), at)


def pending_answers(conn: Sql, conversation: str | None = None) -> list[Answer]:
    """Pending answers (of ``conversation``), oldest first."""
    return [_answer(row) for row in outboxes.pending(conn, OUTBOX, conversation)]


def count_attempt(conn: Sql, ref: str) -> None:
    outboxes.count_attempt(conn, OUTBOX, ref)


def advance_answer(conn: Sql, ref: str, status: str) -> Answer | None:
    """Set ``status`` (clearing the sealed answer) unless the answer is already further; the
    answer if it changed."""
    row = outboxes.advance(conn, OUTBOX, ref, status)
    return None if row is None else _answer(row)


def unqueued_answers(conn: Sql) -> list[tuple[str, int, str]]:
    """Answers in open e-mail conversations that never reached the outbox (the hub stopped
    between storing the message and queueing it): (conversation, seq, event data)."""
    return [(conv, seq, data) for conv, seq, _, data in outboxes.unqueued(conn, OUTBOX)]


def _answer(row: tuple[Any, ...]) -> Answer:
    ref, conv, seq, client_id, hashed, sealed, status = row
    return Answer(str(ref), str(conv), int(seq), client_id, str(hashed),
                  None if sealed is None else bytes(sealed), str(status))


# --- threads and message ids ----------------------------------------------------------------


def forget_closed(conn: Sql) -> None:
    """Drop threads and ids of conversations no longer open (a hub that stopped before)."""
    for table in ("desk_email_threads", "desk_email_ids"):
        conn.execute(
            f"DELETE FROM {table} WHERE conversation NOT IN "
            "(SELECT id FROM conversations WHERE status != 'closed')"
        )


def open_threads(conn: Sql) -> list[OpenThread]:
    rows = conn.execute(
        "SELECT conversation, sender, address, thread FROM desk_email_threads"
    ).fetchall()
    return [OpenThread(str(c), str(s), bytes(a), bytes(t)) for c, s, a, t in rows]


def message_ids(conn: Sql) -> dict[str, str]:
    """Every kept message-id hash: its conversation."""
    rows = conn.execute("SELECT message, conversation FROM desk_email_ids").fetchall()
    return {str(message): str(conv) for message, conv in rows}


def conversation_of(conn: Sql, hashed: str) -> str | None:
    """The conversation the message id hash ``hashed`` belongs to, if any."""
    row = conn.execute(
        "SELECT conversation FROM desk_email_ids WHERE message = ?", (hashed,)
    ).fetchone()
    return None if row is None else str(row[0])


def open_thread(conn: Sql, thread: OpenThread) -> None:
    conn.execute(
        "INSERT INTO desk_email_threads (conversation, sender, address, thread) "
        "VALUES (?, ?, ?, ?)",
        (thread.conversation, thread.sender, thread.address, thread.thread),
    )


def remember_message(conn: Sql, conversation: str, hashed: str, thread: bytes) -> None:
    """The message id hash ``hashed`` belongs to ``conversation``, whose sealed thread is now
    ``thread``: both in one transaction."""
    conn.execute(
        "INSERT INTO desk_email_ids (message, conversation) VALUES (?, ?) "
        "ON CONFLICT (message) DO UPDATE SET conversation = excluded.conversation",
        (hashed, conversation),
    )
    conn.execute("UPDATE desk_email_threads SET thread = ? WHERE conversation = ?",
                 (thread, conversation))


def unremember_message(conn: Sql, conversation: str, hashed: str, thread: bytes | None) -> None:
    """An answer did not leave: its id is forgotten (and the sealed thread without it kept)."""
    conn.execute("DELETE FROM desk_email_ids WHERE message = ?", (hashed,))
    if thread is not None:
        conn.execute("UPDATE desk_email_threads SET thread = ? WHERE conversation = ?",
                     (thread, conversation))


def close_thread(conn: Sql, conversation: str) -> None:
    conn.execute("DELETE FROM desk_email_threads WHERE conversation = ?", (conversation,))
    conn.execute("DELETE FROM desk_email_ids WHERE conversation = ?", (conversation,))
