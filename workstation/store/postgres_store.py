"""The hub's store on PostgreSQL (issue 16): the event log (stage 1) and the accounts
(stage 2a) — a :class:`~.boundary.Store`.

psycopg 3: a blocking connection for start-up (migrations, :meth:`open_conversations`), an
asyncio pool for the rest. Appends and new conversations are committed in batches (group
commit, as on SQLite): those waiting at the same moment, to any conversations, share one
transaction with one ``pg_notify`` statement (:mod:`.pg_events`), at most
:data:`BATCHES_IN_FLIGHT` batches at once; each answer and hook come after COMMIT
(``synchronous_commit`` on: the WAL is flushed once per batch). A batch takes its
conversations' row locks (in one order, so ``seq`` stays gap-free and unique even with
several hubs on one database, and two hubs' batches cannot deadlock); within this process
appends to one conversation are also serialised, so hooks run in ``seq`` order. A refused
append (a repeated request, a lost precondition, a database error) is undone alone. Account
changes run the same rules as on SQLite (:mod:`.accounts`, through :class:`QmarkConnection`),
each in one transaction with its audit row. Since stage 2b it is a
:class:`~.boundary.HubStore`: ``run`` (the features' store functions, in a thread of their
own with group commit) and the request claims, so ``workstation-hub serve`` runs on it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import msgspec
import psycopg
from psycopg.pq import TransactionStatus
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from workstation.protocol.log_safe import traceback_without_values
from workstation.protocol.times import format_time, utc_now
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event
from workstation.store import accounts, audit, pg_events, requests, writer
from workstation.store.boundary import EventHook, HubStore
from workstation.store.migrations import LATEST, MIGRATIONS, newer_schema
from workstation.store.records import AppendResult, PreconditionFailed, UserRecord
from workstation.store.records import conversation_from_row as _conversation
from workstation.store.records import event_from_row as _event
from workstation.store.writer import (
    DatabaseThread,
    StoreBusy,
    StoreUnavailable,
    ThreadRunner,
)

log = logging.getLogger(__name__)
_json = msgspec.json.Encoder()
#: ``pg_advisory_xact_lock`` key held while migrating: hubs starting together take turns.
MIGRATION_LOCK = 0x116_111
#: Connections in the pool (per hub).
POOL_SIZE = 8
#: After a lost connection: the first wait before trying again, and the longest.
RECONNECT_MIN_S = 0.05
RECONNECT_MAX_S = 2.0
#: A connection attempt that takes longer has failed.
CONNECT_TIMEOUT_S = 2
#: An append retried after a lost connection waits this long for a new one.
RETRY_WAIT_S = 3.0
#: Group commit of appends: batches committing at once (each on a pool connection of its
#: own), and the most appends in one batch.
BATCHES_IN_FLIGHT = 3
MAX_BATCH = 256
#: The savepoints of a batch's writes together, and of each append when one at a time.
BATCH_SAVEPOINT = "hub_batch"
SAVEPOINT = "hub_append"
_CONVERSATION_COLUMNS = "id, channel, created_at, status, assigned_user, assigned_at, flags"
#: Columns ``append(update=…)`` may set.
UPDATABLE = frozenset(
    {"status", "assigned_user", "assigned_at", "closed_at", "flags", "lang", "open_consult"}
)


def migrate_postgres(conn: psycopg.Connection[Any], target: int | None = None) -> int:
    """Apply the migrations above the database's version (``schema_version``), each in its
    own transaction under :data:`MIGRATION_LOCK`; returns the version reached."""
    last = LATEST if target is None else target
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        if conn.execute("SELECT 1 FROM schema_version").fetchone() is None:
            conn.execute("INSERT INTO schema_version (version) VALUES (0)")
    version = 0
    for migration in MIGRATIONS:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            row = conn.execute("SELECT version FROM schema_version").fetchone()
            version = int(row[0]) if row else 0
            if version > LATEST:
                raise newer_schema(str(conn.info.dbname), version)
            if version >= migration.version or migration.version > last:
                continue
            for statement in migration.postgres or ():  # None: not yet on PostgreSQL
                conn.execute(statement.encode())
            conn.execute("UPDATE schema_version SET version = %s", (migration.version,))
            version = migration.version
    return version


def keep_private(conn: psycopg.Connection[Any]) -> bool:
    """Only the hub's role (and the server's superusers) may read the hub's tables: what was
    granted to PUBLIC (everyone who can log in to the server) on a table or sequence of the
    hub's schema is revoked, as the SQLite file is made 0600 (docs/store.md). Under the
    migration lock (two hubs starting together would change one catalog row at once); no
    catalog write when nothing is granted to PUBLIC. Returns whether something was revoked."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        granted = conn.execute(
            "SELECT 1 FROM pg_class c, aclexplode(c.relacl) a "
            "WHERE c.relnamespace = current_schema()::regnamespace AND a.grantee = 0 LIMIT 1"
        ).fetchone()
        if granted is None:
            return False
        conn.execute(
            "DO $$ BEGIN "
            "EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM PUBLIC', current_schema());"
            " EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM PUBLIC', "
            "current_schema()); END $$"
        )
    log.warning("The hub's tables were readable by every role on the server; revoked")
    return True


