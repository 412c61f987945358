"""Staff online for the supervisor: status, load per channel, longest conversation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from workstation.protocol.times import parse_time, utc_now
from workstation.sessions.clock import format_clock
from workstation.ui.labels import channel_label, format_duration
from workstation.ui.supervisor.labels import status_label, tr


def care_tr(text: str) -> str:
    """The care columns' words (resources/i18n/care_nb.ts, context ``StaffCare``)."""
    return QCoreApplication.translate("StaffCare", text)

Index = QModelIndex | QPersistentModelIndex

USER_ROLE = Qt.ItemDataRole.UserRole + 1
CHANNEL_ORDER = ("chat", "sms", "phone", "email")
LEAD_MARK = "★"
AWAY_COLOUR = QColor("#6b7280")
FULL_COLOUR = QColor("#ffd199")


def by_channel_text(by_channel: dict[str, int]) -> str:
    """"Chat 2, SMS 1" in the usual channel order."""
    order = sorted(by_channel, key=lambda c: (CHANNEL_ORDER + (c,)).index(c))
    return ", ".join(f"{channel_label(c)} {by_channel[c]}" for c in order if by_channel[c])


def free_places(capacity: Any) -> dict[str, int] | None:
    """Free places per channel from the capacity feature; None when the load has none."""
    if not isinstance(capacity, dict) or not isinstance(capacity.get("free"), dict):
        return None
    return {str(k): v for k, v in capacity["free"].items() if isinstance(v, int)}


def capacity_text(capacity: Any) -> str:
    """"Chat 1, Phone 1" free, "Full", or "" when the load carries no capacity."""
    free = free_places(capacity)
    if free is None:
        return ""
    return by_channel_text(free) or tr("Full")


class StaffModel(QAbstractTableModel):
    """One row per person online, sorted by display name (as the hub sends them).

    Consultations and capacity columns show what features add to the load; empty when
    the hub sends none. The longest conversation counts on from the last push, every
    :meth:`tick`, as the conversations' durations do.

    Attributes:
        clock: the current UTC time; tests replace it.
    """

    NAME, STATUS, HELD, CHANNELS, LONGEST, RISK, SINCE_BREAK, HARD, CONSULTS, CAPACITY = range(10)

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self._staff: list[dict[str, Any]] = []
        self._received = clock()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._staff)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 10

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Name"),
            self.tr("Status"),
            self.tr("Conversations"),
            self.tr("By channel"),
            self.tr("Longest"),
            self.tr("Risk"),
            care_tr("Since break"),
            care_tr("Hard today"),
            self.tr("Consultations"),
            self.tr("Free places"),
        )[section]

    def person(self, row: int) -> dict[str, Any]:
        return self._staff[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._staff):
            return None
        person = self._staff[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(person, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.NAME:
            return self.tr("Shift lead") if self._is_lead(person) else None
        if role == Qt.ItemDataRole.ForegroundRole and person.get("status") == "away":
            return AWAY_COLOUR
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == self.CAPACITY:
            free = free_places(person.get("capacity"))
            return FULL_COLOUR if free is not None and not any(free.values()) else None
        if role == USER_ROLE:
            return person.get("user")
        return None

    @staticmethod
    def _is_lead(person: dict[str, Any]) -> bool:
        return "shift_lead" in person.get("roles", ())

    def _text(self, person: dict[str, Any], column: int) -> str:
        if column == self.NAME:
            name = str(person.get("display_name") or person.get("user"))
            return f"{LEAD_MARK} {name}" if self._is_lead(person) else name
        if column == self.STATUS:
            if person.get("paused_until"):  # docs/care.md
                return care_tr("Pause until %1").replace(
                    "%1", format_clock(parse_time(str(person["paused_until"]))))
            return status_label(person.get("status"), person.get("reconnecting") is True)
        if column == self.HELD:
            return str(person.get("conversations", 0))
        if column == self.CHANNELS:
            return by_channel_text(dict(person.get("by_channel") or {}))
        if column == self.LONGEST:
            return format_duration(self.longest_s(person)) if person.get("conversations") else ""
        if column == self.RISK:
            return str(person["risk"]) if person.get("risk") else ""
        if column == self.CONSULTS:
            consults = person.get("consultations")
            return str(consults) if isinstance(consults, int) and consults else ""
        if column == self.SINCE_BREAK:
            since = person.get("break_at")
            if not since or person.get("paused_until"):
                return ""
            worked = (self.clock() - parse_time(str(since))).total_seconds()
            return format_duration(max(0.0, worked))
        if column == self.HARD:
            hard = person.get("hard_today")
            return str(hard) if isinstance(hard, int) and hard else ""
        return capacity_text(person.get("capacity"))

    def longest_s(self, person: dict[str, Any]) -> float:
        """How long ``person``'s longest open conversation has lasted, counted on since the push."""
        since = max(0.0, (self.clock() - self._received).total_seconds())
        return float(person.get("longest_conversation_s") or 0) + since

    def tick(self) -> None:
        """Repaint the longest conversations (called every second)."""
        if self._staff:
            last = len(self._staff) - 1
            self.dataChanged.emit(self.index(0, self.LONGEST), self.index(last, self.LONGEST))
            self.dataChanged.emit(
                self.index(0, self.SINCE_BREAK), self.index(last, self.SINCE_BREAK)
            )

    def set_staff(self, staff: list[dict[str, Any]]) -> None:
        """Replace the rows with a ``load`` push's ``staff``."""
        self._received = self.clock()
        self.beginResetModel()
        self._staff = [dict(p) for p in staff if isinstance(p, dict)]
        self.endResetModel()

    def row_of(self, user: str) -> int:
        return next((i for i, p in enumerate(self._staff) if p.get("user") == user), -1)
