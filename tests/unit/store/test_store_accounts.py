"""Accounts in the store: an older database gains the new columns, and each change is one
transaction with its audit entry, its ``user_changes`` row and the revoked sessions."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from workstation.store import accounts, open_store


def test_a_database_from_before_accounts_is_upgraded_and_its_old_sessions_end(
    tmp_path: Path,
) -> None:
    db = tmp_path / "old.sqlite3"
    with closing(sqlite3.connect(db)) as conn:  # the shape of schema 1 before this change
        conn.executescript(
            "CREATE TABLE users (name TEXT PRIMARY KEY, display_name TEXT, roles TEXT,"
            " password_hash TEXT, created_at TEXT);"
            "CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user TEXT, expires_at TEXT);"
            "CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT, actor TEXT, action TEXT,"
            " target TEXT, detail TEXT);"
            "INSERT INTO users VALUES ('kari', 'Kari', '[\"counsellor\"]', 'x', '2026');"
            "INSERT INTO sessions VALUES ('h', 'kari', '2999-01-01T00:00:00Z');"
            "PRAGMA user_version = 1;"
        )
    store = open_store(db)
    user = store.get_user("kari")
    assert user is not None and not user.disabled
    conn = store.connection
    assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
    store.close_blocking()


def test_a_change_revokes_sessions_and_is_audited_in_one_transaction(tmp_path: Path) -> None:
    store = open_store(tmp_path / "hub.sqlite3")
    store.add_user("kari", "blåbær trikk vindu 7", ["counsellor"], "Kari", actor="cli:ops")
    conn = store.connection
    accounts.save_session(conn, "hash1", "kari", "2999-01-01T00:00:00Z", "s1")
    accounts.save_session(conn, "hash2", "kari", "2000-01-01T00:00:00Z", "s2")
    assert accounts.live_tokens(conn, accounts.now()) == {"hash1"}
    with accounts.transaction(conn):
        assert accounts.set_roles(conn, "cli:ops", "kari", ["shift_lead", "counsellor"]) == 2
    assert accounts.live_tokens(conn, accounts.now()) == set()
    user = store.get_user("kari")
    assert user is not None and user.roles == ("counsellor", "shift_lead")
    assert [c for _, _, c in accounts.changes_after(conn, 0)] == ["added", "roles"]
    audit = conn.execute("SELECT actor, action, target, detail FROM audit ORDER BY id").fetchall()
    assert audit == [("cli:ops", "user_added", "kari", "counsellor"),
                     ("cli:ops", "user_roles", "kari", "counsellor,shift_lead")]
    try:
        with accounts.transaction(conn):
            accounts.set_disabled(conn, "cli:ops", "kari", True)
            raise RuntimeError("the operator's command failed half-way")
    except RuntimeError:
        pass
    user = store.get_user("kari")
    assert user is not None and not user.disabled  # nothing of it was kept
    assert len(accounts.changes_after(conn, 0)) == 2
    store.close_blocking()