def pyformat(sql: str) -> bytes:
    """A statement written with ``?`` placeholders (SQLite's) in psycopg's ``%s`` form."""
    return sql.replace("%", "%%").replace("?", "%s").encode()


def where_is(dsn: str) -> str:
    """``dsn`` to show a person: host, port and database, never a password."""
    try:
        parts = psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "(an address that cannot be read)"
    host, port, name = parts.get("host", "localhost"), parts.get("port"), parts.get("dbname")
    return f"postgresql://{host}{':' + str(port) if port else ''}/{name or ''}"


class QmarkConnection:
    """A psycopg connection that runs SQL written for SQLite's ``?`` placeholders, so the
    rules in :mod:`workstation.store.accounts` and the store modules serve both databases.
    Rows are tuples, as ``sqlite3`` gives them without a row factory."""

    dialect = "postgres"

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self._conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> psycopg.Cursor[Any]:
        if sql == "BEGIN IMMEDIATE":  # the database thread's (SQLite's) form of BEGIN
            sql = "BEGIN"
        return self._conn.execute(pyformat(sql), tuple(parameters))

    @property
    def in_transaction(self) -> bool:
        return self._conn.info.transaction_status != TransactionStatus.IDLE


class ThreadConnection(QmarkConnection):
    """``run``'s connection: a lost one (the server restarted, a failover, a network cut) is
    replaced before the next batch or read, with backoff between tries
    (:data:`RECONNECT_MIN_S` doubling to :data:`RECONNECT_MAX_S`); until it is back each
    operation is refused at once with :class:`StoreUnavailable` (``/healthz`` says 503)."""

    def __init__(self, dsn: str) -> None:
        super().__init__(psycopg.connect(dsn, autocommit=True))
        self.dsn = dsn
        self._wait_s = RECONNECT_MIN_S
        self._next_try = 0.0

    @property
    def lost(self) -> bool:
        return self._conn.broken or self._conn.closed

    def ready(self) -> None:
        if not self.lost:
            return
        now = time.monotonic()
        if now < self._next_try:
            raise StoreUnavailable("the database is not reachable")
        try:
            fresh = psycopg.connect(self.dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            self._next_try = now + self._wait_s
            self._wait_s = min(self._wait_s * 2, RECONNECT_MAX_S)
            log.warning("The database is not reachable (%s); next try in %.1f s",
                        type(exc).__name__, self._next_try - now)
            raise StoreUnavailable("the database is not reachable") from exc
        self._conn.close()
        self._conn = fresh
        self._wait_s, self._next_try = RECONNECT_MIN_S, 0.0
        log.warning("Connected to the database again")

    def close(self) -> None:
        self._conn.close()


class PostgresStore(ThreadRunner):
    """The hub's store on PostgreSQL at ``dsn`` (``postgresql://user@host:port/database``)."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._conn: psycopg.Connection[Any] | None = psycopg.connect(dsn, autocommit=True)
        try:
            migrate_postgres(self._conn)
            keep_private(self._conn)
        except BaseException:
            self._conn.close()
            raise
        self._pool: AsyncConnectionPool | None = None
        self._opened: asyncio.Task[None] | None = None
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}
        #: Appends and new conversations waiting for a batch (group commit), and the tasks
        #: committing batches (at most :data:`BATCHES_IN_FLIGHT`).
        self._waiting: list[_Pending] = []
        self._drainers: set[asyncio.Task[None]] = set()
        #: Appends and new conversations started and not yet done (waiting for a pool
        #: connection, a row lock or COMMIT): past ``writer.MAX_PENDING`` new ones are refused.
        self._event_writes = 0
        #: A pool connection was found lost and none has been had since.
        self._unreachable = False
        #: ``run``'s thread (``ThreadRunner``) and its own blocking connection.
        self._thread: DatabaseThread | None = None
        self._thread_conn: ThreadConnection | None = None
        self._commit_observer: Callable[[float], None] | None = None
        #: Names this process in the ``hub_events`` notifications of its appends.
        self.hub_id = secrets.token_hex(6)

    # --- blocking API -----------------------------------------------------------------

    def open_conversations(self) -> list[Conversation]:
        rows = self._blocking().execute(
            f"SELECT {_CONVERSATION_COLUMNS} FROM conversations WHERE status != %s "
            "ORDER BY created_at",
            (Status.CLOSED.value,),
        ).fetchall()
        return [_conversation(row) for row in rows]

    def add_user(
        self,
        name: str,
        password: str,
        roles: list[str] | tuple[str, ...],
        display_name: str | None = None,
        actor: str = "admin",
    ) -> None:
        conn = self._blocking()
        with conn.transaction():
            accounts.add(QmarkConnection(conn), actor, name, password, roles, display_name)

    def get_user(self, name: str) -> UserRecord | None:
        return accounts.user_record(QmarkConnection(self._blocking()), name)

    def list_users(self) -> list[accounts.AccountRow]:
        return accounts.list_users(QmarkConnection(self._blocking()), accounts.now())

    def change_user(
        self, name: str, change: str, actor: str, value: str | Sequence[str] | None = None
    ) -> int | None:
        conn = self._blocking()
        with conn.transaction():
            return accounts.change(QmarkConnection(conn), actor, name, change, value)

    def close_blocking(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _blocking(self) -> psycopg.Connection[Any]:
        if self._conn is None:
            raise RuntimeError("the store is closed")
        return self._conn

    # --- lifecycle ----------------------------------------------------------------------

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Open the pool on ``loop`` (the first operation waits until it is open)."""
        self._pool = AsyncConnectionPool(
            self.dsn, min_size=1, max_size=POOL_SIZE, open=False, name="hub-store",
            kwargs={"autocommit": True},
        )
        self._opened = loop.create_task(self._pool.open(wait=True))
        self._thread_conn = ThreadConnection(self.dsn)
        self._thread = DatabaseThread(self._thread_conn, loop, "hub-db-pg")

    def observe_commits(self, observer: Callable[[float], None]) -> None:
        """``observer(seconds)`` after each committed write: ``run``'s batches (in its
        thread) and each batch of appends (on the loop)."""
        if self._thread is None:
            raise RuntimeError("store not attached to an event loop")
        self._thread.commit_observer = observer
        self._commit_observer = observer

    async def close(self) -> None:
        while self._drainers:  # the batches in flight commit and answer first
            await asyncio.gather(*self._drainers, return_exceptions=True)
        if self._thread is not None:
            await asyncio.to_thread(self._thread.stop)
            self._thread = None
        if self._thread_conn is not None:
            self._thread_conn.close()
            self._thread_conn = None
        if self._pool is not None:
            if self._opened is not None:
                await asyncio.gather(self._opened, return_exceptions=True)
            await self._pool.close()
            self._pool = None
        self.close_blocking()

    @asynccontextmanager
    async def _connection(
        self, timeout: float | None = None
    ) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        """A pool connection. One found lost while in use raises :class:`StoreUnavailable`
        (and has the pool drop its other idle connections that are lost too: after a server
        restart they all are); no connection within ``timeout`` likewise — while the database
        is known to be gone, within :data:`RETRY_WAIT_S` (so each answer comes soon)."""
        if self._pool is None or self._opened is None:
            raise RuntimeError("store not attached to an event loop")
        await self._opened
        pool = self._pool
        if self._unreachable:
            timeout = RETRY_WAIT_S if timeout is None else min(timeout, RETRY_WAIT_S)
        try:
            async with pool.connection(timeout) as conn:
                self._unreachable = False
                try:
                    yield conn
                except psycopg.OperationalError as exc:
                    if not (conn.broken or conn.closed):
                        raise
                    raise StoreUnavailable("the database connection was lost") from exc
        except StoreUnavailable:
            self._unreachable = True
            await pool.check()  # drops the lost idle connections; new ones are made
            raise
        except PoolTimeout as exc:
            if not self._unreachable:  # a pool busy for its whole timeout
                raise StoreBusy() from exc
            raise StoreUnavailable("no database connection") from exc

    async def _batched(self, pending: _Pending) -> Any:
        """``pending`` (one append or new conversation) in the next batch's transaction;
        its result after that COMMIT, once its hook has had the event. Group commit: the
        appends waiting together, to any conversations, commit in one transaction with one
        ``pg_notify`` statement; at most :data:`BATCHES_IN_FLIGHT` batches are in flight,
        each on one pool connection. The request's claim, if this write carries it, is
        written with it."""
        if self._pool is None:
            raise RuntimeError("store not attached to an event loop")
        pending.claim = self._claim()
        try:
            async with self._admitted(), self._in_order(pending.conversation):
                loop = asyncio.get_running_loop()
                self._waiting.append(pending)
                if len(self._drainers) < BATCHES_IN_FLIGHT:
                    task = loop.create_task(self._drain(), name="pg-group-commit")
                    self._drainers.add(task)
                    task.add_done_callback(self._drainers.discard)
                return await pending.future
        finally:
            if pending.claim is not None:
                pending.claim.pending = False

    async def _drain(self) -> None:
        """Commit the waiting appends, a batch at a time, until none waits."""
        while self._waiting:
            batch = [p for p in self._waiting[:MAX_BATCH] if not p.done()]
            del self._waiting[:MAX_BATCH]
            if batch:
                await self._commit_batch(batch)

    async def _commit_batch(self, batch: list[_Pending]) -> None:
        """One transaction for ``batch``; every future answered. A connection lost before
        COMMIT was sent wrote nothing: once more on a new connection (waiting up to
        :data:`RETRY_WAIT_S` for one). Lost at COMMIT (it is not known whether it
        committed), or twice: :class:`StoreUnavailable` for each — a resend with the same
        client id is then stored once (idempotency)."""
        # One lock order (by conversation) for every batch of every hub: two batches each
        # waiting for a row lock the other holds (a deadlock) cannot happen.
        batch.sort(key=lambda p: p.conversation)
        outcomes: list[tuple[_Pending, bool, Any]] | None = []
        failure: BaseException | None = None
        for attempt in (1, 2):
            committing = False
            outcomes = []
            try:
                async with self._connection(None if attempt == 1 else RETRY_WAIT_S) as conn:
                    started = time.perf_counter()
                    cur = psycopg.AsyncClientCursor(conn)
                    async with conn.transaction():
                        outcomes = await _write_batch(cur, self.hub_id, batch)
                        if outcomes is None:  # one at a time, each in a savepoint
                            outcomes = await _write_one_by_one(cur, self.hub_id, batch)
                        if conn.info.transaction_status == TransactionStatus.INERROR:
                            raise StoreUnavailable("a batch's transaction failed")  # no COMMIT
                        committing = True
                    self._committed(started)
                failure = None
                break
            except StoreUnavailable as exc:
                failure = exc
                if committing or attempt == 2:
                    break
                log.warning("The database connection was lost before COMMIT; trying once more")
            except BaseException as exc:
                failure = exc
                break
        if failure is not None:
            for pending in batch:
                if not pending.future.done():
                    if isinstance(failure, asyncio.CancelledError):
                        pending.future.cancel()
                    else:
                        pending.future.set_exception(failure)
            if isinstance(failure, asyncio.CancelledError):
                raise failure
            if not isinstance(failure, Exception):
                raise failure
            return
        for pending, ok, value in outcomes or ():
            if ok:
                if pending.claim is not None:
                    pending.claim.stored = True
                for event in _announced(value):
                    _run_hook(pending.hook, event)
            if pending.future.done():  # its caller was cancelled meanwhile
                continue
            if ok:
                pending.future.set_result(value)
            else:
                pending.future.set_exception(value)

    @asynccontextmanager
    async def _admitted(self) -> AsyncIterator[None]:
        """The busy answer, as on SQLite (``writer.MAX_PENDING`` operations waiting for the
        database thread): an append or a new conversation beyond that many still in flight is
        refused with :class:`StoreBusy` before anything is written (the hub answers
        ``rate_limited``; the client retries its outbox, nothing half-written)."""
        if self._event_writes >= writer.MAX_PENDING:
            raise StoreBusy()
        self._event_writes += 1
        try:
            yield
        finally:
            self._event_writes -= 1

    def pooled(self) -> AbstractAsyncContextManager[psycopg.AsyncConnection[Any]]:
        """A connection of the pool (autocommit) for the hub's cluster modules."""
        return self._connection()

    @asynccontextmanager
    async def _in_order(self, conversation: str) -> AsyncIterator[None]:
        """This process's writes to one conversation, one at a time (hooks in seq order)."""
        lock, users = self._locks.get(conversation, (asyncio.Lock(), 0))
        self._locks[conversation] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[conversation]
            if users == 1:
                del self._locks[conversation]
            else:
                self._locks[conversation] = (lock, users - 1)

    # --- a store module's function in one transaction ------------------------------------
    # ``run`` (ThreadRunner): one thread with one blocking connection runs the features' store
    # functions in submission order (DatabaseThread, as on SQLite): writes waiting together
    # share one transaction (group commit, a savepoint each), a read sees every write
    # submitted before it, and an idempotent request's claim is written in the savepoint of
    # its first write. The event log's appends do not wait for this thread: they run on the
    # async pool (the conversation's row lock orders them across hubs).

    def _claim(self) -> requests.RequestClaim | None:
        """The running request's claim, when this write is the one to carry it."""
        claim = requests.current_claim.get()
        if claim is None or not claim.wants_write():
            return None
        claim.pending = True
        return claim

    def _committed(self, started: float) -> None:
        if self._commit_observer is not None:
            self._commit_observer(time.perf_counter() - started)

    # --- the event log ------------------------------------------------------------------

    async def create_conversation(
        self, conv: Conversation, token_hash: str, lang: str | None, hook: EventHook
    ) -> Event:
        at = format_time(utc_now())
        event = Event(conv.id, 1, at, "opened", {"channel": conv.channel})
        row = (conv.id, conv.channel, lang, conv.created_at, conv.status.value, token_hash)
        pending = _Pending(conv.id, "opened", event.fields, hook, opened=(event, row))
        created: Event = await self._batched(pending)
        return created

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
        if update and not UPDATABLE.issuperset(update):
            raise ValueError(f"not a conversation column: {sorted(set(update) - UPDATABLE)}")
        if expect and not UPDATABLE.issuperset(expect):
            raise ValueError(f"not a conversation column: {sorted(set(expect) - UPDATABLE)}")
        pending = _Pending(conversation, kind, fields, hook, sender=sender, client_id=client_id,
                           update=update, expect=expect, then=then)
        result: AppendResult = await self._batched(pending)
        return result

    async def event_of_request(
        self, conversation: str, sender: str, client_id: str
    ) -> Event | None:
        async with self._connection() as conn:
            return await _request_event(conn, conversation, sender, client_id)

    async def events_after(self, conversation: str, after: int) -> list[Event]:
        async with self._connection() as conn:
            cursor = await conn.execute(
                "SELECT seq, at, kind, data FROM events WHERE conversation = %s AND seq > %s "
                "ORDER BY seq",
                (conversation, after),
            )
            return [_event(conversation, row) for row in await cursor.fetchall()]

    async def events_after_many(self, after: dict[str, int]) -> dict[str, list[Event]]:
        """:meth:`events_after` for several conversations in one query (conversation →
        the events past its ``seq``, in order): a hub reading a burst of other hubs'
        events (:mod:`workstation.hub.cluster`)."""
        found: dict[str, list[Event]] = {}
        if not after:
            return found
        async with self._connection() as conn:
            cursor = await conn.execute(
                # LATERAL: an index range scan per conversation, never a scan of the log.
                "SELECT r.c, e.seq, e.at, e.kind, e.data "
                "FROM unnest(%s::text[], %s::int[]) AS r(c, a) CROSS JOIN LATERAL "
                "(SELECT seq, at, kind, data FROM events "
                "WHERE conversation = r.c AND seq > r.a ORDER BY seq) AS e",
                (list(after), list(after.values())),
            )
            for row in await cursor.fetchall():
                found.setdefault(str(row[0]), []).append(_event(str(row[0]), row[1:]))
        return found

    async def open_conversation_seqs(self) -> dict[str, int]:
        """The last ``seq`` of every open conversation (a hub catching up on the others'
        events: :mod:`workstation.hub.cluster`)."""
        async with self._connection() as conn:
            cursor = await conn.execute(
                "SELECT c.id, COALESCE(MAX(e.seq), 0) FROM conversations c "
                "LEFT JOIN events e ON e.conversation = c.id WHERE c.status != %s "
                "GROUP BY c.id",
                (Status.CLOSED.value,),
            )
            return {str(row[0]): int(row[1]) for row in await cursor.fetchall()}

    async def open_conversations_and_seqs(self) -> list[tuple[Conversation, int]]:
        """Every open conversation's routing state with its last ``seq``, as one statement
        sees them (one snapshot: a hub starting among others, :mod:`workstation.hub.cluster`)."""
        columns = ", ".join(f"c.{column}" for column in _CONVERSATION_COLUMNS.split(", "))
        async with self._connection() as conn:
            cursor = await conn.execute(
                f"SELECT {columns}, COALESCE(MAX(e.seq), 0) FROM conversations c "
                "LEFT JOIN events e ON e.conversation = c.id WHERE c.status != %s "
                f"GROUP BY c.id ORDER BY c.created_at",
                (Status.CLOSED.value,),
            )
            rows = await cursor.fetchall()
        return [(_conversation(row[:-1]), int(row[-1])) for row in rows]

    async def conversation_by_token(self, token_hash: str) -> Conversation | None:
        async with self._connection() as conn:
            cursor = await conn.execute(
                f"SELECT {_CONVERSATION_COLUMNS} FROM conversations WHERE token_hash = %s",
                (token_hash,),
            )
            row = await cursor.fetchone()
        return None if row is None else _conversation(row)

    async def audit(self, actor: str, action: str, target: str, detail: str = "") -> None:
        """Through ``run``'s thread, as on SQLite: a request's first write may be its audit
        line, and then it carries the request's claim."""
        await self._submit(lambda conn: audit.write(conn, actor, action, target, detail),
                           write=True)


    # --- accounts (async: the hub's sign-in) ------------------------------------------

    async def user(self, name: str) -> UserRecord | None:
        async with self._connection() as conn:
            cursor = await conn.execute(
                "SELECT name, display_name, roles, password_hash, disabled FROM users "
                "WHERE name = %s",
                (name,),
            )
            row = await cursor.fetchone()
        if row is None:
            return None
        return UserRecord(row[0], row[1], tuple(json.loads(row[2])), row[3], bool(row[4]))

    async def save_session(
        self, token_hash: str, user: UserRecord, expires_at: str, session_id: str
    ) -> bool:
        """Store a session unless the account changed since it was read (the user's row is
        share-locked: a change committing meanwhile is waited for, and then seen)."""
        sql, params = accounts.session_insert(
            "postgres", token_hash, user.name, expires_at, session_id,
            (user.password_hash, user.roles),
        )
        async with self._connection() as conn:
            cursor = await conn.execute(pyformat(sql), params)
            return cursor.rowcount == 1

    async def session_user(self, token_hash: str, now: str) -> tuple[str, str] | None:
        async with self._connection() as conn:
            cursor = await conn.execute(
                'SELECT "user", id FROM sessions WHERE token_hash = %s AND expires_at > %s',
                (token_hash, now),
            )
            row = await cursor.fetchone()
        return None if row is None else (str(row[0]), str(row[1]))


@dataclass(slots=True)
class _Pending:
    """An append (or, with ``opened``, a new conversation) waiting for its batch."""

    conversation: str
    kind: str
    fields: dict[str, Any]
    hook: EventHook
    sender: str | None = None
    client_id: str | None = None
    update: dict[str, Any] | None = None
    expect: dict[str, Any] | None = None
    #: A second event ``(kind, fields)`` written right after this one (``append(then=…)``).
    then: tuple[str, dict[str, Any]] | None = None
    #: A new conversation: its ``opened`` event and its ``conversations`` row.
    opened: tuple[Event, tuple[Any, ...]] | None = None
    claim: requests.RequestClaim | None = None
    future: asyncio.Future[Any] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future())

    def done(self) -> bool:
        return self.future.done()


