"""The roster of shifts (migration 20): who works when, for follow-up times (docs/returning.md).

The smallest honest roster: a shift is a user name with a start and an end. An office enters
them with ``workstation-hub roster add|remove`` or imports its rota as CSV (``user,start,end``)
with ``roster import``; every change is written with its audit entry in one transaction.
Times without a zone are Oslo time. No shift registered for anyone means "no roster": follow-up
times are then checked against the opening hours only.
"""

from __future__ import annotations

import csv
import secrets
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workstation.protocol.times import format_time, parse_time
from workstation.sessions.referrals import OSLO

#: The longest shift accepted (a typo in a date would otherwise make a shift of months).
MAX_HOURS = 24


class ShiftError(ValueError):
    """A shift that cannot be registered, with a sentence saying why."""


@dataclass(frozen=True)
class Shift:
    id: str
    user: str
    starts_at: str
    ends_at: str

    def span(self) -> tuple[datetime, datetime]:
        return parse_time(self.starts_at), parse_time(self.ends_at)


def parse_moment(text: str) -> datetime:
    """``2026-12-07T08:00`` or ``2026-12-07 08:00`` (Oslo time), or with a zone (``Z``,
    ``+01:00``). Raises :class:`ShiftError`."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ShiftError(f"{text.strip()!r} is not a time; write it like 2026-12-07T08:00 "
                         "(Oslo time).") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=OSLO)
    return moment.astimezone(UTC)


def make(user: str, start: str, end: str) -> Shift:
    """A new shift, checked: a user name, an end after the start, at most :data:`MAX_HOURS`."""
    user = user.strip()
    if not user:
        raise ShiftError("A shift needs a user name.")
    begins, ends = parse_moment(start), parse_moment(end)
    if ends <= begins:
        raise ShiftError(f"The shift of {user} ends before it starts.")
    if (ends - begins).total_seconds() > MAX_HOURS * 3600:
        raise ShiftError(f"The shift of {user} is longer than {MAX_HOURS} hours.")
    return Shift("s" + secrets.token_hex(6), user, format_time(begins), format_time(ends))


def read_csv(path: Path) -> list[Shift]:
    """The shifts of a rota exported as CSV with the columns ``user,start,end`` (a header
    line; other columns are ignored). Raises :class:`ShiftError` naming the first bad line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ShiftError(f"Cannot read {path}: {error.strerror}.") from None
    rows = csv.DictReader(text.splitlines(), skipinitialspace=True)
    missing = {"user", "start", "end"} - {(name or "").strip() for name in rows.fieldnames or ()}
    if missing:
        raise ShiftError(f"{path.name} needs the columns user,start,end (missing: "
                         f"{', '.join(sorted(missing))}).")
    shifts = []
    for line, row in enumerate(rows, start=2):
        fields = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if not any(fields.values()):
            continue
        try:
            shifts.append(make(fields["user"], fields["start"], fields["end"]))
        except ShiftError as error:
            raise ShiftError(f"{path.name}, line {line}: {error}") from None
    return shifts


# --- the table ------------------------------------------------------------------------------

def _audit(conn: sqlite3.Connection, at: str, actor: str, action: str, shift: Shift) -> None:
    conn.execute(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        (at, actor, action, shift.id, f"{shift.user} {shift.starts_at} {shift.ends_at}"),
    )


def unknown_users(conn: sqlite3.Connection, shifts: Iterable[Shift]) -> list[str]:
    known = {row[0] for row in conn.execute("SELECT name FROM users")}
    return sorted({s.user for s in shifts} - known)


def add(conn: sqlite3.Connection, shifts: list[Shift], actor: str, at: str) -> None:
    """The shifts, each with its audit entry, in the caller's one transaction."""
    for shift in shifts:
        conn.execute(
            "INSERT INTO shifts (id, user_name, starts_at, ends_at, created_at, created_by) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (shift.id, shift.user, shift.starts_at, shift.ends_at, at, actor),
        )
        _audit(conn, at, actor, "shift_add", shift)


def remove(conn: sqlite3.Connection, shift_id: str, actor: str, at: str) -> Shift | None:
    found = [s for s in listed(conn) if s.id == shift_id]
    if not found:
        return None
    conn.execute("DELETE FROM shifts WHERE id = ?", (shift_id,))
    _audit(conn, at, actor, "shift_remove", found[0])
    return found[0]


def listed(conn: sqlite3.Connection, user: str | None = None,
           ending_after: str = "") -> list[Shift]:
    rows = conn.execute(
        "SELECT id, user_name, starts_at, ends_at FROM shifts WHERE ends_at > ? "
        "AND (CAST(? AS TEXT) IS NULL OR user_name = ?) ORDER BY starts_at, user_name",
        (ending_after, user, user),
    ).fetchall()
    return [Shift(*row) for row in rows]


def any_registered(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM shifts LIMIT 1").fetchone() is not None


def roster_of(conn: sqlite3.Connection, user: str,
              ending_after: str) -> list[tuple[datetime, datetime]] | None:
    """``user``'s shifts ending after ``ending_after``, or ``None`` when nobody has any shift
    registered (no roster: opening hours only)."""
    if not any_registered(conn):
        return None
    return [shift.span() for shift in listed(conn, user, ending_after)]
