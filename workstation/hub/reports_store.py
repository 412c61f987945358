"""The concern reports' rows (reports, versions, follow-up reminders) on either database:
functions and operations run inside ``store.run`` on a :class:`~workstation.store.sql.Sql`,
each decision (one approval, one follow-up) taken inside its transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workstation.protocol import ErrorCode, ProtocolError
from workstation.sessions import reports
from workstation.sessions.conversation import Conversation
from workstation.store.records import conversation_from_row
from workstation.store.sql import Conn

REPORT_COLUMNS = (
    "id, conversation, author, status, version, template, title, created_at, updated_at, "
    "final_version, final_text, final_hash, template_version, template_sha256, approved_by, "
    "approved_at, approve_request"
)
REPORT_KEYS = [name.strip() for name in REPORT_COLUMNS.split(",")]
VERSION_COLUMNS = (
    "report, version, author, template, data, submitted_at, request, status, comment, "
    "reviewed_by, reviewed_at, review_request"
)
VERSION_KEYS = [name.strip() for name in VERSION_COLUMNS.split(",")]




def _conflict(message: str, request_id: str) -> ProtocolError:
    return ProtocolError(ErrorCode.CONFLICT, message, request_id)


def report_row(conn: Conn, report_id: str) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {REPORT_COLUMNS} FROM reports WHERE id = ?", (report_id,))
    found = row.fetchone()
    return None if found is None else dict(zip(REPORT_KEYS, found, strict=True))


def version_rows(conn: Conn, report_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"SELECT {VERSION_COLUMNS} FROM report_versions WHERE report = ? ORDER BY version",
        (report_id,),
    ).fetchall()
    return [dict(zip(VERSION_KEYS, row, strict=True)) for row in rows]



def conversation(conn: Conn, conv_id: str) -> Conversation | None:
    row = conn.execute(
        "SELECT id, channel, created_at, status, assigned_user, assigned_at, flags "
        "FROM conversations WHERE id = ?",
        (conv_id,),
    ).fetchone()
    return None if row is None else conversation_from_row(row)


def open_reminders(conn: Conn) -> list[tuple[Any, ...]]:
    """``(id, report, conversation, due, title)`` of every follow-up not done yet."""
    return [tuple(row) for row in conn.execute(
        "SELECT id, report, conversation, due, title FROM report_reminders "
        "WHERE done_at IS NULL"
    ).fetchall()]


def list_reports(
    conn: Conn, only: str | None, conversation: str | None, status: str | None, limit: int
) -> list[dict[str, Any]]:
    """Reports, newest change first; ``only``: those this user wrote a version of."""
    where: list[str] = ["1 = 1"]
    args: list[Any] = []
    if only is not None:
        where.append("(author = ? OR id IN (SELECT report FROM report_versions WHERE author = ?))")
        args += [only, only]
    if conversation is not None:
        where.append("conversation = ?")
        args.append(conversation)
    if status is not None:
        where.append("status = ?")
        args.append(status)
    rows = conn.execute(
        f"SELECT {REPORT_COLUMNS} FROM reports WHERE {' AND '.join(where)} "
        "ORDER BY updated_at DESC LIMIT ?",
        (*args, limit),
    ).fetchall()
    return [dict(zip(REPORT_KEYS, row, strict=True)) for row in rows]


def reminder(conn: Conn, reminder_id: str) -> tuple[str, str, str | None, str] | None:
    """``(report, conversation, done_request, the report's author)`` of a reminder."""
    row = conn.execute(
        "SELECT m.report, m.conversation, m.done_request, r.author "
        "FROM report_reminders m JOIN reports r ON r.id = m.report WHERE m.id = ?",
        (reminder_id,),
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]), row[2], str(row[3]))


def reminder_done(conn: Conn, reminder_id: str, at: str, user: str, key: str) -> None:
    conn.execute(
        "UPDATE report_reminders SET done_at = ?, done_by = ?, done_request = ? WHERE id = ?",
        (at, user, key, reminder_id),
    )


# --- the writes (each one ``store.run``, one transaction) -------------------------------------


