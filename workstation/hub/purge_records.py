"""The purge of what is not a transcript: concern reports, replays, call-back numbers.

Run in the database thread by :func:`workstation.hub.purge.purge_once`; docs/privacy.md says
how long each is kept. Also what every part of the purge reports: :class:`PurgeResult`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from workstation.hub.retention_policy import Cutoffs
from workstation.store import catalog
from workstation.store.sql import Conn, dialect

#: What a purge counts, in the order it is printed.
KINDS = (
    "transcripts",
    "summaries",
    "replays",
    "report_drafts",
    "reports_abandoned",
    "reports_expired",
    "callbacks",
    "return_codes",
)


@dataclass
class Failure:
    """Something that could not be purged this time (it is tried again next time).

    ``reason``: see :func:`reason_of`.
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


def reason_of(exc: BaseException) -> str:
    """Why a purge step failed, fit for a log and a supervisor's screen: the database's own
    message (it names a constraint or a trigger, never a value), else the exception's type
    only (another message may quote what it choked on)."""
    if isinstance(exc, sqlite3.Error):
        return f"{type(exc).__name__}: {exc}"
    diag = getattr(exc, "diag", None)  # PostgreSQL: the primary message only (its DETAIL
    primary = getattr(diag, "message_primary", None)  # may quote a key's value)
    if isinstance(primary, str):
        return f"{type(exc).__name__}: {primary}"
    return type(exc).__name__


table_exists = catalog.table_exists
columns = catalog.columns


def delete_unfinished_reports(conn: Conn, where: str, args: tuple[Any, ...]) -> int:
    """Delete reports that are not final (pending, changes asked for) matching ``where``."""
    if not table_exists(conn, "reports"):
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


def purge_report_drafts(conn: Conn) -> int:
    """The versions of final reports that were not approved (superseded, sent back)."""
    if not table_exists(conn, "reports"):
        return 0
    deleted = conn.execute(
        "DELETE FROM report_versions WHERE status != 'approved' "
        "AND report IN (SELECT id FROM reports WHERE status = 'final')"
    )
    return int(deleted.rowcount)


def purge_expired_reports(conn: Conn, cutoff: str) -> PurgeResult:
    """Final reports approved before ``cutoff``, each in its own savepoint.

    A final report is immutable (a trigger refuses deleting it); only this purge lifts that
    guard, inside the savepoint, and puts it back as it was before the savepoint ends.
    """
    result = PurgeResult()
    if not table_exists(conn, "reports"):
        return result
    expired = conn.execute(
        "SELECT id, conversation FROM reports WHERE status = 'final' AND approved_at < ?",
        (cutoff,),
    ).fetchall()
    lift, restore = _delete_guard(conn)
    for report_id, conv_id in expired:
        conn.execute("SAVEPOINT purge_report")
        try:
            for statement in lift:
                conn.execute(statement)
            conn.execute("DELETE FROM report_reminders WHERE report = ?", (report_id,))
            conn.execute("DELETE FROM report_versions WHERE report = ?", (report_id,))
            conn.execute("DELETE FROM reports WHERE id = ?", (report_id,))
            for statement in restore:
                conn.execute(statement)
        except Exception as exc:
            conn.execute("ROLLBACK TO purge_report")
            conn.execute("RELEASE purge_report")
            reason = reason_of(exc)
            result.failures.append(
                Failure("reports_expired", str(conv_id), reason, exc, report=str(report_id))
            )
            continue
        conn.execute("RELEASE purge_report")
        result.counts["reports_expired"] += 1
    return result


def _delete_guard(conn: Conn) -> tuple[list[str], list[str]]:
    """The statements that lift the reports' ``BEFORE DELETE`` guard, and those that put it
    back: SQLite drops and re-creates the trigger, PostgreSQL disables and enables it (both
    inside the savepoint, so a failure leaves the guard as it was)."""
    if dialect(conn) == "sqlite":
        guard = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'reports' AND sql LIKE '%BEFORE DELETE%'"
        ).fetchall()
        return [f'DROP TRIGGER "{name}"' for name, _ in guard], [sql for _, sql in guard]
    names = [
        str(row[0])
        for row in conn.execute(
            # tgtype bits: 2 BEFORE, 8 DELETE.
            "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass('reports') "
            "AND NOT tgisinternal AND (tgtype & 2) = 2 AND (tgtype & 8) = 8"
        )
    ]
    return (
        [f'ALTER TABLE reports DISABLE TRIGGER "{name}"' for name in names],
        [f'ALTER TABLE reports ENABLE TRIGGER "{name}"' for name in names],
    )


def purge_replays(conn: Conn, cutoff: str) -> int:
    """Delete replays (and their annotations) made before ``cutoff``."""
    if not table_exists(conn, "replays"):
        return 0
    conn.execute(
        "DELETE FROM replay_annotations WHERE replay IN "
        "(SELECT id FROM replays WHERE created_at < ?)",
        (cutoff,),
    )
    return int(conn.execute("DELETE FROM replays WHERE created_at < ?", (cutoff,)).rowcount)


def purge_records(conn: Conn, cut: Cutoffs) -> PurgeResult:
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
    if cut.return_codes:
        ended = conn.execute(
            "DELETE FROM return_codes WHERE expires_at < ? OR revoked_at < ?",
            (cut.return_codes, cut.return_codes),
        )
        result.counts["return_codes"] = int(ended.rowcount)
    return result
