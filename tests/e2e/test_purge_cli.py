"""``workstation-hub purge`` as an operator runs it, on a database a real hub wrote."""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from tests.support.hubs import BACKENDS, PASSWORD, HubProcess, make_db, query
from workstation.hub.purge_records import KINDS
from workstation.sessions.summary import ContactSummary, to_dict

HUB = [sys.executable, "-m", "workstation.hub.cli"]
_ids = itertools.count(1)


def request(ws: ClientConnection, frame_type: str, **fields: Any) -> dict[str, Any]:
    request_id = f"q{next(_ids)}"
    ws.send(json.dumps({"type": frame_type, "id": request_id, **fields}))
    while True:
        frame = json.loads(ws.recv(timeout=10))
        if frame.get("re") == request_id:
            assert frame["type"] == "ok", frame
            return dict(frame)


def a_closed_conversation(url: str) -> None:
    """A young person writes, Kari answers, closes and files her summary."""
    with connect(url + "/v1/contact") as contact, connect(url + "/v1/staff") as kari:
        conv = request(contact, "open", channel="chat")["conversation"]
        request(contact, "send", text="jeg heter Mia og gruer meg til å gå hjem")
        request(kari, "hello", user="kari", password=PASSWORD)
        request(kari, "accept", conversation=conv)
        request(kari, "send", conversation=conv, text="Så bra at du skriver, Mia.")
        request(kari, "close", conversation=conv)
        summary = to_dict(ContactSummary(
            categories=("violence.physical",), wanted=("listened_to",), actions=("advice",),
            text="Gruer seg til å gå hjem.",
        ))
        request(kari, "summary_set", conversation=conv, summary=summary)


def purge(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HUB, "purge", *args], capture_output=True, text=True, timeout=60
    )


def counts(stdout: str) -> dict[str, int]:
    """``{label: n}`` from the lines "   n  label"."""
    found = re.findall(r"^\s+(\d+)\s+(.+)$", stdout, re.MULTILINE)
    return {label: int(n) for n, label in found}


def table_count(db: Path | str, table: str) -> int:
    return int(query(db, f"SELECT COUNT(*) FROM {table}")[0][0])  # type: ignore[call-overload]


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_purge_by_hand_dry_run_then_for_real_then_again(hub_db: Path | str) -> None:
    db = hub_db
    hub = HubProcess(db)
    try:
        a_closed_conversation(hub.start())
    finally:
        hub.stop()
    later = (date.today() + timedelta(days=100)).isoformat()

    dry = purge("--db", str(db), "--as-of", later, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith("purge would remove:")
    expected = counts(dry.stdout)
    assert expected["transcripts (closed conversations)"] == 1
    assert expected["contact summaries kept as anonymous statistics"] == 1
    assert table_count(db, "conversations") == 1 and table_count(db, "contact_stats") == 0

    done = purge("--db", str(db), "--as-of", later)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("purge removed:")
    assert counts(done.stdout) == expected
    assert table_count(db, "conversations") == 0 and table_count(db, "events") == 0
    assert table_count(db, "contact_stats") == 1
    assert "Mia" not in done.stdout + done.stderr

    again = purge("--db", str(db), "--as-of", later)
    assert again.returncode == 0, again.stderr
    assert set(counts(again.stdout).values()) == {0}
    assert len(counts(again.stdout)) == len(KINDS)  # every kind of data, each on its line

    # Today nothing of it is due yet.
    assert set(counts(purge("--db", str(db)).stdout).values()) == {0}


def test_purge_refuses_without_a_database_or_with_a_bad_date(tmp_path: Path) -> None:
    refused = purge("--dry-run")
    assert refused.returncode == 2
    assert "--db PATH" in refused.stderr and refused.stdout == ""
    missing = purge("--db", str(tmp_path / "nowhere.sqlite3"))
    assert missing.returncode == 2 and "no database" in missing.stderr
    assert not (tmp_path / "nowhere.sqlite3").exists()
    db = make_db(tmp_path / "hub.sqlite3")
    bad = purge("--db", str(db), "--as-of", "neste tirsdag")
    assert bad.returncode == 2 and "ISO date" in bad.stderr


def test_a_dry_run_on_a_database_no_hub_has_served_changes_nothing(tmp_path: Path) -> None:
    db = make_db(tmp_path / "hub.sqlite3")
    audited_before = table_count(db, "audit")
    with closing(sqlite3.connect(db)) as conn:  # every table, made by the migrations
        tables_before = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    dry = purge("--db", str(db), "--as-of", "2040-01-01", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert set(counts(dry.stdout).values()) == {0}
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        audited = conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    finally:
        conn.close()
    assert tables == tables_before and "contact_stats" in tables
    assert audited == audited_before
