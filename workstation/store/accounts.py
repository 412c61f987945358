"""Staff accounts over time: disabled users, sessions with ids, and a log of account changes.

The command line (another process) changes accounts in the database; the running hub learns
of it by reading :func:`changes_after` and :func:`live_sessions` every second (see
``workstation.hub.accounts``). A change that takes rights away deletes the user's session
rows in the same transaction, so a revoked token can never sign in again even while no hub
runs. Every change is written to the audit table in that transaction too.

All functions take a connection and run inside the caller's transaction (the CLI's own
connection, or the hub's database thread).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from workstation.protocol.times import format_time, utc_now
from workstation.store.passwords import hash_password

#: Kinds of change in ``user_changes``: what the hub tells a desk it signs out.
CHANGES = ("added", "disabled", "enabled", "password", "roles", "removed")

@dataclass(frozen=True, slots=True)
class SessionRow:
    """One signed-in session as its owner may see it (never the token or its hash)."""

    id: str
    created_at: str
    expires_at: str


@dataclass(frozen=True, slots=True)
class AccountRow:
    """One user for ``workstation-hub user list``."""

    name: str
    display_name: str
    roles: tuple[str, ...]
    disabled: bool
    sessions: int


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction on an autocommit connection (the command line's)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")}


def now() -> str:
    return format_time(utc_now())


# --- changes made by an administrator -------------------------------------------------


def record(conn: sqlite3.Connection, actor: str, user: str, change: str, detail: str = "") -> None:
    """Log ``change`` for the hub to act on, and in the audit trail."""
    at = now()
    conn.execute("INSERT INTO user_changes (at, user, change) VALUES (?, ?, ?)", (at, user, change))
    conn.execute(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        (at, actor, "user_" + change, user, detail),
    )


def revoke_all(conn: sqlite3.Connection, user: str) -> int:
    """Delete every session of ``user``; their tokens never work again. Returns how many."""
    return conn.execute("DELETE FROM sessions WHERE user = ?", (user,)).rowcount


def set_disabled(conn: sqlite3.Connection, actor: str, user: str, disabled: bool) -> int:
    """Disable (sessions revoked) or enable ``user``; returns the sessions revoked."""
    conn.execute("UPDATE users SET disabled = ? WHERE name = ?", (int(disabled), user))
    revoked = revoke_all(conn, user) if disabled else 0
    record(conn, actor, user, "disabled" if disabled else "enabled")
    return revoked


def set_password(conn: sqlite3.Connection, actor: str, user: str, password: str) -> int:
    """A new password; every session of the user is revoked. Returns how many."""
    conn.execute(
        "UPDATE users SET password_hash = ? WHERE name = ?", (hash_password(password), user)
    )
    revoked = revoke_all(conn, user)
    record(conn, actor, user, "password")
    return revoked


def set_roles(conn: sqlite3.Connection, actor: str, user: str, roles: list[str]) -> int:
    """New roles; every session is revoked (the desks sign in again with the new rights)."""
    wanted = sorted(set(roles))
    conn.execute("UPDATE users SET roles = ? WHERE name = ?", (json.dumps(wanted), user))
    revoked = revoke_all(conn, user)
    record(conn, actor, user, "roles", ",".join(wanted))
    return revoked


def remove(conn: sqlite3.Connection, actor: str, user: str) -> int:
    """Delete the user and their sessions (what they wrote stays, under their name)."""
    revoked = revoke_all(conn, user)
    conn.execute("DELETE FROM users WHERE name = ?", (user,))
    record(conn, actor, user, "removed")
    return revoked


def exists(conn: sqlite3.Connection, user: str) -> bool:
    return conn.execute("SELECT 1 FROM users WHERE name = ?", (user,)).fetchone() is not None


def list_users(conn: sqlite3.Connection, at: str) -> list[AccountRow]:
    rows = conn.execute(
        "SELECT u.name, u.display_name, u.roles, u.disabled, "
        "(SELECT COUNT(*) FROM sessions s WHERE s.user = u.name AND s.expires_at > ?) "
        "FROM users u ORDER BY u.name",
        (at,),
    ).fetchall()
    return [
        AccountRow(name, display, tuple(json.loads(roles)), bool(disabled), int(count))
        for name, display, roles, disabled, count in rows
    ]


# --- what the hub reads ---------------------------------------------------------------


def last_change(conn: sqlite3.Connection) -> int:
    (last,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM user_changes").fetchone()
    return int(last)


def changes_after(conn: sqlite3.Connection, after: int) -> list[tuple[int, str, str]]:
    """``(id, user, change)`` written after ``after``, oldest first."""
    rows = conn.execute(
        "SELECT id, user, change FROM user_changes WHERE id > ? ORDER BY id", (after,)
    ).fetchall()
    return [(int(i), str(u), str(c)) for i, u, c in rows]


def purge_expired(conn: sqlite3.Connection, at: str) -> int:
    """Delete sessions past their end; returns how many."""
    return conn.execute("DELETE FROM sessions WHERE expires_at <= ?", (at,)).rowcount


def live_tokens(conn: sqlite3.Connection, at: str) -> set[str]:
    """The token hashes of every session still valid at ``at``."""
    rows = conn.execute("SELECT token_hash FROM sessions WHERE expires_at > ?", (at,))
    return {str(row[0]) for row in rows}


# --- sessions -------------------------------------------------------------------------


def new_session_id() -> str:
    return "s" + secrets.token_hex(8)


def save_session(
    conn: sqlite3.Connection,
    token_hash: str,
    user: str,
    expires_at: str,
    session_id: str,
    seen: tuple[str, tuple[str, ...]] | None = None,
) -> bool:
    """Store a session; with ``seen`` (the password hash and roles the sign-in checked), only
    if the account is still enabled and unchanged — so a change the command line committed
    while the password was being checked can never be outlived by the new session."""
    guard = ""
    params: tuple[str, ...] = ()
    if seen is not None:
        guard = ("WHERE EXISTS (SELECT 1 FROM users WHERE name = ? AND disabled = 0 "
                 "AND password_hash = ? AND json(roles) = json(?))")
        params = (user, seen[0], json.dumps(list(seen[1])))
    inserted = conn.execute(
        "INSERT INTO sessions (token_hash, user, expires_at, id, created_at) "
        f"SELECT ?, ?, ?, ?, ? {guard}",
        (token_hash, user, expires_at, session_id, now(), *params),
    )
    return inserted.rowcount == 1


def session_of_token(
    conn: sqlite3.Connection, token_hash: str, at: str
) -> tuple[str, str] | None:
    """``(user, session id)`` for a valid token, else ``None``."""
    row = conn.execute(
        "SELECT user, id FROM sessions WHERE token_hash = ? AND expires_at > ?", (token_hash, at)
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def sessions_of(conn: sqlite3.Connection, user: str, at: str) -> list[tuple[str, SessionRow]]:
    """``(token hash, session)`` for each of ``user``'s valid sessions, oldest first."""
    rows = conn.execute(
        "SELECT token_hash, id, created_at, expires_at FROM sessions "
        "WHERE user = ? AND expires_at > ? ORDER BY created_at, id",
        (user, at),
    ).fetchall()
    return [(str(h), SessionRow(str(i), str(c or ""), str(e))) for h, i, c, e in rows]


def end_session(conn: sqlite3.Connection, user: str, session_id: str, why: str) -> str | None:
    """Delete ``user``'s session ``session_id`` (audited); its token hash, or ``None``."""
    row = conn.execute(
        "SELECT token_hash FROM sessions WHERE user = ? AND id = ?", (user, session_id)
    ).fetchone()
    if row is None:
        return None
    conn.execute("DELETE FROM sessions WHERE token_hash = ?", (row[0],))
    conn.execute(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        (now(), user, why, user, session_id),
    )
    return str(row[0])
