"""``workstation-hub user add`` and ``serve`` as an operator meets them on a terminal.

A terminal is a real pseudo-terminal (``pty.openpty``): the child's standard input, output and
error are its slave side, and the test types on the master side as a person would.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HUB = [sys.executable, "-m", "workstation.hub.cli"]
GOOD = "blåbær trikk vindu 7"


class Terminal:
    """A child process on a pseudo-terminal; ``screen`` is all it has written so far."""

    def __init__(self, argv: list[str], env: dict[str, str] | None = None) -> None:
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                                     start_new_session=True, env=env)
        os.close(slave)
        self.screen = ""

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never appeared; the terminal shows {self.screen!r}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the child has gone and the slave side is closed
                    chunk = b""
                assert chunk, f"{text!r} never appeared; the terminal shows {self.screen!r}"
                self.screen += chunk.decode(errors="replace")

    def type(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())

    def finish(self) -> int:
        code = self.proc.wait(30)
        try:  # whatever is still buffered
            while select.select([self.master], [], [], 0)[0]:
                chunk = os.read(self.master, 4096)
                if not chunk:
                    break
                self.screen += chunk.decode(errors="replace")
        except OSError:
            pass
        os.close(self.master)
        return code


def add_on_terminal(db: Path, name: str = "kari") -> Terminal:
    return Terminal([*HUB, "user", "add", name, "--role", "counsellor", "--db", str(db)])


def users(db: Path) -> list[str]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM users")]


def add_typing_twice(db: Path, first: str, second: str) -> Terminal:
    """``user add kari`` on a terminal, typing each password when it is asked for."""
    term = add_on_terminal(db)
    term.wait_for("Password for kari:")
    term.type(first)
    term.wait_for("again:")
    term.type(second)
    return term


def test_on_a_terminal_the_password_is_asked_twice_and_never_shown(tmp_path: Path) -> None:
    db = tmp_path / "hub.sqlite3"
    term = add_typing_twice(db, GOOD, GOOD)
    assert term.finish() == 0, term.screen
    assert "saved" in term.screen
    assert "blåbær" not in term.screen  # not echoed as it was typed
    assert users(db) == ["kari"]


def test_two_different_passwords_on_a_terminal_create_nothing(tmp_path: Path) -> None:
    db = tmp_path / "hub.sqlite3"
    term = add_typing_twice(db, GOOD, GOOD + "8")
    assert term.finish() == 2
    assert "The two passwords differ; the user was not created." in term.screen
    assert users(db) == []


def run_add(db: Path | None, password: str, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    where = ["--db", str(db)] if db is not None else []
    return subprocess.run([*HUB, "user", "add", "ola", "--role", "counsellor", *where],
                          input=password + "\n", capture_output=True, text=True, timeout=60,
                          env=env)


def test_weak_passwords_are_refused_with_the_reason(tmp_path: Path) -> None:
    db = tmp_path / "hub.sqlite3"
    short = run_add(db, "abcd")
    assert short.returncode == 2
    assert "too short: use at least 12 characters" in short.stderr
    guessable = run_add(db, "passordpassord")
    assert guessable.returncode == 2
    assert "too easy to guess" in guessable.stderr
    assert "passord" not in guessable.stderr.replace("passwords", "")
    with_name = run_add(db, "ola-ola-ola-ola")
    assert with_name.returncode == 2 and "too easy to guess" in with_name.stderr
    assert users(db) == []
    assert run_add(db, GOOD).returncode == 0
    assert users(db) == ["ola"]


def test_without_db_nothing_is_written_unless_a_default_is_configured(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "WORKSTATION_HUB_DB"}
    refused = subprocess.run([*HUB, "user", "add", "ola", "--role", "counsellor"],
                             input=GOOD + "\n", capture_output=True, text=True, timeout=60,
                             env=env, cwd=tmp_path)
    assert refused.returncode == 2
    assert "No database given: pass --db PATH, or set WORKSTATION_HUB_DB" in refused.stderr
    assert list(tmp_path.iterdir()) == []
    configured = tmp_path / "configured.sqlite3"
    added = run_add(None, GOOD, env={**env, "WORKSTATION_HUB_DB": str(configured)})
    assert added.returncode == 0, added.stderr
    assert f"Using the database {configured} (from WORKSTATION_HUB_DB)." in added.stderr
    assert users(configured) == ["ola"]


def test_serve_logs_connection_counts_and_its_stop(tmp_path: Path) -> None:
    from websockets.sync.client import connect

    db = tmp_path / "hub.sqlite3"
    assert run_add(db, GOOD).returncode == 0
    hub = subprocess.Popen([*HUB, "serve", "--db", str(db), "--port", "0", "--stats-every",
                            "0.1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert hub.stdout is not None and hub.stderr is not None
    stderr = hub.stderr

    def log_line_with(text: str) -> str:
        for line in stderr:
            if text in line:
                return line
        raise AssertionError(f"the hub's log ended without {text!r}")

    try:
        url = hub.stdout.readline().split()[-1]
        assert "connections: 0 staff, 0 young people" in log_line_with("connections:")
        with connect(url + "/v1/contact") as young:
            young.send('{"type": "open", "id": "o", "channel": "chat"}')
            assert '"ok"' in str(young.recv(timeout=10))
            assert "0 staff, 1 young people" in log_line_with("connections:")
            hub.send_signal(signal.SIGTERM)
            stopping = log_line_with("stopping")
            assert "SIGTERM with 0 staff and 1 young people connected" in stopping
            log_line_with("hub stopped")
        assert hub.wait(10) == 0
        rest = stderr.read()
        assert "127.0.0.1" not in stopping + rest
    finally:
        if hub.poll() is None:
            hub.kill()
            hub.wait(10)
        hub.stdout.close()
        stderr.close()
