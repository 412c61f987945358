"""One conversation's events as a Qt list model, with the desk's unacknowledged messages last."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workstation.protocol.times import parse_time
from workstation.sessions.clock import format_clock
from workstation.ui.labels import channel_label, close_reason_label, flag_label

Index = QModelIndex | QPersistentModelIndex

#: Event kinds whose row shows the text someone wrote.
TEXT_KINDS = frozenset({"message", "note", "consult_message"})
#: Event kinds that may ask for action now (risk, a hard time limit, a failed SMS): red.
URGENT_KINDS = frozenset({"flagged", "time_warning", "sms_failed", "email_failed"})
#: Close reasons that are the ordinary end of a conversation: a plain, quiet line.
ORDINARY_CLOSES = frozenset({"staff_closed", "call_ended"})


class Role(IntEnum):
    """Data roles a transcript delegate reads."""

    KIND = Qt.ItemDataRole.UserRole + 1
    SENDER = Qt.ItemDataRole.UserRole + 2
    AUTHOR = Qt.ItemDataRole.UserRole + 3
    TIME = Qt.ItemDataRole.UserRole + 4
    PENDING = Qt.ItemDataRole.UserRole + 5
    SEQ = Qt.ItemDataRole.UserRole + 6
    CHANNEL = Qt.ItemDataRole.UserRole + 7
    IMPORTANT = Qt.ItemDataRole.UserRole + 8  # needs action now: drawn red
    NOTABLE = Qt.ItemDataRole.UserRole + 9  # worth noticing, not urgent: drawn bold, not red
    SMS = Qt.ItemDataRole.UserRole + 10  # a reply's SMS status and parts: (status, parts)


@dataclass
class Entry:
    """One row: an event from the hub, or a message the hub has not acknowledged yet."""

    kind: str
    text: str
    sender: str | None = None
    author: str | None = None
    at: datetime | None = None
    seq: int | None = None
    pending: bool = False
    client_id: str | None = None
    fields: dict[str, Any] | None = None
    #: (view width, row height) as the transcript delegate last measured it.
    layout_height: tuple[int, int] | None = None
    #: (bubble width limit, text width) as the delegate last measured it.
    layout_width: tuple[int, int] | None = None
    #: (row style, header line) as the delegate worked them out (not for pending rows).
    painted: tuple[str, str] | None = None
    #: An SMS reply's (status, parts) from its latest ``sms_status`` event; an e-mail answer's
    #: from its ``email_status`` (one part).
    sms: tuple[str, int] | None = None


def urgent(entry: Entry) -> bool:
    """Red is for what needs action now: a risk flag, a hard time limit, a failed SMS."""
    if entry.kind == "time_warning":
        return (entry.fields or {}).get("level") == "hard"
    return entry.kind in URGENT_KINDS


def notable(entry: Entry) -> bool:
    """Bold, never red: a soft time warning, an ending the counsellor did not choose."""
    fields = entry.fields or {}
    if entry.kind == "time_warning":
        return fields.get("level") != "hard"
    return entry.kind == "closed" and fields.get("reason") not in ORDINARY_CLOSES


class TranscriptModel(QAbstractListModel):
    """The transcript of one conversation.

    Events arrive in ``seq`` order and are appended in O(1); an event whose ``seq`` is not
    past the last one is ignored, so a replay after a reconnect never doubles a row.
    Pending rows (sent by this desk, not yet acknowledged) stay below the events and are
    replaced by the real event when it arrives.

    Attributes:
        conversation: the conversation id.
        last_seq: the highest ``seq`` seen.
    """

    def __init__(self, conversation: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.conversation = conversation
        self.last_seq = 0
        self.channel: str | None = None
        self._events: list[Entry] = []
        self._pending: list[Entry] = []

    # --- Qt model interface -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events) + len(self._pending)

    def entry(self, row: int) -> Entry:
        """The entry on a row."""
        if row < len(self._events):
            return self._events[row]
        return self._pending[row - len(self._events)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        entry = self.entry(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return format_clock(entry.at, seconds=True) if entry.at else None
        return {
            Role.KIND: entry.kind,
            Role.SENDER: entry.sender,
            Role.AUTHOR: entry.author,
            Role.TIME: entry.at,
            Role.PENDING: entry.pending,
            Role.SEQ: entry.seq,
            Role.CHANNEL: self.channel,
            Role.IMPORTANT: urgent(entry),
            Role.NOTABLE: notable(entry),
            Role.SMS: entry.sms,
        }.get(role)  # type: ignore[call-overload]

    # --- updates --------------------------------------------------------------------------

    @property
    def pending_count(self) -> int:
        """How many of this desk's messages wait for the hub."""
        return len(self._pending)

    def append_event(self, event: dict[str, Any]) -> bool:
        """Add a hub event; False when it was already here."""
        seq = int(event["seq"])
        if seq <= self.last_seq:
            return False
        if event.get("kind") == "opened":
            self.channel = event.get("channel")
        if event.get("kind") in ("sms_status", "email_status"):  # no row: the header shows it
            self.last_seq = seq
            self._mark_sms(event)
            return True
        self._drop_pending(event.get("client_id"), seq)
        row = len(self._events)
        self.beginInsertRows(QModelIndex(), row, row)
        self._events.append(self._entry_for(event))
        self.last_seq = seq
        self.endInsertRows()
        return True

    def _mark_sms(self, event: dict[str, Any]) -> None:
        target = event.get("message_seq")
        for row in range(len(self._events) - 1, -1, -1):
            entry = self._events[row]
            if entry.seq == target:
                entry.sms = (str(event.get("status", "")), int(event.get("parts") or 1))
                entry.painted = entry.layout_width = None  # the header line changes
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)
                return

    def add_pending(
        self, client_id: str | None, text: str, author: str | None, kind: str = "message"
    ) -> None:
        """Show a message (or note) this desk has sent and the hub has not yet stored."""
        row = self.rowCount()
        self.beginInsertRows(QModelIndex(), row, row)
        self._pending.append(Entry(kind, text, "staff", author, None, None, True, client_id))
        self.endInsertRows()

    def acknowledge(self, client_id: str | None, seq: int) -> None:
        """The hub stored a pending message as ``seq``; drop it if its event is here."""
        for entry in self._pending:
            if entry.client_id == client_id:
                entry.seq = seq
        if seq <= self.last_seq:
            self._drop_pending(client_id, seq)

    def _drop_pending(self, client_id: Any, seq: int) -> None:
        for offset, entry in enumerate(self._pending):
            if (client_id is not None and entry.client_id == client_id) or entry.seq == seq:
                row = len(self._events) + offset
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._pending[offset]
                self.endRemoveRows()
                return

    def _entry_for(self, event: dict[str, Any]) -> Entry:
        kind = str(event.get("kind", ""))
        at = parse_time(event["at"]) if event.get("at") else None
        author = event.get("author")
        sender = event.get("from")
        text = str(event.get("text", "")) if kind in TEXT_KINDS else self._describe(kind, event)
        return Entry(
            kind, text, sender, author, at, int(event["seq"]), False, event.get("client_id"), event
        )

    def _describe(self, kind: str, event: dict[str, Any]) -> str:
        if kind == "opened":
            return self.tr("Conversation opened (%1)").replace(
                "%1", channel_label(event.get("channel"))
            )
        if kind == "assigned":
            return self.tr("%1 took the conversation").replace(
                "%1", str(event.get("counsellor", ""))
            )
        if kind == "flagged":
            return (
                self.tr("Flagged as %1 by %2")
                .replace("%1", flag_label(event.get("flag")))
                .replace("%2", str(event.get("author", "")))
            )
        if kind == "closed" and event.get("reason") == "call_ended":
            return self.tr("Conversation closed: the call ended")
        if kind == "closed":
            return self.tr("Conversation closed: %1").replace(
                "%1", close_reason_label(event.get("reason"))
            )
        if kind == "time_warning":
            if event.get("level") == "hard":
                return self.tr("This conversation has gone on long while others wait")
            return self.tr("Others are waiting in the queue")
        if kind == "time_continued":
            return self.tr("%1 chose to continue without time warnings").replace(
                "%1", str(event.get("author", ""))
            )
        if kind == "observer_joined":
            return self.tr("%1 is observing the conversation").replace(
                "%1", str(event.get("observer", ""))
            )
        if kind == "observer_left":
            return self.tr("The observer left")
        call = self._describe_call(kind, event)
        if call is not None:
            return call
        if kind == "sms_thread":
            number = event.get("number") or self.tr("hidden number")
            return self.tr("SMS from %1").replace("%1", str(number))
        if kind == "sms_failed":
            return self.tr("An SMS could not be delivered; try again or ask the shift lead")
        email = self._describe_email(kind, event)
        if email is not None:
            return email
        consult = self._describe_consult(kind, event)
        if consult is not None:
            return consult
        return self._describe_other(kind, event)

    def _describe_email(self, kind: str, event: dict[str, Any]) -> str | None:
        if kind == "email_thread":
            return (
                self.tr("E-mail from %1, subject: %2")
                .replace("%1", str(event.get("address") or "?"))
                .replace("%2", str(event.get("subject") or self.tr("(no subject)")))
            )
        if kind == "email_failed":
            return self.tr("An e-mail answer could not be sent; try again or ask the shift lead")
        if kind == "email_attachments_refused":
            return self.tr(
                "The letter had %n attachment(s); they were not opened, and the young person "
                "was told kindly to write it in the letter instead", "", int(event.get("count", 0))
            )
        return None

    def _describe_consult(self, kind: str, event: dict[str, Any]) -> str | None:
        if kind == "consult_requested":
            if event.get("to_name"):
                text = self.tr("%1 asked %2 for a consultation").replace(
                    "%2", str(event.get("to_name"))
                )
            else:
                text = self.tr("%1 asked the shift leads for a consultation")
            return text.replace("%1", str(event.get("from", "")))
        if kind == "consult_joined":
            return self.tr("%1 joined the consultation").replace(
                "%1", str(event.get("consultant", ""))
            )
        if kind == "consult_declined":
            return self.tr("%1 declined the consultation").replace("%1", str(event.get("by", "")))
        if kind == "consult_escalated":
            if event.get("to_name"):
                return self.tr("Nobody answered; the consultation was offered to %1").replace(
                    "%1", str(event.get("to_name"))
                )
            return self.tr("Nobody answered the consultation; supervisors were told")
        if kind == "consult_ended":
            if event.get("reason") == "cancelled":
                return self.tr("%1 withdrew the consultation").replace(
                    "%1", str(event.get("by", ""))
                )
            return self.tr("%1 ended the consultation").replace("%1", str(event.get("by", "")))
        if kind == "consult_taken_over":
            return (
                self.tr("%1 took over the conversation from %2")
                .replace("%1", str(event.get("counsellor", "")))
                .replace("%2", str(event.get("previous", "")))
            )
        return None

    def _describe_other(self, kind: str, event: dict[str, Any]) -> str:
        """Kinds the desk has no sentence for yet: a readable word, never raw data."""
        if kind.startswith("report_"):
            return self.tr("Concern report: %1").replace("%1", kind.removeprefix("report_"))
        if kind == "summary_saved":
            return self.tr("Contact summary saved")
        if kind == "reminder_done":
            return self.tr("Follow-up marked as done")
        if kind == "left_quickly":
            return self.tr("The young person left with the quick exit; they may not be "
                           "safe to write to now")
        if kind == "described":
            from workstation.ui.wrapup.fields import age_band_choices, gender_choices

            age = dict(age_band_choices()).get(str(event.get("age_band")), "–")
            gender = dict(gender_choices()).get(str(event.get("gender")), "–")
            return self.tr("Told on the chat page: age %1, gender %2").replace(
                "%1", age).replace("%2", gender)
        if kind == "returned":
            return self.tr("Came back with a code and asked for %1").replace(
                "%1", str(event.get("counsellor") or event.get("user") or ""))
        if kind == "return_code_offered":
            return self.tr("A code for coming back was given")
        if kind == "return_held":  # several hubs: the hold's steps (docs/protocol.md)
            if event.get("state") == "waiting":
                return self.tr("Chose to wait for the counsellor asked for")
            return self.tr("Offered first to the counsellor asked for")
        if kind == "return_released":
            return self.tr("No longer held for the counsellor asked for")
        if kind == "feedback":
            answers = {"yes": self.tr("yes"), "a_bit": self.tr("a bit"), "no": self.tr("no"),
                       "maybe": self.tr("maybe")}
            text = self.tr("Feedback from the young person: helped %1, would come again %2")
            return text.replace("%1", answers.get(str(event.get("helped")), "–")).replace(
                "%2", answers.get(str(event.get("again")), "–"))
        return kind.replace("_", " ")

    def _describe_call(self, kind: str, event: dict[str, Any]) -> str | None:
        if kind == "call_offered":
            number = event.get("number") or self.tr("hidden number")
            return self.tr("Call from %1").replace("%1", str(number))
        if kind == "call_answered":
            return self.tr("%1 answered the call").replace("%1", str(event.get("counsellor", "")))
        if kind == "call_held":
            return self.tr("Call put on hold")
        if kind == "call_resumed":
            return self.tr("Call resumed")
        if kind == "call_transferred":
            return self.tr("Call transferred to %1").replace("%1", str(event.get("counsellor", "")))
        if kind == "call_ended":
            if event.get("by") == "caller":
                return self.tr("The caller hung up")
            return self.tr("Call ended by the counsellor")
        return self._describe_conference(kind, event)

    def _describe_conference(self, kind: str, event: dict[str, Any]) -> str | None:
        """Listen-in and three-way (strings in resources/i18n/conference_nb.ts)."""
        who = str(event.get("name") or event.get("user") or "")
        lines = {
            "call_listening": self.tr("%1 is listening in on the call"),
            "call_listen_ended": self.tr("%1 is no longer listening"),
            "call_join_requested": self.tr("%1 asks to join the call"),
            "call_joined": self.tr("%1 joined the call: a three-way call"),
            "call_join_declined": self.tr("%1 may not join the call"),
        }
        if kind in lines:
            return lines[kind].replace("%1", who)
        if kind in ("call_party_added", "call_party_left"):
            from workstation.sessions.referrals import by_id

            service = by_id(str(event.get("service", "")))
            name = event.get("name") or (service.name if service else self.tr("a service"))
            text = (self.tr("%1 was dialled into the call") if kind == "call_party_added"
                    else self.tr("%1 left the call"))
            return text.replace("%1", str(name))
        return None
