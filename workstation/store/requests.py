"""Idempotency: the first answer to each (principal, request id), kept with what it created.

A request that creates something is *claimed* inside the same savepoint as its first write:
the claim row and the created rows commit together or not at all, so a hub that dies at any
moment can never have created something without knowing which request did it. A second
claim of the same (principal, request id) fails on the primary key, which rolls back what
the repeated request had just written. The answer is added to the row as soon as the
request's ``ok`` (or refusal) is known.

The claim travels in a context variable: the hub sets it around one request's handler,
:class:`~workstation.store.sqlite_store.SqliteStore` attaches it to the first write made in
that context, and staff peers hand it the answer pushed for the request.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from workstation.protocol.times import format_time, utc_now
from workstation.store.sql import Conn, dialect

#: How long an answer is kept: longer than any desk keeps an unsent outbox.
KEEP_FOR = timedelta(days=7)
#: At most this many answers are kept (the oldest go first).
MAX_ROWS = 200_000
#: Old answers are pruned at start and after this many claims.
PRUNE_EVERY = 1_000



class DuplicateRequest(Exception):
    """A claim found the (principal, request id) stored already; the write was undone."""


@dataclass(slots=True)
class RequestClaim:
    """One request being carried out (lives for the handler's duration).

    Attributes:
        principal: who asked: ``staff:<user>`` or ``contact:<conversation>``.
        request_id: the request's ``id``.
        type: the request's ``type``.
        open: False once the handler returned; later writes are not the request's.
        pending: a write carrying the claim is in flight.
        stored: the claim row was written (visible to the loop once that write resolved).
        created: what the claiming write returned, when it was an event (conversation, seq).
        answer: the ``ok`` or ``error`` frame the handler pushed for this request.
    """

    principal: str
    request_id: str
    type: str
    open: bool = True
    pending: bool = False
    stored: bool = False
    created: dict[str, Any] | None = None
    answer: dict[str, Any] | None = field(default=None, repr=False)

    def wants_write(self) -> bool:
        return self.open and not self.stored and not self.pending

    def saw(self, frame: dict[str, Any]) -> None:
        """A frame pushed while the request runs: keep the first answer naming it."""
        if (
            self.answer is None
            and frame.get("re") == self.request_id
            and frame.get("type") in ("ok", "error")
        ):
            self.answer = frame

    def claim_row(self, result: Any) -> tuple[str, tuple[Any, ...]]:
        """The claim row's INSERT (``?`` placeholders) for a write that returned ``result``."""
        self.created = _created(result)
        return (
            "INSERT INTO request_answers (principal, request_id, type, at, created) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                self.principal,
                self.request_id,
                self.type,
                format_time(utc_now()),
                None if self.created is None else json.dumps(self.created),
            ),
        )

    def wrap(self, op: Callable[[Any], Any]) -> Callable[[Any], Any]:
        """``op`` followed, in its savepoint, by the claim row."""

        def claimed(conn: Conn) -> Any:
            result = op(conn)
            try:
                conn.execute(*self.claim_row(result))
            except Exception as exc:
                if is_integrity_error(exc):
                    raise DuplicateRequest(self.request_id) from None
                raise
            self.stored = True
            return result

        return claimed


def is_integrity_error(exc: BaseException) -> bool:
    """A constraint refused the write, on either database (SQLSTATE class 23 on PostgreSQL)."""
    if isinstance(exc, sqlite3.IntegrityError):
        return True
    state = getattr(exc, "sqlstate", None)
    return isinstance(state, str) and state.startswith("23")


#: The request whose handler is running in this context, if it is one that is recorded.
current_claim: ContextVar[RequestClaim | None] = ContextVar("current_claim", default=None)


@dataclass(frozen=True, slots=True)
class StoredRequest:
    """Attributes:
    answer: the first answer, or ``None`` when the hub stopped before it was stored.
    created: the event the request wrote first (``conversation``, ``seq``), if any.
    """

    answer: dict[str, Any] | None
    created: dict[str, Any] | None


def lookup(conn: Conn, principal: str, request_id: str) -> StoredRequest | None:
    row = conn.execute(
        "SELECT answer, created FROM request_answers WHERE principal = ? AND request_id = ?",
        (principal, request_id),
    ).fetchone()
    if row is None:
        return None
    answer, created = row
    return StoredRequest(
        None if answer is None else json.loads(answer),
        None if created is None else json.loads(created),
    )


def save_answer(
    conn: Conn, principal: str, request_id: str, answer: dict[str, Any]
) -> None:
    conn.execute(
        "UPDATE request_answers SET answer = ? WHERE principal = ? AND request_id = ?",
        (json.dumps(answer, ensure_ascii=False), principal, request_id),
    )


def prune(conn: Conn) -> int:
    """Forget answers older than :data:`KEEP_FOR` and beyond :data:`MAX_ROWS`."""
    cutoff = format_time(utc_now() - KEEP_FOR)
    removed = conn.execute("DELETE FROM request_answers WHERE at < ?", (cutoff,)).rowcount
    beyond = (
        # SQLite: by rowid (its fastest); PostgreSQL has no rowid and takes OFFSET alone.
        "DELETE FROM request_answers WHERE rowid IN (SELECT rowid FROM request_answers "
        "ORDER BY at DESC LIMIT -1 OFFSET ?)"
        if dialect(conn) == "sqlite"
        else "DELETE FROM request_answers WHERE (principal, request_id) IN "
        "(SELECT principal, request_id FROM request_answers ORDER BY at DESC OFFSET ?)"
    )
    removed += conn.execute(beyond, (MAX_ROWS,)).rowcount
    return int(removed)


def _created(result: Any) -> dict[str, Any] | None:
    """The event a write returned (an ``Event`` or an ``AppendResult``), as a pointer."""
    event = getattr(result, "event", result)
    conversation, seq = getattr(event, "conversation", None), getattr(event, "seq", None)
    if isinstance(conversation, str) and isinstance(seq, int):
        return {"conversation": conversation, "seq": seq}
    return None