def _announced(result: Event | AppendResult) -> list[Event]:
    """The events a write's result hands on (to its hook and the other hubs), in ``seq``
    order: none for a repeated client id."""
    if isinstance(result, Event):
        return [result]
    return result.events()


def _run_hook(hook: EventHook, event: Event) -> None:
    """After COMMIT; as on SQLite, a failing hook is logged and the write stands."""
    try:
        hook(event)
    except Exception as exc:  # its message may quote the event: not logged
        log.error("Commit hook failed\n%s", traceback_without_values(exc))


def _insert_statement(
    conversation: str,
    seq: int,
    at: str,
    kind: str,
    fields: dict[str, Any],
    sender: str | None,
    client_id: str | None,
) -> tuple[str, tuple[Any, ...]]:
    return (
        "INSERT INTO events (conversation, seq, at, kind, sender, client_id, data) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (conversation, seq, at, kind, sender, client_id, _json.encode(fields).decode()),
    )


#: The conversation columns a batch reads (for ``expect``), in this order.
_COLUMNS = sorted(UPDATABLE)
_Outcomes = list[tuple["_Pending", bool, Any]]


async def _write_batch(
    cur: psycopg.AsyncClientCursor[Any], hub_id: str, batch: list[_Pending]
) -> _Outcomes | None:
    """The batch in two round trips, whatever its size: the first takes the row locks of
    its conversations (in one order, by id: two hubs' batches cannot deadlock) and then,
    in statements of their own (so they see whatever was committed before the locks were
    had), reads each conversation's last ``seq`` and columns, the events of the batch's
    client ids and the batch's request claims already stored; each append is decided in
    Python from that (a repeated client id, a lost ``expect``, a repeated request: refused
    alone). The second writes every event, update, new conversation and claim row, and the
    notifications, in one savepoint. None — nothing written — when the database refuses
    something (an append to a conversation that does not exist, another hub's claim of
    the same request in flight …) or a conversation comes twice: then
    :func:`_write_one_by_one` says which append it was."""
    appends = [p for p in batch if p.opened is None]
    if len({p.conversation for p in batch}) != len(batch):
        return None
    ids = [p.conversation for p in appends]
    keyed = [p for p in appends if p.client_id is not None]
    claims = [p.claim for p in batch if p.claim is not None]
    try:
        await cur.execute(
            (
                f"SAVEPOINT {BATCH_SAVEPOINT}; "
                "SELECT 1 FROM conversations WHERE id = ANY(%s) "
                'ORDER BY id COLLATE "C" FOR UPDATE; '
                "SELECT k.id, "
                "(SELECT COALESCE(MAX(seq), 0) FROM events WHERE conversation = k.id), "
                + ", ".join(f"k.{name}" for name in _COLUMNS)
                + " FROM conversations k WHERE k.id = ANY(%s); "
                # LATERAL and EXISTS: an index lookup per append, never a scan of the log.
                "SELECT r.c, e.seq, e.at, e.kind, e.data "
                "FROM unnest(%s::text[], %s::text[], %s::text[]) AS r(c, s, i) CROSS JOIN LATERAL "
                "(SELECT seq, at, kind, data FROM events "
                "WHERE conversation = r.c AND sender = r.s AND client_id = r.i) AS e; "
                "SELECT r.p, r.i FROM unnest(%s::text[], %s::text[]) AS r(p, i) WHERE EXISTS "
                "(SELECT 1 FROM request_answers WHERE principal = r.p AND request_id = r.i)"
            ).encode(),
            (ids, ids, [p.conversation for p in keyed], [p.sender for p in keyed],
             [p.client_id for p in keyed], [c.principal for c in claims],
             [c.request_id for c in claims]),
        )
        cur.nextset()
        cur.nextset()
        rows = {str(row[0]): row[1:] for row in await cur.fetchall()}
        cur.nextset()
        repeats = {str(row[0]): row[1:] for row in await cur.fetchall()}
        cur.nextset()
        claimed = {(str(row[0]), str(row[1])) for row in await cur.fetchall()}
    except psycopg.Error:  # a lock wait refused (a deadlock with a claim in flight, a timeout)
        conn = cur.connection
        if conn.broken or conn.closed:
            raise
        await _undo(cur, BATCH_SAVEPOINT)
        return None
    opened: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    statements: list[tuple[str, tuple[Any, ...]]] = []
    outcomes: _Outcomes = []
    for pending in batch:
        writes: list[tuple[Any, ...]] = []
        result: Event | AppendResult
        if pending.opened is not None:
            result, row = pending.opened
            writes = [(result.conversation, 1, result.at, result.kind, None, None,
                       _json.encode(result.fields).decode())]
        else:
            found = rows.get(pending.conversation)
            if found is None:  # refused by the database (the events' foreign key)
                await _undo(cur, BATCH_SAVEPOINT)
                return None
            last, columns = int(found[0]), dict(zip(_COLUMNS, found[1:], strict=True))
            repeat = repeats.get(pending.conversation) if pending.client_id else None
            expect = pending.expect or {}
            if repeat is not None:
                result = AppendResult(_event(pending.conversation, repeat), duplicate=True)
            elif any(columns[name] != value for name, value in expect.items()):
                found_now = {name: columns[name] for name in expect}
                outcomes.append((pending, False,
                                 PreconditionFailed(pending.conversation, found_now)))
                continue
            else:
                event = Event(pending.conversation, last + 1, format_time(utc_now()),
                              pending.kind, pending.fields)
                after = None if pending.then is None else Event(
                    event.conversation, event.seq + 1, event.at, *pending.then)
                result = AppendResult(event, duplicate=False, then=after)
                writes = [(event.conversation, event.seq, event.at, event.kind,
                           pending.sender, pending.client_id,
                           _json.encode(event.fields).decode())]
                if after is not None:
                    writes.append((after.conversation, after.seq, after.at, after.kind,
                                   None, None, _json.encode(after.fields).decode()))
        claim = pending.claim
        if claim is not None:
            key = (claim.principal, claim.request_id)
            if key in claimed:
                outcomes.append((pending, False, requests.DuplicateRequest(claim.request_id)))
                continue
            claimed.add(key)
            sql, params = claim.claim_row(result)
            statements.append((pyformat(sql).decode(), params))
        if pending.opened is not None:
            opened.append(pending.opened[1])
        events.extend(writes)
        if writes and pending.update:
            columns_set = ", ".join(f"{name} = %s" for name in pending.update)
            statements.append((f"UPDATE conversations SET {columns_set} WHERE id = %s",
                               (*pending.update.values(), pending.conversation)))
        outcomes.append((pending, True, result))
    parts: list[tuple[str, tuple[Any, ...]]] = []
    if opened:
        parts.append(("INSERT INTO conversations (id, channel, lang, created_at, status, "
                      "token_hash, flags) VALUES "
                      + ", ".join(["(%s, %s, %s, %s, %s, %s, '[]')"] * len(opened)),
                      tuple(value for row in opened for value in row)))
    if events:
        parts.append(("INSERT INTO events (conversation, seq, at, kind, sender, client_id, "
                      "data) VALUES " + ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(events)),
                      tuple(value for row in events for value in row)))
    parts.extend(statements)
    notes = [pg_events.payload(hub_id, told) for _, ok, done in outcomes if ok
             for told in _announced(done)]
    if notes:
        parts.append(("SELECT pg_notify(%s, p) FROM unnest(%s::text[]) AS p",
                      (pg_events.CHANNEL, notes)))
    parts.append((f"RELEASE SAVEPOINT {BATCH_SAVEPOINT}", ()))
    try:
        await cur.execute("; ".join(sql for sql, _ in parts).encode(),
                          tuple(value for _, params in parts for value in params))
    except psycopg.Error:
        conn = cur.connection
        if conn.broken or conn.closed:
            raise
        await _undo(cur, BATCH_SAVEPOINT)
        return None
    return outcomes


