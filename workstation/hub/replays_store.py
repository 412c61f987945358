"""The replays' rows (replays, their sources and annotations) on either database: functions
run inside ``store.run`` on a :class:`~workstation.store.sql.Sql`."""

from __future__ import annotations

import json
from typing import Any

from workstation.sessions import replay
from workstation.store.sql import Conn


def closed_without_replay(conn: Conn, limit: int) -> list[str]:
    """Closed conversations with no replay yet, oldest first (the catch-up at start)."""
    rows = conn.execute(
        "SELECT id FROM conversations WHERE status = 'closed' "
        "AND id NOT IN (SELECT conversation FROM replay_sources) ORDER BY closed_at LIMIT ?",
        (limit,),
    ).fetchall()
    return [str(row[0]) for row in rows]


def staff_info(conn: Conn, names: list[str]) -> dict[str, replay.StaffInfo]:
    found: dict[str, replay.StaffInfo] = {}
    for name in names:
        row = conn.execute(
            "SELECT display_name, roles FROM users WHERE name = ?", (name,)
        ).fetchone()
        if row is not None:
            found[name] = replay.StaffInfo(str(row[0]), tuple(json.loads(row[1])))
        else:
            found[name] = replay.StaffInfo(name, ())
    return found


def insert_replay(
    conn: Conn,
    replay_id: str,
    conv_id: str,
    built: replay.Replay | None,
    at: str,
) -> bool:
    """Store the replay and mark the conversation done (no link between the two)."""
    done = conn.execute(
        "INSERT INTO replay_sources (conversation) VALUES (?) ON CONFLICT DO NOTHING", (conv_id,)
    ).rowcount
    if not done or built is None:
        return False  # made already (a close racing the catch-up), or nothing to replay
    conn.execute(
        "INSERT INTO replays (id, created_at, channel, duration_s, data) VALUES (?, ?, ?, ?, ?)",
        (replay_id, at, built.channel, built.duration_s, json.dumps(replay.encode(built))),
    )
    return True


def list_replays(conn: Conn, limit: int) -> list[dict[str, Any]]:
    """The newest replays as list rows, with their count of annotations."""
    rows = conn.execute(
        "SELECT id, data, (SELECT COUNT(*) FROM replay_annotations a WHERE a.replay = r.id) "
        "FROM replays r ORDER BY created_at DESC LIMIT ?",
        (limit,),
    ).fetchall()
    listed = []
    for replay_id, data, annotation_count in rows:
        row = replay.summary(replay_id, replay.decode(json.loads(data)))
        row["annotation_count"] = int(annotation_count)
        listed.append(row)
    return listed


def load_replay(conn: Conn, replay_id: str) -> replay.Replay | None:
    row = conn.execute("SELECT data FROM replays WHERE id = ?", (replay_id,)).fetchone()
    if row is None:
        return None
    found = replay.decode(json.loads(row[0]))
    found.replay = replay_id
    found.annotations = [
        replay.Annotation(annotation=a_id, offset_ms=int(offset), text=text)
        for a_id, offset, text in conn.execute(
            "SELECT id, offset_ms, text FROM replay_annotations WHERE replay = ? "
            "ORDER BY offset_ms, created_at",
            (replay_id,),
        )
    ]
    return found

def set_categories(conn: Conn, replay_id: str, found: list[str]) -> None:
    """A summary saved after close: its categories on the replay."""
    row = conn.execute("SELECT data FROM replays WHERE id = ?", (replay_id,)).fetchone()
    if row is not None:
        data = json.loads(row[0])
        data["categories"] = found
        conn.execute("UPDATE replays SET data = ? WHERE id = ?", (json.dumps(data), replay_id))


def annotate(
    conn: Conn, annotation_id: str, replay_id: str, offset_ms: int, text: str, author: str,
    at: str, most: int,
) -> str:
    """Add an annotation: ``saved``, or ``missing`` (no such replay), or ``full`` (``most``)."""
    if not conn.execute("SELECT 1 FROM replays WHERE id = ?", (replay_id,)).fetchone():
        return "missing"
    (count,) = conn.execute(
        "SELECT COUNT(*) FROM replay_annotations WHERE replay = ?", (replay_id,)
    ).fetchone()
    if count >= most:
        return "full"
    conn.execute(
        "INSERT INTO replay_annotations (id, replay, offset_ms, text, author, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (annotation_id, replay_id, offset_ms, text, author, at),
    )
    return "saved"
