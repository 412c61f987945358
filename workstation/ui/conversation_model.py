"""The counsellor's own conversations as a Qt list model, the most urgent wait on top."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from workstation.protocol.times import parse_time, utc_now
from workstation.sessions.time_policy import answer_by
from workstation.ui.answer_by import AnswerBy
from workstation.ui.calls.state import CallState
from workstation.ui.labels import channel_label

Index = QModelIndex | QPersistentModelIndex

CONVERSATION_ROLE = Qt.ItemDataRole.UserRole + 1
CLOSED_ROLE = Qt.ItemDataRole.UserRole + 2
WAITING_ROLE = Qt.ItemDataRole.UserRole + 3
TITLE_ROLE = Qt.ItemDataRole.UserRole + 4
CHANNEL_ROLE = Qt.ItemDataRole.UserRole + 5
WAITED_S_ROLE = Qt.ItemDataRole.UserRole + 6
UNREAD_ROLE = Qt.ItemDataRole.UserRole + 7
RISK_ROLE = Qt.ItemDataRole.UserRole + 8
TIME_LEVEL_ROLE = Qt.ItemDataRole.UserRole + 9
OBSERVED_ROLE = Qt.ItemDataRole.UserRole + 10
STATUS_ROLE = Qt.ItemDataRole.UserRole + 11
ELAPSED_ROLE = Qt.ItemDataRole.UserRole + 12
CALL_ROLE = Qt.ItemDataRole.UserRole + 13

#: Waits longer than this are drawn in the strong colour.
LONG_WAIT_S = 120
#: The overview is sized so that a wait this long with this many new messages fits.
WIDEST_WAIT_S = 59 * 60 + 59
WIDEST_UNREAD = 99
#: Under a flood, messages repaint the overview at most this often; after a quiet spell at
#: once. The order and the data change at once, and the view repaints every row each second
#: anyway for the waiting times (a repaint of the overview costs 5-20 ms).
COALESCE_MS = 1000


def format_clock(seconds: float) -> str:
    """A ticking time: "0:07", "2:14", "1:02:03"."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass
class Summary:
    """What the overview shows about one conversation."""

    conversation: str
    number: int
    channel: str | None = None
    started_at: datetime | None = None
    closed: bool = False
    handed_over: str | None = None  # the colleague a call was transferred to
    mine: bool = True  # assigned to me (False: a conversation I only consult on)
    contact_waiting_since: datetime | None = None
    last_from: str | None = None  # "contact" or "staff"
    unread: int = 0
    risk: bool = False
    time_level: str | None = None  # "soft" or "hard"
    observers: dict[str, str] = field(default_factory=dict)  # user → display name
    call: CallState | None = None

    @property
    def finished(self) -> bool:
        return self.closed or self.handed_over is not None

    def waiting_since(self) -> datetime | None:
        """Since when the other side waits on the counsellor, or None."""
        if self.finished or not self.mine:
            return None
        if self.call is not None:
            return self.call.held_since if self.call.state == "held" else None
        return self.contact_waiting_since

    def urgency(self) -> tuple[int, float, int]:
        """Sort key: waiting on me longest first, then live calls, then letters waiting for an
        answer (the one due first first), then the rest; closed last."""
        if self.finished:
            return (3, 0.0, self.number)
        since = self.waiting_since()
        due = answer_by(self.channel, since) if since is not None else None
        if due is not None:
            return (2, due.timestamp(), self.number)
        if since is not None:
            return (0, since.timestamp(), self.number)
        if self.call is not None and self.call.state == "connected":
            return (1, 0.0, self.number)
        return (2, float("inf"), self.number)


