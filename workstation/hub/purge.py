"""The retention purge: one pass over every kind of data, as docs/privacy.md says.

Each conversation is purged in its own savepoint, so one that cannot be purged (a trigger
refuses, a row is damaged) is rolled back alone and named in the result, and the others go
on. Before a transcript goes, its contact is copied to ``contact_stats`` without anything
that identifies it: channel, times, outcome and the summary's categories and choices, never
the conversation id, the counsellor or the summary's free text. Final concern reports stay
(text, hash, approval) until their own period ends.

The hub runs :func:`purge_once` from :mod:`workstation.hub.retention`; ``workstation-hub purge``
runs the same function. Connections use ``secure_delete`` (workstation/store/schema.py) and
the WAL is checkpointed and truncated after a purge, so deleted words leave the disk.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from workstation.hub.retention_policy import Cutoffs, Retention
from workstation.protocol.times import format_time, utc_now
from workstation.store import SqliteStore

#: What a purge counts, in the order it is printed.
KINDS = (
    "transcripts",
    "summaries",
    "replays",
    "report_drafts",
    "reports_abandoned",
    "reports_expired",
    "callbacks",
)
#: Conversations purged per database job (each still in its own savepoint).
CHUNK = 200
#: Tables whose rows outlive the transcript; their own rules purge them.
_KEPT_WITH_REPORTS = ("reports", "report_reminders")
_SUMMARY_CHOICES = ("contact_by", "age_band", "gender")
_SUMMARY_LISTS = ("categories", "wanted", "actions")

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS contact_stats (
        channel TEXT NOT NULL,
        created_at TEXT NOT NULL,
        assigned_at TEXT,
        closed_at TEXT,
        status TEXT NOT NULL,
        abandoned INTEGER NOT NULL,
        categories TEXT NOT NULL,
        wanted TEXT NOT NULL,
        actions TEXT NOT NULL,
        contact_by TEXT,
        age_band TEXT,
        gender TEXT,
        silent INTEGER
    )""",
    "CREATE INDEX IF NOT EXISTS contact_stats_created ON contact_stats (created_at)",
    # Call-back requests (the chat page's, issue 14): the number is encrypted by its feature.
    """CREATE TABLE IF NOT EXISTS callback_requests (
        id TEXT PRIMARY KEY,
        conversation TEXT NOT NULL,
        number BLOB NOT NULL,
        created_at TEXT NOT NULL,
        done_at TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS callback_requests_created ON callback_requests (created_at)",
)


@dataclass
class Failure:
    """Something that could not be purged this time (it is tried again next time).

    ``reason`` is the exception's type and message (SQLite names constraints, never values).
    """

    kind: str
    conversation: str
    reason: str
    error: BaseException
    report: str | None = None


@dataclass
class PurgeResult:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    failures: list[Failure] = field(default_factory=list)

    def add(self, other: PurgeResult) -> None:
        for kind, n in other.counts.items():
            self.counts[kind] += n
        self.failures += other.failures

    @property
    def removed(self) -> int:
        return sum(self.counts.values())


Op = Callable[[sqlite3.Connection], Any]


async def purge_once(
    store: SqliteStore, policy: Retention, now: datetime | None = None, *, dry_run: bool = False
) -> PurgeResult:
    """Purge everything past its retention at ``now`` (default: the present).

    With ``dry_run`` every change is rolled back: the counts say what *would* go.
    """
    moment = now or utc_now()
    cut = Cutoffs.at(moment, policy)

    def job(op: Op) -> Any:
        return store.run(_rolled_back(op) if dry_run else op, write=True)

    if not dry_run:
        await store.run(create_tables, write=True)
    result = PurgeResult()
    ids: list[str] = await store.run(lambda c: expired_conversations(c, cut), write=False)
    for start in range(0, len(ids), CHUNK):
        result.add(await job(partial(purge_conversations, ids=ids[start : start + CHUNK])))
    result.add(await job(lambda c: purge_records(c, cut)))
    if dry_run:
        return result
    at = format_time(utc_now())
    await store.run(lambda c: _audit(c, result, at), write=True)
    if result.removed:
        await store.run(checkpoint, write=False)
    return result


def _rolled_back(op: Op) -> Op:
    """``op`` with every change undone, even the tables it needs (a dry run leaves no trace)."""

    def dry(conn: sqlite3.Connection) -> Any:
        conn.execute("SAVEPOINT dry_run")
        try:
            create_tables(conn)
            return op(conn)
        finally:
            conn.execute("ROLLBACK TO dry_run")
            conn.execute("RELEASE dry_run")

    return dry


def create_tables(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA:
        conn.execute(statement)


def checkpoint(conn: sqlite3.Connection) -> None:
    """Copy the WAL into the database file and truncate it (outside any transaction)."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()


