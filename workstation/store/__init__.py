"""Persistence: the hub's database behind :class:`Store` (docs/store.md); SQLite by default,
PostgreSQL with a ``postgresql://`` address (:mod:`workstation.store.postgres_store`); the
hub serves from either (``open_database``)."""

from pathlib import Path

from workstation.store import accounts
from workstation.store.boundary import EventLog, HubStore, Store
from workstation.store.records import AppendResult, UserRecord
from workstation.store.sqlite_store import SqliteStore

#: How ``--db`` names a PostgreSQL database.
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_store(path: Path | str) -> SqliteStore:
    """Open (creating or migrating) the hub database at ``path``."""
    return SqliteStore(Path(path))


def is_postgres(where: Path | str) -> bool:
    return isinstance(where, str) and where.startswith(POSTGRES_SCHEMES)


def open_database(where: Path | str) -> HubStore:
    """Open (migrating) the store at ``where``: a ``postgresql://`` address or a SQLite file."""
    if is_postgres(where):
        from workstation.store.postgres_store import PostgresStore  # psycopg only when asked

        return PostgresStore(str(where))
    return open_store(where)


__all__ = [
    "AppendResult", "accounts", "EventLog", "HubStore", "Store", "SqliteStore", "UserRecord",
    "is_postgres", "open_database", "open_store",
]
