"""The replays a trainer may open, as a table model (channel, duration, categories)."""

from __future__ import annotations

from typing import Any, Literal

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from workstation.sessions import categories
from workstation.ui.labels import channel_label, format_duration

Index = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def category_text(ids: list[str]) -> str:
    lang: Literal["nb", "en"] = "nb" if QLocale().name().startswith("nb") else "en"
    names = []
    for cid in ids:
        try:
            names.append(categories.label(cid, lang, with_parent=True))
        except (KeyError, LookupError, ValueError):
            names.append(cid)
    return ", ".join(names)


class ReplayListModel(QAbstractTableModel):
    """Rows from ``replay_list``: one per replay."""

    COLUMNS = 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def replay_id(self, row: int) -> str | None:
        return str(self._rows[row]["replay"]) if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = [self.tr("Channel"), self.tr("Duration"), self.tr("Markers"),
                  self.tr("Categories")]
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ID_ROLE:
            return row.get("replay")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return channel_label(row.get("channel"))
        if column == 1:
            return format_duration(float(row.get("duration_s", 0)))
        if column == 2:
            return str(row.get("marker_count", 0))
        if column == 3:
            return category_text(list(row.get("categories", []))) or self.tr("(none recorded)")
        return None
