"""Call-back tasks (the hub's ``callbacks`` push) as a Qt list model, oldest first.

A call-back is not a contact waiting live: it lists the masked number, the window the young
person chose and how long ago they asked, and who has taken it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from workstation.protocol.times import parse_time, utc_now
from workstation.ui.labels import format_duration

Index = QModelIndex | QPersistentModelIndex

CALLBACK_ROLE = Qt.ItemDataRole.UserRole + 1


def window_label(window: str) -> str:
    """When the young person wants to be rung: "as soon as possible", "16–20 o'clock"."""
    if window == "any":
        return QCoreApplication.translate("CallbackTasksModel", "as soon as possible")
    start, _, end = window.partition("-")
    return (
        QCoreApplication.translate("CallbackTasksModel", "%1–%2 o'clock")
        .replace("%1", start)
        .replace("%2", end)
    )


@dataclass(frozen=True)
class CallbackTask:
    """One task as the hub lists it (the number masked)."""

    callback: str
    number: str
    window: str
    may_say_who: bool
    requested_at: datetime
    attempts: int
    taken_by: str | None
    taken_user: str | None

    @classmethod
    def from_wire(cls, item: dict[str, Any]) -> CallbackTask:
        return cls(
            callback=str(item["callback"]),
            number=str(item.get("number") or ""),
            window=str(item.get("window") or "any"),
            may_say_who=bool(item.get("may_say_who")),
            requested_at=parse_time(item["requested_at"]),
            attempts=int(item.get("attempts") or 0),
            taken_by=item.get("taken_by"),
            taken_user=item.get("taken_user"),
        )


class CallbackTasksModel(QAbstractListModel):
    """Open call-back tasks: masked number, window, age, attempts and who took it.

    Attributes:
        clock: returns the current UTC time; tests replace it.
    """

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self._tasks: list[CallbackTask] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tasks)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._tasks):
            return None
        task = self._tasks[index.row()]
        if role == CALLBACK_ROLE:
            return task.callback
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.describe(task)
        return None

    def describe(self, task: CallbackTask) -> str:
        age = format_duration((self.clock() - task.requested_at).total_seconds())
        # Two short lines, so the narrow queue column shows it whole.
        first = self.tr("↩ %1 – %2").replace("%1", task.number)
        text = first.replace("%2", window_label(task.window))
        text += "\n" + self.tr("asked %1 ago").replace("%1", age)
        if task.attempts:
            text += self.tr(" – tried %n time(s)", "", task.attempts)
        if task.taken_by:
            text += self.tr(" – taken by %1").replace("%1", task.taken_by)
        return text

    def task(self, callback: str) -> CallbackTask | None:
        return next((t for t in self._tasks if t.callback == callback), None)

    def callback_at(self, row: int) -> str | None:
        return self._tasks[row].callback if 0 <= row < len(self._tasks) else None

    def open_count(self) -> int:
        """Tasks nobody has taken."""
        return sum(1 for task in self._tasks if task.taken_user is None)

    def set_items(self, items: list[dict[str, Any]]) -> None:
        """Replace the list with the hub's latest (a reset: it is short)."""
        tasks = sorted(map(CallbackTask.from_wire, items), key=lambda t: t.requested_at)
        if tasks == self._tasks:
            return
        self.beginResetModel()
        self._tasks = tasks
        self.endResetModel()

    def tick(self) -> None:
        if self._tasks:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._tasks) - 1, 0))
