"""The hub database's one list of migrations, on real SQLite files.

``tests/data/hub-v1.sql`` is a database made by the hub as it was before the list existed
(schema 1, every feature's table made by the feature itself), dumped with ``iterdump``.
"""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest

from workstation.store import migrations, open_store
from workstation.store.migrations import LATEST, MIGRATIONS, Migration, NewerSchema
from workstation.store.postgres_store import PostgresStore, migrate_postgres
from workstation.store.schema import connect

TODAY = Path(__file__).parents[1] / "data" / "hub-v1.sql"

#: Every table the hub uses; a new migration's table belongs here too.
EXPECTED = {
    "users", "conversations", "events", "sessions", "audit", "settings", "user_changes",
    "request_answers", "desk_calls", "desk_sms_threads", "replays", "replay_annotations",
    "replay_sources", "practice_attempts", "desk_capacity", "desk_summaries", "desk_canned",
    "reports", "report_versions", "report_reminders", "time_policies", "hub_health",
    "contact_stats", "callback_requests", "sms_outbox", "sms_meta", "sms_inbound_seen",
    "sms_kannel_numbers", "desk_email_threads", "desk_email_ids", "care_identifiers",
    "care_blocks", "care_block_attempts", "care_settings", "email_outbox",
    "email_meta", "return_codes", "care_staff", "care_debriefs", "shifts", "outbox_leases",
    "staff_presence", "call_commands", "hubs",
}


def shape(path: Path) -> dict[str, Any]:
    """Tables with their columns, indexes and triggers by name; the version."""
    with closing(sqlite3.connect(path)) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )]
        return {
            "tables": {t: [(c[1], c[2].upper(), c[3], c[5]) for c in columns(conn, t)]
                       for t in tables},
            "others": sorted(conn.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger') "
                "AND name NOT LIKE 'sqlite_autoindex%'"
            ).fetchall()),
            "version": conn.execute("PRAGMA user_version").fetchone()[0],
        }


def columns(conn: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    return conn.execute(f"PRAGMA table_info({table})").fetchall()


def rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with closing(sqlite3.connect(path)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def todays_database(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(TODAY.read_text(encoding="utf-8"))
    return path


def fresh(path: Path) -> Path:
    open_store(path).close_blocking()
    return path


def test_the_list_is_numbered_one_by_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST + 1))


def test_a_fresh_database_gets_every_table(tmp_path: Path) -> None:
    made = shape(fresh(tmp_path / "hub.sqlite3"))
    assert set(made["tables"]) - {"sqlite_sequence"} == EXPECTED
    assert made["version"] == LATEST


def test_a_database_made_by_todays_hub_keeps_its_rows(tmp_path: Path) -> None:
    path = todays_database(tmp_path / "hub.sqlite3")
    before = rows(path)
    widths = {t: len(cols) for t, cols in shape(path)["tables"].items()}
    assert shape(path)["version"] == 1
    assert len(before["events"]) == 3 and len(before["users"]) == 7
    open_store(path).close_blocking()
    after = rows(path)
    # Every row keeps its values (columns added since, NULL in the old rows, left out).
    assert {t: [r[:widths.get(t, len(r))] for r in after[t]] for t in before} == before
    assert shape(path)["version"] == LATEST
    # The same tables, columns, indexes and triggers as a database made fresh.
    assert shape(path) == shape(fresh(tmp_path / "fresh.sqlite3"))
    assert (tmp_path / "hub.sqlite3.v1.bak").exists(), "a backup before upgrading"


def test_the_store_works_on_a_migrated_database(tmp_path: Path) -> None:
    store = open_store(todays_database(tmp_path / "hub.sqlite3"))
    try:
        user = store.get_user("kari")
        assert user is not None and user.roles == ("counsellor",) and not user.disabled
        assert [c.id for c in store.open_conversations()] == ["c-1"]
    finally:
        store.close_blocking()


@pytest.mark.parametrize("version", range(LATEST))
def test_every_earlier_version_reaches_the_latest_shape(tmp_path: Path, version: int) -> None:
    path = tmp_path / "hub.sqlite3"
    with closing(connect(path)) as conn:
        assert migrations.migrate_sqlite(conn, path, target=version) == version
    assert shape(path)["version"] == version
    open_store(path).close_blocking()
    assert shape(path) == shape(fresh(tmp_path / "fresh.sqlite3"))


def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    path = todays_database(tmp_path / "hub.sqlite3")
    open_store(path).close_blocking()
    (tmp_path / "hub.sqlite3.v1.bak").unlink()
    once, once_rows = shape(path), rows(path)
    open_store(path).close_blocking()
    assert (shape(path), rows(path)) == (once, once_rows)
    assert not list(tmp_path.glob("*.bak")), "nothing to upgrade: no backup"


def test_a_database_from_a_newer_hub_is_refused(tmp_path: Path) -> None:
    path = fresh(tmp_path / "hub.sqlite3")
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA user_version={LATEST + 1}")
    with pytest.raises(NewerSchema) as refused:
        open_store(path)
    assert str(refused.value) == (
        f"The database hub.sqlite3 was written by a newer hub (schema {LATEST + 1}; this hub "
        f"knows {LATEST}). Upgrade the hub before using it."
    )
    assert shape(path)["version"] == LATEST + 1, "left as it was"


def test_a_failing_migration_leaves_the_last_whole_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = fresh(tmp_path / "hub.sqlite3")
    broken = Migration(LATEST + 1, "half", ("CREATE TABLE half (id TEXT)", "SELECT * FROM nowhere"))
    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, broken))
    with closing(connect(path)) as conn, pytest.raises(sqlite3.OperationalError):
        migrations.migrate_sqlite(conn, path, target=LATEST + 1)
    made = shape(path)
    assert made["version"] == LATEST and "half" not in made["tables"]


