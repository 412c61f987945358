"""Start the real hub for tests: in-process, or as a process that can be SIGKILLed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing, contextmanager
from itertools import count
from pathlib import Path
from typing import Any, TypeVar
from unittest import mock

import psycopg
from argon2 import PasswordHasher

from tests.support.postgres import PostgresServer
from workstation.store import accounts, open_database, open_store
from workstation.store.postgres_store import QmarkConnection, pyformat

W = TypeVar("W", Path, str)
#: The backends the hub fixtures run on (``backend`` fixture; sqlite by default).
BACKENDS = ("sqlite", "postgres")

PASSWORD = "korrekt hest batteri"
USERS = {
    "kari": (["counsellor"], "Kari"),
    "ola": (["counsellor"], "Ola"),
    "lead": (["counsellor", "shift_lead"], "Vaktleder Vera"),
    "lead2": (["counsellor", "shift_lead"], "Vaktleder Per"),
    "sup": (["supervisor"], "Siri Supervisor"),
    "trainer": (["trainer"], "Trond Trener"),
    "admin": (["admin"], "Ada Admin"),
}


#: ``production`` makes the test users' hashes with the hub's own Argon2 parameters (argon2-cffi's
#: default profile: 64 MiB, 3 passes, 4 lanes: 0.2-0.4 s of CPU for every sign-in); unset, they
#: are made with the cheapest parameters Argon2 allows. Read only here, by the test support code:
#: a hash carries its parameters, so the hub (in-process or ``serve``) checks either kind with
#: its unchanged code, and its own hashing (``workstation-hub user add``, a changed password, the
#: unknown-user check) keeps the production parameters (tests/unit/store/test_passwords.py).
ARGON2_ENV = "HUB_TEST_ARGON2"
_CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, hash_len=16, salt_len=16)


@contextmanager
def cheap_user_hashing() -> Iterator[None]:
    """Users added meanwhile get the tests' cheap Argon2 hash (unless :data:`ARGON2_ENV` says
    ``production``): the hashing is not what these tests test, and every sign-in checks one."""
    if os.environ.get(ARGON2_ENV) == "production":
        yield
        return
    with mock.patch.object(accounts, "hash_password", _CHEAP.hash):
        yield


def make_db(where: W) -> W:
    """A fresh hub database (a file or a ``postgresql://`` address) with the test users, all
    with :data:`PASSWORD`."""
    return add_users(where, USERS)


def add_users(where: W, users: dict[str, tuple[list[str], str]]) -> W:
    """Add users (name → roles, display name) to a hub database (a SQLite file or a
    ``postgresql://`` address), all with :data:`PASSWORD` (hashed cheaply:
    :func:`cheap_user_hashing`)."""
    store = open_store(where) if isinstance(where, Path) else open_database(where)
    with cheap_user_hashing():
        for name, (roles, display) in users.items():
            store.add_user(name, PASSWORD, roles, display)
    store.close_blocking()
    return where


def copy_postgres_database(server: PostgresServer, template: str) -> str:
    """A new database on ``server`` made from ``template`` (a database with the test users:
    Argon2 hashes once per run, as the SQLite template file).

    The copies (``CREATE DATABASE … TEMPLATE``: 0.1-0.2 s of the server's time each) are made
    :data:`AHEAD` ahead, on two threads at once, while the tests that got the previous ones
    run: many tests take less than a copy, and two copies side by side take little more than
    one. Nothing connects to a template, so a copy made ahead is the same as one made now."""
    key = (server.port, template)
    ahead = _ahead.setdefault(key, deque())
    name = None
    if ahead:
        try:
            name = ahead.popleft().result()
        except psycopg.Error:  # the server was busy or restarting: make one now
            name = None
    if name is None:
        name = _copy(server, template)
    while len(ahead) < AHEAD:
        ahead.append(_copier.submit(_copy, server, template))
    return server.dsn(name)


def drop_later(server: PostgresServer, dsn: str) -> None:
    """Drop a test's database on the copying threads while the next test starts (its hub is
    stopped; ``WITH (FORCE)`` ends any connection left)."""
    _copier.submit(server.drop_database, dsn)


def _copy(server: PostgresServer, template: str) -> str:
    name = f"hub_{next(_copies)}"
    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {template.rsplit('/', 1)[1]}")
    return name


#: Copies of a template made ahead of the tests that will want them.
AHEAD = 2
_copies = count(1)
_copier = ThreadPoolExecutor(AHEAD, thread_name_prefix="pg-copy-ahead")
_ahead: dict[tuple[int, str], deque[Future[str]]] = {}


def query(where: Path | str, sql: str, *args: object) -> list[tuple[object, ...]]:
    """Rows of ``sql`` (``?`` placeholders) read straight from a test hub's database, as
    tuples, on either backend; a write commits."""
    if isinstance(where, Path):
        with closing(sqlite3.connect(where)) as lite, lite:
            return [tuple(row) for row in lite.execute(sql, args).fetchall()]
    with psycopg.connect(where) as conn:
        cursor = conn.execute(pyformat(sql), args)
        return [tuple(row) for row in cursor.fetchall()] if cursor.description else []


def table_names(conn: psycopg.Connection[Any]) -> list[str]:
    """The hub's tables in a PostgreSQL database (its schema's base tables), by name."""
    return [str(row[0]) for row in conn.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
        "ORDER BY table_name"
    )]


@contextmanager
def connect(where: Path | str) -> Iterator[Any]:
    """A connection to a test hub's database for a store function (``?`` SQL, rows as
    tuples): ``sqlite3`` or a :class:`QmarkConnection`; one transaction, committed at the end
    (rolled back on an error), as another hub sharing the database would write."""
    if isinstance(where, Path):
        with closing(sqlite3.connect(where, timeout=10)) as lite, lite:
            yield lite
        return
    with psycopg.connect(where) as conn:  # commits on leaving, rolls back on an error
        yield QmarkConnection(conn)


def holding(where: Path | str, word: str) -> list[str]:
    """Where ``word`` is still stored: on SQLite the file, its ``-wal`` and ``-shm`` as on
    disk (``secure_delete`` zeroes what is deleted); on PostgreSQL the tables one of whose
    rows holds it, read as text (a deleted row's bytes stay in its page until ``VACUUM``
    reuses the space, and in the WAL: there the disk's encryption keeps them, docs/store.md)."""
    needle = word.encode()
    if isinstance(where, Path):
        return [path.name for path in (where, where.with_name(where.name + "-wal"),
                                       where.with_name(where.name + "-shm"))
                if path.exists() and needle in path.read_bytes()]
    with psycopg.connect(where) as conn:
        tables = table_names(conn)
        return [table for table in tables if conn.execute(
            f'SELECT 1 FROM "{table}" t WHERE strpos(t::text, %s) > 0 LIMIT 1',  # noqa: S608
            (word,)).fetchone()]


def stored_bytes(where: Path | str) -> bytes:
    """Everything the database holds, to look for what must not be stored: a SQLite file
    and its write-ahead log as on disk, or on PostgreSQL every row of every table as text."""
    if isinstance(where, Path):
        return b"".join(p.read_bytes() for p in where.parent.glob(where.name + "*"))
    with psycopg.connect(where) as conn:
        tables = table_names(conn)
        return b"".join(
            str(row[0]).encode()
            for table in tables
            for row in conn.execute(f'SELECT t::text FROM "{table}" t')  # noqa: S608
        )


class HubProcess:
    """``workstation-hub serve`` as a child process (``db``: a file or a PostgreSQL address;
    on PostgreSQL the key file comes from ``$WORKSTATION_HUB_KEY_FILE``)."""

    def __init__(self, db: Path | str, *, args: tuple[str, ...] = ()) -> None:
        self.db = db
        #: More ``serve`` options (limits, …), given on every start.
        self.args = args
        self.port = 0
        self.url = ""
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> str:
        with tempfile.TemporaryFile("w+") as errors:  # its sentence if it cannot start
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "workstation.hub.cli", "serve", "--db", str(self.db),
                 "--port", str(self.port), *self.args],
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
            assert self.proc.stdout is not None
            line = self.proc.stdout.readline()
            if not line.startswith(("listening on ws://", "listening on wss://")):
                self.proc.wait(10)
                errors.seek(0)
                raise AssertionError(f"hub did not start: {line!r}; it said:\n"
                                     f"{errors.read()[-3000:]}")
        self.url = line.split()[-1]
        self.port = int(self.url.rsplit(":", 1)[1])
        return self.url

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, nothing flushed by the hub itself."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self._close_pipe()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self._close_pipe()

    def _close_pipe(self) -> None:
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()
