"""The time limits' rows (``time_policies``) and the events their clocks are rebuilt from,
on either database: functions run inside ``store.run`` on a :class:`~workstation.store.sql.Sql`."""

from __future__ import annotations

import json
from typing import Any

from workstation.sessions.events import Event
from workstation.sessions.time_policy import TimePolicy
from workstation.store import audit
from workstation.store.sql import Conn


def load_policies(conn: Conn) -> list[tuple[Any, ...]]:
    return conn.execute(
        "SELECT channel, enabled, soft_s, hard_s, min_queue, updated_at, updated_by "
        "FROM time_policies ORDER BY channel"
    ).fetchall()


def save_policy(
    conn: Conn,
    policy: TimePolicy,
    previous: TimePolicy | None,
    actor: str,
    at: str,
) -> None:
    """Store the policy and its audit entry in one transaction: no change goes unrecorded."""
    conn.execute(
        "INSERT INTO time_policies (channel, enabled, soft_s, hard_s, min_queue, updated_at, "
        "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(channel) DO UPDATE SET "
        "enabled = excluded.enabled, soft_s = excluded.soft_s, hard_s = excluded.hard_s, "
        "min_queue = excluded.min_queue, updated_at = excluded.updated_at, "
        "updated_by = excluded.updated_by",
        (policy.channel, int(policy.enabled), policy.soft_s, policy.hard_s, policy.min_queue,
         at, actor),
    )
    detail = json.dumps({"from": previous.to_wire() if previous else None, "to": policy.to_wire()})
    audit.write(conn, actor, "policy_set", "time_policy:" + policy.channel, detail, at)


def clock_events(conn: Conn, conversations: list[str]) -> dict[str, list[Event]]:
    """The events a clock is rebuilt from, per conversation, in order."""
    found: dict[str, list[Event]] = {}
    for conv_id in conversations:
        rows = conn.execute(
            "SELECT seq, at, kind, data FROM events WHERE conversation = ? "
            "AND kind IN ('assigned', 'time_warning', 'time_continued') ORDER BY seq",
            (conv_id,),
        ).fetchall()
        found[conv_id] = [
            Event(conv_id, seq, at, kind, json.loads(data)) for seq, at, kind, data in rows
        ]
    return found
