"""The list of canned responses: group headings and responses, or ranked search results."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from workstation.sessions.canned import CannedResponse
from workstation.ui.canned.items import Catalogue, Row, rows

Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    ITEM_ID = Qt.ItemDataRole.UserRole + 1
    KEYWORD = Qt.ItemDataRole.UserRole + 2
    HEADING = Qt.ItemDataRole.UserRole + 3


class CannedModel(QAbstractListModel):
    """Rows of :func:`workstation.ui.canned.items.rows`; headings are not selectable.

    Attributes:
        catalogue: every response the hub has.
        query: what is typed in the search field.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = Catalogue()
        self.query = ""
        self._rows: list[Row] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._reset()

    def set_query(self, query: str) -> None:
        self.query = query
        self._reset()

    def _reset(self) -> None:
        self.beginResetModel()
        self._rows = rows(self.catalogue, self.query)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def item(self, row: int) -> CannedResponse | None:
        return self._rows[row].item if 0 <= row < len(self._rows) else None

    def first_item_row(self) -> int:
        """The first row that is a response, or -1."""
        return next((n for n, row in enumerate(self._rows) if row.item is not None), -1)

    def row_of(self, item_id: str) -> int:
        return next(
            (n for n, row in enumerate(self._rows) if row.item and row.item.id == item_id), -1
        )

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].item is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        item = row.item
        if role == Qt.ItemDataRole.DisplayRole:
            return row.label if item is None else f"{row.label}   /{item.keyword}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return None if item is None else item.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.label
        if role == Qt.ItemDataRole.FontRole and item is None:
            return self._bold
        if role == Role.ITEM_ID:
            return None if item is None else item.id
        if role == Role.KEYWORD:
            return None if item is None else item.keyword
        if role == Role.HEADING:
            return item is None
        return None
