"""The desk's local store: unsent text, notes and report drafts, encrypted at rest.

Each value is encrypted with Fernet (AES-128-CBC + HMAC, from ``cryptography``) under a key the
desk keeps in the OS keyring; the database file alone reveals only which conversation ids have
drafts and when they were saved. Writes are committed at once (WAL), so a draft survives the
desk being killed. Calls block: the desk runs them with ``asyncio.to_thread``.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from cryptography.fernet import Fernet, InvalidToken

from workstation.protocol.times import format_time, utc_now

SCHEMA_VERSION = 1


class DraftKeyMismatch(Exception):
    """The drafts were written under another key (a new keyring, another user)."""


def new_key() -> str:
    """A fresh key to keep in the keyring."""
    return Fernet.generate_key().decode()


@dataclass(frozen=True, slots=True)
class Draft:
    """Attributes: scope: the conversation id (or ``report:<id>``); kind: ``message``,
    ``note`` or ``report``; text: the unsent text; saved_at: wire time."""

    scope: str
    kind: str
    text: str
    saved_at: str


class DraftStore:
    def __init__(self, path: Path, key: str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fernet = Fernet(key.encode())
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._db = sqlite_utils.Database(self._conn)
        if self._conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            self._db.table("drafts").create(
                {"scope": str, "kind": str, "data": bytes, "saved_at": str},
                pk=("scope", "kind"),
                if_not_exists=True,
            )
            self._conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def save(self, scope: str, kind: str, text: str) -> None:
        """Store (or, for empty text, forget) the draft."""
        with self._lock:
            if not text:
                self._conn.execute(
                    "DELETE FROM drafts WHERE scope = ? AND kind = ?", (scope, kind)
                )
                return
            self._conn.execute(
                "INSERT OR REPLACE INTO drafts (scope, kind, data, saved_at) VALUES (?, ?, ?, ?)",
                (scope, kind, self._fernet.encrypt(text.encode()), format_time(utc_now())),
            )

    def load(self, scope: str, kind: str) -> str:
        with self._lock:
            row = self._conn.execute(
                "SELECT data FROM drafts WHERE scope = ? AND kind = ?", (scope, kind)
            ).fetchone()
        return "" if row is None else self._decrypt(row[0])

    def all(self) -> list[Draft]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT scope, kind, data, saved_at FROM drafts ORDER BY saved_at"
            ).fetchall()
        return [Draft(scope, kind, self._decrypt(data), saved) for scope, kind, data, saved in rows]

    def forget(self, scope: str) -> None:
        """Drop every draft of a conversation (after it was sent or closed)."""
        with self._lock:
            self._conn.execute("DELETE FROM drafts WHERE scope = ?", (scope,))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _decrypt(self, data: bytes) -> str:
        try:
            return self._fernet.decrypt(data).decode()
        except InvalidToken:
            raise DraftKeyMismatch(
                "The saved drafts were locked with another key and cannot be read."
            ) from None
