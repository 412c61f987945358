"""Asking before a replay is deleted on the hub. Tests monkeypatch ``ask``."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from workstation.ui.futures import answer_of


class DeleteReplayDialog(QMessageBox):
    """ "Delete this replay for everyone?" — Delete removes it; Keep (the default) does not."""

    def __init__(self, parent: QWidget | None, description: str) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Delete replay"))
        self.setText(self.tr("Delete this replay for everyone?"))
        self.setInformativeText(
            self.tr("%1\n\nThe replay, its trainer notes and every practice answer given at it "
                    "are deleted on the hub. This cannot be undone, and the deletion is recorded "
                    "with your name.").replace("%1", description)
        )
        self.setStandardButtons(
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
        )
        self.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete"))
        self.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Keep"))
        self.setDefaultButton(QMessageBox.StandardButton.Cancel)

    @classmethod
    async def ask(cls, parent: QWidget | None, description: str) -> bool:
        """Ask without blocking the event loop; True means "delete it"."""
        result = await answer_of(cls(parent, description))
        return result == QMessageBox.StandardButton.Yes.value
