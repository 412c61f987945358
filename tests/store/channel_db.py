"""The channel stores' conformance tests run on both databases through this.

``db`` is parametrised ``sqlite`` (a file) and ``postgres`` (a database on the test server),
each a copy of one with the hub's schema migrated once per run (tests/store/conftest.py);
``db.connect()`` gives a :class:`Handle`: the :class:`~workstation.store.sql.Sql` the store
modules take, and a transaction as the hub's writer would hold it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
import pytest

from workstation.store.postgres_store import QmarkConnection
from workstation.store.sql import Sql

#: What a statement on a table that is not there raises, on either database.
MISSING_TABLE = (sqlite3.OperationalError, psycopg.errors.UndefinedTable)


@dataclass
class Handle:
    """One connection of a test (autocommit; :meth:`transaction` groups statements)."""

    kind: str
    raw: Any
    sql: Sql = field(init=False)

    def __post_init__(self) -> None:
        self.sql = self.raw if self.kind == "sqlite" else QmarkConnection(self.raw)

    @contextmanager
    def transaction(self) -> Iterator[Sql]:
        if self.kind == "postgres":
            with self.raw.transaction():
                yield self.sql
            return
        self.raw.execute("BEGIN IMMEDIATE")
        try:
            yield self.sql
        except BaseException:
            self.raw.execute("ROLLBACK")
            raise
        self.raw.execute("COMMIT")

    def query(self, text: str, *params: Any) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.sql.execute(text, params).fetchall()]

    def close(self) -> None:
        self.raw.close()


@dataclass
class Db:
    kind: str
    where: str
    handles: list[Handle] = field(default_factory=list)

    def connect(self) -> Handle:
        if self.kind == "sqlite":
            raw: Any = sqlite3.connect(self.where, isolation_level=None, timeout=30,
                                       check_same_thread=False)
        else:
            raw = psycopg.connect(self.where, autocommit=True)
        handle = Handle(self.kind, raw)
        self.handles.append(handle)
        return handle

    def close(self) -> None:
        for handle in self.handles:
            handle.close()


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest) -> Iterator[Db]:
    """Either database with the hub's schema: a copy of one migrated once per run
    (tests/store/conftest.py)."""
    if request.param == "sqlite":
        made = Db("sqlite", str(request.getfixturevalue("migrated_sqlite_path")))
    else:
        made = Db("postgres", request.getfixturevalue("migrated_postgres_dsn"))
    try:
        yield made
    finally:
        made.close()


def add_conversation(conn: Sql, conv: str, channel: str, status: str = "queued",
                     created_at: str = "2026-12-05T03:00:00.000Z") -> None:
    conn.execute(
        "INSERT INTO conversations (id, channel, created_at, status, token_hash, flags) "
        "VALUES (?, ?, ?, ?, ?, '[]')",
        (conv, channel, created_at, status, "token-" + conv),
    )


def add_event(conn: Sql, conv: str, seq: int, kind: str, sender: str, data: str,
              at: str = "2999-01-01T00:00:00.000Z") -> None:
    conn.execute(
        "INSERT INTO events (conversation, seq, at, kind, sender, client_id, data) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (conv, seq, at, kind, sender, f"c{seq}", data),
    )
