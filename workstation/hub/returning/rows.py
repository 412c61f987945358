"""The ``return_codes`` table: keyed hashes of codes and of their digit forms, never the
codes (migrations 17 and 18)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class LiveCode:
    """A code that still opens: who gave it, for which earlier conversation."""

    counsellor: str
    conversation: str
    expires_at: str


def issue(conn: sqlite3.Connection, digest: str, digits: str, counsellor: str,
          conversation: str, now: str, expires_at: str, follow_up_at: str | None = None) -> bool:
    """Store a new code for ``conversation``, revoking the one given before (if any); ``False``
    (and nothing changed) when the code was ever given or its digit form (keyed hash
    ``digits``) belongs to a code that still opens: a digit form names at most one live code."""
    taken = conn.execute(
        "SELECT 1 FROM return_codes WHERE code = ? "
        "OR (digits = ? AND revoked_at IS NULL AND expires_at > ?)",
        (digest, digits, now),
    ).fetchone()
    if taken is not None:
        return False
    conn.execute(
        "UPDATE return_codes SET revoked_at = ?, revoked_by = ?, follow_up_at = NULL "
        "WHERE conversation = ? AND revoked_at IS NULL",
        (now, counsellor, conversation),
    )
    conn.execute(
        "INSERT INTO return_codes "
        "(code, digits, counsellor, conversation, created_at, expires_at, follow_up_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (digest, digits, counsellor, conversation, now, expires_at, follow_up_at),
    )
    return True


def live(conn: sqlite3.Connection, digest: str, now: str) -> LiveCode | None:
    """The live code whose keyed hash is ``digest``."""
    return _live_where(conn, "code", digest, now)


def live_by_digits(conn: sqlite3.Connection, digits: str, now: str) -> LiveCode | None:
    """The live code whose digit form has the keyed hash ``digits`` (at most one)."""
    return _live_where(conn, "digits", digits, now)


def live_for(conn: sqlite3.Connection, conversation: str, now: str) -> LiveCode | None:
    """The live code given for ``conversation`` (at most one)."""
    return _live_where(conn, "conversation", conversation, now)


def _live_where(conn: sqlite3.Connection, column: str, value: str, now: str) -> LiveCode | None:
    assert column in ("code", "digits", "conversation")  # a fixed name, never input
    row = conn.execute(
        "SELECT counsellor, conversation, expires_at FROM return_codes "
        f"WHERE {column} = ? AND revoked_at IS NULL AND expires_at > ?",
        (value, now),
    ).fetchone()
    return None if row is None else LiveCode(row[0], row[1], row[2])


def revoke(conn: sqlite3.Connection, conversation: str, by: str, now: str) -> int:
    return conn.execute(
        "UPDATE return_codes SET revoked_at = ?, revoked_by = ?, follow_up_at = NULL "
        "WHERE conversation = ? AND revoked_at IS NULL",
        (now, by, conversation),
    ).rowcount


def assigned_user(conn: sqlite3.Connection, conversation: str) -> str | None:
    """Who the conversation is, or was last, assigned to (it may be closed)."""
    row = conn.execute(
        "SELECT assigned_user FROM conversations WHERE id = ?", (conversation,)
    ).fetchone()
    return None if row is None else row[0]


def summary(conn: sqlite3.Connection, conversation: str) -> dict[str, Any] | None:
    """The earlier conversation's contact summary (never its transcript)."""
    row = conn.execute(
        "SELECT data FROM desk_summaries WHERE conversation = ?", (conversation,)
    ).fetchone()
    return None if row is None else dict(json.loads(row[0]))
