"""Ringing calls (the hub's ``calls`` push) as a Qt list model, oldest first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workstation.protocol.times import parse_time, utc_now
from workstation.ui.conversation_model import format_clock

Index = QModelIndex | QPersistentModelIndex

CONVERSATION_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class RingingCall:
    conversation: str
    call: str
    number: str | None
    offered_at: datetime

    @classmethod
    def from_wire(cls, item: dict[str, Any]) -> RingingCall:
        return cls(
            conversation=str(item["conversation"]),
            call=str(item.get("call", "")),
            number=item.get("number"),
            offered_at=parse_time(item["offered_at"]),
        )


class RingingCallsModel(QAbstractListModel):
    """Calls ringing now: masked number and how long each has rung.

    Attributes:
        clock: returns the current UTC time; tests replace it.
    """

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self._calls: list[RingingCall] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._calls)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._calls):
            return None
        call = self._calls[index.row()]
        if role == CONVERSATION_ROLE:
            return call.conversation
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            rung = format_clock((self.clock() - call.offered_at).total_seconds())
            number = call.number or self.tr("hidden number")
            return self.tr("☎ %1 – ringing %2").replace("%1", number).replace("%2", rung)
        return None

    def conversation_at(self, row: int) -> str | None:
        return self._calls[row].conversation if 0 <= row < len(self._calls) else None

    def number_of(self, conversation: str) -> str | None:
        for call in self._calls:
            if call.conversation == conversation:
                return call.number
        return None

    def set_items(self, items: list[dict[str, Any]]) -> None:
        """Replace the list with the hub's latest (a reset: it is short)."""
        calls = sorted(map(RingingCall.from_wire, items), key=lambda call: call.offered_at)
        if calls == self._calls:
            return
        self.beginResetModel()
        self._calls = calls
        self.endResetModel()

    def remove(self, conversation: str) -> None:
        for row, call in enumerate(self._calls):
            if call.conversation == conversation:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._calls[row]
                self.endRemoveRows()
                return

    def tick(self) -> None:
        if self._calls:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._calls) - 1, 0))
