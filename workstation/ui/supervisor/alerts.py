"""Alerts for the supervisor: what needs a look now, newest on top, until acknowledged.

Two sorts: *conditions* the window sees for itself (a contact waiting too long, no shift
lead online, someone alone on shift) disappear by themselves when the condition ends;
*pushed* alerts from the hub (``hard_limit``, ``consult_unanswered``) stay until someone
acknowledges them. An acknowledged alert is hidden and not raised again for the same key
while its condition lasts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from workstation.protocol.times import utc_now
from workstation.ui.labels import channel_label, format_duration
from workstation.ui.supervisor.labels import clock, tr

Index = QModelIndex | QPersistentModelIndex

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
SEVERE = frozenset({"hard_limit", "consult_unanswered", "no_shift_lead", "waiting",
                    "call_desk_lost"})
SEVERE_COLOUR = QColor("#fde2e2")
NOTICE_COLOUR = QColor("#fff1b8")


def rate_limited_text(limit: str, refused: int) -> str:
    """A hub limit tripped (``workstation.hub.limits``): what it means for the shift."""
    if limit.startswith("open"):
        text = tr("Very many new chats are being opened: the hub is turning some away "
                  "(%1 so far)")
    elif limit.startswith("send"):
        text = tr("Messages are coming in faster than the limit: the hub is refusing some "
                  "(%1 so far)")
    elif limit.startswith("login"):
        text = tr("Repeated wrong passwords: the hub is slowing sign-ins down "
                  "(%1 refused so far)")
    else:
        text = tr("Too many connections: the hub is turning some away (%1 so far)")
    return text.replace("%1", str(refused))


@dataclass
class Alert:
    """One alert: ``kind`` says what, ``details`` the wire fields that describe it."""

    key: str
    kind: str
    at: datetime
    details: dict[str, Any] = field(default_factory=dict)
    acknowledged: bool = False

    def text(self) -> str:
        d = self.details
        if self.kind == "waiting":
            return (
                tr("A young person has waited %1 in the queue (%2)")
                .replace("%1", format_duration(float(d.get("waiting_s", 0))))
                .replace("%2", channel_label(d.get("channel")))
            )
        if self.kind == "hard_limit":
            return (
                tr("%1 has held a conversation (%2) past the hard time limit: %3")
                .replace("%1", str(d.get("name") or d.get("user") or "?"))
                .replace("%2", channel_label(d.get("channel")))
                .replace("%3", format_duration(float(d.get("elapsed_s", 0))))
            )
        if self.kind == "consult_unanswered":
            text = tr("A request for consultation has waited %1 without an answer").replace(
                "%1", format_duration(float(d.get("waiting_s", 0)))
            )
            return text + (tr(" (urgent)") if d.get("urgent") else "")
        if self.kind == "purge_failed":
            return (
                tr("Conversation %1 could not be deleted as the retention policy says "
                   "(the hub tries again every hour): %2")
                .replace("%1", str(d.get("conversation") or "?"))
                .replace("%2", str(d.get("reason") or ""))
            )
        if self.kind == "abuse_marked":
            return (
                tr("%1 marked a contact (%2) as abusive; block it in the Blocks tab")
                .replace("%1", str(d.get("author") or d.get("user") or "?"))
                .replace("%2", channel_label(d.get("channel")))
            )
        if self.kind == "no_break":
            return (
                tr("%1 has worked %2 without a break")
                .replace("%1", str(d.get("author") or d.get("user") or "?"))
                .replace("%2", format_duration(float(d.get("worked_s", 0))))
            )
        if self.kind == "call_desk_lost" and d.get("reason") == "softphone_lost":
            return tr("%1's desk phone stopped during a call: the caller is on hold and hears "
                      "the waiting audio until the call is picked up again").replace(
                "%1", str(d.get("author") or d.get("user") or "?"))
        if self.kind == "call_desk_lost":
            return tr("%1's desk was lost during a call: the caller is on hold and hears the "
                      "waiting audio until the call is picked up again").replace(
                "%1", str(d.get("author") or d.get("user") or "?"))
        if self.kind == "pause_started":
            return tr("%1 is taking a pause").replace(
                "%1", str(d.get("author") or d.get("user") or "?"))
        if self.kind == "debrief_unanswered":
            text = tr("%1 asked for a debrief %2 ago and nobody has answered").replace(
                "%1", str(d.get("author") or d.get("user") or "?")).replace(
                "%2", format_duration(float(d.get("waiting_s", 0))))
            return text + (tr(" (urgent)") if d.get("urgent") else "")
        if self.kind == "rate_limited":
            return rate_limited_text(str(d.get("limit") or ""), int(d.get("refused") or 0))
        if self.kind == "no_shift_lead":
            return tr("No shift lead is online")
        if self.kind == "alone":
            name = d.get("name")
            if not name:
                return tr("No counsellor is online")
            return tr("%1 is alone on shift: nobody to talk a hard contact over with").replace(
                "%1", str(name)
            )
        return self.kind


class AlertModel(QAbstractListModel):
    """Visible (not acknowledged) alerts, newest first.

    Attributes:
        clock: the current UTC time; tests replace it.
    """

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self._alerts: list[Alert] = []  # newest first, acknowledged ones kept (hidden)

    @property
    def visible(self) -> list[Alert]:
        return [a for a in self._alerts if not a.acknowledged]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.visible)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        alerts = self.visible
        if not index.isValid() or not 0 <= index.row() < len(alerts):
            return None
        alert = alerts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{clock(alert.at)}  {alert.text()}"
        if role == Qt.ItemDataRole.BackgroundRole:
            return SEVERE_COLOUR if alert.kind in SEVERE else NOTICE_COLOUR
        if role == KEY_ROLE:
            return alert.key
        if role == KIND_ROLE:
            return alert.kind
        return None

    def find(self, key: str) -> Alert | None:
        return next((a for a in self._alerts if a.key == key), None)

    def raise_alert(self, key: str, kind: str, details: dict[str, Any] | None = None) -> None:
        """Show an alert, or update the details of the one already there with ``key``."""
        existing = self.find(key)
        if existing is not None:
            existing.details = dict(details or {})
            if not existing.acknowledged:
                row = self.visible.index(existing)
                self.dataChanged.emit(self.index(row), self.index(row))
            return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._alerts.insert(0, Alert(key, kind, self.clock(), dict(details or {})))
        self.endInsertRows()

    def resolve(self, key: str) -> None:
        """The condition behind ``key`` ended: forget the alert (shown or acknowledged)."""
        alert = self.find(key)
        if alert is None:
            return
        if alert.acknowledged:
            self._alerts.remove(alert)
            return
        row = self.visible.index(alert)
        self.beginRemoveRows(QModelIndex(), row, row)
        self._alerts.remove(alert)
        self.endRemoveRows()

    def resolve_all(self, prefix: str, keep: set[str]) -> None:
        """Resolve every alert whose key starts with ``prefix`` and is not in ``keep``."""
        for alert in [a for a in self._alerts if a.key.startswith(prefix)]:
            if alert.key not in keep:
                self.resolve(alert.key)

    def acknowledge(self, row: int) -> None:
        """Hide the alert on ``row`` of the visible list."""
        alerts = self.visible
        if not 0 <= row < len(alerts):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        alerts[row].acknowledged = True
        self.endRemoveRows()
