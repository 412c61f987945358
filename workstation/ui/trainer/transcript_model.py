"""The part of a replay's transcript shown at the player's position, as a list model.

Rows are a prefix of the replay's events: the player says how many are visible and the model
inserts or removes rows at the end. It answers the same roles as the desk's transcript model,
so the desk's plain-text delegate paints it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workstation.sessions.replay import ReplayEvent
from workstation.ui.labels import channel_label, close_reason_label, flag_label
from workstation.ui.trainer.labels import clock, marker_label, role_label
from workstation.ui.transcript_model import Role

Index = QModelIndex | QPersistentModelIndex

OFFSET_ROLE = Qt.ItemDataRole.UserRole + 40
TEXT_KINDS = frozenset({"message", "note", "consult_message"})


class ReplayTranscriptModel(QAbstractListModel):
    """Attributes: events: every event of the replay; shown: how many rows are visible."""

    def __init__(self, events: list[ReplayEvent], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.shown = 0

    def set_visible(self, count: int) -> None:
        count = max(0, min(count, len(self.events)))
        if count > self.shown:
            self.beginInsertRows(QModelIndex(), self.shown, count - 1)
            self.shown = count
            self.endInsertRows()
        elif count < self.shown:
            self.beginRemoveRows(QModelIndex(), count, self.shown - 1)
            self.shown = count
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.shown

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.shown:
            return None
        event = self.events[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return event.text if event.kind in TEXT_KINDS else self.describe(event)
        if role == Qt.ItemDataRole.ToolTipRole:
            return clock(event.offset_ms)
        if role == OFFSET_ROLE:
            return event.offset_ms
        if role == Role.KIND:
            return event.kind
        if role == Role.SENDER:
            return event.sender
        if role == Role.AUTHOR:
            if event.sender != "staff":
                return None
            return f"{role_label(event.role)} · {clock(event.offset_ms)}"
        if role == Role.PENDING:
            return False
        return None

    def describe(self, event: ReplayEvent) -> str:
        """A system line in words."""
        detail = event.detail or ""
        when = clock(event.offset_ms)
        if event.kind == "opened":
            text = self.tr("Conversation opened (%1)").replace("%1", channel_label(detail))
        elif event.kind == "assigned":
            text = self.tr("%1 took the conversation").replace("%1", role_label(event.role))
        elif event.kind == "flagged":
            text = self.tr("Flagged as %1").replace("%1", flag_label(detail))
        elif event.kind == "closed":
            reason = None if detail == "other" else detail
            text = self.tr("Conversation closed: %1").replace("%1", close_reason_label(reason))
        elif event.kind == "time_warning":
            text = marker_label("time_warning", detail)
        elif event.kind == "consultation":
            text = marker_label("consultation", detail)
        else:
            text = event.kind
        return f"{when}  {text}"
