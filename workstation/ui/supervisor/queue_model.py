"""The live queue for the supervisor: position, channel and a wait that ticks every second."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from workstation.protocol.times import parse_time, utc_now
from workstation.ui.answer_by import AnswerBy
from workstation.ui.labels import channel_label, format_duration
from workstation.ui.supervisor.thresholds import LEVEL_COLOURS, Thresholds

Index = QModelIndex | QPersistentModelIndex

CONVERSATION_ROLE = Qt.ItemDataRole.UserRole + 1
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 2
WAITING_ROLE = Qt.ItemDataRole.UserRole + 3


@dataclass
class Waiting:
    """One waiting contact from a ``load`` push.

    ``waited_s`` is the hub's figure at ``received``; the wait counts on from there on this
    desk's clock, so a desk whose clock is off still shows the right wait.
    """

    conversation: str
    channel: str
    position: int
    waited_s: float
    received: datetime

    @classmethod
    def from_load(cls, item: dict[str, Any], received: datetime) -> Waiting:
        waited = item.get("waiting_s")
        if not isinstance(waited, int | float):
            waited = (received - parse_time(item["waiting_since"])).total_seconds()
        return cls(
            str(item["conversation"]),
            str(item.get("channel", "")),
            int(item.get("position", 0)),
            float(waited),
            received,
        )

    def waiting_s(self, now: datetime) -> float:
        return max(0.0, self.waited_s + (now - self.received).total_seconds())

    def level(self, thresholds: Thresholds, now: datetime) -> int:
        """How late, 0–3: by the thresholds, or for a letter 3 once its answer is overdue."""
        since = self.received - timedelta(seconds=self.waited_s)
        overdue = AnswerBy.overdue(self.channel, since, now)
        if overdue is not None:
            return 3 if overdue else 0
        return thresholds.level(self.waiting_s(now))

    def wait_text(self, now: datetime) -> str:
        since = self.received - timedelta(seconds=self.waited_s)
        due = AnswerBy.text(self.channel, since, now)
        return due if due is not None else format_duration(self.waiting_s(now))


class LiveQueueModel(QAbstractTableModel):
    """Waiting contacts in queue order, coloured by how long they have waited.

    Attributes:
        clock: the current UTC time; tests replace it.
        thresholds: when a row turns yellow, orange, red.
    """

    POSITION, CHANNEL, WAITED = range(3)

    def __init__(
        self,
        parent: QObject | None = None,
        clock: Callable[[], datetime] = utc_now,
        thresholds: Thresholds | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.thresholds = thresholds or Thresholds()
        self._items: list[Waiting] = []

    @property
    def items(self) -> list[Waiting]:
        return list(self._items)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Place"), self.tr("Channel"), self.tr("Waiting"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        now = self.clock()
        waited = item.waiting_s(now)
        level = item.level(self.thresholds, now)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.POSITION:
                return str(item.position)
            if column == self.CHANNEL:
                return channel_label(item.channel)
            return item.wait_text(now)
        if role == Qt.ItemDataRole.BackgroundRole:
            return LEVEL_COLOURS[level]
        if role == Qt.ItemDataRole.FontRole and level >= 3:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.CHANNEL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CONVERSATION_ROLE:
            return item.conversation
        if role == LEVEL_ROLE:
            return level
        if role == WAITING_ROLE:
            return waited
        return None

    def set_queue(self, queue: list[dict[str, Any]]) -> None:
        """Replace the queue with a ``load`` push's ``queue``."""
        received = self.clock()
        self.beginResetModel()
        self._items = [Waiting.from_load(item, received) for item in queue]
        self.endResetModel()

    def set_thresholds(self, thresholds: Thresholds) -> None:
        self.thresholds = thresholds
        self.tick()

    def tick(self) -> None:
        """Repaint the waits and colours (called every second)."""
        if self._items:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._items) - 1, self.WAITED)
            )
