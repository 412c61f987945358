"""Call-back tasks: the number read and checked, and the rows of ``callback_requests``.

The number is read with ``phonenumbers`` (Norway when no country code is given), kept only
sealed under the hub key (purpose :data:`PURPOSE`) and emptied (a zero-length blob, with
``secure_delete`` on) as soon as the task is done; the 48-hour purge deletes the row.
What a desk may see is the masked form (``+47 ** ** ** 12``), kept beside it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

import phonenumbers

from workstation.hub.telephony.numbers import DEFAULT_REGION, mask

#: The hub-key purpose the numbers are sealed under (workstation/hub/keys.py).
PURPOSE = "callback"
_OPEN_COLUMNS = (
    "id, created_at, masked, time_window, may_say_who, lang, attempts, taken_by, taken_at, "
    "(SELECT display_name FROM users WHERE users.name = taken_by)"
)


def callable_number(text: str) -> str | None:
    """The E.164 form of a number a counsellor can ring, or ``None`` when it is not one."""
    try:
        parsed = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def readable(e164: str) -> str:
    """``+47 912 34 512``: the international form, grouped for reading aloud and dialling."""
    parsed = phonenumbers.parse(e164)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@dataclass
class Task:
    """An open call-back task, as the hub keeps it in memory (no number in it).

    Attributes:
        taken_by: the user name of the counsellor who took it, or ``None`` while open.
        taken_name: that counsellor's display name (for the other desks).
    """

    id: str
    requested_at: str
    masked: str
    window: str
    may_say_who: bool
    lang: str | None
    attempts: int = 0
    taken_by: str | None = None
    taken_name: str | None = None
    taken_at: str | None = None

    def to_wire(self) -> dict[str, Any]:
        return {
            "callback": self.id,
            "channel": "phone",
            "number": self.masked,
            "window": self.window,
            "may_say_who": self.may_say_who,
            "lang": self.lang,
            "requested_at": self.requested_at,
            "attempts": self.attempts,
            "taken_by": self.taken_name,
            "taken_user": self.taken_by,
        }

    @classmethod
    def new(
        cls, task_id: str, at: str, e164: str, window: str, may_say_who: bool, lang: str | None
    ) -> Task:
        return cls(task_id, at, mask(e164) or "", window, may_say_who, lang)


def load_open(conn: sqlite3.Connection, since: str) -> list[tuple[Any, ...]]:
    """Open tasks requested at or after ``since``, oldest first."""
    return conn.execute(
        f"SELECT {_OPEN_COLUMNS} FROM callback_requests "
        "WHERE done_at IS NULL AND created_at >= ? ORDER BY created_at",
        (since,),
    ).fetchall()


def insert(conn: sqlite3.Connection, task: Task, conversation: str, sealed: bytes) -> None:
    conn.execute(
        "INSERT INTO callback_requests (id, conversation, number, created_at, masked, "
        "time_window, may_say_who, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (task.id, conversation, sealed, task.requested_at, task.masked, task.window,
         int(task.may_say_who), task.lang),
    )


def save_taken(conn: sqlite3.Connection, task: Task) -> None:
    conn.execute(
        "UPDATE callback_requests SET taken_by = ?, taken_at = ?, attempts = ? WHERE id = ?",
        (task.taken_by, task.taken_at, task.attempts, task.id),
    )


def sealed_number(conn: sqlite3.Connection, task_id: str) -> bytes | None:
    """The sealed number of an open task; ``None`` when it is gone (done or purged)."""
    row = conn.execute(
        "SELECT number FROM callback_requests WHERE id = ? AND done_at IS NULL", (task_id,)
    ).fetchone()
    return bytes(row[0]) if row and row[0] else None


def finish(conn: sqlite3.Connection, task_id: str, outcome: str, at: str) -> None:
    """Done: the number is emptied at once; the rest goes with the 48-hour purge."""
    conn.execute(
        "UPDATE callback_requests SET number = X'', done_at = ?, outcome = ?, "
        "taken_by = NULL WHERE id = ?",
        (at, outcome, task_id),
    )


def task_from_row(row: tuple[Any, ...]) -> Task:
    task_id, at, masked, window, say_who, lang, attempts, taken_by, taken_at, name = row
    return Task(
        str(task_id), str(at), str(masked or ""), str(window or "any"), bool(say_who),
        lang, int(attempts or 0), taken_by, name or taken_by, taken_at,
    )
