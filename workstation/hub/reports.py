"""Concern reports through the hub: four eyes, a final text that never changes, follow-ups.

The assigned counsellor (or a consultant) submits a report as data; each submission is a new
version. A shift lead who wrote none of it approves the pending version: the hub renders the
text itself with the named template in the sandbox and stores it once, with its SHA-256 and the
template's name and version. Nothing about a final report can change afterwards (the code says
``conflict``; SQLite triggers refuse it as well). Every step is a staff-only event in the
conversation's log; report text never goes into an event, only a short title.

Approval also stores a reminder to phone the municipality on the next Norwegian working day.
Staff on shift get ``{"type":"reminders","items":[…]}`` with the reminders due today or earlier
after ``hello``, whenever the list changes, and just after midnight.

A row is written before its event. If the event write fails the request answers ``internal``;
repeating the same request (same ``id``) finds the row and writes the missing event only.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import msgspec

from workstation.hub import reports_store
from workstation.hub.background import Background
from workstation.hub.core import new_id
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.hub.supervision import SupervisionFeature
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_report import (
    ReminderDone,
    ReminderList,
    ReportApprove,
    ReportGet,
    ReportList,
    ReportRequestChanges,
    ReportSubmit,
)
from workstation.protocol.times import utc_now
from workstation.sessions import reports
from workstation.sessions.conversation import Conversation
from workstation.sessions.events import Event
from workstation.sessions.reports.context import OSLO
from workstation.store import UserRecord
from workstation.store.sql import Conn

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.hub.staff_api import StaffApi

log = logging.getLogger(__name__)

#: Roles that write reports, approve them, read them, and get follow-up reminders.
AUTHOR_ROLES = ("counsellor",)
APPROVER_ROLE = "shift_lead"
READER_ROLES = ("shift_lead", "supervisor")
ON_SHIFT_ROLES = ("counsellor", "shift_lead")
MAX_LIST = 200
MAX_TITLE_CHARS = 120

def _conflict(message: str, request_id: str) -> ProtocolError:
    return ProtocolError(ErrorCode.CONFLICT, message, request_id)


def _forbidden(message: str, request_id: str) -> ProtocolError:
    return ProtocolError(ErrorCode.FORBIDDEN, message, request_id)


def report_title(info: reports.TemplateInfo, report: reports.Report) -> str:
    """A short title for events and lists: the template's title and the municipality."""
    title = info.title
    if report.municipality.name:
        title += " – " + report.municipality.name.strip()
    return " ".join(title.split())[:MAX_TITLE_CHARS]


def identifies_child(report: reports.Report) -> bool:
    """Does the report pass on details that identify the child (or the family)?"""
    child = report.child
    if any(value for value in (child.name, child.address, child.phone, child.birth_year)):
        return True
    return any(parent.name or parent.address or parent.phone for parent in report.parents)


def anonymity_fields(report: reports.Report) -> dict[str, Any]:
    """What ``report_submitted`` records about breaking the young person's anonymity."""
    reason = (report.anonymity_broken_reason or "").strip()
    fields: dict[str, Any] = {"anonymity_broken": bool(reason) or identifies_child(report)}
    if reason:
        fields["anonymity_broken_reason"] = reason
    if report.child_informed is not None:
        fields["child_informed"] = report.child_informed.status
        if report.child_informed.reason:
            fields["child_informed_reason"] = report.child_informed.reason
    return fields


#: Events that make or end a follow-up reminder.
REMINDER_KINDS = frozenset({"report_approved", "reminder_done"})


