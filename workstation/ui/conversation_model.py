"""The counsellor's own conversations as a Qt list model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workstation.protocol.times import parse_time, utc_now
from workstation.ui.labels import channel_label, format_duration

Index = QModelIndex | QPersistentModelIndex

CONVERSATION_ROLE = Qt.ItemDataRole.UserRole + 1
CLOSED_ROLE = Qt.ItemDataRole.UserRole + 2
WAITING_ROLE = Qt.ItemDataRole.UserRole + 3


@dataclass
class Summary:
    """What the list shows about one conversation."""

    conversation: str
    number: int
    channel: str | None = None
    closed: bool = False
    contact_waiting_since: datetime | None = None
    unread: int = 0


class ConversationListModel(QAbstractListModel):
    """Conversations this desk takes part in, in the order they arrived.

    A conversation whose last message came from the young person is "waiting on me"; the
    list says for how long, so juggling several chats stays safe.

    Attributes:
        clock: returns the current UTC time; tests replace it.
    """

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self._rows: list[Summary] = []
        self._row_of: dict[str, int] = {}
        self.current: str | None = None

    # --- Qt model interface -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary)
        if role == CONVERSATION_ROLE:
            return summary.conversation
        if role == CLOSED_ROLE:
            return summary.closed
        if role == WAITING_ROLE:
            return summary.contact_waiting_since is not None and not summary.closed
        return None

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

    def _display(self, summary: Summary) -> str:
        title = self.title(summary.conversation)
        if summary.closed:
            status = self.tr("closed")
        elif summary.contact_waiting_since is not None:
            waited = (self.clock() - summary.contact_waiting_since).total_seconds()
            status = self.tr("waiting for you, %1").replace("%1", format_duration(waited))
        else:
            status = self.tr("open")
        if summary.unread and not summary.closed:
            status += " · " + self.tr("%n new", "", summary.unread)
        return f"{title}\n{status}"

    # --- updates --------------------------------------------------------------------------

    def row_of(self, conversation: str) -> int:
        """The row of a conversation, or -1."""
        return self._row_of.get(conversation, -1)

    def conversation_at(self, row: int) -> str | None:
        """The conversation on a row, or None."""
        return self._rows[row].conversation if 0 <= row < len(self._rows) else None

    def is_closed(self, conversation: str) -> bool:
        row = self._row_of.get(conversation)
        return row is not None and self._rows[row].closed

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
        kind = event.get("kind")
        if kind == "opened":
            summary.channel = event.get("channel")
        elif kind == "message":
            if event.get("from") == "contact":
                if summary.contact_waiting_since is None and event.get("at"):
                    summary.contact_waiting_since = parse_time(event["at"])
                if conversation != self.current:
                    summary.unread += 1
            else:
                summary.contact_waiting_since = None
        elif kind == "closed":
            summary.closed = True
        self._changed(conversation)
        return added

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

    def tick(self) -> None:
        """Tell views that waiting times have moved on."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))
