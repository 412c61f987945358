"""``workstation-hub migrate --db PATH|postgresql://…``: bring a database to this hub's schema.

Applies the migrations the database lacks (``workstation/store/migrations.py``), each in its
own transaction, and says from which version to which. A database written by a newer hub is
refused and left as it is. Exit codes: 0 done (or nothing to do), 1 a migration failed (the
database stays at the last whole step), 2 refused (no such file, no connection, newer schema).
A SQLite file must exist (``serve`` and ``user add`` create one); a PostgreSQL database is
created by its administrator and may be empty (schema 0).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg

from workstation.hub.cli_errors import CliError
from workstation.store import is_postgres
from workstation.store.migrations import LATEST, NewerSchema, migrate_sqlite
from workstation.store.schema import connect


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    migrate = commands.add_parser(
        "migrate", help="apply the schema migrations this hub knows to a database "
        "(SQLite file or postgresql://…), saying from which version to which")
    migrate.add_argument("--db", help="the hub's database: a path, or postgresql://USER@HOST:"
                         "PORT/NAME (default: $WORKSTATION_HUB_DB)")


def run(args: argparse.Namespace) -> int:
    from workstation.hub.cli import store_address  # cli imports this module

    where = store_address(args.db)
    if is_postgres(where):
        return _postgres(str(where))
    return _sqlite(Path(where))


def _sqlite(path: Path) -> int:
    if not path.exists():
        raise CliError(f"There is no database at {path}; nothing was created "
                       "(`workstation-hub serve` or `user add` makes one).")
    with closing(connect(path)) as conn:
        before = _sqlite_version(conn)
        try:
            after = migrate_sqlite(conn, path)
        except NewerSchema as exc:
            raise CliError(str(exc)) from None
        except sqlite3.Error as exc:
            return _failed(str(path), _sqlite_version(conn), exc)
    backup = (f"; the file as it was is at {path.name}.v{before}.bak"
              if after > before and before > 0 else "")
    _said(str(path), before, after, backup)
    return 0


def _sqlite_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _postgres(dsn: str) -> int:
    from workstation.store.postgres_store import migrate_postgres, where_is

    name = where_is(dsn)
    try:
        conn = psycopg.connect(dsn, autocommit=True)
    except psycopg.OperationalError as exc:
        raise CliError(f"Could not connect to the PostgreSQL database {name}: "
                       f"{str(exc).strip().splitlines()[0]}") from None
    with conn:
        before = _postgres_version(conn)
        try:
            after = migrate_postgres(conn)
        except NewerSchema:
            raise CliError(
                f"The database {name} was written by a newer hub (schema {before}; this hub "
                f"knows {LATEST}). Upgrade the hub before using it."
            ) from None
        except psycopg.Error as exc:
            return _failed(name, _postgres_version(conn), exc)
    _said(name, before, after, "")
    return 0


def _postgres_version(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    found = conn.execute("SELECT version FROM schema_version").fetchone()
    return int(found[0]) if found else 0


def _said(name: str, before: int, after: int, backup: str) -> None:
    if after == before:
        print(f"{name}: schema {after}, already this hub's; nothing to do")
    else:
        print(f"{name}: schema {before} → {after} ({after - before} migration(s) applied"
              f"{backup})")


def _failed(name: str, reached: int, exc: Exception) -> int:
    print(f"{name}: a migration failed ({type(exc).__name__}: {exc}); the database stays at "
          f"schema {reached}, the last whole step. Nothing after it was applied.",
          file=sys.stderr)
    return 1
