"""``workstation-hub roster add|list|remove|import`` through the real command line, on a copy
of the test hub's database (docs/returning.md, "The roster")."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

HUB = [sys.executable, "-m", "workstation.hub.cli", "roster"]


def roster(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HUB, *args, "--db", str(db)], capture_output=True, text=True,
                          timeout=60)


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchall()


def test_add_list_and_remove_a_shift_each_audited(hub_db: Path) -> None:
    empty = roster(hub_db, "list")
    assert empty.returncode == 0
    assert "no shifts registered: follow-up times are checked against the opening hours" in (
        empty.stdout)
    added = roster(hub_db, "add", "kari", "2099-01-05T08:00", "2099-01-05 16:00")
    assert added.returncode == 0, added.stderr
    assert "of kari added (2099-01-05 08:00 – 2099-01-05 16:00 Oslo time)" in added.stdout
    # Oslo winter time is UTC+1: kept in UTC.
    assert rows(hub_db, "SELECT user_name, starts_at, ends_at FROM shifts") == [
        ("kari", "2099-01-05T07:00:00.000Z", "2099-01-05T15:00:00.000Z")]
    shift_id = str(rows(hub_db, "SELECT id FROM shifts")[0][0])
    listed = roster(hub_db, "list", "--user", "kari")
    assert listed.returncode == 0 and shift_id in listed.stdout and "kari" in listed.stdout
    removed = roster(hub_db, "remove", shift_id)
    assert removed.returncode == 0 and f"shift {shift_id} of kari removed" in removed.stdout
    assert rows(hub_db, "SELECT * FROM shifts") == []
    audit = rows(hub_db, "SELECT action, target, actor FROM audit WHERE action LIKE 'shift_%' "
                 "ORDER BY at, action")
    assert [(a, t) for a, t, _ in audit] == [("shift_add", shift_id), ("shift_remove", shift_id)]
    assert all(str(actor).startswith("cli") for _, _, actor in audit)
    again = roster(hub_db, "remove", shift_id)
    assert again.returncode == 2 and "nothing was removed" in again.stderr


def test_wrong_shifts_are_refused_with_a_sentence_and_change_nothing(hub_db: Path) -> None:
    nobody = roster(hub_db, "add", "nobody", "2099-01-05T08:00", "2099-01-05T16:00")
    assert nobody.returncode == 2 and "No user named nobody" in nobody.stderr
    backwards = roster(hub_db, "add", "kari", "2099-01-05T16:00", "2099-01-05T08:00")
    assert backwards.returncode == 2 and "ends before it starts" in backwards.stderr
    garbled = roster(hub_db, "add", "kari", "mandag", "2099-01-05T08:00")
    assert garbled.returncode == 2 and "'mandag' is not a time" in garbled.stderr
    assert rows(hub_db, "SELECT * FROM shifts") == []
    assert rows(hub_db, "SELECT * FROM audit WHERE action LIKE 'shift_%'") == []


def test_import_a_rota_all_or_nothing(hub_db: Path, tmp_path: Path) -> None:
    rota = tmp_path / "vaktliste.csv"
    rota.write_text("user,start,end,note\n"
                    "kari,2099-01-05T08:00,2099-01-05T16:00,dag\n"
                    "ola,2099-01-05 15:00,2099-01-05 23:00,kveld\n"
                    "\n"
                    "kari,2099-01-06T08:00Z,2099-01-06T16:00Z,\n", encoding="utf-8")
    loaded = roster(hub_db, "import", str(rota))
    assert loaded.returncode == 0, loaded.stderr
    assert "3 shift(s) added from vaktliste.csv" in loaded.stdout
    assert rows(hub_db, "SELECT user_name, starts_at FROM shifts ORDER BY starts_at") == [
        ("kari", "2099-01-05T07:00:00.000Z"), ("ola", "2099-01-05T14:00:00.000Z"),
        ("kari", "2099-01-06T08:00:00.000Z")]
    assert len(rows(hub_db, "SELECT * FROM audit WHERE action = 'shift_add'")) == 3
    bad = tmp_path / "feil.csv"
    bad.write_text("user,start,end\nkari,2099-02-01T08:00,2099-02-01T16:00\n"
                   "ola,2099-02-01T08:00,2099-02-04T16:00\n", encoding="utf-8")
    refused = roster(hub_db, "import", str(bad))
    assert refused.returncode == 2
    assert "feil.csv, line 3: The shift of ola is longer than 24 hours." in refused.stderr
    assert len(rows(hub_db, "SELECT * FROM shifts")) == 3  # none of the bad file
    columns = tmp_path / "kolonner.csv"
    columns.write_text("navn,fra,til\nkari,x,y\n", encoding="utf-8")
    wrong = roster(hub_db, "import", str(columns))
    assert wrong.returncode == 2 and "needs the columns user,start,end" in wrong.stderr
