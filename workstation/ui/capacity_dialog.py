"""Asking before taking a contact beyond the desk's capacity. Tests monkeypatch ``ask``."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from workstation.ui.futures import answer_of


class CapacityDialog(QMessageBox):
    """ "You already have 3 chats. Take this one anyway?" — Yes takes it over capacity."""

    def __init__(self, parent: QWidget | None, channel: str, used: int) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Capacity reached"))
        self.setText(self.question_text(channel, used))
        self.setInformativeText(
            self.tr("Taking more than you can follow makes every young person wait longer.")
        )
        self.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        self.button(QMessageBox.StandardButton.Yes).setText(self.tr("Take anyway"))
        self.button(QMessageBox.StandardButton.No).setText(self.tr("Leave in the queue"))
        self.setDefaultButton(QMessageBox.StandardButton.No)

    def question_text(self, channel: str, used: int) -> str:
        if channel == "phone":
            return self.tr("You already have %n call(s). Answer anyway?", "", used)
        if channel == "sms":
            return self.tr("You already have %n SMS conversation(s). Take it anyway?", "", used)
        return self.tr("You already have %n chat(s). Take it anyway?", "", used)

    @classmethod
    async def ask(cls, parent: QWidget | None, channel: str, used: int) -> bool:
        """Ask without blocking the event loop; True means "take it anyway"."""
        result = await answer_of(cls(parent, channel, used))
        return result == QMessageBox.StandardButton.Yes.value
