"""A short list the hub pushes whole (ringing calls, call-back tasks) as a Qt list model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workstation.protocol.times import utc_now

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class PushedListModel(QAbstractListModel, Generic[Row]):
    """Rows replaced whole by each push (a reset: the list is short), ticking every second.

    Subclasses give :meth:`text` (shown and read aloud) and :meth:`key` (the user role).

    Attributes:
        clock: returns the current UTC time; tests replace it.
        rows: the rows, in the order shown.
    """

    KEY_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.rows: list[Row] = []

    def text(self, row: Row) -> str:
        raise NotImplementedError

    def key(self, row: Row) -> str:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == self.KEY_ROLE:
            return self.key(row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(row)
        return None

    def key_at(self, index: int) -> str | None:
        return self.key(self.rows[index]) if 0 <= index < len(self.rows) else None

    def replace(self, rows: list[Row]) -> None:
        """Show ``rows`` instead (nothing happens when they are the same)."""
        if rows == self.rows:
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def remove(self, key: str) -> None:
        for index, row in enumerate(self.rows):
            if self.key(row) == key:
                self.beginRemoveRows(QModelIndex(), index, index)
                del self.rows[index]
                self.endRemoveRows()
                return

    def tick(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0))
