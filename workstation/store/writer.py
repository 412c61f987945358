"""One thread owns the database; writes are grouped into one transaction per batch.

Group commit: every write waiting when the thread is free goes into the same transaction,
each inside its own savepoint so one failing operation does not spoil its neighbours. The
answers reach the event loop in submission order, only after the COMMIT returned.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from workstation.protocol.log_safe import traceback_without_values
from workstation.store import requests

log = logging.getLogger(__name__)

MAX_BATCH = 512
#: Operations waiting for the database thread, at most; beyond, new ones are refused at
#: once (:class:`StoreBusy`) rather than queued without end (memory, and answers that come
#: minutes late).
MAX_PENDING = 20_000


class StoreBusy(Exception):
    """The database thread has :data:`MAX_PENDING` operations waiting already."""


class StoreUnavailable(Exception):
    """The database cannot be reached just now (PostgreSQL: the connection was lost and is
    not back yet). The operation was not committed — or, lost at COMMIT itself, it is not
    known whether it was: a request resent with the same id is answered once either way."""

Operation = Callable[[Any], Any]


class Transactional(Protocol):
    """The connection the thread runs on: a ``sqlite3.Connection``, or PostgreSQL's
    :class:`~workstation.store.postgres_store.QmarkConnection` (``BEGIN IMMEDIATE`` is its
    ``BEGIN``)."""

    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...


def _ready(conn: object) -> None:
    """Before a batch or a read: a connection that can be lost (PostgreSQL's) reconnects if
    it was, or raises :class:`StoreUnavailable`; SQLite's file has no such method."""
    ready = getattr(conn, "ready", None)
    if ready is not None:
        ready()


def _lost(conn: object) -> bool:
    """Was the connection lost (so the error is the database's absence, not the operation's)?"""
    return bool(getattr(conn, "lost", False))


@dataclass(slots=True)
class _Job:
    op: Operation
    write: bool
    future: asyncio.Future[Any]
    on_commit: Callable[[Any], None] | None
    on_rollback: Callable[[], None] | None


class DatabaseThread:
    """Runs operations on one connection in one thread, in the order they were submitted."""

    def __init__(
        self, conn: sqlite3.Connection | Transactional, loop: asyncio.AbstractEventLoop,
        name: str = "hub-db",
    ) -> None:
        self._conn = conn
        self._loop = loop
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        #: Called in this thread with the seconds each committed batch took (metrics).
        self.commit_observer: Callable[[float], None] | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(
        self,
        op: Operation,
        *,
        write: bool,
        on_commit: Callable[[Any], None] | None = None,
        on_rollback: Callable[[], None] | None = None,
    ) -> asyncio.Future[Any]:
        """Queue ``op``; the future resolves on the loop after it ran (and, for writes, committed).

        ``on_commit`` runs on the loop with the result, before the future resolves, in the order
        of submission; ``on_rollback`` runs in the database thread when the batch failed to commit.
        """
        future: asyncio.Future[Any] = self._loop.create_future()
        self._jobs.put(_Job(op, write, future, on_commit, on_rollback))
        return future

    def busy(self) -> bool:
        """Are :data:`MAX_PENDING` operations waiting? (Then refuse new ones.)"""
        return self._jobs.qsize() >= MAX_PENDING

    def stop(self) -> None:
        self._jobs.put(None)
        self._thread.join()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            if not job.write:
                self._deliver([self._run_read(job)])
                continue
            batch = [job]
            stop = False
            while len(batch) < MAX_BATCH:
                try:
                    more = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                if not more.write:
                    # Reads wait for the batch: they must see what was written before them.
                    self._deliver(self._run_batch(batch) + [self._run_read(more)])
                    batch = []
                    break
                batch.append(more)
            if batch:
                self._deliver(self._run_batch(batch))
            if stop:
                return

    def _run_read(self, job: _Job, again: bool = True) -> tuple[_Job, bool, Any]:
        try:
            _ready(self._conn)
            return job, True, job.op(self._conn)
        except StoreUnavailable as exc:
            return job, False, exc
        except Exception as exc:  # handed to the awaiting coroutine
            if _lost(self._conn):  # a read changes nothing: once more on a new connection
                if again:
                    return self._run_read(job, again=False)
                return job, False, _unavailable(exc)
            return job, False, exc

    def _run_batch(self, batch: list[_Job], again: bool = True) -> list[tuple[_Job, bool, Any]]:
        conn = self._conn
        results: list[tuple[_Job, bool, Any]] = []
        started = time.perf_counter()
        committing = False
        try:
            _ready(conn)
        except StoreUnavailable as exc:
            return [(job, False, exc) for job in batch]
        try:
            conn.execute("BEGIN IMMEDIATE")
            for job in batch:
                conn.execute("SAVEPOINT op")
                try:
                    results.append((job, True, job.op(conn)))
                    conn.execute("RELEASE op")
                except Exception as exc:
                    conn.execute("ROLLBACK TO op")
                    conn.execute("RELEASE op")
                    results.append((job, False, exc))
            committing = True
            conn.execute("COMMIT")
        except Exception as exc:
            lost = _lost(conn)
            log.error("Database commit failed: %s%s", type(exc).__name__,
                      " (the connection was lost)" if lost else "")
            if conn.in_transaction and not lost:
                try:
                    conn.execute("ROLLBACK")
                except Exception as failed:  # the thread must live on for the next batch
                    log.error("Rollback failed: %s", type(failed).__name__)
            for job in batch:
                if job.on_rollback is not None:
                    job.on_rollback()
            if lost and again and not committing:
                # Lost before COMMIT was sent: nothing of the batch was written; once more
                # on a new connection (if the database is back already).
                return self._run_batch(batch, again=False)
            failure = _unavailable(exc) if lost else exc
            return [(job, False, failure) for job in batch]
        if self.commit_observer is not None:
            self.commit_observer(time.perf_counter() - started)
        return results

    def _deliver(self, results: list[tuple[_Job, bool, Any]]) -> None:
        if results:
            self._loop.call_soon_threadsafe(_settle, results)


def _unavailable(exc: Exception) -> StoreUnavailable:
    failure = StoreUnavailable("the database connection was lost")
    failure.__cause__ = exc
    return failure


def _settle(results: list[tuple[_Job, bool, Any]]) -> None:
    for job, succeeded, value in results:
        if succeeded and job.on_commit is not None:
            try:
                job.on_commit(value)
            except Exception as exc:  # its message may quote the event: not logged
                log.error("Commit hook failed\n%s", traceback_without_values(exc))
        if job.future.cancelled():
            continue
        if succeeded:
            job.future.set_result(value)
        else:
            job.future.set_exception(value)


class ThreadRunner:
    """What both stores share: store functions run in a :class:`DatabaseThread` (``run``), the
    running request's claim written in the savepoint of its first write, and the request
    answers (``stored_request``, ``save_answer``). A store sets ``_thread`` when attached."""

    _thread: DatabaseThread | None = None
    _claims = 0

    def _forget(self) -> None:
        """A write was undone: forget what the thread cached about it (SQLite: seq counters)."""

    def _submit(
        self,
        op: Operation,
        *,
        write: bool,
        on_commit: Callable[[Any], None] | None = None,
    ) -> asyncio.Future[Any]:
        if self._thread is None:
            raise RuntimeError("store not attached to an event loop")
        if self._thread.busy():
            raise StoreBusy()
        on_rollback = self._forget if write else None
        claim = requests.current_claim.get() if write else None
        if claim is not None and claim.wants_write():
            op = self._claiming(claim, op)
        future = self._thread.submit(op, write=write, on_commit=on_commit, on_rollback=on_rollback)
        if claim is not None and claim.pending:
            future.add_done_callback(lambda _: setattr(claim, "pending", False))
        return future

    def _claiming(self, claim: requests.RequestClaim, op: Operation) -> Operation:
        """``op`` with the request's claim row in its savepoint (and, now and then, a prune)."""
        claim.pending = True
        self._claims += 1
        prune = self._claims % requests.PRUNE_EVERY == 0
        claimed = claim.wrap(op)

        def claiming(conn: Any) -> Any:
            if prune:
                requests.prune(conn)
            try:
                return claimed(conn)
            except requests.DuplicateRequest:
                self._forget()  # the savepoint undid the write
                raise

        return claiming

    async def run(self, op: Operation, *, write: bool) -> Any:
        """Run a store function in the database thread (inside the batch transaction when
        ``write``); returns what ``op`` returns, after COMMIT for writes."""
        return await self._submit(op, write=write)

    async def stored_request(
        self, principal: str, request_id: str
    ) -> requests.StoredRequest | None:
        """The first answer to an earlier request with this id from this principal."""
        found: requests.StoredRequest | None = await self._submit(
            lambda conn: requests.lookup(conn, principal, request_id), write=False
        )
        return found

    async def save_answer(self, principal: str, request_id: str, answer: dict[str, Any]) -> None:
        await self._submit(
            lambda conn: requests.save_answer(conn, principal, request_id, answer), write=True
        )
