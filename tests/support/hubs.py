"""Start the real hub for tests: in-process, or as a process that can be SIGKILLed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from workstation.store import open_store

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


def make_db(path: Path) -> Path:
    """A fresh hub database with the test users, all with :data:`PASSWORD`."""
    return add_users(path, USERS)


def add_users(path: Path, users: dict[str, tuple[list[str], str]]) -> Path:
    """Add users (name → roles, display name) to a hub database, all with :data:`PASSWORD`."""
    store = open_store(path)
    for name, (roles, display) in users.items():
        store.add_user(name, PASSWORD, roles, display)
    store.close_blocking()
    return path


class HubProcess:
    """``workstation-hub serve`` as a child process."""

    def __init__(self, db: Path, *, args: tuple[str, ...] = ()) -> None:
        self.db = db
        #: More ``serve`` options (limits, …), given on every start.
        self.args = args
        self.port = 0
        self.url = ""
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> str:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "workstation.hub.cli", "serve", "--db", str(self.db),
             "--port", str(self.port), *self.args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line.startswith("listening on ws://"), f"hub did not start: {line!r}"
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
