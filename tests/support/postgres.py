"""A real PostgreSQL server for tests: Debian's binaries, a temporary directory, a free port.

PostgreSQL refuses to run as root; when the tests run as root, the server runs as the
``postgres`` system user the Debian package creates (``runuser``). It listens on 127.0.0.1
only (no Unix socket), trusts local connections, and is stopped (``pg_ctl stop -m fast``) and
its directory removed at the end. A missing PostgreSQL is an error, never a skip.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from itertools import count
from pathlib import Path

import psycopg

#: The system user the server runs as when the tests run as root.
SERVER_USER = "postgres"
#: The superuser inside the cluster (trusted from 127.0.0.1).
SUPERUSER = "hubtest"
_INSTALL = "apt-get install -y postgresql (./dev test installs it)"


class PostgresMissing(RuntimeError):
    """PostgreSQL's server binaries (or its system user) are not on this machine."""


def find_bindir() -> Path:
    """The newest ``/usr/lib/postgresql/<N>/bin`` with ``initdb`` and ``pg_ctl``."""
    found = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if not found or not (found[-1] / "pg_ctl").exists():
        raise PostgresMissing(
            f"PostgreSQL's initdb and pg_ctl are not in /usr/lib/postgresql/*/bin: {_INSTALL}."
        )
    return found[-1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


#: Settings of a test cluster that is not ``durable``. What the tests check is what the hub
#: writes and reads, not that PostgreSQL survives a power cut: a cluster thrown away after the
#: run need not wait for the disk (fsync), for its WAL at each commit (synchronous_commit) nor
#: write whole pages after a checkpoint (full_page_writes). A test that kills the *server* to
#: check durability starts its own ``PostgresServer(durable=True)``, which keeps the defaults
#: (killing the hub, as the durability tests do, leaves PostgreSQL running: these are safe).
FAST_SETTINGS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


class PostgresServer:
    """One cluster in a temporary directory (``durable``: PostgreSQL's own fsync settings
    rather than :data:`FAST_SETTINGS`).

    Attributes:
        port: where it listens on 127.0.0.1 (after :meth:`start`).
        root: the temporary directory (data, log).
    """

    def __init__(self, *, durable: bool = False) -> None:
        self.durable = durable
        self.bindir = find_bindir()
        self._as: list[str] = []
        self._owner: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            try:
                self._owner = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise PostgresMissing(
                    f"Tests run as root and PostgreSQL may not: the system user "
                    f"{SERVER_USER!r} is missing: {_INSTALL}."
                ) from None
            self._as = ["runuser", "-u", SERVER_USER, "--"]
        self.root = Path(tempfile.mkdtemp(prefix="hub-pgtest-"))
        if self._owner is not None:
            os.chown(self.root, self._owner.pw_uid, self._owner.pw_gid)
        self.port = 0
        self._names = count(1)
        self._running = False

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [*self._as, *args], capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr.strip()}\n{tail}"
            )

    def start(self) -> PostgresServer:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                  "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions",
                  *([] if self.durable else ["--no-sync"]))
        for attempt in range(3):  # a free port may be taken between probe and bind
            self.port = free_port()
            options = (f"-c listen_addresses=127.0.0.1 -p {self.port} "
                       "-c unix_socket_directories='' -c max_connections=60 "
                       "-c shared_buffers=16MB")
            if not self.durable:
                options += " " + FAST_SETTINGS
            try:
                self._run(str(self.bindir / "pg_ctl"), "start", "-w", "-t", "60",
                          "-D", str(self.data), "-l", str(self.log), "-o", options)
            except RuntimeError:
                if attempt == 2:
                    raise
                continue
            self._running = True
            return self
        raise AssertionError("unreachable")

    def stop(self) -> None:
        """Stop the server (if it runs) and remove its directory."""
        try:
            if self._running:
                self._run(str(self.bindir / "pg_ctl"), "stop", "-w", "-m", "fast",
                          "-D", str(self.data))
                self._running = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def running(self) -> bool:
        """Does ``pg_ctl status`` find the server?"""
        done = subprocess.run(
            [*self._as, str(self.bindir / "pg_ctl"), "status", "-D", str(self.data)],
            capture_output=True, text=True, timeout=30, check=False,
        )
        return done.returncode == 0

    def create_database(self) -> str:
        """A new, empty database; its DSN."""
        name = f"test_{next(self._names)}"
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.dsn(name)

    def drop_database(self, dsn: str) -> None:
        name = dsn.rsplit("/", 1)[1]
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
