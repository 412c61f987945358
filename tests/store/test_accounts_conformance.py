"""Accounts on both stores: SQLite (a file) and PostgreSQL (a real server), the same tests.

The promise (``Accounts`` in ``workstation/store/boundary.py``): each change commits with its
``user_changes`` row, its audit row and the sessions it ends, in one transaction; a sign-in's
session is written only if the account is unchanged since it was read. What is "written" is
read by a connection of the test's own.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.store.test_store_conformance import Target
from workstation.store import Store, accounts, open_database
from workstation.store.passwords import verify_password

PASSWORD = "blåbær trikk vindu 7"
LATER = "2999-01-01T00:00:00Z"


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Target:
    if request.param == "sqlite":
        return Target("sqlite", str(tmp_path / "hub.sqlite3"))
    return Target("postgres", request.getfixturevalue("postgres_dsn"))


@pytest.fixture
def store(target: Target) -> Iterator[Store]:
    opened = open_database(target.where if target.kind == "postgres" else Path(target.where))
    yield opened
    opened.close_blocking()


def written(target: Target) -> dict[str, Any]:
    return {
        "users": target.query("SELECT name, disabled, roles FROM users ORDER BY name"),
        "sessions": target.query('SELECT "user", id FROM sessions ORDER BY id'),
        "changes": target.query('SELECT "user", change FROM user_changes ORDER BY id'),
        "audit": target.query("SELECT actor, action, target, detail FROM audit ORDER BY id"),
    }


def sign_in(target: Target, user: str, session: str) -> None:
    """A session row as the hub writes it (the hub's own path is tested below)."""
    sql = ('INSERT INTO sessions (token_hash, "user", expires_at, id, created_at) '
           "VALUES (?, ?, ?, ?, ?)")
    params = (f"hash-{session}", user, LATER, session, "now")
    if target.kind == "sqlite":
        with closing(sqlite3.connect(target.where, isolation_level=None)) as conn:
            conn.execute(sql, params)
    else:
        with psycopg.connect(target.where, autocommit=True) as pg:
            pg.execute(sql.replace("?", "%s").encode(), params)


def test_users_are_added_listed_changed_and_removed_with_audit_rows(
    store: Store, target: Target
) -> None:
    store.add_user("kari", PASSWORD, ["counsellor"], "Kari", actor="cli:ops")
    store.add_user("ola", PASSWORD, ["shift_lead", "counsellor"], actor="cli:ops")
    sign_in(target, "kari", "s1")
    sign_in(target, "kari", "s2")
    assert store.list_users() == [
        accounts.AccountRow("kari", "Kari", ("counsellor",), False, 2),
        accounts.AccountRow("ola", "ola", ("counsellor", "shift_lead"), False, 0),
    ]
    assert store.change_user("kari", "disabled", "cli:ops") == 2
    kari = store.get_user("kari")
    assert kari is not None and kari.disabled
    assert written(target)["sessions"] == []
    assert store.change_user("kari", "enabled", "cli:ops") == 0
    sign_in(target, "kari", "s3")
    assert store.change_user("kari", "password", "cli:ops", "ny lang setning 42") == 1
    kari = store.get_user("kari")
    assert kari is not None and not kari.disabled
    assert verify_password(kari.password_hash, "ny lang setning 42")
    assert store.change_user("kari", "roles", "cli:ops", ["supervisor", "counsellor"]) == 0
    kari = store.get_user("kari")
    assert kari is not None and kari.roles == ("counsellor", "supervisor")
    sign_in(target, "kari", "s4")
    assert store.change_user("kari", "removed", "cli:ops") == 1
    assert store.get_user("kari") is None
    before = written(target)
    assert store.change_user("nobody", "disabled", "cli:ops") is None
    assert written(target) == before, "no such user: nothing written"
    assert before["changes"] == [
        ("kari", "added"), ("ola", "added"), ("kari", "disabled"), ("kari", "enabled"),
        ("kari", "password"), ("kari", "roles"), ("kari", "removed"),
    ]
    assert [a[1:] for a in before["audit"]] == [
        ("user_added", "kari", "counsellor"), ("user_added", "ola", "counsellor,shift_lead"),
        ("user_disabled", "kari", ""), ("user_enabled", "kari", ""),
        ("user_password", "kari", ""), ("user_roles", "kari", "counsellor,supervisor"),
        ("user_removed", "kari", ""),
    ]
    assert {a[0] for a in before["audit"]} == {"cli:ops"}
    assert before["users"] == [("ola", 0, '["counsellor", "shift_lead"]')]


@pytest.mark.parametrize("change", accounts.CHANGE_KINDS)
def test_a_change_whose_audit_row_fails_leaves_nothing(
    store: Store, target: Target, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    store.add_user("kari", PASSWORD, ["counsellor"], "Kari", actor="cli:ops")
    sign_in(target, "kari", "s1")
    before = written(target)
    record = accounts.record

    def audit_then_fail(conn: Any, *args: Any) -> None:
        record(conn, *args)
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(accounts, "record", audit_then_fail)
    value = {"password": "ny lang setning 42", "roles": ["supervisor"]}.get(change)
    with pytest.raises(RuntimeError):
        store.change_user("kari", change, "cli:ops", value)
    assert written(target) == before, "the change, its sessions and its audit row: all or none"
    assert store.get_user("kari") is not None


async def test_sign_in_writes_a_session_only_for_an_unchanged_account(
    store: Store, target: Target
) -> None:
    store.add_user("kari", PASSWORD, ["counsellor"], "Kari")
    store.attach(asyncio.get_running_loop())
    try:
        seen = await store.user("kari")
        assert seen is not None and seen.roles == ("counsellor",)
        assert await store.user("nobody") is None
        assert await store.save_session("hash-1", seen, LATER, "s1")
        assert await store.session_user("hash-1", "2026-12-05T00:00:00Z") == ("kari", "s1")
        assert await store.session_user("hash-1", "3000-01-01T00:00:00Z") is None, "expired"
        # A change committed after the password was checked: the sign-in writes nothing.
        await asyncio.to_thread(store.change_user, "kari", "roles", "cli:ops", ["supervisor"])
        assert await store.session_user("hash-1", "2026-12-05T00:00:00Z") is None
        assert not await store.save_session("hash-2", seen, LATER, "s2")
        fresh = await store.user("kari")
        assert fresh is not None and await store.save_session("hash-3", fresh, LATER, "s3")
        await asyncio.to_thread(store.change_user, "kari", "disabled", "cli:ops")
        disabled = await store.user("kari")
        assert disabled is not None and disabled.disabled
        assert not await store.save_session("hash-4", disabled, LATER, "s4")
        assert written(target)["sessions"] == []
    finally:
        await store.close()


async def test_postgresql_sign_in_waits_for_a_change_in_flight_and_then_sees_it(
    postgres_dsn: str,
) -> None:
    store = open_database(postgres_dsn)
    store.add_user("kari", PASSWORD, ["counsellor"], "Kari")
    store.attach(asyncio.get_running_loop())
    try:
        seen = await store.user("kari")
        assert seen is not None
        with psycopg.connect(postgres_dsn) as other:  # another hub's CLI, mid-transaction
            other.execute("UPDATE users SET roles = '[\"supervisor\"]' WHERE name = 'kari'")
            saving = asyncio.create_task(store.save_session("hash-1", seen, LATER, "s1"))
            with psycopg.connect(postgres_dsn, autocommit=True) as watch:
                while not watch.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query LIKE 'INSERT INTO sessions%%'"
                ).fetchone():
                    assert not saving.done(), "the sign-in did not wait for the change"
                    await asyncio.sleep(0.02)
            other.commit()
        assert await saving is False
        assert Target("postgres", postgres_dsn).query("SELECT id FROM sessions") == []
    finally:
        await store.close()
