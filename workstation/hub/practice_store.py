"""Practice attempts and the deletion of replays, on either database: functions run inside
``store.run`` on a :class:`~workstation.store.sql.Sql`; a deletion commits with its audit line."""

from __future__ import annotations

import json
from typing import Any

from workstation.protocol.frames_replay import PracticeSave
from workstation.store import audit
from workstation.store.sql import Conn

ATTEMPT_COLUMNS = "a.id, a.trainee, COALESCE(u.display_name, a.trainee), a.event, " \
    "a.offset_ms, a.text, a.created_at"

def delete_replay(
    conn: Conn, replay_id: str, actor: str, request_id: str, at: str
) -> str | None:
    """The id of the replay deleted; None if there is no such replay."""
    if conn.execute("SELECT 1 FROM replays WHERE id = ?", (replay_id,)).fetchone() is None:
        return None
    counts = {
        table: int(conn.execute(f"DELETE FROM {table} WHERE replay = ?", (replay_id,)).rowcount)
        for table in ("replay_annotations", "practice_attempts")
    }
    conn.execute("DELETE FROM replays WHERE id = ?", (replay_id,))
    detail = json.dumps({"request": request_id, "annotations": counts["replay_annotations"],
                         "attempts": counts["practice_attempts"]})
    audit.write(conn, actor, "replay_delete", replay_id, detail, at)
    return replay_id


def is_counsellor_message(conn: Conn, replay_id: str, index: int) -> bool | None:
    """Is event ``index`` of the replay a counsellor message? None when there is no replay."""
    row = conn.execute("SELECT data FROM replays WHERE id = ?", (replay_id,)).fetchone()
    if row is None:
        return None
    events = json.loads(row[0]).get("events") or []
    if not 0 <= index < len(events):
        return False
    event = events[index]
    return bool(event.get("kind") == "message" and event.get("from") == "staff")


def attempt(row: tuple[Any, ...]) -> dict[str, Any]:
    attempt_id, trainee, name, event, offset_ms, text, at = row
    return {"attempt": attempt_id, "trainee": trainee, "trainee_name": name, "event": event,
            "offset_ms": offset_ms, "text": text, "at": at}


def save_attempt(
    conn: Conn, attempt_id: str, trainee: str, request: PracticeSave, at: str, most: int
) -> dict[str, Any] | str:
    """The stored attempt, or why it was refused."""
    valid = is_counsellor_message(conn, request.replay, request.event)
    if valid is None:
        return "missing"
    if not valid:
        return "not_counsellor"
    (count,) = conn.execute(
        "SELECT COUNT(*) FROM practice_attempts WHERE replay = ? AND trainee = ?",
        (request.replay, trainee),
    ).fetchone()
    if count >= most:
        return "full"
    conn.execute(
        "INSERT INTO practice_attempts (id, replay, trainee, event, offset_ms, text, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (attempt_id, request.replay, trainee, request.event, request.offset_ms, request.text, at),
    )
    query = (f"SELECT {ATTEMPT_COLUMNS} FROM practice_attempts a "
             "LEFT JOIN users u ON u.name = a.trainee WHERE a.id = ?")
    return attempt(conn.execute(query, (attempt_id,)).fetchone())


def list_attempts(
    conn: Conn, replay_id: str, only: str | None
) -> list[dict[str, Any]] | None:
    """Attempts at a replay by trainee, moment and time (``only`` one trainee's); None if the
    replay is unknown."""
    if conn.execute("SELECT 1 FROM replays WHERE id = ?", (replay_id,)).fetchone() is None:
        return None
    query = (f"SELECT {ATTEMPT_COLUMNS} FROM practice_attempts a "
             "LEFT JOIN users u ON u.name = a.trainee WHERE a.replay = ?")
    args: tuple[str, ...] = (replay_id,)
    if only is not None:
        query += " AND a.trainee = ?"
        args = (replay_id, only)
    query += " ORDER BY a.trainee, a.event, a.created_at, a.id"
    return [attempt(row) for row in conn.execute(query, args)]
