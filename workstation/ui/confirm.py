"""A yes/no question before something that cannot be undone. Tests monkeypatch ``ask``."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from workstation.ui.futures import future_for


class ConfirmCloseDialog(QMessageBox):
    """Asks before a conversation with a young person is ended."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("End conversation"))
        self.setText(self.tr("End the conversation %1?").replace("%1", title))
        self.setInformativeText(
            self.tr("The young person is told that the conversation has ended.")
        )
        self.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        self.button(QMessageBox.StandardButton.Yes).setText(self.tr("End"))
        self.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.setDefaultButton(QMessageBox.StandardButton.Cancel)

    @classmethod
    async def ask(cls, parent: QWidget | None, title: str) -> bool:
        """Show the question without blocking the event loop; True means "end it"."""
        dialog = cls(parent, title)
        answered = future_for(dialog.finished)
        dialog.open()
        try:
            result = await answered
        finally:
            dialog.deleteLater()
        return bool(result == QMessageBox.StandardButton.Yes.value)