# --- PostgreSQL: the same list, every step written for PostgreSQL too ----------------------


def pg_tables(dsn: str) -> set[str]:
    with psycopg.connect(dsn) as conn:
        return {r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )}


def pg_version(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        assert row is not None
        return int(row[0])


def test_postgresql_gets_the_event_log_and_the_latest_version(postgres_dsn: str) -> None:
    PostgresStore(postgres_dsn).close_blocking()
    assert {"users", "conversations", "events", "sessions", "audit", "settings",
            "user_changes", "request_answers", "schema_version"} <= pg_tables(postgres_dsn)
    assert pg_version(postgres_dsn) == LATEST
    before = pg_tables(postgres_dsn)
    PostgresStore(postgres_dsn).close_blocking()  # twice: nothing to do
    assert (pg_tables(postgres_dsn), pg_version(postgres_dsn)) == (before, LATEST)


def test_two_hubs_migrating_one_postgresql_at_once_take_turns(postgres_dsn: str) -> None:
    with ThreadPoolExecutor(2) as pool:
        stores = list(pool.map(lambda _: PostgresStore(postgres_dsn), range(2)))
    for store in stores:
        store.close_blocking()
    assert pg_version(postgres_dsn) == LATEST


def test_a_postgresql_database_from_a_newer_hub_is_refused(postgres_dsn: str) -> None:
    PostgresStore(postgres_dsn).close_blocking()
    with psycopg.connect(postgres_dsn) as conn:
        conn.execute("UPDATE schema_version SET version = %s", (LATEST + 1,))
    newer = rf"written by a newer hub \(schema {LATEST + 1}; this hub knows"
    with pytest.raises(NewerSchema, match=newer):
        PostgresStore(postgres_dsn)


# --- PostgreSQL and SQLite make the same database ------------------------------------------

#: SQLite's declared type -> what PostgreSQL may call the column made for it.
PG_TYPES = {"TEXT": {"text"}, "INTEGER": {"integer", "bigint"}, "BLOB": {"bytea"}}


def sqlite_catalog(path: Path) -> dict[str, Any]:
    made = shape(path)
    return {
        "columns": {t: {(c[0], c[1]) for c in cols}
                    for t, cols in made["tables"].items() if t != "sqlite_sequence"},
        "indexes": {n for kind, n in made["others"] if kind == "index"},
        "triggers": {n for kind, n in made["others"] if kind == "trigger"},
    }


def pg_catalog(dsn: str) -> dict[str, Any]:
    with psycopg.connect(dsn) as conn:
        columns: dict[str, set[tuple[str, str]]] = {}
        for table, column, kind in conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name != 'schema_version'"
        ):
            columns.setdefault(table, set()).add((column, kind))
        indexes = {r[0] for r in conn.execute(
            # Indexes made by CREATE INDEX, not those behind a PRIMARY KEY or UNIQUE column.
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = 'public' "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
        )}
        triggers = {r[0] for r in conn.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
        )}
    return {"columns": columns, "indexes": indexes, "triggers": triggers}


