"""``workstation-hub migrate`` and ``user …`` on both databases, as an operator runs them
(a real process; PostgreSQL: the tests' real server)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import psycopg
import pytest

from workstation.hub import cli
from workstation.hub.keys import KEY_FILE_ENV
from workstation.store import migrations
from workstation.store import postgres_store as pg_module
from workstation.store.migrations import LATEST, MIGRATIONS, Migration
from workstation.store.postgres_store import migrate_postgres
from workstation.store.schema import connect

HUB = [sys.executable, "-m", "workstation.hub.cli"]
PASSWORD = "blåbær trikk vindu 7"


def hub(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HUB, *args], input=stdin, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of either kind (SQLite: the file exists, at schema 0)."""
    if request.param == "sqlite":
        path = tmp_path / "hub.sqlite3"
        connect(path).close()
        return str(path)
    dsn: str = request.getfixturevalue("postgres_dsn")
    return dsn


def migrate_to(db: str, version: int) -> None:
    if db.startswith("postgresql://"):
        with psycopg.connect(db, autocommit=True) as conn:
            migrate_postgres(conn, target=version)
    else:
        with closing(connect(Path(db))) as conn:
            migrations.migrate_sqlite(conn, Path(db), target=version)


def version_of(db: str) -> int:
    if db.startswith("postgresql://"):
        with psycopg.connect(db) as conn:
            row = conn.execute("SELECT version FROM schema_version").fetchone()
            return int(row[0]) if row else 0
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def set_version(db: str, version: int) -> None:
    if db.startswith("postgresql://"):
        with psycopg.connect(db) as conn:
            conn.execute("UPDATE schema_version SET version = %s", (version,))
    else:
        with closing(sqlite3.connect(db)) as conn:
            conn.execute(f"PRAGMA user_version={version}")


def test_migrate_says_from_which_version_to_which(db: str) -> None:
    migrate_to(db, 3)
    done = hub("migrate", "--db", db)
    assert done.returncode == 0, done.stderr
    assert f": schema 3 → {LATEST} ({LATEST - 3} migration(s) applied" in done.stdout
    assert "@" not in done.stdout, "the address is shown without the user (or a password)"
    assert version_of(db) == LATEST
    if not db.startswith("postgresql://"):
        assert "the file as it was is at hub.sqlite3.v3.bak" in done.stdout
        assert Path(db + ".v3.bak").exists()
    again = hub("migrate", "--db", db)
    assert again.returncode == 0, again.stderr
    assert f": schema {LATEST}, already this hub's; nothing to do" in again.stdout


def test_migrate_refuses_a_database_from_a_newer_hub(db: str) -> None:
    migrate_to(db, LATEST)
    set_version(db, LATEST + 1)
    refused = hub("migrate", "--db", db)
    assert refused.returncode == 2
    assert (f"was written by a newer hub (schema {LATEST + 1}; this hub knows {LATEST}). "
            "Upgrade the hub before using it.") in refused.stderr
    assert version_of(db) == LATEST + 1, "left as it was"


def test_migrate_an_empty_postgresql_database_and_refuse_a_missing_sqlite_file(
    postgres_dsn: str, tmp_path: Path
) -> None:
    done = hub("migrate", "--db", postgres_dsn)
    assert done.returncode == 0, done.stderr
    assert f"schema 0 → {LATEST}" in done.stdout
    missing = hub("migrate", "--db", str(tmp_path / "typo.sqlite3"))
    assert missing.returncode == 2
    assert "There is no database at" in missing.stderr and "nothing was created" in missing.stderr
    assert not (tmp_path / "typo.sqlite3").exists()


