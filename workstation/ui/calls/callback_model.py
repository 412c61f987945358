"""Call-back tasks (the hub's ``callbacks`` push) as a Qt list model, oldest first.

A call-back is not a contact waiting live: it lists the masked number, the window the young
person chose and how long ago they asked, and who has taken it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from workstation.protocol.times import parse_time
from workstation.ui.calls.pushed_list import PushedListModel
from workstation.ui.labels import format_duration


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


class CallbackTasksModel(PushedListModel[CallbackTask]):
    """Open call-back tasks: masked number, window, age, attempts and who took it.

    Attributes:
        clock: returns the current UTC time; tests replace it.
    """

    def key(self, row: CallbackTask) -> str:
        return row.callback

    def text(self, row: CallbackTask) -> str:
        age = format_duration((self.clock() - row.requested_at).total_seconds())
        # Two short lines, so the narrow queue column shows it whole.
        first = self.tr("↩ %1 – %2").replace("%1", row.number)
        text = first.replace("%2", window_label(row.window))
        text += "\n" + self.tr("asked %1 ago").replace("%1", age)
        if row.attempts:
            text += self.tr(" – tried %n time(s)", "", row.attempts)
        if row.taken_by:
            text += self.tr(" – taken by %1").replace("%1", row.taken_by)
        return text

    def task(self, callback: str) -> CallbackTask | None:
        return next((t for t in self.rows if t.callback == callback), None)

    def callback_at(self, row: int) -> str | None:
        return self.key_at(row)

    def open_count(self) -> int:
        """Tasks nobody has taken."""
        return sum(1 for task in self.rows if task.taken_user is None)

    def set_items(self, items: list[dict[str, Any]]) -> None:
        """Replace the list with the hub's latest."""
        self.replace(sorted(map(CallbackTask.from_wire, items), key=lambda t: t.requested_at))