class ReportFeature(Feature):
    """Attributes:
    now: the current time (tests inject another "today" through it).
    reminders: open reminders by id, as pushed (``due`` is an ISO date).
    """

    def __init__(self, hub: Hub, api: StaffApi) -> None:
        super().__init__(hub, api)
        self.now: Callable[[], datetime] = utc_now
        self.reminders: dict[str, dict[str, Any]] = {}
        self._midnight: asyncio.TimerHandle | None = None
        self._background = Background()

    def handlers(self) -> dict[type[Request], Handler]:
        return {
            ReportSubmit: self._submit,
            ReportGet: self._get,
            ReportList: self._list,
            ReportApprove: self._approve,
            ReportRequestChanges: self._request_changes,
            ReminderList: self._reminder_list,
            ReminderDone: self._reminder_done,
        }

    # --- start and stop -----------------------------------------------------------------

    async def start(self) -> None:
        self.reminders = await self._open_reminders()
        self._arm_midnight()

    async def _open_reminders(self) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for row in await self.hub.store.run(reports_store.open_reminders, write=False):
            reminder_id, report_id, conversation, due, title = row
            found[reminder_id] = {
                "reminder": reminder_id,
                "report": report_id,
                "conversation": conversation,
                "due": due,
                "title": title,
            }
        return found

    def on_event(self, event: Event) -> None:
        if event.kind in REMINDER_KINDS and self.hub.shared is not None:
            # Several hubs: a reminder made or done on another hub is read here too.
            self._background.later(self._reminders_changed)

    async def _reminders_changed(self) -> None:
        found = await self._open_reminders()
        if found.keys() != self.reminders.keys():
            self.reminders = found
            self.push_reminders()

    async def stop(self) -> None:
        if self._midnight is not None:
            self._midnight.cancel()
            self._midnight = None
        await self._background.stop()

    # --- who may ------------------------------------------------------------------------

    async def _conversation(self, conv_id: str) -> Conversation | None:
        conv = self.hub.conversations.get(conv_id)
        if conv is not None:
            return conv
        found: Conversation | None = await self.hub.store.run(
            lambda conn: reports_store.conversation(conn, conv_id), write=False
        )
        return found

    def may_author(self, user: UserRecord, conv: Conversation) -> bool:
        """The assigned counsellor, or a consultant while the conversation is open."""
        if not any(role in user.roles for role in AUTHOR_ROLES):
            return False
        if conv.assigned_user == user.name:
            return True
        # A consultant (any feature granting access), but not an observing supervisor.
        return (
            conv.is_open
            and conv.id in self.hub.conversations
            and any(
                feature.can_see(user.name, conv)
                for feature in self.hub.features
                if not isinstance(feature, SupervisionFeature)
            )
        )

    async def _may_read(self, user: UserRecord, row: dict[str, Any]) -> bool:
        if any(role in user.roles for role in READER_ROLES) or row["author"] == user.name:
            return True
        conv = await self._conversation(row["conversation"])
        return conv is not None and self.may_author(user, conv)

    async def _readable(self, user: UserRecord, report_id: str, request_id: str) -> dict[str, Any]:
        row = await self.hub.store.run(
            lambda conn: reports_store.report_row(conn, report_id), write=False
        )
        if row is None or not await self._may_read(user, row):
            # The same answer whether or not it exists: ids are not to be probed.
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such report you may read.", request_id)
        result: dict[str, Any] = row
        return result

    # --- submit -------------------------------------------------------------------------

    async def _submit(self, peer: StaffPeer, user: UserRecord, request: ReportSubmit) -> None:
        conv = await self._conversation(request.conversation)
        if conv is None or not self.may_author(user, conv):
            raise _forbidden(
                "Only the counsellor assigned to the conversation (or a consultant) may "
                "submit a report for it.",
                request.id,
            )
        try:
            report = reports.load(request.report)
            info = reports.template_info(request.template)
        except reports.ReportDataError as exc:
            raise ProtocolError(
                ErrorCode.BAD_FRAME, f"The report is not valid: {exc}.", request.id
            ) from None
        except reports.UnknownTemplateError:
            raise ProtocolError(
                ErrorCode.BAD_FRAME, "There is no report template of that name.", request.id
            ) from None
        if identifies_child(report) and not (report.anonymity_broken_reason or "").strip():
            raise ProtocolError(
                ErrorCode.BAD_FRAME,
                "The report identifies the child or the family: say why in "
                "anonymity_broken_reason.",
                request.id,
            )
        title = report_title(info, report)
        data = json.dumps(request.report, ensure_ascii=False, sort_keys=True)
        at = self.hub.now()
        key = f"{user.name}:{request.id}"
        report_id = request.report_id or new_id("r")
        op = reports_store.SubmitOp(
            report_id=report_id,
            resubmit=request.report_id is not None,
            conversation=conv.id,
            author=user.name,
            template=info.name,
            title=title,
            data=data,
            at=at,
            key=key,
            request_id=request.id,
        )
        version: int = await self.hub.store.run(op, write=True)
        fields = {
            "report": report_id,
            "version": version,
            "template": info.name,
            "template_version": info.version,
            "title": title,
            "author": user.display_name,
            "user": user.name,
            **anonymity_fields(report),
        }
        seq = await self.api.append(conv, "report_submitted", fields, user, request.id)
        peer.push(ok(request.id, report=report_id, version=version, seq=seq))
        review = {
            "type": "report_review",
            "report": report_id,
            "conversation": conv.id,
            "from": user.display_name,
            "user": user.name,
            "version": version,
            "template": info.name,
            "title": title,
        }
        for name, peers in list(self.hub.staff.items()):
            if name != user.name:
                for each in list(peers):
                    if each.has_role(APPROVER_ROLE):
                        each.push(review)

    # --- review -------------------------------------------------------------------------

    def _check_reviewer(
        self, user: UserRecord, row: dict[str, Any], version: dict[str, Any], request_id: str
    ) -> None:
        if APPROVER_ROLE not in user.roles:
            raise _forbidden("Only a shift lead may review a report.", request_id)
        if user.name in (row["author"], version["author"]):
            raise _forbidden("A report needs a second pair of eyes: not its author.", request_id)

    async def _approve(self, peer: StaffPeer, user: UserRecord, request: ReportApprove) -> None:
        row = await self._readable(user, request.report, request.id)
        versions = await self.hub.store.run(
            lambda conn: reports_store.version_rows(conn, request.report), write=False
        )
        version = next((v for v in versions if v["version"] == request.version), None)
        if version is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such version.", request.id)
        self._check_reviewer(user, row, version, request.id)
        key = f"{user.name}:{request.id}"
        repeated = row["status"] == "final" and row["approve_request"] == key
        if row["status"] == "final" and not repeated:
            raise _conflict("The report is final already and cannot change.", request.id)
        if not repeated and (row["status"] != "pending" or row["version"] != request.version):
            raise _conflict(
                "Only the latest version waiting for review can be approved.", request.id
            )
        rendered = await asyncio.to_thread(_render_version, version)
        now = self.now()
        due = reports.follow_up_date(now).isoformat()
        op = reports_store.ApproveOp(
            report_id=row["id"],
            version=request.version,
            rendered=rendered,
            user=user.name,
            at=self.hub.now(),
            key=key,
            reminder_id=new_id("m"),
            due=due,
        )
        result: dict[str, Any] = await self.hub.store.run(op, write=True)
        conv = await self._conversation(row["conversation"])
        assert conv is not None
        fields = {
            "report": row["id"],
            "version": request.version,
            "by": user.display_name,
            "user": user.name,
            "hash": result["final_hash"],
            "template": result["template"],
            "template_version": result["template_version"],
            "follow_up": result["due"],
        }
        seq = await self.api.append(conv, "report_approved", fields, user, request.id)
        if result["reminder"] is not None:
            self.reminders[result["reminder"]["reminder"]] = result["reminder"]
            self.push_reminders()
        peer.push(
            ok(
                request.id,
                report=row["id"],
                version=request.version,
                hash=result["final_hash"],
                follow_up=result["due"],
                seq=seq,
            )
        )
        self._tell_authors(row, versions, "final", request.version)

    async def _request_changes(
        self, peer: StaffPeer, user: UserRecord, request: ReportRequestChanges
    ) -> None:
        row = await self._readable(user, request.report, request.id)
        versions = await self.hub.store.run(
            lambda conn: reports_store.version_rows(conn, request.report), write=False
        )
        number = request.version or row["version"]
        version = next((v for v in versions if v["version"] == number), None)
        if version is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such version.", request.id)
        self._check_reviewer(user, row, version, request.id)
        key = f"{user.name}:{request.id}"
        if row["status"] == "final":
            raise _conflict("The report is final already and cannot change.", request.id)
        repeated = version["review_request"] == key
        if not repeated and (row["status"] != "pending" or row["version"] != number):
            raise _conflict(
                "Only the latest version waiting for review can be sent back.", request.id
            )
        if not repeated:
            op = reports_store.ChangesOp(
                row["id"], number, request.comment, user.name, self.hub.now(), key
            )
            await self.hub.store.run(op, write=True)
        conv = await self._conversation(row["conversation"])
        assert conv is not None
        fields = {
            "report": row["id"],
            "version": number,
            "comment": request.comment,
            "by": user.display_name,
            "user": user.name,
        }
        seq = await self.api.append(conv, "report_changes_requested", fields, user, request.id)
        peer.push(ok(request.id, report=row["id"], version=number, seq=seq))
        self._tell_authors(row, versions, "changes_requested", number, request.comment)

    def _tell_authors(
        self,
        row: dict[str, Any],
        versions: list[dict[str, Any]],
        status: str,
        version: int,
        comment: str | None = None,
    ) -> None:
        frame: dict[str, Any] = {
            "type": "report_update",
            "report": row["id"],
            "conversation": row["conversation"],
            "status": status,
            "version": version,
        }
        if comment is not None:
            frame["comment"] = comment
        for name in {row["author"], *(v["author"] for v in versions)}:
            self.hub.push_to_user(name, frame)

    # --- reading ------------------------------------------------------------------------

    async def _get(self, peer: StaffPeer, user: UserRecord, request: ReportGet) -> None:
        row = await self._readable(user, request.report, request.id)
        versions = await self.hub.store.run(
            lambda conn: reports_store.version_rows(conn, request.report), write=False
        )
        peer.push(ok(request.id, report=_report_record(row, versions)))

    async def _list(self, peer: StaffPeer, user: UserRecord, request: ReportList) -> None:
        everyone = any(role in user.roles for role in READER_ROLES)
        if not everyone and not any(role in user.roles for role in AUTHOR_ROLES):
            raise _forbidden(
                "Only counsellors, shift leads and supervisors see reports.", request.id
            )

        only = None if everyone else user.name
        rows = await self.hub.store.run(
            lambda conn: reports_store.list_reports(
                conn, only, request.conversation, request.status, MAX_LIST
            ),
            write=False,
        )
        items = [_summary(row) for row in rows]
        peer.push(ok(request.id, reports=items))

    # --- reminders ----------------------------------------------------------------------

    def today(self) -> date:
        return self.now().astimezone(OSLO).date()

    def due_items(self) -> list[dict[str, Any]]:
        """Open reminders due today or earlier (Norwegian time), oldest first."""
        today = self.today().isoformat()
        items = [
            {**item, "overdue": item["due"] < today}
            for item in self.reminders.values()
            if item["due"] <= today
        ]
        return sorted(items, key=lambda item: (item["due"], item["reminder"]))

    def push_reminders(self, only: StaffPeer | None = None) -> None:
        frame = {"type": "reminders", "items": self.due_items()}
        peers = (
            [only]
            if only is not None
            else [peer for peers in self.hub.staff.values() for peer in peers]
        )
        for peer in peers:
            if peer.has_role(*ON_SHIFT_ROLES):
                peer.push(frame)

    def on_staff_online(self, peer: StaffPeer) -> None:
        self.push_reminders(peer)

    def _arm_midnight(self) -> None:
        now = self.now().astimezone(OSLO)
        midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), OSLO)
        delay = max(1.0, (midnight - now).total_seconds() + 1.0)
        self._midnight = asyncio.get_running_loop().call_later(delay, self._on_midnight)

    def _on_midnight(self) -> None:
        self.push_reminders()
        self._arm_midnight()

    async def _reminder_list(
        self, peer: StaffPeer, user: UserRecord, request: ReminderList
    ) -> None:
        if not any(role in user.roles for role in ON_SHIFT_ROLES):
            raise _forbidden("Only staff on shift follow up reports.", request.id)
        peer.push(ok(request.id, items=self.due_items()))

    async def _reminder_done(
        self, peer: StaffPeer, user: UserRecord, request: ReminderDone
    ) -> None:
        if not any(role in user.roles for role in ON_SHIFT_ROLES):
            raise _forbidden("Only staff on shift follow up reports.", request.id)
        key = f"{user.name}:{request.id}"

        def op(conn: Conn) -> tuple[str, str]:
            found = reports_store.reminder(conn, request.reminder)
            if found is None:
                raise ProtocolError(ErrorCode.NOT_FOUND, "No such reminder.", request.id)
            report_id, conversation, done_request, owner = found
            if owner != user.name and APPROVER_ROLE not in user.roles:
                raise _forbidden(
                    "Only the report's author or a shift lead marks its follow-up done.",
                    request.id,
                )
            if done_request is None:
                reports_store.reminder_done(conn, request.reminder, self.hub.now(), user.name,
                                            key)
            elif done_request != key:
                raise _conflict("Someone has already done this follow-up.", request.id)
            return report_id, conversation

        report_id, conv_id = await self.hub.store.run(op, write=True)
        changed = self.reminders.pop(request.reminder, None) is not None
        conv = await self._conversation(conv_id)
        assert conv is not None
        fields = {
            "reminder": request.reminder,
            "report": report_id,
            "by": user.display_name,
            "user": user.name,
        }
        seq = await self.api.append(conv, "reminder_done", fields, user, request.id)
        peer.push(ok(request.id, reminder=request.reminder, seq=seq))
        if changed:
            self.push_reminders()


