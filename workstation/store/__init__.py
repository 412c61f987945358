"""Persistence: the hub's database behind :class:`Store` (docs/store.md); SQLite by default,
the event log on PostgreSQL so far (:mod:`workstation.store.postgres_store`)."""

from pathlib import Path

from workstation.store import accounts
from workstation.store.boundary import EventLog, Store
from workstation.store.records import AppendResult, UserRecord
from workstation.store.sqlite_store import SqliteStore


def open_store(path: Path | str) -> SqliteStore:
    """Open (creating or migrating) the hub database at ``path``."""
    return SqliteStore(Path(path))


__all__ = [
    "AppendResult", "accounts", "EventLog", "Store", "SqliteStore", "UserRecord", "open_store",
]
