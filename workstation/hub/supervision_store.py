"""The supervisors' statistics over contacts, on either database (a function run inside
``store.run`` on a :class:`~workstation.store.sql.Sql`)."""

from __future__ import annotations

import json
from typing import Any

from workstation.hub.purge_transcripts import stats_rows
from workstation.store.sql import Conn


def contacts(conn: Conn, since: str, until: str, limit: int) -> list[dict[str, Any]]:
    """Contacts created in ``[since, until)``, oldest first, at most ``limit``: open and
    closed ones from the log, purged ones from ``contact_stats``; nothing that identifies."""
    rows = conn.execute(
        "SELECT c.channel, c.created_at, c.assigned_at, c.closed_at, c.status, "
        "(SELECT data FROM events e WHERE e.conversation = c.id AND e.kind = 'closed' "
        " ORDER BY seq DESC LIMIT 1), s.categories "
        "FROM conversations c LEFT JOIN desk_summaries s ON s.conversation = c.id "
        "WHERE c.created_at >= ? AND c.created_at < ? "
        "ORDER BY c.created_at LIMIT ?",
        (since, until, limit),
    ).fetchall()
    # Contacts whose transcripts were purged live on as anonymous statistics.
    kept = stats_rows(conn, since, until, limit)
    merged = sorted([*kept, *map(stats_row, rows)], key=lambda r: r["created_at"])
    return merged[:limit]


def stats_row(row: tuple[Any, ...]) -> dict[str, Any]:
    """One contact, without anything that identifies it."""
    channel, created_at, assigned_at, closed_at, status, closed_data, categories = row
    reason = json.loads(closed_data)["reason"] if closed_data else None
    return {
        "channel": channel,
        "created_at": created_at,
        "assigned_at": assigned_at,
        "closed_at": closed_at,
        "status": status,
        "abandoned": assigned_at is None and reason == "contact_left",
        # From the contact summary (desk_summaries, workstation.hub.desk.summaries).
        "categories": json.loads(categories) if categories else [],
    }