async def _write_one_by_one(
    cur: psycopg.AsyncClientCursor[Any], hub_id: str, batch: list[_Pending]
) -> _Outcomes:
    """The batch an append at a time, each in a savepoint of its own (one refused by the
    database is undone alone), then the notifications."""
    outcomes: _Outcomes = []
    for pending in batch:
        try:
            result: Event | AppendResult
            if pending.opened is not None:
                result, row = pending.opened
                await _finish(cur, [
                    ("INSERT INTO conversations (id, channel, lang, created_at, status, "
                     "token_hash, flags) VALUES (%s, %s, %s, %s, %s, %s, '[]')", row),
                    _insert_statement(result.conversation, 1, result.at, result.kind,
                                      result.fields, None, None),
                ], pending.claim, result)
            else:
                result = await _append(
                    cur, pending.conversation, pending.kind, pending.fields, pending.sender,
                    pending.client_id, pending.update, pending.expect, pending.claim,
                    pending.then,
                )
        except Exception as exc:
            conn = cur.connection
            if conn.broken or conn.closed:
                raise
            outcomes.append((pending, False, exc))
        else:
            outcomes.append((pending, True, result))
    events = [event for _, ok, result in outcomes if ok for event in _announced(result)]
    await pg_events.notify_all(cur, hub_id, events)
    return outcomes


