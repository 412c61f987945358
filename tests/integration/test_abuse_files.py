"""The database holds conversations in clear text: only the hub's user may read it.

SQLite: the file, its ``-wal`` and ``-shm`` are 0600 and their folder 0700, also when an
older hub made them under a loose umask. PostgreSQL: another role that can log in to the
server reads no table of the hub's (nothing granted to PUBLIC, and what was granted earlier
is revoked at start); the key file beside it is 0600.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.support.hubs import table_names
from tests.support.postgres import PostgresServer
from tests.support.wire import Wire, ok
from workstation.hub.keys import KEY_FILE_ENV
from workstation.hub.server import serve_hub

OUTSIDER = "outsider"


@pytest.fixture
def loose_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # the usual umask: new files 0644
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def outsider_dsn(dsn: str) -> str:
    """``dsn`` as another role on the same server (made once, may log in, owns nothing)."""
    with psycopg.connect(dsn, autocommit=True) as conn:  # roles are the server's: once a run
        conn.execute(f"DO $$ BEGIN CREATE ROLE {OUTSIDER} LOGIN; "
                     "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    rest = dsn.split("://", 1)[1].split("@", 1)[1]
    return f"postgresql://{OUTSIDER}@{rest}"


def readable_by_outsider(dsn: str) -> list[str]:
    """The hub's tables another role can read a row of."""
    with psycopg.connect(dsn) as conn:
        tables = table_names(conn)
    assert "events" in tables and "conversations" in tables
    readable = []
    with psycopg.connect(outsider_dsn(dsn), autocommit=True) as other:
        for table in tables:
            try:
                other.execute(f'SELECT * FROM "{table}" LIMIT 1')  # noqa: S608
            except psycopg.errors.InsufficientPrivilege:
                continue
            readable.append(table)
    return readable


async def _write_something(db: Path | str) -> None:
    async with serve_hub(db) as hub, Wire.connect(hub.url, "/v1/contact") as contact:
        ok(await contact.request("open", channel="chat"))
        ok(await contact.request("send", text="Jeg heter Iben og bor i Bodø."))
        if isinstance(db, Path):
            files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
            assert all(file.exists() for file in files)
            assert [oct(mode(file)) for file in files] == [oct(0o600)] * 3
        else:
            assert readable_by_outsider(db) == []
            assert mode(Path(os.environ[KEY_FILE_ENV])) == 0o600


@pytest.mark.usefixtures("loose_umask")
async def test_a_new_database_and_its_folder_are_private(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if backend == "sqlite":
        db = tmp_path / "state" / "hub" / "hub.sqlite3"
        await _write_something(db)
        assert mode(db.parent) == 0o700
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    dsn = server.create_database()
    monkeypatch.setenv(KEY_FILE_ENV, str(tmp_path / "hub.key"))
    try:
        await _write_something(dsn)
    finally:
        server.drop_database(dsn)


@pytest.fixture
def readable_db(hub_db: Path | str, loose_umask: None) -> Path | str:
    """A database (and a stale ``-wal``) made by an older hub under the usual umask; on
    PostgreSQL, every table and sequence granted to PUBLIC by an operator's mistake."""
    if isinstance(hub_db, Path):
        os.chmod(hub_db, 0o644)
        Path(f"{hub_db}-wal").touch(0o644)
        return hub_db
    with psycopg.connect(hub_db, autocommit=True) as conn:
        conn.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC")
        conn.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO PUBLIC")
    assert "events" in readable_by_outsider(hub_db)  # the outsider reads it now
    return hub_db


async def test_a_database_made_world_readable_earlier_is_tightened(
    readable_db: Path | str,
) -> None:
    await _write_something(readable_db)
