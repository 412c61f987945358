"""List models of the consultation panel: requests offered to me, and who is on shift."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from workstation.ui.labels import channel_label, format_duration

Index = QModelIndex | QPersistentModelIndex

CONSULT_ROLE = Qt.ItemDataRole.UserRole + 1
URGENT_ROLE = Qt.ItemDataRole.UserRole + 2
USER_ROLE = Qt.ItemDataRole.UserRole + 3

URGENT_BACKGROUND = QColor("#fde2e1")
URGENT_TEXT = QColor("#9b1c1c")
AWAY_TEXT = QColor("#6b7280")


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class OfferModel(QAbstractListModel):
    """Consultation requests offered to this user: urgent first, then the oldest.

    Rows are the hub's ``consult_pending`` items; each remembers when it arrived so the wait
    counts on between pushes (:meth:`tick`).

    Attributes:
        clock: monotonic seconds; tests replace it.
    """

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self._items: list[dict[str, Any]] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        urgent = bool(item.get("urgent"))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item)
        if role == CONSULT_ROLE:
            return item.get("consult")
        if role == URGENT_ROLE:
            return urgent
        if role == Qt.ItemDataRole.BackgroundRole and urgent:
            return URGENT_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and urgent:
            return URGENT_TEXT
        if role == Qt.ItemDataRole.FontRole and urgent:
            return _bold()
        return None

    def _display(self, item: dict[str, Any]) -> str:
        waited = float(item.get("waiting_s") or 0) + self.clock() - float(item["_received"])
        head = (
            self.tr("%1 asks about %2")
            .replace("%1", str(item.get("from") or item.get("from_user") or ""))
            .replace("%2", channel_label(item.get("channel")))
        )
        if item.get("urgent"):
            head = self.tr("URGENT") + " · " + head
        lines = [head]
        if item.get("summary"):
            lines.append(str(item["summary"]))
        lines.append(self.tr("waiting %1").replace("%1", format_duration(waited)))
        return "\n".join(lines)

    # --- updates --------------------------------------------------------------------------

    def item(self, consult: str) -> dict[str, Any] | None:
        return next((i for i in self._items if i.get("consult") == consult), None)

    def consult_at(self, row: int) -> str | None:
        return str(self._items[row]["consult"]) if 0 <= row < len(self._items) else None

    def set_items(self, items: list[dict[str, Any]]) -> None:
        """Replace the list (the ``consult_pending`` push or ``consult_list``)."""
        now = self.clock()
        self.beginResetModel()
        self._items = [{**item, "_received": now} for item in items if item.get("consult")]
        self._sort()
        self.endResetModel()

    def add(self, item: dict[str, Any]) -> bool:
        """Add or refresh one offer (``consult_request``); True when it is new."""
        fresh = {**item, "_received": self.clock()}
        fresh.pop("type", None)
        new = self.item(str(item.get("consult"))) is None
        self.beginResetModel()
        self._items = [i for i in self._items if i.get("consult") != item.get("consult")]
        self._items.append(fresh)
        self._sort()
        self.endResetModel()
        return new

    def remove(self, consult: str) -> bool:
        for row, item in enumerate(self._items):
            if item.get("consult") == consult:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._items[row]
                self.endRemoveRows()
                return True
        return False

    def _sort(self) -> None:
        self._items.sort(key=lambda i: (not i.get("urgent"), str(i.get("requested_at") or "")))

    def tick(self) -> None:
        """Waiting times moved on."""
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, 0))


class RosterModel(QAbstractListModel):
    """Who is on shift (the ``roster`` push): status, conversations held, ★ for shift leads.

    Attributes:
        me: the signed-in user's name, marked "(you)".
        shift_lead_online, shift_lead_available, alone: the push's flags.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.me = ""
        self.known = False
        self.shift_lead_online = True
        self.shift_lead_available = True
        self.alone = False
        self._staff: list[dict[str, Any]] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._staff)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._staff):
            return None
        person = self._staff[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(person)
        if role == USER_ROLE:
            return person.get("user")
        if role == Qt.ItemDataRole.ForegroundRole and person.get("status") == "away":
            return AWAY_TEXT
        if role == Qt.ItemDataRole.FontRole and person.get("shift_lead"):
            return _bold()
        return None

    def _display(self, person: dict[str, Any]) -> str:
        name = str(person.get("display_name") or person.get("user") or "")
        if person.get("user") == self.me:
            name = self.tr("%1 (you)").replace("%1", name)
        if person.get("shift_lead"):
            name = "★ " + name + " · " + self.tr("shift lead")
        status = self.tr("away") if person.get("status") == "away" else self.tr("available")
        held = self.tr("%n conversation(s)", "", int(person.get("conversations") or 0))
        return f"{name}\n{status} · {held}"

    def set_roster(self, frame: dict[str, Any]) -> None:
        """Take a ``roster`` push (or the ``roster`` answer)."""
        self.beginResetModel()
        self._staff = [dict(p) for p in frame.get("staff") or [] if isinstance(p, dict)]
        self.shift_lead_online = bool(frame.get("shift_lead_online"))
        self.shift_lead_available = bool(frame.get("shift_lead_available"))
        self.alone = bool(frame.get("alone"))
        self.known = True
        self.endResetModel()

    def people(self) -> list[dict[str, Any]]:
        return [dict(p) for p in self._staff]

    def colleagues(self) -> list[dict[str, Any]]:
        """People one may ask by name: counsellors and shift leads other than me."""
        return [
            dict(p)
            for p in self._staff
            if p.get("user") != self.me and {"counsellor", "shift_lead"} & set(p.get("roles") or [])
        ]

    def shift_leads(self) -> list[str]:
        return [str(p.get("display_name")) for p in self._staff if p.get("shift_lead")]

    def on_shift(self) -> int:
        return len(
            [p for p in self._staff if {"counsellor", "shift_lead"} & set(p.get("roles") or [])]
        )