async def _undo(cur: psycopg.AsyncClientCursor[Any], savepoint: str = SAVEPOINT) -> None:
    """Roll back to ``savepoint`` (an append's: its batch's others stand), unless the
    connection is gone (then the whole batch is)."""
    conn = cur.connection
    if not (conn.broken or conn.closed):
        await cur.execute(f"ROLLBACK TO SAVEPOINT {savepoint}; RELEASE SAVEPOINT {savepoint}")


async def _finish(
    cur: psycopg.AsyncClientCursor[Any],
    statements: list[tuple[str, tuple[Any, ...]]],
    claim: requests.RequestClaim | None,
    result: Any,
    *,
    opened: bool = False,
) -> None:
    """One round trip: (``SAVEPOINT`` unless ``opened``), ``statements``, the request's claim
    row, ``RELEASE``. A second claim of the same request undoes the whole append (the
    savepoint), not its batch: :class:`~workstation.store.requests.DuplicateRequest`."""
    if claim is not None:
        sql, params = claim.claim_row(result)
        statements = [*statements, (pyformat(sql).decode(), params)]
    parts = ([] if opened else [f"SAVEPOINT {SAVEPOINT}"]) + [sql for sql, _ in statements]
    parts.append(f"RELEASE SAVEPOINT {SAVEPOINT}")
    values = tuple(value for _, params in statements for value in params)
    try:
        await cur.execute("; ".join(parts).encode(), values)
    except BaseException as exc:
        await _undo(cur)
        if (
            claim is not None
            and isinstance(exc, psycopg.IntegrityError)
            and exc.diag.table_name == "request_answers"
        ):
            raise requests.DuplicateRequest(claim.request_id) from None
        raise