def _render_version(version: dict[str, Any]) -> reports.RenderedReport:
    """Render a stored version with its template, stamping the template's name and version."""
    report = reports.loads(version["data"])
    info = reports.template_info(version["template"])
    stamped = msgspec.structs.replace(report, template=info.name, template_version=info.version)
    return reports.render(info.name, stamped)


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "report": row["id"],
        "conversation": row["conversation"],
        "author": row["author"],
        "status": row["status"],
        "version": row["version"],
        "template": row["template"],
        "title": row["title"],
        "updated_at": row["updated_at"],
    }


def _report_record(row: dict[str, Any], versions: list[dict[str, Any]]) -> dict[str, Any]:
    record = _summary(row)
    record["created_at"] = row["created_at"]
    record["versions"] = [
        {
            "version": v["version"],
            "author": v["author"],
            "template": v["template"],
            "submitted_at": v["submitted_at"],
            "status": v["status"],
            "comment": v["comment"],
            "reviewed_by": v["reviewed_by"],
            "reviewed_at": v["reviewed_at"],
            "data": json.loads(v["data"]),
        }
        for v in versions
    ]
    record["final"] = None
    if row["status"] == "final":
        record["final"] = {
            "version": row["final_version"],
            "text": row["final_text"],
            "hash": row["final_hash"],
            "template": row["template"],
            "template_version": row["template_version"],
            "template_sha256": row["template_sha256"],
            "approved_by": row["approved_by"],
            "approved_at": row["approved_at"],
        }
    return record
