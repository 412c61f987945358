"""The tables of :mod:`workstation.hub.pauses` and :mod:`workstation.hub.debriefs`
(migration 19): each person's stretch, pause and hard contacts today; open debrief requests.

Every change a person makes (a pause started or ended, a debrief asked for, taken, declined,
cancelled) is written with its audit entry in one transaction. Nothing about a contact.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any


@dataclass
class StaffRow:
    """One person's kept state (times as the hub writes them)."""

    name: str
    break_at: str
    off_at: str | None
    paused_until: str | None
    hard_day: str | None
    hard_count: int


@dataclass
class DebriefRow:
    id: str
    requester: str
    requester_name: str
    after: str | None
    urgent: bool
    requested_at: str
    addressees: list[str]
    offered: list[str]
    declined: list[str]
    #: Escalation steps taken (migration 26) and the shift lead the last one offered it to.
    escalations: int = 0
    escalated_to: str | None = None


def audit(conn: sqlite3.Connection, at: str, actor: str, action: str, target: str,
          detail: str = "") -> None:
    conn.execute(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        (at, actor, action, target, detail),
    )


# --- people ---------------------------------------------------------------------------------

def load_staff(conn: sqlite3.Connection) -> list[StaffRow]:
    rows = conn.execute(
        "SELECT name, break_at, off_at, paused_until, hard_day, hard_count FROM care_staff"
    ).fetchall()
    return [StaffRow(*row) for row in rows]


def save_staff(conn: sqlite3.Connection, row: StaffRow) -> None:
    conn.execute(
        "INSERT INTO care_staff (name, break_at, off_at, paused_until, hard_day, hard_count) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET break_at = excluded.break_at,"
        " off_at = excluded.off_at, paused_until = excluded.paused_until,"
        " hard_day = excluded.hard_day, hard_count = excluded.hard_count",
        (row.name, row.break_at, row.off_at, row.paused_until, row.hard_day, row.hard_count),
    )


def end_pause(conn: sqlite3.Connection, name: str, until: str, at: str) -> bool:
    """A pause that ran out at ``until``, ended once however many hubs timed it: False (and
    nothing changed) when the row no longer says ``until`` (ended, or ended first by another
    hub, or a new pause)."""
    done = conn.execute(
        "UPDATE care_staff SET paused_until = NULL, break_at = ? "
        "WHERE name = ? AND paused_until = ?",
        (at, name, until),
    )
    if done.rowcount != 1:
        return False
    audit(conn, at, "hub", "pause_over", name)
    return True


# --- debrief requests -----------------------------------------------------------------------

def _names(values: list[str]) -> str:
    return json.dumps(sorted(values))


def load_debriefs(conn: sqlite3.Connection) -> list[DebriefRow]:
    rows = conn.execute(
        "SELECT id, requester, requester_name, after, urgent, requested_at, addressees, "
        "offered, declined, escalations, escalated_to FROM care_debriefs "
        "WHERE closed_at IS NULL ORDER BY requested_at"
    ).fetchall()
    return [DebriefRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5], json.loads(r[6]),
                       json.loads(r[7]), json.loads(r[8]), int(r[9]), r[10]) for r in rows]


def save_debrief(conn: sqlite3.Connection, row: DebriefRow) -> None:
    conn.execute(
        "INSERT INTO care_debriefs (id, requester, requester_name, after, urgent, requested_at,"
        " addressees, offered, declined) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET addressees = excluded.addressees,"
        " offered = excluded.offered, declined = excluded.declined",
        (row.id, row.requester, row.requester_name, row.after, int(row.urgent),
         row.requested_at, _names(row.addressees), _names(row.offered), _names(row.declined)),
    )


def escalate_debrief(conn: sqlite3.Connection, row: DebriefRow) -> bool:
    """Take the open request's escalation step ``row.escalations`` (offered to
    ``row.escalated_to``, if anyone) unless that step was taken already — by another hub
    timing it too — or the request was closed: whether this took it. Under the row lock,
    so a step is taken once however many hubs time the request."""
    cursor = conn.execute(
        "UPDATE care_debriefs SET escalations = ?, escalated_to = ?, addressees = ?,"
        " offered = ? WHERE id = ? AND closed_at IS NULL AND escalations = ?",
        (row.escalations, row.escalated_to, _names(row.addressees), _names(row.offered),
         row.id, row.escalations - 1),
    )
    return bool(cursor.rowcount == 1)


def close_debrief(conn: sqlite3.Connection, debrief: str, at: str, outcome: str,
                  taker: str | None = None) -> bool:
    """Close the request unless it is closed already (by another hub meanwhile): whether
    this closed it — an answer is decided once, in the database. An answered request's
    ``addressees`` become the one who took it (for the other hubs to tell the counsellor)."""
    cursor = conn.execute(
        "UPDATE care_debriefs SET closed_at = ?, outcome = ?, "
        "addressees = COALESCE(?, addressees) WHERE id = ? AND closed_at IS NULL",
        (at, outcome, None if taker is None else _names([taker]), debrief),
    )
    return bool(cursor.rowcount == 1)


def debrief_outcome(conn: sqlite3.Connection, debrief: str) -> tuple[str | None, str | None]:
    """A closed request's ``(outcome, who took it)``, or ``(None, None)`` while it is open."""
    row = conn.execute(
        "SELECT outcome, addressees FROM care_debriefs WHERE id = ? AND closed_at IS NOT NULL",
        (debrief,),
    ).fetchone()
    if row is None:
        return None, None
    outcome, addressees = str(row[0]), json.loads(row[1])
    return outcome, (addressees[0] if outcome == "answered" and addressees else None)


def detail(**fields: Any) -> str:
    return json.dumps(fields, ensure_ascii=False)
