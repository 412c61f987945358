"""Opening the hub database; its tables and versions are in :mod:`workstation.store.migrations`."""

import os
import sqlite3
from pathlib import Path

from workstation.store.migrations import LATEST, migrate_sqlite

#: The version of a database every migration ran on.
SCHEMA_VERSION = LATEST


def make_private(path: Path) -> None:
    """The database and its ``-wal`` and ``-shm`` files readable by this user only (0600),
    a folder created for it 0700: it holds conversations in clear text. The file is created
    0600 before SQLite opens it, and SQLite gives ``-wal`` and ``-shm`` the database file's
    mode; files made earlier under a looser umask are tightened here."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if file.exists() and file.stat().st_mode & 0o077:
            os.chmod(file, 0o600)


def connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode with full sync: a committed event survives a killed process;
    with ``secure_delete``, what is deleted is overwritten (docs/privacy.md)."""
    make_private(path)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    # Deleted rows are overwritten with zeros: a purged transcript leaves no words behind.
    conn.execute("PRAGMA secure_delete=ON")
    return conn


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Create or upgrade the schema (:mod:`workstation.store.migrations`); a backup is taken
    before upgrading an existing database, and one from a newer hub is refused."""
    migrate_sqlite(conn, path)
