"""A checkable tree of the contact categories and their subcategories."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from workstation.sessions import categories

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class CategoryTree(QTreeWidget):
    """Each category and subcategory has a box of its own (a parent is not implied)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setAccessibleName(self.tr("Categories"))
        self.setUniformRowHeights(True)
        english = QLocale().language() == QLocale.Language.English
        for category in categories.categories():
            top = self._item(self, category.id, category.en if english else category.nb)
            for sub in category.subcategories:
                self._item(top, sub.id, sub.en if english else sub.nb)
        self.itemChanged.connect(self.on_item_changed)

    @staticmethod
    def _item(parent: QTreeWidget | QTreeWidgetItem, item_id: str, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setData(0, ID_ROLE, item_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Unchecked)
        return item

    def _items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        for row in range(self.topLevelItemCount()):
            top = self.topLevelItem(row)
            if top is None:
                continue
            found.append(top)
            children = (top.child(n) for n in range(top.childCount()))
            found += [child for child in children if child is not None]
        return found

    def checked_ids(self) -> tuple[str, ...]:
        """The ticked ids in display order."""
        return tuple(
            str(item.data(0, ID_ROLE))
            for item in self._items()
            if item.checkState(0) == Qt.CheckState.Checked
        )

    def set_checked(self, ids: Iterable[str]) -> None:
        wanted = set(ids)
        for item in self._items():
            checked = item.data(0, ID_ROLE) in wanted
            item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            parent = item.parent()
            if checked and parent is not None:
                parent.setExpanded(True)

    def on_item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        """Ticking a subcategory opens its parent so the choice stays visible."""
        if item.checkState(0) == Qt.CheckState.Checked and item.childCount():
            item.setExpanded(True)