def _audit(conn: sqlite3.Connection, result: PurgeResult, at: str) -> None:
    rows = []
    if result.removed:
        rows.append(("purge", "retention", json.dumps(result.counts)))
    rows += [("purge_failed", f.conversation, f"{f.kind}: {f.reason}") for f in result.failures]
    conn.executemany(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, 'hub', ?, ?, ?)",
        [(at, *row) for row in rows],
    )


def _exists(conn: sqlite3.Connection, table: str) -> bool:
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    return found is not None


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(col[1]) for col in conn.execute(f'PRAGMA table_info("{table}")')]


# --- transcripts ----------------------------------------------------------------------------


def expired_conversations(conn: sqlite3.Connection, cut: Cutoffs) -> list[str]:
    """Closed conversations that closed before the cutoff (open ones are never purged)."""
    rows = conn.execute(
        "SELECT id FROM conversations WHERE status = 'closed' AND closed_at IS NOT NULL "
        "AND closed_at < ? ORDER BY closed_at",
        (cut.transcripts,),
    )
    return [str(row[0]) for row in rows]


def deletion_plan(conn: sqlite3.Connection) -> list[str]:
    """``DELETE … WHERE conversation = ?`` for every table that names a conversation
    (rows that point at those rows by foreign key first), ending with the conversation."""
    tables = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    skip = ("conversations", *_KEPT_WITH_REPORTS)
    owning = {t for t in tables if t not in skip and "conversation" in _columns(conn, t)}
    children: list[str] = []
    referencing: set[str] = set()
    for table in tables:
        for fk in conn.execute(f'PRAGMA foreign_key_list("{table}")').fetchall():
            parent, source, target = str(fk[2]), str(fk[3]), fk[4]
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


def _primary_key(conn: sqlite3.Connection, table: str) -> str:
    keys = [str(col[1]) for col in conn.execute(f'PRAGMA table_info("{table}")') if col[5] == 1]
    return keys[0] if keys else "rowid"


def purge_conversations(conn: sqlite3.Connection, ids: list[str]) -> PurgeResult:
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
            reason = f"{type(exc).__name__}: {exc}"
            result.failures.append(Failure("transcripts", conv_id, reason, exc))
            continue
        conn.execute("RELEASE purge_conversation")
        if summarised is None:
            continue  # gone already (another purge got there first)
        result.counts["transcripts"] += 1
        result.counts["summaries"] += int(summarised)
        result.counts["reports_abandoned"] += abandoned
    return result


def keep_statistics(conn: sqlite3.Connection, conv_id: str) -> bool | None:
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
    if _exists(conn, "desk_summaries"):
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
    conn: sqlite3.Connection, since: str, until: str, limit: int
) -> list[dict[str, Any]]:
    """Purged contacts as ``stats`` rows (docs/protocol.md, Supervision)."""
    if not _exists(conn, "contact_stats"):
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


# --- reports, replays, call-backs -----------------------------------------------------------