def test_migrate_without_a_server_says_so_without_the_password() -> None:
    with closing(__import__("socket").socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here
    failed = hub("migrate", "--db", f"postgresql://hub:hemmelig@127.0.0.1:{port}/hub")
    assert failed.returncode == 2
    assert f"Could not connect to the PostgreSQL database postgresql://127.0.0.1:{port}/hub" \
        in failed.stderr
    assert "hemmelig" not in failed.stderr + failed.stdout


def test_a_failing_migration_exits_1_and_stays_at_the_last_whole_step(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    migrate_to(db, LATEST)
    broken = Migration(LATEST + 1, "half", ("CREATE TABLE half (id TEXT)", "SELECT * FROM nowhere"),
                       ("CREATE TABLE half (id TEXT)", "SELECT * FROM nowhere"))
    for module in (migrations, pg_module):
        monkeypatch.setattr(module, "MIGRATIONS", (*MIGRATIONS, broken))
        monkeypatch.setattr(module, "LATEST", LATEST + 1)
    assert cli.main(["migrate", "--db", db]) == 1
    said = capsys.readouterr().err
    assert "a migration failed" in said and f"stays at schema {LATEST}" in said
    assert version_of(db) == LATEST


def test_every_user_command_works_on_both(db: str) -> None:
    added = hub("user", "add", "kari", "--role", "counsellor", "--display-name", "Kari",
                "--db", db, stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert "user kari saved in" in added.stdout and "hemmelig" not in added.stdout
    assert version_of(db) == LATEST, "the store migrates on opening"
    listed = hub("user", "list", "--db", db)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == ["kari", "active", "0", "session(s)", "counsellor", "(Kari)"]
    steps = [
        (("user", "roles", "kari", "--role", "supervisor", "--role", "counsellor"),
         "user kari now has the roles counsellor, supervisor"),
        (("user", "passwd", "kari"), "user kari has a new password"),
        (("user", "disable", "kari"), "user kari disabled"),
        (("user", "enable", "kari"), "user kari enabled"),
        (("user", "remove", "kari"), "user kari removed"),
    ]
    for argv, said in steps:
        done = hub(*argv, "--db", db, stdin="ny lang setning 42\n")
        assert done.returncode == 0, (argv, done.stderr)
        assert done.stdout.strip() == said
    assert hub("user", "list", "--db", db).stdout.strip() == "no users"
    unknown = hub("user", "disable", "nobody", "--db", db)
    assert unknown.returncode == 2
    assert "There is no user named nobody in" in unknown.stderr
    assert "nothing was changed" in unknown.stderr
    if db.startswith("postgresql://"):
        with psycopg.connect(db) as conn:
            actions = [r[0] for r in conn.execute("SELECT action FROM audit ORDER BY id")]
    else:
        with closing(sqlite3.connect(db)) as lite:
            actions = [r[0] for r in lite.execute("SELECT action FROM audit ORDER BY id")]
    assert actions == ["user_added", "user_roles", "user_password", "user_disabled",
                       "user_enabled", "user_removed"]


def test_backup_and_check_name_postgresqls_own_tools(tmp_path: Path) -> None:
    for command in (["backup", "--to", str(tmp_path / "copy.sqlite3")], ["check"]):
        refused = hub(*command, "--db", "postgresql://hub@127.0.0.1:1/hub")
        assert refused.returncode == 2, refused.stderr
        assert "pg_dump or pg_basebackup" in refused.stderr


def test_serve_on_postgresql_needs_the_key_file_named(postgres_dsn: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != KEY_FILE_ENV}
    refused = subprocess.run([*HUB, "serve", "--db", postgres_dsn, "--port", "0"], env=env,
                             capture_output=True, text=True, timeout=120, check=False)
    assert refused.returncode == 2, refused.stderr
    assert f"On PostgreSQL the hub's key file is named by {KEY_FILE_ENV}" in refused.stderr


def test_serve_without_a_postgresql_server_says_so_without_the_password(tmp_path: Path) -> None:
    refused = subprocess.run(
        [*HUB, "serve", "--db", "postgresql://hub:hemmelig@127.0.0.1:1/hub", "--port", "0"],
        env={**os.environ, KEY_FILE_ENV: str(tmp_path / "hub.key")},
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert refused.returncode == 2, refused.stderr
    assert "Could not open the PostgreSQL database postgresql://127.0.0.1:1/hub" in refused.stderr
    assert "hemmelig" not in refused.stderr
