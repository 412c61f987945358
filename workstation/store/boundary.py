"""The store boundary: the operations the hub core asks of its database, by name.

The hub speaks to a :class:`Store`; :class:`~workstation.store.sqlite_store.SqliteStore`
provides all of it, :class:`~workstation.store.postgres_store.PostgresStore` too (the event
log since stage 1 of issue 16, the accounts since stage 2a); features still reach past it
with ``SqliteStore.run`` (docs/store.md says what stage 2 does next).

The promise every implementation keeps (``tests/store/test_store_conformance.py`` runs the
same tests against each):

* ``seq`` is 1, 2, 3 … per conversation: no gap, no repeat, in the order of commits;
* a request repeated with the same ``sender`` and ``client_id`` is stored once and answered
  with the original event (``AppendResult.duplicate``);
* nothing is acknowledged before COMMIT: an awaited write returns, and its ``hook`` runs,
  only once another connection can read what it wrote; a failed write calls no hook.

Blocking methods are for start-up and the command line; ``async`` ones run after
:meth:`Lifecycle.attach`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from workstation.sessions.conversation import Conversation
from workstation.sessions.events import Event
from workstation.store.accounts import AccountRow
from workstation.store.records import AppendResult, UserRecord
from workstation.store.requests import StoredRequest

#: Runs on the event loop with each new event, after COMMIT, in ``seq`` order.
EventHook = Callable[[Event], None]


class Lifecycle(Protocol):
    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """From now on the ``async`` operations run (on ``loop``)."""

    async def close(self) -> None: ...

    def close_blocking(self) -> None:
        """Close before :meth:`attach` was called (the command line)."""


class EventLog(Lifecycle, Protocol):
    """Conversations and their append-only logs."""

    def open_conversations(self) -> list[Conversation]:
        """Every conversation not closed, oldest first (blocking: at start-up)."""

    async def create_conversation(
        self, conv: Conversation, token_hash: str, lang: str | None, hook: EventHook
    ) -> Event:
        """Store the conversation and its ``opened`` event (seq 1) in one transaction."""

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
        """Append an event (and set ``update``'s columns of the conversation) durably;
        with ``expect``, only if the conversation's columns hold those values (checked in
        the write's transaction) — else :class:`~.records.PreconditionFailed`. ``then``:
        a second event ``(kind, fields)`` (no sender, no client id) written right after it
        (``seq + 1``) in the same transaction, or neither (:attr:`AppendResult.then`);
        ``hook`` runs for each, in order."""

    async def event_of_request(
        self, conversation: str, sender: str, client_id: str
    ) -> Event | None: ...

    async def events_after(self, conversation: str, after: int) -> list[Event]: ...

    async def conversation_by_token(self, token_hash: str) -> Conversation | None: ...

    async def audit(self, actor: str, action: str, target: str, detail: str = "") -> None:
        """One line of the audit trail (its own transaction, for now: see docs/store.md)."""


class Accounts(Protocol):
    """Users and their sessions. Each change commits together with its ``user_changes`` row
    (what a running hub acts on) and its audit row, in one transaction."""

    def add_user(
        self,
        name: str,
        password: str,
        roles: list[str] | tuple[str, ...],
        display_name: str | None = None,
        actor: str = "admin",
    ) -> None: ...

    def get_user(self, name: str) -> UserRecord | None: ...

    def list_users(self) -> list[AccountRow]:
        """Every user with their count of valid sessions, by name (blocking)."""

    def change_user(
        self, name: str, change: str, actor: str, value: str | Sequence[str] | None = None
    ) -> int | None:
        """``change`` (``accounts.CHANGE_KINDS``: disabled, enabled, password, roles, removed;
        ``value``: the password or the roles) with its audit row; the sessions ended, or
        ``None`` when there is no such user (blocking)."""

    async def user(self, name: str) -> UserRecord | None: ...

    async def save_session(
        self, token_hash: str, user: UserRecord, expires_at: str, session_id: str
    ) -> bool: ...

    async def session_user(self, token_hash: str, now: str) -> tuple[str, str] | None: ...


class Store(EventLog, Accounts, Protocol):
    """Everything the hub core uses (features still reach past it with ``run``: stage 2)."""


class HubStore(Store, Protocol):
    """What a serving hub needs: the :class:`Store`, plus running a store module's function
    in one transaction (``run``), the request answers of idempotency, and commit timings.

    ``run(op, write=…)``: ``op`` gets a :class:`~workstation.store.sql.Sql` (``?``
    placeholders) and runs in one transaction; for writes the result comes back after COMMIT,
    and a read sees every write that was awaited before it."""

    async def run(self, op: Callable[[Any], Any], *, write: bool) -> Any: ...

    def observe_commits(self, observer: Callable[[float], None]) -> None:
        """``observer(seconds)`` with the time each committed write transaction took."""

    async def stored_request(
        self, principal: str, request_id: str
    ) -> StoredRequest | None: ...

    async def save_answer(
        self, principal: str, request_id: str, answer: dict[str, Any]
    ) -> None: ...