def delete_unfinished_reports(conn: sqlite3.Connection, where: str, args: tuple[Any, ...]) -> int:
    """Delete reports that are not final (pending, changes asked for) matching ``where``."""
    if not _exists(conn, "reports"):
        return 0
    ids = [
        row[0]
        for row in conn.execute(
            f"SELECT id FROM reports WHERE status != 'final' AND {where}", args
        ).fetchall()
    ]
    for report_id in ids:
        conn.execute("DELETE FROM report_reminders WHERE report = ?", (report_id,))
        conn.execute("DELETE FROM report_versions WHERE report = ?", (report_id,))
        conn.execute("DELETE FROM reports WHERE id = ?", (report_id,))
    return len(ids)


def purge_report_drafts(conn: sqlite3.Connection) -> int:
    """The versions of final reports that were not approved (superseded, sent back)."""
    if not _exists(conn, "reports"):
        return 0
    deleted = conn.execute(
        "DELETE FROM report_versions WHERE status != 'approved' "
        "AND report IN (SELECT id FROM reports WHERE status = 'final')"
    )
    return int(deleted.rowcount)


def purge_expired_reports(conn: sqlite3.Connection, cutoff: str) -> PurgeResult:
    """Final reports approved before ``cutoff``, each in its own savepoint.

    A final report is immutable (a trigger refuses deleting it); only this purge lifts that
    guard, inside the savepoint, and puts it back as it was before the savepoint ends.
    """
    result = PurgeResult()
    if not _exists(conn, "reports"):
        return result
    expired = conn.execute(
        "SELECT id, conversation FROM reports WHERE status = 'final' AND approved_at < ?",
        (cutoff,),
    ).fetchall()
    guard = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'reports' "
        "AND sql LIKE '%BEFORE DELETE%'"
    ).fetchall()
    for report_id, conv_id in expired:
        conn.execute("SAVEPOINT purge_report")
        try:
            for name, _ in guard:
                conn.execute(f'DROP TRIGGER "{name}"')
            conn.execute("DELETE FROM report_reminders WHERE report = ?", (report_id,))
            conn.execute("DELETE FROM report_versions WHERE report = ?", (report_id,))
            conn.execute("DELETE FROM reports WHERE id = ?", (report_id,))
            for _, sql in guard:
                conn.execute(sql)
        except Exception as exc:
            conn.execute("ROLLBACK TO purge_report")
            conn.execute("RELEASE purge_report")
            reason = f"{type(exc).__name__}: {exc}"
            result.failures.append(
                Failure("reports_expired", str(conv_id), reason, exc, report=str(report_id))
            )
            continue
        conn.execute("RELEASE purge_report")
        result.counts["reports_expired"] += 1
    return result


def purge_replays(conn: sqlite3.Connection, cutoff: str) -> int:
    """Delete replays (and their annotations) made before ``cutoff``."""
    if not _exists(conn, "replays"):
        return 0
    conn.execute(
        "DELETE FROM replay_annotations WHERE replay IN "
        "(SELECT id FROM replays WHERE created_at < ?)",
        (cutoff,),
    )
    return int(conn.execute("DELETE FROM replays WHERE created_at < ?", (cutoff,)).rowcount)


def purge_records(conn: sqlite3.Connection, cut: Cutoffs) -> PurgeResult:
    """Everything that is not a transcript: replays, reports, drafts, call-back numbers."""
    result = purge_expired_reports(conn, cut.reports)
    result.counts["replays"] = purge_replays(conn, cut.replays)
    result.counts["report_drafts"] = purge_report_drafts(conn)
    open_conversations = "SELECT id FROM conversations WHERE status != 'closed'"
    result.counts["reports_abandoned"] = delete_unfinished_reports(
        conn, f"updated_at < ? AND conversation NOT IN ({open_conversations})",
        (cut.abandoned_reports,),
    )
    deleted = conn.execute("DELETE FROM callback_requests WHERE created_at < ?", (cut.callbacks,))
    result.counts["callbacks"] = int(deleted.rowcount)
    return result
