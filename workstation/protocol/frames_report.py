"""Staff frames of concern reports: four eyes and follow-ups (see docs/protocol.md).

A counsellor submits a report (the JSON data format of :mod:`workstation.sessions.reports`);
a shift lead who did not write it approves it or asks for changes. An approved report is final
and can never change. Approval creates a phone follow-up reminder for the next working day.
"""

from typing import Annotated, Any, Literal

import msgspec

from workstation.protocol.frames import ObjectId, Request, Word

#: Longest comment a shift lead may write when asking for changes.
MAX_COMMENT_CHARS = 4000

Version = Annotated[int, msgspec.Meta(ge=1)]
Comment = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_COMMENT_CHARS)]
ReportStatus = Literal["pending", "changes_requested", "final"]

REPORT_STATUSES: tuple[str, ...] = ("pending", "changes_requested", "final")


class ReportSubmit(Request, tag="report_submit"):
    """Submit a report for approval; with ``report_id``, a new version of that report."""

    conversation: ObjectId
    report: dict[str, Any]
    template: Word
    report_id: ObjectId | None = None


class ReportGet(Request, tag="report_get"):
    report: ObjectId


class ReportList(Request, tag="report_list"):
    """Summaries, newest first; optionally of one conversation or one status."""

    conversation: ObjectId | None = None
    status: ReportStatus | None = None


class ReportApprove(Request, tag="report_approve"):
    """Approve the named version, which must be the pending one."""

    report: ObjectId
    version: Version


class ReportRequestChanges(Request, tag="report_request_changes"):
    report: ObjectId
    comment: Comment
    version: Version | None = None


class ReminderList(Request, tag="reminder_list"):
    """The open follow-up reminders due today or earlier (what the ``reminders`` push holds)."""


class ReminderDone(Request, tag="reminder_done"):
    reminder: ObjectId


FRAMES: tuple[type[Request], ...] = (
    ReportSubmit,
    ReportGet,
    ReportList,
    ReportApprove,
    ReportRequestChanges,
    ReminderList,
    ReminderDone,
)
