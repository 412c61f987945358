"""``workstation-hub backup`` while young people write, restored into a fresh hub: every
message acknowledged before the backup began is there; and ``check`` on good and bad files."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import staff_login
from tests.support.hubs import HubProcess
from tests.support.wire import Frame, Wire, ok
from workstation.store.schema import SCHEMA_VERSION

HUB = [sys.executable, "-m", "workstation.hub.cli"]
_ids = itertools.count(1)
#: The hub lets five conversations open at once from one address (workstation/hub/limits.py).
WRITERS = 5
#: The backup starts once a writer has had this many messages acknowledged (the hub lets a
#: young person send 20 at once, then one a second).
ACKED_BEFORE_BACKUP = 10


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HUB, *args], capture_output=True, text=True, timeout=60)


async def hub_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(run_cli, *args)


async def patiently(contact: Wire, frame_type: str, **fields: str) -> Frame:
    """A request, repeated with the same id (so never twice) while it is ``rate_limited``."""
    request_id = f"q{next(_ids)}"
    for _ in range(400):
        answer = await contact.request(frame_type, id=request_id, timeout=20, **fields)
        if answer.get("code") != "rate_limited":
            return answer
        await asyncio.sleep(0.25)
    raise AssertionError(f"{frame_type} was refused rate_limited for 100 s")


class Writer:
    """A young person writing as fast as the hub acknowledges, until told to stop.

    Attributes:
        acked: ``(monotonic time of the ack, seq, text)`` for every acknowledged message.
    """

    def __init__(self, url: str, number: int, under_way: asyncio.Event) -> None:
        self.url = url
        self.under_way = under_way
        self.number = number
        self.conversation = ""
        self.resume_token = ""
        self.acked: list[tuple[float, int, str]] = []
        self.new_ack = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        async with Wire.connect(self.url, "/v1/contact") as contact:
            opened = ok(await patiently(contact, "open", channel="chat"))
            self.conversation, self.resume_token = opened["conversation"], opened["resume_token"]
            count = 0
            while not stop.is_set():
                count += 1
                text = f"melding {count} fra {self.number}"
                answer = await patiently(contact, "send", text=text)
                self.acked.append((time.monotonic(), ok(answer)["seq"], text))
                self.new_ack.set()
                if count == ACKED_BEFORE_BACKUP:
                    self.under_way.set()


async def test_backup_during_writes_restores_every_acknowledged_message(
    hub_process: HubProcess, hub_db: Path, tmp_path: Path
) -> None:
    under_way = asyncio.Event()
    writers = [Writer(hub_process.url, n, under_way) for n in range(WRITERS)]
    stop = asyncio.Event()
    tasks = [asyncio.ensure_future(w.run(stop)) for w in writers]
    try:
        await asyncio.wait_for(under_way.wait(), 30)
        async with Wire.connect(hub_process.url, "/v1/staff") as desk:
            await staff_login(desk, "kari")  # a session the copy must leave behind
        backup = tmp_path / "copy" / "hub-backup.sqlite3"
        backup.parent.mkdir()
        began = time.monotonic()
        made = await hub_cli("backup", "--db", str(hub_db), "--to", str(backup))
        ended = time.monotonic()
        assert made.returncode == 0, made.stderr
        assert "integrity ok" in made.stdout
        for writer in writers:  # writes go on after the copy (which must not see them)
            writer.new_ack.clear()
        waits = [asyncio.ensure_future(w.new_ack.wait()) for w in writers]
        await asyncio.wait(waits, timeout=10, return_when=asyncio.FIRST_COMPLETED)
        for wait in waits:
            wait.cancel()
    finally:
        stop.set()
        await asyncio.gather(*tasks)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert not list(backup.parent.glob("*.partial"))
    before = {w.conversation: [(s, t) for at, s, t in w.acked if at < began] for w in writers}
    after = sum(1 for w in writers for at, _, _ in w.acked if at > ended)
    assert sum(map(len, before.values())) >= ACKED_BEFORE_BACKUP and after > 0
    hub_process.stop()

    # Restore as docs/operations.md says: the hub is stopped, the copy goes back, check it.
    restored = tmp_path / "restored" / "hub.sqlite3"
    restored.parent.mkdir()
    shutil.copyfile(backup, restored)
    checked = await hub_cli("check", "--db", str(restored))
    assert checked.returncode == 0, checked.stderr
    assert f"schema version {SCHEMA_VERSION}," in checked.stdout
    with sqlite3.connect(hub_db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1
    with sqlite3.connect(restored) as conn:  # no session comes back with a restore
        assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
    with sqlite3.connect(restored) as conn:  # one instant: no conversation has a seq gap
        for conversation, count, top in conn.execute(
            "SELECT conversation, COUNT(*), MAX(seq) FROM events GROUP BY conversation"
        ):
            assert count == top, conversation
    fresh = HubProcess(restored)
    fresh.start()
    try:
        for writer in writers:
            async with Wire.connect(fresh.url, "/v1/contact") as contact:
                ok(await contact.request("resume", resume_token=writer.resume_token, after=0))
                expected = before[writer.conversation]
                if expected:
                    last = expected[-1][0]
                    await contact.expect(lambda f, last=last: f.get("seq") == last, timeout=10)
                got = [(e["seq"], e["text"]) for e in contact.events() if e["kind"] == "message"]
                assert got[: len(expected)] == expected
    finally:
        fresh.stop()


def test_check_says_ok_for_a_good_file_and_names_a_corrupt_one(
    hub_db: Path, tmp_path: Path
) -> None:
    good = run_cli("check", "--db", str(hub_db))
    assert good.returncode == 0, good.stderr
    assert f"integrity ok, schema version {SCHEMA_VERSION}," in good.stdout
    assert "7 users" in good.stdout
    broken = tmp_path / "broken.sqlite3"
    shutil.copyfile(hub_db, broken)
    size = broken.stat().st_size
    with open(broken, "r+b") as file:  # scribble over every page but the first
        file.seek(4096)
        file.write(os.urandom(size - 4096))
    bad = run_cli("check", "--db", str(broken))
    assert bad.returncode == 1
    assert str(broken) in bad.stderr and "Traceback" not in bad.stderr
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("ikke en database\n" * 400)
    assert run_cli("check", "--db", str(not_sqlite)).returncode == 1
    missing = run_cli("check", "--db", str(tmp_path / "nowhere.sqlite3"))
    assert missing.returncode == 2 and "no database" in missing.stderr


async def test_backup_refuses_its_own_database_and_a_missing_folder(
    hub_db: Path, tmp_path: Path
) -> None:
    same = await hub_cli("backup", "--db", str(hub_db), "--to", str(hub_db))
    assert same.returncode == 1 and "another file" in same.stderr
    nowhere = await hub_cli("backup", "--db", str(hub_db), "--to", str(tmp_path / "no" / "x"))
    assert nowhere.returncode == 1 and "does not exist" in nowhere.stderr
