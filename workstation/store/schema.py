"""The hub database's tables, versioned in ``PRAGMA user_version``."""

import os
import shutil
import sqlite3
from pathlib import Path

import sqlite_utils

SCHEMA_VERSION = 1


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
    """Create or upgrade the schema; a backup is taken before upgrading an existing database."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"The database {path.name} was written by a newer hub (schema {version}); "
            "upgrade the hub before using it."
        )
    if version > 0 and path.exists():
        shutil.copy2(path, path.with_suffix(path.suffix + f".v{version}.bak"))
    db = sqlite_utils.Database(conn)
    if version < 1:
        _create_v1(db)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _create_v1(db: sqlite_utils.Database) -> None:
    db.table("users").create(
        {"name": str, "display_name": str, "roles": str, "password_hash": str, "created_at": str},
        pk="name",
        if_not_exists=True,
    )
    db.table("conversations").create(
        {
            "id": str,
            "channel": str,
            "lang": str,
            "created_at": str,
            "status": str,
            "assigned_user": str,
            "assigned_at": str,
            "closed_at": str,
            "token_hash": str,
            "flags": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db.table("conversations").create_index(["token_hash"], unique=True, if_not_exists=True)
    db.table("conversations").create_index(["status"], if_not_exists=True)
    db.table("events").create(
        {
            "conversation": str,
            "seq": int,
            "at": str,
            "kind": str,
            "sender": str,
            "client_id": str,
            "data": str,
        },
        pk=("conversation", "seq"),
        foreign_keys=[("conversation", "conversations", "id")],
        if_not_exists=True,
    )
    db.table("events").create_index(
        ["conversation", "sender", "client_id"], unique=True, if_not_exists=True
    )
    db.table("sessions").create(
        {"token_hash": str, "user": str, "expires_at": str},
        pk="token_hash",
        if_not_exists=True,
    )
    db.table("audit").create(
        {"id": int, "at": str, "actor": str, "action": str, "target": str, "detail": str},
        pk="id",
        if_not_exists=True,
    )
    db.table("settings").create({"key": str, "value": str}, pk="key", if_not_exists=True)