@dataclass(frozen=True, slots=True)
class SubmitOp:
    """Store a new version (and the report itself the first time); returns the version."""

    report_id: str
    resubmit: bool
    conversation: str
    author: str
    template: str
    title: str
    data: str
    at: str
    key: str
    request_id: str

    def __call__(self, conn: Conn) -> int:
        seen = conn.execute(
            "SELECT version FROM report_versions WHERE report = ? AND request = ?",
            (self.report_id, self.key),
        ).fetchone()
        if seen is not None:
            return int(seen[0])
        row = report_row(conn, self.report_id)
        if self.resubmit:
            if row is None or row["conversation"] != self.conversation:
                raise ProtocolError(
                    ErrorCode.NOT_FOUND, "No such report in that conversation.", self.request_id
                )
            if row["status"] == "final":
                raise _conflict("The report is final already and cannot change.", self.request_id)
            version = int(row["version"]) + 1
            conn.execute(
                "UPDATE report_versions SET status = 'superseded' "
                "WHERE report = ? AND status = 'pending'",
                (self.report_id,),
            )
            conn.execute(
                "UPDATE reports SET status = 'pending', version = ?, template = ?, title = ?, "
                "updated_at = ? WHERE id = ?",
                (version, self.template, self.title, self.at, self.report_id),
            )
        else:
            version = 1
            conn.execute(
                "INSERT INTO reports (id, conversation, author, status, version, template, "
                "title, created_at, updated_at) VALUES (?, ?, ?, 'pending', 1, ?, ?, ?, ?)",
                (
                    self.report_id,
                    self.conversation,
                    self.author,
                    self.template,
                    self.title,
                    self.at,
                    self.at,
                ),
            )
        conn.execute(
            "INSERT INTO report_versions (report, version, author, template, data, "
            "submitted_at, request, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')",
            (self.report_id, version, self.author, self.template, self.data, self.at, self.key),
        )
        return version


@dataclass(frozen=True, slots=True)
class ApproveOp:
    """Make the report final (once) and store its follow-up reminder."""

    report_id: str
    version: int
    rendered: reports.RenderedReport
    user: str
    at: str
    key: str
    reminder_id: str
    due: str

    def __call__(self, conn: Conn) -> dict[str, Any]:
        row = report_row(conn, self.report_id)
        assert row is not None
        if row["status"] == "final":
            if row["approve_request"] != self.key:
                raise _conflict(
                    "The report is final already and cannot change.", self.key.split(":", 1)[1]
                )
            due = conn.execute(
                "SELECT due FROM report_reminders WHERE report = ?", (self.report_id,)
            ).fetchone()
            return {
                "final_hash": row["final_hash"],
                "template": row["template"],
                "template_version": row["template_version"],
                "due": due[0] if due else self.due,
                "reminder": None,
            }
        if row["status"] != "pending" or row["version"] != self.version:
            raise _conflict(
                "Only the latest version waiting for review can be approved.",
                self.key.split(":", 1)[1],
            )
        info = self.rendered.template
        conn.execute(
            "UPDATE report_versions SET status = 'approved', reviewed_by = ?, reviewed_at = ?, "
            "review_request = ? WHERE report = ? AND version = ?",
            (self.user, self.at, self.key, self.report_id, self.version),
        )
        conn.execute(
            "UPDATE reports SET status = 'final', final_version = ?, final_text = ?, "
            "final_hash = ?, template = ?, template_version = ?, template_sha256 = ?, "
            "approved_by = ?, approved_at = ?, approve_request = ?, updated_at = ? WHERE id = ?",
            (
                self.version,
                self.rendered.text,
                self.rendered.sha256,
                info.name,
                info.version,
                info.source_sha256,
                self.user,
                self.at,
                self.key,
                self.at,
                self.report_id,
            ),
        )
        conn.execute(
            "INSERT INTO report_reminders (id, report, conversation, due, title, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                self.reminder_id,
                self.report_id,
                row["conversation"],
                self.due,
                row["title"],
                self.at,
            ),
        )
        return {
            "final_hash": self.rendered.sha256,
            "template": info.name,
            "template_version": info.version,
            "due": self.due,
            "reminder": {
                "reminder": self.reminder_id,
                "report": self.report_id,
                "conversation": row["conversation"],
                "due": self.due,
                "title": row["title"],
            },
        }


@dataclass(frozen=True, slots=True)
class ChangesOp:
    """Send the pending version back to its author with a comment."""

    report_id: str
    version: int
    comment: str
    user: str
    at: str
    key: str

    def __call__(self, conn: Conn) -> None:
        updated = conn.execute(
            "UPDATE reports SET status = 'changes_requested', updated_at = ? "
            "WHERE id = ? AND status = 'pending' AND version = ?",
            (self.at, self.report_id, self.version),
        ).rowcount
        if updated != 1:
            raise _conflict(
                "Only the latest version waiting for review can be sent back.",
                self.key.split(":", 1)[1],
            )
        conn.execute(
            "UPDATE report_versions SET status = 'changes_requested', comment = ?, "
            "reviewed_by = ?, reviewed_at = ?, review_request = ? WHERE report = ? AND version = ?",
            (self.comment, self.user, self.at, self.key, self.report_id, self.version),
        )
