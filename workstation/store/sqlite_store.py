"""The hub's durable store on SQLite: the event log, users, sessions and the audit trail."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import msgspec
import sqlite_utils

from workstation.protocol.times import format_time, utc_now
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event
from workstation.store import accounts, requests
from workstation.store.boundary import HubStore
from workstation.store.records import (
    AppendResult,
    PreconditionFailed,
    UserRecord,
    conversation_from_row,
)
from workstation.store.records import event_from_row as _event
from workstation.store.schema import connect, migrate
from workstation.store.writer import DatabaseThread, ThreadRunner

EventHook = Callable[[Event], None]
_json = msgspec.json.Encoder()


class SqliteStore(ThreadRunner):
    """Blocking methods are for start-up and the command line; ``async`` ones run in the
    database thread once :meth:`attach` was called, and writes resolve only after COMMIT."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._conn = connect(self.path)
        migrate(self._conn, self.path)
        requests.prune(self._conn)
        self._db = sqlite_utils.Database(self._conn)
        self._thread: DatabaseThread | None = None
        self._next_seq: dict[str, int] = {}  # owned by the database thread once attached

    # --- blocking API -----------------------------------------------------------------

    def add_user(
        self,
        name: str,
        password: str,
        roles: list[str] | tuple[str, ...],
        display_name: str | None = None,
        actor: str = "admin",
    ) -> None:
        """Create or replace a user with an Argon2 hash of ``password`` (replacing one
        revokes its sessions); recorded for a running hub and in the audit trail."""
        with accounts.transaction(self._conn):
            accounts.add(self._conn, actor, name, password, roles, display_name)

    def list_users(self) -> list[accounts.AccountRow]:
        return accounts.list_users(self._conn, accounts.now())

    def change_user(
        self, name: str, change: str, actor: str, value: str | Sequence[str] | None = None
    ) -> int | None:
        """One account change with its audit row, in one transaction (``accounts.change``)."""
        with accounts.transaction(self._conn):
            return accounts.change(self._conn, actor, name, change, value)

    @property
    def connection(self) -> sqlite3.Connection:
        """The connection, for the command line (before :meth:`attach` only)."""
        if self._thread is not None:
            raise RuntimeError("the database thread owns the connection")
        return self._conn

    def get_user(self, name: str) -> UserRecord | None:
        return accounts.user_record(self._conn, name)

    def open_conversations(self) -> list[Conversation]:
        rows = self._conn.execute(
            "SELECT id, channel, created_at, status, assigned_user, assigned_at, flags "
            "FROM conversations WHERE status != ? ORDER BY created_at",
            (Status.CLOSED.value,),
        ).fetchall()
        return [conversation_from_row(row) for row in rows]

    def close_blocking(self) -> None:
        self._conn.close()

    # --- async API --------------------------------------------------------------------

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start the database thread; from now on only it touches the connection."""
        self._thread = DatabaseThread(self._conn, loop)

    def observe_commits(self, observer: Callable[[float], None]) -> None:
        """Once attached: ``observer(seconds)`` runs in the database thread after each commit."""
        if self._thread is None:
            raise RuntimeError("store not attached to an event loop")
        self._thread.commit_observer = observer

    async def close(self) -> None:
        if self._thread is not None:
            await asyncio.to_thread(self._thread.stop)
            self._thread = None
        self._conn.close()

    def _forget(self) -> None:
        self._next_seq.clear()  # a rolled-back batch or claim: read the counters again

    async def create_conversation(
        self, conv: Conversation, token_hash: str, lang: str | None, hook: EventHook
    ) -> Event:
        """Insert the conversation and its ``opened`` event in one transaction."""

        def op(conn: sqlite3.Connection) -> Event:
            conn.execute(
                "INSERT INTO conversations (id, channel, lang, created_at, status, token_hash, "
                "flags) VALUES (?, ?, ?, ?, ?, ?, '[]')",
                (conv.id, conv.channel, lang, conv.created_at, conv.status.value, token_hash),
            )
            self._next_seq[conv.id] = 1
            try:
                return self._insert(conn, conv.id, "opened", {"channel": conv.channel}, None, None)
            except Exception:
                self._next_seq.pop(conv.id, None)
                raise

        event: Event = await self._submit(op, write=True, on_commit=hook)
        return event

    async def append(
        self,
        conversation: str,
        kind: str,
        fields: dict[str, Any],
        hook: EventHook,
        *,
        sender: str | None = None,
        client_id: str | None = None,
        update: dict[str, Any] | None = None,
        expect: dict[str, Any] | None = None,
        then: tuple[str, dict[str, Any]] | None = None,
    ) -> AppendResult:
        """Append an event (and update the conversation row) durably (``expect``, ``then``:
        see :meth:`~.boundary.HubStore.append`).

        With ``sender`` and ``client_id``, a request seen before returns its original event
        and writes nothing. ``hook`` runs on the loop for a new event, before this returns.
        """

        def op(conn: sqlite3.Connection) -> AppendResult:
            if client_id is not None:
                row = conn.execute(
                    "SELECT seq, at, kind, data FROM events "
                    "WHERE conversation = ? AND sender = ? AND client_id = ?",
                    (conversation, sender, client_id),
                ).fetchone()
                if row is not None:
                    return AppendResult(_event(conversation, row), duplicate=True)
            if expect:
                check_expected(conn, conversation, expect)
            try:
                event = self._insert(conn, conversation, kind, fields, sender, client_id)
                after = None if then is None else self._insert(
                    conn, conversation, then[0], then[1], None, None)
                if update:
                    columns = ", ".join(f"{name} = ?" for name in update)
                    conn.execute(
                        f"UPDATE conversations SET {columns} WHERE id = ?",
                        (*update.values(), conversation),
                    )
            except Exception:
                # The savepoint undoes the row; forget the counter so it is read again.
                self._next_seq.pop(conversation, None)
                raise
            return AppendResult(event, duplicate=False, then=after)

        def on_commit(result: AppendResult) -> None:
            for event in result.events():
                hook(event)

        result: AppendResult = await self._submit(op, write=True, on_commit=on_commit)
        return result

    def _insert(
        self,
        conn: sqlite3.Connection,
        conversation: str,
        kind: str,
        fields: dict[str, Any],
        sender: str | None,
        client_id: str | None,
    ) -> Event:
        seq = self._next_seq.get(conversation)
        if seq is None:
            (last,) = conn.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM events WHERE conversation = ?", (conversation,)
            ).fetchone()
            seq = last + 1
        at = format_time(utc_now())
        conn.execute(
            "INSERT INTO events (conversation, seq, at, kind, sender, client_id, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (conversation, seq, at, kind, sender, client_id, _json.encode(fields).decode()),
        )
        self._next_seq[conversation] = seq + 1
        return Event(conversation, seq, at, kind, fields)

    async def event_of_request(
        self, conversation: str, sender: str, client_id: str
    ) -> Event | None:
        """The event ``sender``'s request ``client_id`` wrote in ``conversation``, if any."""

        def op(conn: sqlite3.Connection) -> Event | None:
            row = conn.execute(
                "SELECT seq, at, kind, data FROM events "
                "WHERE conversation = ? AND sender = ? AND client_id = ?",
                (conversation, sender, client_id),
            ).fetchone()
            return None if row is None else _event(conversation, row)

        found: Event | None = await self._submit(op, write=False)
        return found

    async def events_after(self, conversation: str, after: int) -> list[Event]:
        def op(conn: sqlite3.Connection) -> list[Event]:
            rows = conn.execute(
                "SELECT seq, at, kind, data FROM events WHERE conversation = ? AND seq > ? "
                "ORDER BY seq",
                (conversation, after),
            ).fetchall()
            return [_event(conversation, row) for row in rows]

        events: list[Event] = await self._submit(op, write=False)
        return events

    async def conversation_by_token(self, token_hash: str) -> Conversation | None:
        def op(conn: sqlite3.Connection) -> Conversation | None:
            row = conn.execute(
                "SELECT id, channel, created_at, status, assigned_user, assigned_at, flags "
                "FROM conversations WHERE token_hash = ?",
                (token_hash,),
            ).fetchone()
            return None if row is None else conversation_from_row(row)

        found: Conversation | None = await self._submit(op, write=False)
        return found

    async def user(self, name: str) -> UserRecord | None:
        found: UserRecord | None = await self._submit(
            lambda c: accounts.user_record(c, name), write=False
        )
        return found

    async def save_session(
        self, token_hash: str, user: UserRecord, expires_at: str, session_id: str
    ) -> bool:
        """Store a session for ``user`` unless the account changed since it was read."""
        seen = (user.password_hash, user.roles)
        saved: bool = await self._submit(
            lambda c: accounts.save_session(c, token_hash, user.name, expires_at, session_id,
                                            seen),
            write=True,
        )
        return saved

    async def session_user(self, token_hash: str, now: str) -> tuple[str, str] | None:
        """``(user, session id)`` of a valid session token's hash, else ``None``."""
        found: tuple[str, str] | None = await self._submit(
            lambda c: accounts.session_of_token(c, token_hash, now), write=False
        )
        return found

    async def audit(self, actor: str, action: str, target: str, detail: str = "") -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                (format_time(utc_now()), actor, action, target, detail),
            )

        await self._submit(op, write=True)


def _conforms(store: SqliteStore) -> HubStore:
    return store  # mypy checks that SqliteStore has every operation of the Store


__all__ = ["SqliteStore", "conversation_from_row"]


#: Columns ``append(expect=…)`` may check.
EXPECTABLE = frozenset({"status", "assigned_user", "open_consult"})


def check_expected(conn: sqlite3.Connection, conversation: str, expect: dict[str, Any]) -> None:
    """Raise :class:`PreconditionFailed` unless the conversation's columns hold ``expect``."""
    if not EXPECTABLE.issuperset(expect):
        raise ValueError(f"not a column to expect: {sorted(set(expect) - EXPECTABLE)}")
    names = list(expect)
    row = conn.execute(
        f"SELECT {', '.join(names)} FROM conversations WHERE id = ?", (conversation,)
    ).fetchone()
    if row is None or list(row) != list(expect.values()):
        raise PreconditionFailed(conversation, dict(zip(names, row or (), strict=False)))
