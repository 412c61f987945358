"""``workstation-hub serve --sip``: what it says when it cannot, and no baresip outlives it."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.hubs import make_db
from tests.support.sip import caller, need, sip_hub, staff


def serve(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workstation.hub.cli", "serve", "--db", str(db), "--port", "0",
         *args], capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def test_a_sip_address_that_is_not_udp_host_port_is_refused(tmp_path: Path) -> None:
    done = serve(tmp_path / "hub.sqlite3", "--sip", "tcp:127.0.0.1:5060")
    assert done.returncode == 2
    assert "is not udp:HOST:PORT" in done.stderr


def test_an_address_the_machine_does_not_have_stops_the_hub_with_a_sentence(
    tmp_path: Path,
) -> None:
    need("baresip")
    done = serve(make_db(tmp_path / "hub.sqlite3"), "--sip", "udp:192.0.2.250:5060")
    assert done.returncode == 1, done
    assert "could not start its SIP endpoint" in done.stderr
    assert "listening on" not in done.stdout
    assert "Traceback" not in done.stderr


def baresip_children(pid: int, name: str = "baresip") -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return [p for p in found if Path(f"/proc/{p}/comm").read_text().strip() == name]


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except FileNotFoundError:
        return True
    return state == "Z"


def test_a_killed_hub_leaves_no_sip_endpoint_behind(tmp_path: Path) -> None:
    """Neither its baresip lines nor its Kamailio (whose children follow their parent)."""
    db = make_db(tmp_path / "hub.sqlite3")
    with sip_hub(db, tmp_path / "hub.log", lines=3) as hub:
        lines = baresip_children(hub.proc.pid)
        [front] = baresip_children(hub.proc.pid, "kamailio")
        assert len(lines) == 4, lines  # three lines and the overflow line
        hub.proc.send_signal(signal.SIGKILL)
        hub.proc.wait(10)
        deadline = time.monotonic() + 10
        while not all(map(gone, [*lines, front])) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(map(gone, lines)), "baresip outlived its hub"
        assert gone(front), "kamailio outlived its hub"


@pytest.mark.slow
async def test_calls_cut_off_by_a_crash_are_ended_when_the_hub_comes_back(
    tmp_path: Path,
) -> None:
    db = make_db(tmp_path / "hub.sqlite3")
    with sip_hub(db, tmp_path / "hub.log") as hub:
        async with staff(hub.url) as kari, caller(tmp_path / "p") as phone:
            assert phone.control is not None
            await phone.control.command("dial", f"sip:116111@{hub.host}:{hub.port}")
            await kari.expect(lambda f: f["type"] == "calls" and f["items"], 20)
            hub.proc.send_signal(signal.SIGKILL)
            hub.proc.wait(10)
    assert statuses(db) == ["queued"]
    with sip_hub(db, tmp_path / "hub2.log") as again:
        async with staff(again.url) as kari:
            first = await kari.expect(lambda f: f["type"] == "calls")
            assert first["items"] == [], "a call from before the crash still rings"
    assert statuses(db) == ["closed"]



def statuses(db: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return [row[0] for row in conn.execute(
            "SELECT status FROM conversations WHERE channel = 'phone'")]
