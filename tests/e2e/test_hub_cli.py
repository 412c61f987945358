"""workstation-hub as an operator runs it: user add from stdin, serve, SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from websockets.sync.client import connect

HUB = [sys.executable, "-m", "workstation.hub.cli"]


def add_user(db: Path, password: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HUB, "user", "add", *args, "--db", str(db)],
        input=password + "\n", capture_output=True, text=True, timeout=60,
    )


def test_user_add_serve_hello_and_sigterm(tmp_path: Path) -> None:
    db = tmp_path / "hub.sqlite3"
    added = add_user(db, "hemmelig passord", "kari", "--role", "counsellor", "--role",
                     "shift_lead", "--display-name", "Kari N.")
    assert added.returncode == 0, added.stderr
    assert "hemmelig" not in added.stdout + added.stderr
    hub = subprocess.Popen([*HUB, "serve", "--db", str(db), "--port", "0"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert hub.stdout is not None
        line = hub.stdout.readline()
        assert line.startswith("listening on ws://127.0.0.1:")
        url = line.split()[-1]
        with connect(url + "/v1/staff") as ws:
            ws.send(json.dumps({"type": "hello", "id": "h", "user": "kari",
                                "password": "hemmelig passord"}))
            answer = json.loads(ws.recv(timeout=10))
        assert answer["type"] == "ok"
        assert answer["user"] == {"name": "kari", "display_name": "Kari N.",
                                  "roles": ["counsellor", "shift_lead"]}
        hub.send_signal(signal.SIGTERM)
        assert hub.wait(10) == 0
        assert hub.stderr is not None
        logs = hub.stderr.read()
        assert "hemmelig" not in logs and "Kari" not in logs
    finally:
        if hub.poll() is None:
            hub.kill()
        for pipe in (hub.stdout, hub.stderr):
            if pipe is not None:
                pipe.close()


def test_a_hub_stopped_the_moment_it_prints_its_address_stops_cleanly(tmp_path: Path) -> None:
    """A service manager may stop the hub as soon as it reads the address: that is a clean
    stop (exit 0), not a death by SIGTERM (-15) with the shutdown skipped."""
    db = tmp_path / "hub.sqlite3"
    assert add_user(db, "hemmelig passord", "kari", "--role", "counsellor").returncode == 0
    for _ in range(3):
        hub = subprocess.Popen([*HUB, "serve", "--db", str(db), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            assert hub.stdout is not None
            assert hub.stdout.readline().startswith("listening on ")
            hub.send_signal(signal.SIGTERM)
            assert hub.wait(10) == 0
        finally:
            if hub.poll() is None:
                hub.kill()
            if hub.stdout is not None:
                hub.stdout.close()


def test_user_add_without_a_password_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "hub.sqlite3"
    refused = add_user(db, "", "ola", "--role", "counsellor")
    assert refused.returncode == 2
    assert "No password" in refused.stderr


def test_serve_on_a_taken_port_says_so(tmp_path: Path) -> None:
    hub = subprocess.Popen([*HUB, "serve", "--db", str(tmp_path / "a.db"), "--port", "0"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert hub.stdout is not None
        port = hub.stdout.readline().rsplit(":", 1)[1].strip()
        second = subprocess.run([*HUB, "serve", "--db", str(tmp_path / "b.db"), "--port", port],
                                capture_output=True, text=True, timeout=30)
        assert second.returncode == 1
        assert "could not start" in second.stderr
    finally:
        hub.terminate()
        hub.wait(10)
        if hub.stdout is not None:
            hub.stdout.close()
