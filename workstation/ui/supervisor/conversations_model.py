"""Open conversations from the load's ``conversations_detail``, to choose one to observe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workstation.protocol.times import utc_now
from workstation.ui.labels import channel_label, flag_label, format_duration

Index = QModelIndex | QPersistentModelIndex

CONVERSATION_ROLE = Qt.ItemDataRole.UserRole + 1


class ConversationsModel(QAbstractTableModel):
    """Assigned conversations, longest first; optionally only one counsellor's.

    Attributes:
        user_filter: the user name whose conversations are shown (None: everyone's).
        clock: the current UTC time; tests replace it.
    """

    COUNSELLOR, CHANNEL, DURATION, FLAGS = range(4)

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.user_filter: str | None = None
        self._all: list[dict[str, Any]] = []
        self._rows: list[dict[str, Any]] = []
        self._names: dict[str, str] = {}
        self._received = clock()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Counsellor"), self.tr("Channel"), self.tr("Duration"), self.tr("Flags"))[
            section
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == CONVERSATION_ROLE:
            return row["conversation"]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == self.COUNSELLOR:
            return self.counsellor(row)
        if column == self.CHANNEL:
            return channel_label(row.get("channel"))
        if column == self.DURATION:
            return format_duration(self.elapsed(row))
        return ", ".join(flag_label(f) for f in row.get("flags") or ())

    def counsellor(self, row: dict[str, Any]) -> str:
        user = str(row.get("user", ""))
        return self._names.get(user, user)

    def elapsed(self, row: dict[str, Any]) -> float:
        since = (self.clock() - self._received).total_seconds()
        return float(row.get("assigned_s") or 0.0) + max(0.0, since)

    def conversation(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def set_load(self, detail: list[dict[str, Any]], staff: list[dict[str, Any]]) -> None:
        """Take ``conversations_detail`` and the staff names from a ``load`` push."""
        self._received = self.clock()
        self._names = {str(p.get("user")): str(p.get("display_name")) for p in staff}
        self._all = sorted(
            (d for d in detail if isinstance(d, dict) and "conversation" in d),
            key=lambda d: -float(d.get("assigned_s") or 0.0),
        )
        self._refilter()

    def set_user_filter(self, user: str | None) -> None:
        self.user_filter = user
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self._rows = [
            d for d in self._all if self.user_filter is None or d.get("user") == self.user_filter
        ]
        self.endResetModel()

    def tick(self) -> None:
        if self._rows:
            self.dataChanged.emit(
                self.index(0, self.DURATION), self.index(len(self._rows) - 1, self.DURATION)
            )
