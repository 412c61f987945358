"""Choosing the colleague a call goes to. Tests monkeypatch ``ask``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.ui.futures import future_for

USER_ROLE = Qt.ItemDataRole.UserRole + 1


class TransferDialog(QDialog):
    """A list of colleagues online (from the roster), available ones first.

    Attributes:
        colleagues: the list widget; each item holds the user name in ``USER_ROLE``.
    """

    def __init__(self, parent: QWidget | None, colleagues: list[dict[str, Any]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transfer the call"))
        label = QLabel(self.tr("Transfer the call to:"), self)
        self.colleagues = QListWidget(self)
        self.colleagues.setAccessibleName(self.tr("Colleagues online"))
        ordered = sorted(
            colleagues, key=lambda c: (c.get("status") != "available", str(c.get("display_name")))
        )
        for colleague in ordered:
            status = (
                self.tr("available") if colleague.get("status") == "available" else self.tr("away")
            )
            text = self.tr(
                "%1 (%2, %n conversation(s))", "", int(colleague.get("conversations") or 0)
            )
            text = text.replace("%1", str(colleague.get("display_name") or colleague.get("user")))
            item = QListWidgetItem(text.replace("%2", status))
            item.setData(USER_ROLE, colleague.get("user"))
            self.colleagues.addItem(item)
        if self.colleagues.count():
            self.colleagues.setCurrentRow(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Transfer"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.colleagues.count() > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.colleagues.itemDoubleClicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        if not self.colleagues.count():
            layout.addWidget(QLabel(self.tr("No colleague is online to take the call."), self))
        layout.addWidget(self.colleagues)
        layout.addWidget(buttons)

    def chosen(self) -> str | None:
        item = self.colleagues.currentItem()
        return None if item is None else str(item.data(USER_ROLE))

    @classmethod
    async def ask(cls, parent: QWidget | None, colleagues: list[dict[str, Any]]) -> str | None:
        """The chosen colleague's user name, or None when cancelled."""
        dialog = cls(parent, colleagues)
        answered = future_for(dialog.finished)
        dialog.open()
        try:
            result = await answered
            return dialog.chosen() if result == QDialog.DialogCode.Accepted.value else None
        finally:
            dialog.deleteLater()
