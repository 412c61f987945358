"""A fresh PostgreSQL database for each store test that asks (the server: tests/conftest.py),
and the channel stores' databases with the hub's schema, copied from one migrated per run."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.store.channel_db import db  # noqa: F401  (the channel stores' two databases)
from tests.support.hubs import copy_postgres_database, drop_later
from tests.support.postgres import PostgresServer
from workstation.store.migrations import migrate_sqlite
from workstation.store.postgres_store import migrate_postgres


@pytest.fixture
def postgres_dsn(postgres_server: PostgresServer) -> Iterator[str]:
    dsn = postgres_server.create_database()
    yield dsn
    postgres_server.drop_database(dsn)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with every migration run, once per run (tests/store/test_migrations.py
    tests the migrations themselves, from empty databases)."""
    path = tmp_path_factory.mktemp("schema") / "hub.sqlite3"
    with sqlite3.connect(path, isolation_level=None) as conn:
        migrate_sqlite(conn, path)
    conn.close()
    return path


@pytest.fixture
def migrated_sqlite_path(migrated_sqlite: Path, tmp_path: Path) -> Path:
    """A copy of :func:`migrated_sqlite` for one test."""
    return Path(shutil.copyfile(migrated_sqlite, tmp_path / "hub.sqlite3"))


@pytest.fixture(scope="session")
def migrated_postgres(postgres_server: PostgresServer) -> str:
    """A PostgreSQL database with every migration run (and no users), once per run."""
    dsn = postgres_server.create_database()
    with psycopg.connect(dsn, autocommit=True) as pg:
        migrate_postgres(pg)
    return dsn


@pytest.fixture
def migrated_postgres_dsn(
    postgres_server: PostgresServer, migrated_postgres: str
) -> Iterator[str]:
    """A copy of :func:`migrated_postgres` for one test (``CREATE DATABASE … TEMPLATE``)."""
    dsn = copy_postgres_database(postgres_server, migrated_postgres)
    yield dsn
    drop_later(postgres_server, dsn)
