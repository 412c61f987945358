"""The queue of waiting contacts as a Qt table model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from workstation.protocol.times import parse_time, utc_now
from workstation.ui.answer_by import AnswerBy
from workstation.ui.labels import channel_label, format_duration

Index = QModelIndex | QPersistentModelIndex

CONVERSATION_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass
class QueueItem:
    """One waiting contact as the hub describes it."""

    conversation: str
    channel: str
    waiting_since: datetime
    position: int
    #: Held for one counsellor (a young person who came back with her code), or None.
    held_for: str | None = None

    @classmethod
    def from_wire(cls, item: dict[str, Any]) -> QueueItem:
        return cls(
            conversation=str(item["conversation"]),
            channel=str(item.get("channel", "")),
            waiting_since=parse_time(item["waiting_since"]),
            position=int(item.get("position", 0)),
            held_for=str(item["held_for"]) if item.get("held_for") else None,
        )


class QueueModel(QAbstractTableModel):
    """Waiting contacts: position, channel and how long they have waited.

    Rows keep their identity across updates (a selected contact stays selected while
    others join or leave the queue).

    The hub lists only the first of a long queue (50); :attr:`total` counts them all.

    Attributes:
        clock: returns the current UTC time; tests replace it.
        total: how many wait in all (at least the rows shown).
        by_channel: how many wait on each channel, all of them.

    Signals:
        total_changed(): :attr:`total` or :attr:`by_channel` changed.
    """

    POSITION, CHANNEL, WAITED = range(3)

    total_changed = Signal()

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self._items: list[QueueItem] = []
        self._total = 0
        self.by_channel: dict[str, int] = {}

    # --- Qt model interface -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == CONVERSATION_ROLE:
            return item.conversation
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == self.POSITION:
                return str(item.position)
            if column == self.CHANNEL:
                return channel_label(item.channel)
            if column == self.WAITED:
                now = self.clock()
                due = AnswerBy.text(item.channel, item.waiting_since, now)
                if due is not None:  # a letter: when it should be answered, not a wait
                    return due
                return format_duration((now - item.waiting_since).total_seconds())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = [self.tr("No."), self.tr("Channel"), self.tr("Waited")]
        return headers[section] if 0 <= section < len(headers) else None

    @property
    def total(self) -> int:
        """How many wait in all: the hub's count, or the rows shown when it says more."""
        return max(self._total, len(self._items))

    def hidden(self) -> int:
        """How many wait beyond the rows shown."""
        return self.total - len(self._items)

    # --- updates --------------------------------------------------------------------------

    def set_total(self, total: int, by_channel: dict[str, int]) -> None:
        """The hub's count of everyone waiting (its list holds only the first of them)."""
        by_channel = {str(k): int(v) for k, v in by_channel.items()}
        if (total, by_channel) != (self._total, self.by_channel):
            self._total, self.by_channel = max(0, int(total)), by_channel
            self.total_changed.emit()

    def conversation_at(self, row: int) -> str | None:
        """The conversation id on a row, or None."""
        return self._items[row].conversation if 0 <= row < len(self._items) else None

    def first_for(self, user: str | None) -> str | None:
        """The first contact ``user`` may take: not held for another counsellor."""
        for item in self._items:
            if item.held_for in (None, user):
                return item.conversation
        return None

    def channel_of(self, conversation: str) -> str | None:
        """The channel of a waiting contact, or None."""
        for item in self._items:
            if item.conversation == conversation:
                return item.channel
        return None

    def set_items(self, wire_items: list[dict[str, Any]]) -> None:
        """Replace the queue with the hub's latest list, keeping row identity."""
        new = {item.conversation: item for item in map(QueueItem.from_wire, wire_items)}
        for row in reversed(range(len(self._items))):
            if self._items[row].conversation not in new:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._items[row]
                self.endRemoveRows()
        for row, item in enumerate(self._items):
            self._items[row] = new.pop(item.conversation)
        if self._items:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._items) - 1, self.columnCount() - 1)
            )
        if new:
            first = len(self._items)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._items.extend(new.values())
            self.endInsertRows()
        self._sort_by_position()

    def remove(self, conversation: str) -> None:
        """Drop a contact that has been taken, before the hub's next queue arrives."""
        for row, item in enumerate(self._items):
            if item.conversation == conversation:
                self._total = max(0, self._total - 1)
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._items[row]
                self.endRemoveRows()
                return

    def _sort_by_position(self) -> None:
        ordered = sorted(self._items, key=lambda item: item.position)
        if ordered == self._items:
            return
        self.layoutAboutToBeChanged.emit()
        old_rows = {item.conversation: row for row, item in enumerate(self._items)}
        self._items = ordered
        for new_row, item in enumerate(ordered):
            old_row = old_rows[item.conversation]
            for column in range(self.columnCount()):
                self.changePersistentIndex(self.index(old_row, column), self.index(new_row, column))
        self.layoutChanged.emit()

    def tick(self) -> None:
        """Tell views that waited times have moved on."""
        if self._items:
            last = len(self._items) - 1
            self.dataChanged.emit(
                self.index(0, self.WAITED),
                self.index(last, self.WAITED),
                [Qt.ItemDataRole.DisplayRole],
            )
