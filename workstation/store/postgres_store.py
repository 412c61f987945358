"""The hub's store on PostgreSQL (issue 16): the event log (stage 1) and the accounts
(stage 2a) — a :class:`~.boundary.Store`.

psycopg 3: a blocking connection for start-up (migrations, :meth:`open_conversations`), an
asyncio pool for the rest. Each write is one transaction; its answer and its hook come after
COMMIT (``synchronous_commit`` on: the WAL is flushed). Appends to one conversation take the
conversation's row lock, so ``seq`` stays gap-free and unique even with several hubs on one
database; within this process they are also serialised per conversation, so hooks run in
``seq`` order. Account changes run the same rules as on SQLite (:mod:`.accounts`, through
:class:`QmarkConnection`), each in one transaction with its audit row. Since stage 2b it is a
:class:`~.boundary.HubStore`: ``run`` (the features' store functions, in a thread of their
own with group commit) and the request claims, so ``workstation-hub serve`` runs on it.
Group commit of appends and LISTEN/NOTIFY come later (docs/store.md).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
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
        thread) and each append's transaction (on the loop)."""
        if self._thread is None:
            raise RuntimeError("store not attached to an event loop")
        self._thread.commit_observer = observer
        self._commit_observer = observer

    async def close(self) -> None:
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

    async def _transaction(self, body: Callable[[psycopg.AsyncConnection[Any]], Any]) -> Any:
        """``await body(conn)`` in one transaction on a pool connection; its result after
        COMMIT. A connection lost before COMMIT was sent wrote nothing: once more on a new
        connection (waiting up to :data:`RETRY_WAIT_S` for one). Lost at COMMIT (it is not
        known whether it committed), or twice: :class:`StoreUnavailable` — a resend with the
        same client id is then stored once (idempotency)."""
        for attempt in (1, 2):
            committing = False
            try:
                async with self._connection(None if attempt == 1 else RETRY_WAIT_S) as conn:
                    started = time.perf_counter()
                    async with conn.transaction():
                        result = await body(conn)
                        committing = True
                    self._committed(started)
                    return result
            except StoreUnavailable:
                if committing or attempt == 2:
                    raise
                log.warning("The database connection was lost before COMMIT; trying once more")
        raise AssertionError("unreachable")

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
        fields = {"channel": conv.channel}
        event = Event(conv.id, 1, at, "opened", fields)
        claim = self._claim()
        try:
            async def body(conn: psycopg.AsyncConnection[Any]) -> None:
                await conn.execute(
                    "INSERT INTO conversations (id, channel, lang, created_at, status, "
                    "token_hash, flags) VALUES (%s, %s, %s, %s, %s, %s, '[]')",
                    (conv.id, conv.channel, lang, conv.created_at, conv.status.value,
                     token_hash),
                )
                await _insert(conn, conv.id, 1, at, "opened", fields, None, None)
                await _write_claim(conn, claim, event)
                await pg_events.notify(conn, self.hub_id, event)

            async with self._admitted(), self._in_order(conv.id):
                await self._transaction(body)
                _run_hook(hook, event)
        finally:
            if claim is not None:
                claim.pending = False
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
    ) -> AppendResult:
        if update and not UPDATABLE.issuperset(update):
            raise ValueError(f"not a conversation column: {sorted(set(update) - UPDATABLE)}")
        if expect and not UPDATABLE.issuperset(expect):
            raise ValueError(f"not a conversation column: {sorted(set(expect) - UPDATABLE)}")
        claim = self._claim()
        try:
            async def body(conn: psycopg.AsyncConnection[Any]) -> AppendResult:
                found = await _append(
                    conn, conversation, kind, fields, sender, client_id, update, expect
                )
                await _write_claim(conn, claim, found)
                if not found.duplicate:
                    await pg_events.notify(conn, self.hub_id, found.event)
                return found

            async with self._admitted(), self._in_order(conversation):
                result: AppendResult = await self._transaction(body)
                if not result.duplicate:
                    _run_hook(hook, result.event)
        finally:
            if claim is not None:
                claim.pending = False
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


def _run_hook(hook: EventHook, event: Event) -> None:
    """After COMMIT; as on SQLite, a failing hook is logged and the write stands."""
    try:
        hook(event)
    except Exception as exc:  # its message may quote the event: not logged
        log.error("Commit hook failed\n%s", traceback_without_values(exc))


async def _insert(
    conn: psycopg.AsyncConnection[Any],
    conversation: str,
    seq: int,
    at: str,
    kind: str,
    fields: dict[str, Any],
    sender: str | None,
    client_id: str | None,
) -> None:
    await conn.execute(
        "INSERT INTO events (conversation, seq, at, kind, sender, client_id, data) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (conversation, seq, at, kind, sender, client_id, _json.encode(fields).decode()),
    )


async def _append(
    conn: psycopg.AsyncConnection[Any],
    conversation: str,
    kind: str,
    fields: dict[str, Any],
    sender: str | None,
    client_id: str | None,
    update: dict[str, Any] | None,
    expect: dict[str, Any] | None = None,
) -> AppendResult:
    """The body of one append, inside its transaction."""
    # The row lock orders appends to this conversation across hubs.
    await conn.execute("SELECT 1 FROM conversations WHERE id = %s FOR UPDATE", (conversation,))
    if client_id is not None:
        found = await _request_event(conn, conversation, sender, client_id)
        if found is not None:
            return AppendResult(found, duplicate=True)
    if expect:  # decided here, under the row lock, whichever hub asks (issue 16)
        names = list(expect)
        cursor = await conn.execute(
            f"SELECT {', '.join(names)} FROM conversations WHERE id = %s".encode(),
            (conversation,),
        )
        row = await cursor.fetchone()
        if row is None or list(row) != list(expect.values()):
            raise PreconditionFailed(conversation, dict(zip(names, row or (), strict=False)))
    cursor = await conn.execute(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE conversation = %s", (conversation,)
    )
    row = await cursor.fetchone()
    seq = int(row[0]) if row else 1
    at = format_time(utc_now())
    await _insert(conn, conversation, seq, at, kind, fields, sender, client_id)
    if update:
        columns = ", ".join(f"{name} = %s" for name in update)
        await conn.execute(
            f"UPDATE conversations SET {columns} WHERE id = %s".encode(),
            (*update.values(), conversation),
        )
    return AppendResult(Event(conversation, seq, at, kind, fields), duplicate=False)


async def _write_claim(
    conn: psycopg.AsyncConnection[Any], claim: requests.RequestClaim | None, result: Any
) -> None:
    """The request's claim row in the write's transaction; a second claim of the same
    request undoes the write (:class:`~workstation.store.requests.DuplicateRequest`)."""
    if claim is None:
        return
    sql, params = claim.claim_row(result)
    try:
        async with conn.transaction():  # a savepoint: the error is this statement's
            await conn.execute(pyformat(sql), params)
    except psycopg.IntegrityError:
        raise requests.DuplicateRequest(claim.request_id) from None
    claim.stored = True


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