async def _append(
    cur: psycopg.AsyncClientCursor[Any],
    conversation: str,
    kind: str,
    fields: dict[str, Any],
    sender: str | None,
    client_id: str | None,
    update: dict[str, Any] | None,
    expect: dict[str, Any] | None,
    claim: requests.RequestClaim | None,
    then: tuple[str, dict[str, Any]] | None = None,
) -> AppendResult:
    """One append inside its batch's transaction, in a savepoint of its own: two round trips.

    The first takes the conversation's row lock (it orders appends to this conversation
    across hubs) and then, in a statement of its own (so it sees whatever was committed
    before the lock was had), the next ``seq``, an earlier event of the same client id and
    the ``expect``-ed columns (decided here, under the row lock, whichever hub asks). The
    second writes the event, the update and the claim and releases the savepoint."""
    names = list(expect or ())
    try:
        await cur.execute(
            (
                f"SAVEPOINT {SAVEPOINT}; "
                "SELECT 1 FROM conversations WHERE id = %s FOR UPDATE; "
                "SELECT (SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE conversation = k.id), "
                "d.seq, d.at, d.kind, d.data" + "".join(f", k.{name}" for name in names)
                + " FROM conversations k LEFT JOIN events d ON d.conversation = k.id "
                "AND d.sender = %s AND d.client_id = %s WHERE k.id = %s"
            ).encode(),
            (conversation, sender, client_id, conversation),
        )
        cur.nextset()
        cur.nextset()
        row = await cur.fetchone()
        found: AppendResult | None = None
        if row is not None and client_id is not None and row[1] is not None:
            found = AppendResult(_event(conversation, row[1:5]), duplicate=True)
        elif expect and (row is None or list(row[5:]) != list(expect.values())):
            raise PreconditionFailed(
                conversation, dict(zip(names, row[5:] if row else (), strict=False))
            )
    except BaseException:
        await _undo(cur)
        raise
    statements: list[tuple[str, tuple[Any, ...]]] = []
    if found is None:
        seq = int(row[0]) if row is not None else 1  # no such conversation: refused below
        at = format_time(utc_now())
        statements.append(_insert_statement(conversation, seq, at, kind, fields, sender,
                                            client_id))
        after = None if then is None else Event(conversation, seq + 1, at, *then)
        if after is not None:
            statements.append(_insert_statement(conversation, after.seq, at, after.kind,
                                                after.fields, None, None))
        if update:
            columns = ", ".join(f"{name} = %s" for name in update)
            statements.append((f"UPDATE conversations SET {columns} WHERE id = %s",
                               (*update.values(), conversation)))
        found = AppendResult(Event(conversation, seq, at, kind, fields), duplicate=False,
                             then=after)
    await _finish(cur, statements, claim, found, opened=True)
    return found


async def _request_event(
    conn: psycopg.AsyncConnection[Any], conversation: str, sender: str | None, client_id: str
) -> Event | None:
    cursor = await conn.execute(
        "SELECT seq, at, kind, data FROM events "
        "WHERE conversation = %s AND sender = %s AND client_id = %s",
        (conversation, sender, client_id),
    )
    row = await cursor.fetchone()
    return None if row is None else _event(conversation, row)


def _conforms(store: PostgresStore) -> HubStore:
    return store  # mypy checks that PostgresStore has every operation of the HubStore
