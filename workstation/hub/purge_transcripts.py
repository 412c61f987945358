"""The purge of transcripts: each conversation in its own savepoint, its contact kept as
anonymous statistics.

One conversation that cannot be purged (a trigger refuses, a row is damaged) is rolled back
alone and named in the result; the others go on. Before a transcript goes, its contact is
copied to ``contact_stats`` without anything that identifies it: channel, times, outcome and
the summary's categories and choices, never the conversation id, the counsellor or the
summary's free text. Final concern reports and their reminders stay (their own rule).
"""

from __future__ import annotations

import json
from typing import Any

from workstation.hub.purge_records import (
    Failure,
    PurgeResult,
    columns,
    delete_unfinished_reports,
    reason_of,
    table_exists,
)
from workstation.hub.retention_policy import Cutoffs
from workstation.store import catalog
from workstation.store.sql import Conn

#: Tables whose rows outlive the transcript; their own rules purge them.
_KEPT_WITH_REPORTS = ("reports", "report_reminders")
_SUMMARY_CHOICES = ("contact_by", "age_band", "gender")
_SUMMARY_LISTS = ("categories", "wanted", "actions")


def expired_conversations(conn: Conn, cut: Cutoffs) -> list[str]:
    """Closed conversations that closed before the cutoff (open ones are never purged)."""
    rows = conn.execute(
        "SELECT id FROM conversations WHERE status = 'closed' AND closed_at IS NOT NULL "
        "AND closed_at < ? ORDER BY closed_at",
        (cut.transcripts,),
    )
    return [str(row[0]) for row in rows]


def deletion_plan(conn: Conn) -> list[str]:
    """``DELETE … WHERE conversation = ?`` for every table that names a conversation
    (rows that point at those rows by foreign key first), ending with the conversation."""
    tables = catalog.tables(conn)
    skip = ("conversations", *_KEPT_WITH_REPORTS)
    owning = {t for t in tables if t not in skip and "conversation" in columns(conn, t)}
    children: list[str] = []
    referencing: set[str] = set()
    for table in tables:
        for parent, source, target in catalog.foreign_keys(conn, table):
            if parent not in owning:
                continue
            if table in owning:
                referencing.add(table)
                continue
            if table in _KEPT_WITH_REPORTS or table == "conversations":
                continue
            target = target or _primary_key(conn, parent)
            children.append(
                f'DELETE FROM "{table}" WHERE "{source}" IN '
                f'(SELECT "{target}" FROM "{parent}" WHERE conversation = ?)'
            )
    # A table that points at another owning table goes before it.
    ordered = sorted(owning, key=lambda t: (t not in referencing, t))
    own = [f'DELETE FROM "{table}" WHERE conversation = ?' for table in ordered]
    return [*children, *own, "DELETE FROM conversations WHERE id = ?"]


def _primary_key(conn: Conn, table: str) -> str:
    return catalog.primary_key(conn, table) or "rowid"  # (every table has one; SQLite's rowid)


def purge_conversations(conn: Conn, ids: list[str]) -> PurgeResult:
    """Purge each conversation in its own savepoint; failures are rolled back and named."""
    plan = deletion_plan(conn)
    result = PurgeResult()
    for conv_id in ids:
        conn.execute("SAVEPOINT purge_conversation")
        try:
            summarised = keep_statistics(conn, conv_id)
            abandoned = delete_unfinished_reports(conn, "conversation = ?", (conv_id,))
            for statement in plan:
                conn.execute(statement, (conv_id,))
        except Exception as exc:
            conn.execute("ROLLBACK TO purge_conversation")
            conn.execute("RELEASE purge_conversation")
            reason = reason_of(exc)
            result.failures.append(Failure("transcripts", conv_id, reason, exc))
            continue
        conn.execute("RELEASE purge_conversation")
        if summarised is None:
            continue  # gone already (another purge got there first)
        result.counts["transcripts"] += 1
        result.counts["summaries"] += int(summarised)
        result.counts["reports_abandoned"] += abandoned
    return result


def keep_statistics(conn: Conn, conv_id: str) -> bool | None:
    """Copy the contact into ``contact_stats``; was there a summary? (None: no such row)."""
    row = conn.execute(
        "SELECT channel, created_at, assigned_at, closed_at, status FROM conversations "
        "WHERE id = ?",
        (conv_id,),
    ).fetchone()
    if row is None:
        return None
    channel, created_at, assigned_at, closed_at, status = row
    closed = conn.execute(
        "SELECT data FROM events WHERE conversation = ? AND kind = 'closed' "
        "ORDER BY seq DESC LIMIT 1",
        (conv_id,),
    ).fetchone()
    reason = json.loads(closed[0]).get("reason") if closed else None
    summary: dict[str, Any] = {}
    if table_exists(conn, "desk_summaries"):
        found = conn.execute(
            "SELECT data FROM desk_summaries WHERE conversation = ?", (conv_id,)
        ).fetchone()
        summary = json.loads(found[0]) if found else {}
    lists = {name: json.dumps(list(summary.get(name) or ())) for name in _SUMMARY_LISTS}
    choices = [summary.get(name) for name in _SUMMARY_CHOICES]
    silent = None if not summary else int(bool(summary.get("silent")))
    conn.execute(
        "INSERT INTO contact_stats (channel, created_at, assigned_at, closed_at, status, "
        "abandoned, categories, wanted, actions, contact_by, age_band, gender, silent) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            channel, created_at, assigned_at, closed_at, status,
            int(assigned_at is None and reason == "contact_left"),
            lists["categories"], lists["wanted"], lists["actions"], *choices, silent,
        ),
    )
    return bool(summary)


def stats_rows(
    conn: Conn, since: str, until: str, limit: int
) -> list[dict[str, Any]]:
    """Purged contacts as ``stats`` rows (docs/protocol.md, Supervision)."""
    if not table_exists(conn, "contact_stats"):
        return []
    rows = conn.execute(
        "SELECT channel, created_at, assigned_at, closed_at, status, abandoned, categories "
        "FROM contact_stats WHERE created_at >= ? AND created_at < ? "
        "ORDER BY created_at LIMIT ?",
        (since, until, limit),
    )
    return [
        {
            "channel": channel,
            "created_at": created_at,
            "assigned_at": assigned_at,
            "closed_at": closed_at,
            "status": status,
            "abandoned": bool(abandoned),
            "categories": json.loads(categories),
        }
        for channel, created_at, assigned_at, closed_at, status, abandoned, categories in rows
    ]
