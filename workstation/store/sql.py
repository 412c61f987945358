"""The connection a store module's SQL runs on, whichever database is underneath.

A store module (``workstation/store/accounts.py``, a feature's ``*_store.py``) writes its SQL
once, with SQLite's ``?`` placeholders, and runs it on a :class:`Sql`: a ``sqlite3.Connection``
in the hub's database thread, or on PostgreSQL a
:class:`~workstation.store.postgres_store.QmarkConnection` (``?`` turned into ``%s``,
``dialect = "postgres"``). Where the two databases differ, the module asks :func:`dialect`.
Portable forms that both accept: ``INSERT … ON CONFLICT (…) DO NOTHING`` (not ``INSERT OR
IGNORE``), ``COALESCE``, times as ISO-8601 text compared as text, no ``rowid``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, Protocol


class Rows(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Sql(Protocol):
    """What a store module needs of a connection: ``execute`` with ``?`` placeholders."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Rows: ...


Conn = sqlite3.Connection | Sql


def dialect(conn: Conn) -> str:
    """``"sqlite"`` or ``"postgres"``."""
    return str(getattr(conn, "dialect", "sqlite"))
