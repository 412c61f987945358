"""Staff accounts over time: disabled users, sessions with ids, and a log of account changes.

The command line (another process) changes accounts in the database; the running hub learns
of it by reading :func:`changes_after` and :func:`live_sessions` every second (see
``workstation.hub.accounts``). A change that takes rights away deletes the user's session
rows in the same transaction, so a revoked token can never sign in again even while no hub
runs. Every change is written to the audit table in that transaction too.

All functions take a connection and run inside the caller's transaction (the CLI's own
connection, or the hub's database thread): a ``sqlite3.Connection``, or on PostgreSQL a
:class:`~workstation.store.postgres_store.QmarkConnection` (the same SQL, ``?`` placeholders,
``dialect = "postgres"``). So the account rules are written once for both databases.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from workstation.protocol.times import format_time, utc_now
from workstation.store.passwords import hash_password
from workstation.store.records import UserRecord
from workstation.store.sql import Conn, Rows, Sql, dialect  # noqa: F401 (Rows, Sql: re-exported)

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


def _columns(conn: Conn, table: str) -> set[str]:
    return {str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")}


def now() -> str:
    return format_time(utc_now())


# --- changes made by an administrator -------------------------------------------------


def record(conn: Conn, actor: str, user: str, change: str, detail: str = "") -> None:
    """Log ``change`` for the hub to act on, and in the audit trail."""
    at = now()
    conn.execute(
        'INSERT INTO user_changes (at, "user", change) VALUES (?, ?, ?)', (at, user, change)
    )
    conn.execute(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        (at, actor, "user_" + change, user, detail),
    )


def revoke_all(conn: Conn, user: str) -> int:
    """Delete every session of ``user``; their tokens never work again. Returns how many."""
    return conn.execute('DELETE FROM sessions WHERE "user" = ?', (user,)).rowcount


def set_disabled(conn: Conn, actor: str, user: str, disabled: bool) -> int:
    """Disable (sessions revoked) or enable ``user``; returns the sessions revoked."""
    conn.execute("UPDATE users SET disabled = ? WHERE name = ?", (int(disabled), user))
    revoked = revoke_all(conn, user) if disabled else 0
    record(conn, actor, user, "disabled" if disabled else "enabled")
    return revoked


def set_password(conn: Conn, actor: str, user: str, password: str) -> int:
    """A new password; every session of the user is revoked. Returns how many."""
    conn.execute(
        "UPDATE users SET password_hash = ? WHERE name = ?", (hash_password(password), user)
    )
    revoked = revoke_all(conn, user)
    record(conn, actor, user, "password")
    return revoked


def set_roles(conn: Conn, actor: str, user: str, roles: list[str]) -> int:
    """New roles; every session is revoked (the desks sign in again with the new rights)."""
    wanted = sorted(set(roles))
    conn.execute("UPDATE users SET roles = ? WHERE name = ?", (json.dumps(wanted), user))
    revoked = revoke_all(conn, user)
    record(conn, actor, user, "roles", ",".join(wanted))
    return revoked


def remove(conn: Conn, actor: str, user: str) -> int:
    """Delete the user and their sessions (what they wrote stays, under their name)."""
    revoked = revoke_all(conn, user)
    conn.execute("DELETE FROM users WHERE name = ?", (user,))
    record(conn, actor, user, "removed")
    return revoked


def user_record(conn: Conn, name: str) -> UserRecord | None:
    row = conn.execute(
        "SELECT name, display_name, roles, password_hash, disabled FROM users WHERE name = ?",
        (name,),
    ).fetchone()
    if row is None:
        return None
    return UserRecord(row[0], row[1], tuple(json.loads(row[2])), row[3], bool(row[4]))


def exists(conn: Conn, user: str) -> bool:
    """Whether ``user`` exists; on PostgreSQL the row is locked until the transaction ends,
    so a sign-in (:func:`save_session`) and this change take turns."""
    lock = " FOR UPDATE" if dialect(conn) == "postgres" else ""
    found = conn.execute(f"SELECT 1 FROM users WHERE name = ?{lock}", (user,)).fetchone()
    return found is not None


def add(
    conn: Conn, actor: str, name: str, password: str, roles: Sequence[str],
    display_name: str | None,
) -> None:
    """Create or replace a user (replacing one revokes its sessions), recorded and audited."""
    wanted = sorted(set(roles))
    conn.execute(
        "INSERT INTO users (name, display_name, roles, password_hash, created_at, "
        "disabled) VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (name) DO UPDATE SET "
        "display_name = excluded.display_name, roles = excluded.roles, "
        "password_hash = excluded.password_hash, disabled = 0",
        (name, display_name or name, json.dumps(wanted), hash_password(password), now()),
    )
    revoke_all(conn, name)
    record(conn, actor, name, "added", ",".join(wanted))


#: What :func:`change` may do, by the name ``user_changes`` records.
CHANGE_KINDS = ("disabled", "enabled", "password", "roles", "removed")


def change(
    conn: Conn, actor: str, user: str, kind: str, value: str | Sequence[str] | None = None
) -> int | None:
    """One account change (``kind`` in :data:`CHANGE_KINDS`; ``value`` the password or the
    roles) with its audit row, in the caller's transaction. Returns the sessions ended, or
    ``None`` when there is no such user (nothing written)."""
    if kind not in CHANGE_KINDS:
        raise ValueError(f"not an account change: {kind}")
    if not exists(conn, user):
        return None
    if kind in ("disabled", "enabled"):
        return set_disabled(conn, actor, user, kind == "disabled")
    if kind == "password":
        if not isinstance(value, str):
            raise ValueError("a new password is needed")
        return set_password(conn, actor, user, value)
    if kind == "roles":
        if value is None or isinstance(value, str):
            raise ValueError("roles are needed")
        return set_roles(conn, actor, user, list(value))
    return remove(conn, actor, user)


def list_users(conn: Conn, at: str) -> list[AccountRow]:
    rows = conn.execute(
        "SELECT u.name, u.display_name, u.roles, u.disabled, "
        '(SELECT COUNT(*) FROM sessions s WHERE s."user" = u.name AND s.expires_at > ?) '
        "FROM users u ORDER BY u.name",
        (at,),
    ).fetchall()
    return [
        AccountRow(name, display, tuple(json.loads(roles)), bool(disabled), int(count))
        for name, display, roles, disabled, count in rows
    ]


# --- what the hub reads ---------------------------------------------------------------


def last_change(conn: Conn) -> int:
    (last,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM user_changes").fetchone()
    return int(last)


def changes_after(conn: Conn, after: int) -> list[tuple[int, str, str]]:
    """``(id, user, change)`` written after ``after``, oldest first."""
    rows = conn.execute(
        'SELECT id, "user", change FROM user_changes WHERE id > ? ORDER BY id', (after,)
    ).fetchall()
    return [(int(i), str(u), str(c)) for i, u, c in rows]


def purge_expired(conn: Conn, at: str) -> int:
    """Delete sessions past their end; returns how many."""
    return conn.execute("DELETE FROM sessions WHERE expires_at <= ?", (at,)).rowcount


def live_tokens(conn: Conn, at: str) -> set[str]:
    """The token hashes of every session still valid at ``at``."""
    rows = conn.execute("SELECT token_hash FROM sessions WHERE expires_at > ?", (at,))
    return {str(row[0]) for row in rows}


def live_among(conn: Conn, at: str, hashes: str) -> set[str]:
    """Which of ``hashes`` (token hashes, a JSON list) are sessions still valid at ``at``."""
    among = (
        "SELECT value FROM json_each(?)" if dialect(conn) == "sqlite"
        else "SELECT json_array_elements_text(CAST(? AS json))"
    )
    rows = conn.execute(
        f"SELECT token_hash FROM sessions WHERE expires_at > ? AND token_hash IN ({among})",
        (at, hashes),
    )
    return {str(row[0]) for row in rows}


def watch(conn: Conn, after: int, hashes: str) -> tuple[list[tuple[int, str, str]], set[str]]:
    """What the hub's accounts watch reads each round: the changes after ``after``, and which
    of the connected sessions (``hashes``) are still valid."""
    return changes_after(conn, after), live_among(conn, now(), hashes)


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
    sql, params = session_insert(dialect(conn), token_hash, user, expires_at, session_id, seen)
    return conn.execute(sql, params).rowcount == 1


def session_insert(
    kind: str,
    token_hash: str,
    user: str,
    expires_at: str,
    session_id: str,
    seen: tuple[str, tuple[str, ...]] | None = None,
) -> tuple[str, tuple[str, ...]]:
    """The statement of :func:`save_session` for the database ``kind`` (``?`` placeholders).
    PostgreSQL compares roles as ``jsonb`` and share-locks the user's row, so an account
    change committing meanwhile is either waited for (and then seen) or waits for this."""
    guard = ""
    params: tuple[str, ...] = ()
    if seen is not None:
        same_roles, lock = (("roles::jsonb = ?::jsonb", " FOR SHARE") if kind == "postgres"
                            else ("json(roles) = json(?)", ""))
        guard = ("WHERE EXISTS (SELECT 1 FROM users WHERE name = ? AND disabled = 0 "
                 f"AND password_hash = ? AND {same_roles}{lock})")
        params = (user, seen[0], json.dumps(list(seen[1])))
    return (
        'INSERT INTO sessions (token_hash, "user", expires_at, id, created_at) '
        f"SELECT ?, ?, ?, ?, ? {guard}",
        (token_hash, user, expires_at, session_id, now(), *params),
    )


def session_of_token(
    conn: Conn, token_hash: str, at: str
) -> tuple[str, str] | None:
    """``(user, session id)`` for a valid token, else ``None``."""
    row = conn.execute(
        'SELECT "user", id FROM sessions WHERE token_hash = ? AND expires_at > ?', (token_hash, at)
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def sessions_of(conn: Conn, user: str, at: str) -> list[tuple[str, SessionRow]]:
    """``(token hash, session)`` for each of ``user``'s valid sessions, oldest first."""
    rows = conn.execute(
        "SELECT token_hash, id, created_at, expires_at FROM sessions "
        'WHERE "user" = ? AND expires_at > ? ORDER BY created_at, id',
        (user, at),
    ).fetchall()
    return [(str(h), SessionRow(str(i), str(c or ""), str(e))) for h, i, c, e in rows]


def end_session(conn: Conn, user: str, session_id: str, why: str) -> str | None:
    """Delete ``user``'s session ``session_id`` (audited); its token hash, or ``None``."""
    row = conn.execute(
        'SELECT token_hash FROM sessions WHERE "user" = ? AND id = ?', (user, session_id)
    ).fetchone()
    if row is None:
        return None
    conn.execute("DELETE FROM sessions WHERE token_hash = ?", (row[0],))
    conn.execute(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        (now(), user, why, user, session_id),
    )
    return str(row[0])
