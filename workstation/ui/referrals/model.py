"""The services of the referral directory with an "open now" column."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from workstation.sessions.clock import format_clock
from workstation.sessions.referrals import OSLO, Service
from workstation.ui.referrals.status import Status, oslo_now, status

Index = QModelIndex | QPersistentModelIndex

OPEN_BACKGROUND = QColor("#1b7a3a")
OPEN_FOREGROUND = QColor("#ffffff")
CLOSED_FOREGROUND = QColor("#5c5c5c")


class Role(IntEnum):
    SERVICE_ID = Qt.ItemDataRole.UserRole + 1
    OPEN = Qt.ItemDataRole.UserRole + 2


class ReferralModel(QAbstractTableModel):
    """Columns: the service's name, and "Open now" or when it opens.

    Attributes:
        services: the services shown (after the panel's filters).
        at: the moment the statuses were worked out for.
    """

    NAME, STATUS = range(2)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services: list[Service] = []
        self.at = oslo_now()
        self._status: list[Status] = []

    def set_services(self, services: list[Service], at: datetime) -> None:
        self.beginResetModel()
        self.services = list(services)
        self.at = at = at.astimezone(OSLO)
        self._status = [status(service, at) for service in self.services]
        self.endResetModel()

    def refresh(self, at: datetime) -> None:
        """Work the statuses out again for ``at`` (every minute)."""
        self.at = at = at.astimezone(OSLO)
        self._status = [status(service, at) for service in self.services]
        if self.services:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.services) - 1, 1))

    def service(self, row: int) -> Service | None:
        return self.services[row] if 0 <= row < len(self.services) else None

    def status_of(self, row: int) -> Status | None:
        return self._status[row] if 0 <= row < len(self._status) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.services)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 2

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Service"), self.tr("Open"))[section] if 0 <= section < 2 else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.services):
            return None
        service = self.services[index.row()]
        state = self._status[index.row()]
        column = index.column()
        if role == Role.SERVICE_ID:
            return service.id
        if role == Role.OPEN:
            return state.kind == "open"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return service.name if column == self.NAME else self.status_text(state)
        if role == Qt.ItemDataRole.ToolTipRole:
            return service.audience
        if column != self.STATUS:
            return None
        if role == Qt.ItemDataRole.BackgroundRole and state.kind == "open":
            return QBrush(OPEN_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(OPEN_FOREGROUND if state.kind == "open" else CLOSED_FOREGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def status_text(self, state: Status) -> str:
        """ "Open now", "opens 14.00", "opens tomorrow 08.00", "opens Mon 3.8. 09.00"…"""
        if state.kind == "open":
            return self.tr("Open now")
        if state.kind == "later":
            return self.tr("answers later")
        if state.kind == "unknown" or state.at is None:
            return self.tr("hours unknown")
        clock = format_clock(state.at)
        today = self.at.date()
        if state.at.date() == today:
            return self.tr("opens %1").replace("%1", clock)
        if state.at.date() == today + timedelta(days=1):
            return self.tr("opens tomorrow %1").replace("%1", clock)
        day = QLocale().toString(QDate(state.at.year, state.at.month, state.at.day), "ddd d.M.")
        return self.tr("opens %1 %2").replace("%1", day).replace("%2", clock)
