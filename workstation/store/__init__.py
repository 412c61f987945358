"""Persistence: the hub's event log on SQLite (an interface PostgreSQL can take over later)."""

from pathlib import Path

from workstation.store import accounts
from workstation.store.records import AppendResult, UserRecord
from workstation.store.sqlite_store import SqliteStore

Store = SqliteStore


def open_store(path: Path | str) -> SqliteStore:
    """Open (creating or migrating) the hub database at ``path``."""
    return SqliteStore(Path(path))


__all__ = ["AppendResult", "accounts", "Store", "SqliteStore", "UserRecord", "open_store"]