def test_postgresql_makes_the_same_tables_columns_indexes_and_triggers(
    tmp_path: Path, postgres_dsn: str
) -> None:
    lite = sqlite_catalog(fresh(tmp_path / "hub.sqlite3"))
    PostgresStore(postgres_dsn).close_blocking()
    pg = pg_catalog(postgres_dsn)
    assert set(pg["columns"]) == set(lite["columns"]) == EXPECTED
    for table, cols in lite["columns"].items():
        assert {c for c, _ in pg["columns"][table]} == {c for c, _ in cols}, table
        pg_kinds = dict(pg["columns"][table])
        for column, kind in cols:
            assert pg_kinds[column] in PG_TYPES[kind], (table, column, kind, pg_kinds[column])
    assert pg["indexes"] == lite["indexes"]
    assert pg["triggers"] == lite["triggers"]
    assert pg_version(postgres_dsn) == LATEST


class Db:
    """One connection to either database; ``?`` placeholders on both."""

    def __init__(self, kind: str, where: str) -> None:
        self.kind = kind
        self.conn: Any = (sqlite3.connect(where, isolation_level=None) if kind == "sqlite"
                          else psycopg.connect(where, autocommit=True))

    def execute(self, sql: str, *params: Any) -> None:
        self.conn.execute(sql if self.kind == "sqlite" else sql.replace("?", "%s"), params)


@pytest.fixture(params=["sqlite", "postgres"])
def made(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "sqlite":
        path = fresh(tmp_path / "hub.sqlite3")
        db = Db("sqlite", str(path))
    else:
        dsn = request.getfixturevalue("postgres_dsn")
        PostgresStore(dsn).close_blocking()
        db = Db("postgres", dsn)
    yield db
    db.conn.close()


REPORT = ("INSERT INTO reports (id, conversation, author, status, version, template, title, "
          "created_at, updated_at) VALUES (?, 'c-1', 'kari', ?, 1, 't', 'x', 'now', 'now')")
VERSION = ("INSERT INTO report_versions (report, version, author, template, data, "
           "submitted_at, request, status) VALUES (?, ?, 'kari', 't', '{}', 'now', 'r', ?)")


def test_every_report_guard_refuses_on_both(made: Db) -> None:
    refused = (sqlite3.IntegrityError, psycopg.errors.IntegrityConstraintViolation)
    made.execute(REPORT, "draft", "submitted")
    made.execute(VERSION, "draft", 1, "approved")
    # What is not final may change: the guards refuse only what they should.
    made.execute("UPDATE reports SET title = 'y' WHERE id = 'draft'")
    made.execute(VERSION, "draft", 2, "submitted")
    made.execute("UPDATE report_versions SET comment = 'ok' WHERE version = 2")
    with pytest.raises(refused, match="an approved version cannot change"):
        made.execute("UPDATE report_versions SET comment = 'no' WHERE version = 1")
    made.execute(REPORT, "done", "final")
    with pytest.raises(refused, match="a final report cannot change"):
        made.execute("UPDATE reports SET title = 'y' WHERE id = 'done'")
    with pytest.raises(refused, match="a final report cannot be deleted"):
        made.execute("DELETE FROM reports WHERE id = 'done'")
    with pytest.raises(refused, match="a final report gets no new versions"):
        made.execute(VERSION, "done", 1, "submitted")
    made.execute("DELETE FROM report_versions WHERE report = 'draft'")
    made.execute("DELETE FROM reports WHERE id = 'draft'")


@pytest.mark.parametrize("version", range(1, LATEST))
def test_every_earlier_postgresql_version_reaches_the_latest_shape(
    tmp_path: Path, postgres_dsn: str, version: int
) -> None:
    with psycopg.connect(postgres_dsn, autocommit=True) as conn:
        assert migrate_postgres(conn, target=version) == version
    assert pg_version(postgres_dsn) == version
    PostgresStore(postgres_dsn).close_blocking()
    assert pg_version(postgres_dsn) == LATEST
    made = pg_catalog(postgres_dsn)
    assert {t: {c for c, _ in cols} for t, cols in made["columns"].items()} == {
        t: {c for c, _ in cols}
        for t, cols in sqlite_catalog(fresh(tmp_path / "hub.sqlite3"))["columns"].items()
    }
