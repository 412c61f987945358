"""The SQL of call-back tasks (``callback_requests``, migrations 11 and 14), on SQLite and
PostgreSQL alike.

Who rings back is decided here, in the database: :func:`take_task` is one conditional
``UPDATE … RETURNING`` (open, and not taken by someone else), so of two counsellors taking
the same task at once — on one hub or on two — exactly one gets it; PostgreSQL's row lock
makes the second wait for the first's COMMIT and then find the task taken. Each change is
written with its audit row in the same transaction. The number is emptied (a zero-length
value) the moment a task is done; :func:`purge_requested_before` deletes rows after 48 hours.
"""

from __future__ import annotations

from typing import Any

from workstation.hub.webchat.callback_tasks import Task
from workstation.protocol.times import format_time, utc_now
from workstation.store.sql import Sql

_OPEN_COLUMNS = (
    "id, created_at, masked, time_window, may_say_who, lang, attempts, taken_by, taken_at, "
    "(SELECT display_name FROM users WHERE users.name = taken_by)"
)


def _audit(conn: Sql, actor: str, action: str, target: str, detail: str = "") -> None:
    conn.execute(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        (format_time(utc_now()), actor, action, target, detail),
    )


def open_tasks(conn: Sql, since: str) -> list[Task]:
    """Open tasks requested at or after ``since``, oldest first."""
    rows = conn.execute(
        f"SELECT {_OPEN_COLUMNS} FROM callback_requests "
        "WHERE done_at IS NULL AND created_at >= ? ORDER BY created_at, id",
        (since,),
    ).fetchall()
    return [_task(row) for row in rows]


def add_task(conn: Sql, task: Task, conversation: str, sealed: bytes) -> None:
    conn.execute(
        "INSERT INTO callback_requests (id, conversation, number, created_at, masked, "
        "time_window, may_say_who, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (task.id, conversation, sealed, task.requested_at, task.masked, task.window,
         int(task.may_say_who), task.lang),
    )


def take_task(conn: Sql, task_id: str, user: str, at: str) -> bool:
    """``user`` takes the open task ``task_id`` unless another has it (audited); False when
    it is taken by someone else, done or gone."""
    rows = conn.execute(  # every row fetched: SQLite ends the statement before COMMIT
        "UPDATE callback_requests SET taken_by = ?, taken_at = ? "
        "WHERE id = ? AND done_at IS NULL AND (taken_by IS NULL OR taken_by = ?) RETURNING id",
        (user, at, task_id, user),
    ).fetchall()
    if not rows:
        return False
    _audit(conn, user, "callback_take", task_id)
    return True


def give_back(conn: Sql, task_id: str, user: str) -> bool:
    """``user``'s task is open for anyone again (they went offline); False when it was not
    theirs any more."""
    return conn.execute(
        "UPDATE callback_requests SET taken_by = NULL, taken_at = NULL "
        "WHERE id = ? AND taken_by = ? AND done_at IS NULL",
        (task_id, user),
    ).rowcount == 1


def not_reached(conn: Sql, task_id: str, user: str) -> int | None:
    """``user`` rang and nobody answered: one attempt more, back on the list (audited); the
    attempts so far, or None when the task is not theirs."""
    rows = conn.execute(
        "UPDATE callback_requests SET taken_by = NULL, taken_at = NULL, "
        "attempts = attempts + 1 WHERE id = ? AND taken_by = ? AND done_at IS NULL "
        "RETURNING attempts",
        (task_id, user),
    ).fetchall()
    if not rows:
        return None
    _audit(conn, user, "callback_outcome", task_id, "no_answer")
    return int(rows[0][0])


def finish_task(conn: Sql, task_id: str, user: str, outcome: str, at: str) -> bool:
    """Done by ``user`` (audited): the number is emptied at once; the rest goes with the
    48-hour purge. False when the task is not theirs."""
    done = conn.execute(
        "UPDATE callback_requests SET number = ?, done_at = ?, outcome = ?, taken_by = NULL "
        "WHERE id = ? AND taken_by = ? AND done_at IS NULL",
        (b"", at, outcome, task_id, user),
    ).rowcount == 1
    if done:
        _audit(conn, user, "callback_outcome", task_id, outcome)
    return done


def sealed_number(conn: Sql, task_id: str) -> bytes | None:
    """The sealed number of an open task; ``None`` when it is gone (done or purged)."""
    row = conn.execute(
        "SELECT number FROM callback_requests WHERE id = ? AND done_at IS NULL", (task_id,)
    ).fetchone()
    return bytes(row[0]) if row and row[0] else None


def purge_requested_before(conn: Sql, cut: str) -> int:
    """Delete every request made before ``cut`` (48 hours ago: ``Cutoffs.callbacks``)."""
    return int(conn.execute(
        "DELETE FROM callback_requests WHERE created_at < ?", (cut,)
    ).rowcount)


def _task(row: Any) -> Task:
    task_id, at, masked, window, say_who, lang, attempts, taken_by, taken_at, name = row
    return Task(
        str(task_id), str(at), str(masked or ""), str(window or "any"), bool(say_who),
        lang, int(attempts or 0), taken_by, name or taken_by, taken_at,
    )