class ConversationListModel(QAbstractListModel):
    """Conversations this desk takes part in, ordered so the longest wait on the desk is on top.

    A conversation whose last message came from the young person (or a call on hold) is
    "waiting on me"; the row says for how long, ticking each second. Rows are reordered
    (with ``layoutChanged``) only when an event changes who waits; the clock alone never
    changes the order.

    Attributes:
        clock: returns the current UTC time; tests replace it.
        me: the signed-in user name (to tell a transfer away from an assignment to me).
        current: the conversation the counsellor is looking at.
    """

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.me: str | None = None
        self._rows: list[Summary] = []
        self._row_of: dict[str, int] = {}
        self.current: str | None = None
        self._dirty: set[str] = set()
        self._told_at = 0.0  # when views were last told about changed rows (monotonic s)
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(COALESCE_MS)
        self._flush_timer.timeout.connect(self.flush)

    # --- Qt model interface -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{self.title(summary.conversation)}\n{self.status(summary)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(summary)
        value = _ROLE_VALUES.get(role)  # only the role asked for: paints ask ~15 per row
        return None if value is None else value(self, summary)

    def _waited_s(self, summary: Summary) -> float | None:
        since = summary.waiting_since()
        return None if since is None else (self.clock() - since).total_seconds()

    def title(self, conversation: str) -> str:
        """A short name for a conversation: "Chat 2"."""
        row = self._row_of.get(conversation)
        if row is None:
            return conversation
        summary = self._rows[row]
        return (
            self.tr("%1 %2")
            .replace("%1", channel_label(summary.channel))
            .replace("%2", str(summary.number))
        )

    def status(self, summary: Summary) -> str:
        """Who waits on whom, in words: "waiting for you 2:14", "you wrote last 0:40"."""
        now = self.clock()
        if summary.handed_over is not None:
            return self.tr("handed over to %1").replace("%1", summary.handed_over)
        if summary.closed:
            return self.tr("closed")
        call = summary.call
        if call is not None and call.state == "held":
            return self.tr("on hold %1").replace("%1", format_clock(call.hold_seconds(now)))
        if call is not None and call.state == "connected":
            return self.tr("on the phone %1").replace("%1", format_clock(call.talk_seconds(now)))
        since = summary.waiting_since()
        due = AnswerBy.text(summary.channel, since, now) if since is not None else None
        if due is not None:  # a letter waits for an answer by a time, not by the second
            text = due
        elif since is not None:
            text = self.tr("waiting for you %1").replace(
                "%1", format_clock((now - since).total_seconds())
            )
        elif summary.last_from == "staff":
            text = self.tr("you wrote last")
        else:
            text = self.tr("open")
        if summary.unread:
            text += " · " + self.tr("%n new", "", summary.unread)
        return text

    def widest_wait(self) -> str:
        """A long status the overview must always fit (for sizing): an hour's wait, many new."""
        return (
            self.tr("waiting for you %1").replace("%1", format_clock(WIDEST_WAIT_S))
            + " · "
            + self.tr("%n new", "", WIDEST_UNREAD)
        )

    def _elapsed(self, summary: Summary, now: datetime) -> str:
        if summary.started_at is None:
            return ""
        return format_clock((now - summary.started_at).total_seconds())

    def _tooltip(self, summary: Summary) -> str:
        parts = [self.title(summary.conversation), self.status(summary)]
        if summary.started_at is not None:
            parts.append(
                self.tr("Conversation time %1").replace("%1", self._elapsed(summary, self.clock()))
            )
        if summary.risk:
            parts.append(self.tr("Flagged as risk"))
        if summary.time_level == "hard" and not summary.finished:
            parts.append(self.tr("Time limit passed while others wait"))
        elif summary.time_level == "soft" and not summary.finished:
            parts.append(self.tr("Others are waiting in the queue"))
        if summary.observers and not summary.finished:
            parts.append(
                self.tr("Observed by %1").replace("%1", ", ".join(summary.observers.values()))
            )
        return "\n".join(parts)

    # --- queries ----------------------------------------------------------------------------

    def row_of(self, conversation: str) -> int:
        """The row of a conversation, or -1."""
        return self._row_of.get(conversation, -1)

    def conversation_at(self, row: int) -> str | None:
        """The conversation on a row, or None."""
        return self._rows[row].conversation if 0 <= row < len(self._rows) else None

    def summary(self, conversation: str) -> Summary | None:
        row = self._row_of.get(conversation)
        return None if row is None else self._rows[row]

    def is_closed(self, conversation: str) -> bool:
        """Closed, or handed over to a colleague: nothing more to do here."""
        summary = self.summary(conversation)
        return summary is not None and summary.finished

    def is_mine(self, conversation: str) -> bool:
        """Assigned to me and not finished: I may write to the young person."""
        summary = self.summary(conversation)
        return summary is not None and summary.mine and not summary.finished

    def channel(self, conversation: str) -> str | None:
        summary = self.summary(conversation)
        return None if summary is None else summary.channel

    # --- updates --------------------------------------------------------------------------

    def apply_event(self, event: dict[str, Any]) -> bool:
        """Update from a hub event; True when the conversation is new to the list."""
        conversation = str(event["conversation"])
        added = conversation not in self._row_of
        if added:
            row = len(self._rows)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.append(Summary(conversation, number=row + 1))
            self._row_of[conversation] = row
            self.endInsertRows()
        summary = self._rows[self._row_of[conversation]]
        self._follow(summary, event)
        if added or event.get("kind") != "message":
            self._changed(conversation)
        else:  # the flood: the row's data is current at once, its repaint comes soon
            self._changed_soon(conversation)
        self._reorder()
        return added

    def _follow(self, summary: Summary, event: dict[str, Any]) -> None:
        kind = str(event.get("kind"))
        at = parse_time(event["at"]) if event.get("at") else None
        if kind == "opened":
            summary.channel = event.get("channel")
            if summary.channel == "phone":
                summary.call = CallState()
        elif kind == "assigned":
            user = event.get("user")
            if self.me is not None and user is not None and user != self.me:
                if summary.started_at is not None and summary.mine:  # mine, now a colleague's
                    summary.handed_over = str(event.get("counsellor") or user)
                summary.mine = False
            else:
                summary.started_at = at
                summary.handed_over = None
                summary.time_level = None
                summary.mine = True
        elif kind == "message":
            summary.last_from = event.get("from")
            if event.get("from") == "contact":
                if summary.contact_waiting_since is None:
                    summary.contact_waiting_since = at
                if summary.conversation != self.current:
                    summary.unread += 1
            else:
                summary.contact_waiting_since = None
        elif kind == "flagged" and event.get("flag") == "risk":
            summary.risk = True
            summary.time_level = None
        elif kind == "time_warning":
            summary.time_level = str(event.get("level") or "soft")
        elif kind == "time_continued":
            summary.time_level = None
        elif kind == "observer_joined":
            summary.observers[str(event.get("user"))] = str(event.get("observer", ""))
        elif kind == "observer_left":
            summary.observers.pop(str(event.get("user")), None)
        elif kind.startswith("call_") and summary.call is not None:
            summary.call.apply(event)
        elif kind == "closed":
            summary.closed = True
            if summary.call is not None:
                summary.call.end(at)

    def mark_read(self, conversation: str | None) -> None:
        """The counsellor is looking at this conversation now."""
        self.current = conversation
        row = self._row_of.get(conversation or "")
        if row is not None and self._rows[row].unread:
            self._rows[row].unread = 0
            self._changed(self._rows[row].conversation)

    def _changed(self, conversation: str) -> None:
        index = self.index(self._row_of[conversation], 0)
        self.dataChanged.emit(index, index)

    def _changed_soon(self, conversation: str) -> None:
        """Tell views at once after a quiet spell, else :data:`COALESCE_MS` after the last
        time: one repaint for a burst of messages."""
        self._dirty.add(conversation)
        if not self._flush_timer.isActive():
            since_ms = (time.monotonic() - self._told_at) * 1000
            self._flush_timer.start(max(0, int(COALESCE_MS - since_ms)))

    def flush(self) -> None:
        """Tell views now about rows changed by messages since the last time."""
        self._flush_timer.stop()
        rows = [self._row_of[c] for c in self._dirty if c in self._row_of]
        self._dirty.clear()
        if rows:
            self._told_at = time.monotonic()
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), 0))

    def _reorder(self) -> None:
        ordered = sorted(self._rows, key=Summary.urgency)
        if all(a is b for a, b in zip(ordered, self._rows, strict=True)):
            return
        self.layoutAboutToBeChanged.emit()
        previous = self._rows
        self._rows = ordered
        self._row_of = {summary.conversation: row for row, summary in enumerate(ordered)}
        persistent = self.persistentIndexList()
        moved = [
            self.index(self._row_of[previous[index.row()].conversation], 0) for index in persistent
        ]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def tick(self) -> None:
        """Tell views that waiting times have moved on (and whatever else changed)."""
        if self._rows:
            self._flush_timer.stop()
            self._dirty.clear()
            self._told_at = time.monotonic()
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))


_ROLE_VALUES: dict[int, Callable[[ConversationListModel, Summary], Any]] = {
    CONVERSATION_ROLE: lambda _m, s: s.conversation,
    CLOSED_ROLE: lambda _m, s: s.finished,
    WAITING_ROLE: lambda _m, s: s.waiting_since() is not None,
    TITLE_ROLE: lambda m, s: m.title(s.conversation),
    CHANNEL_ROLE: lambda _m, s: s.channel,
    UNREAD_ROLE: lambda _m, s: 0 if s.finished else s.unread,
    RISK_ROLE: lambda _m, s: s.risk,
    TIME_LEVEL_ROLE: lambda _m, s: None if s.finished else s.time_level,
    OBSERVED_ROLE: lambda _m, s: bool(s.observers) and not s.finished,
    STATUS_ROLE: lambda m, s: m.status(s),
    CALL_ROLE: lambda _m, s: s.call.state if s.call is not None else None,
    WAITED_S_ROLE: lambda m, s: m._waited_s(s),
    ELAPSED_ROLE: lambda m, s: m._elapsed(s, m.clock()),
}
