"""Notification settings: sound on/off, volume, desktop notifications. Tests stub ``ask``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from workstation.ui.dialog_buttons import dialog_buttons
from workstation.ui.futures import future_for
from workstation.ui.notify.outputs import Player
from workstation.ui.notify.settings import NotifySettings


class NotifySettingsDialog(QDialog):
    """Attributes: sound, volume, desktop (the fields); test_button plays the chime."""

    def __init__(
        self, parent: QWidget | None, settings: NotifySettings, player: Player | None = None
    ) -> None:
        super().__init__(parent)
        self.player = player
        self.setWindowTitle(self.tr("Notifications"))
        note = QLabel(
            self.tr(
                "A new contact in the queue, and a new message in a conversation you are not "
                "looking at, can play a sound and show a notice. A notice never shows what "
                "anyone wrote."
            ),
            self,
        )
        note.setWordWrap(True)
        self.sound = QCheckBox(self.tr("Play a &sound"), self)
        self.sound.setChecked(settings.sound)
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setRange(0, 100)
        self.volume.setValue(settings.volume)
        self.volume.setAccessibleName(self.tr("Volume"))
        self.test_button = QPushButton(self.tr("&Try it"), self)
        self.desktop = QCheckBox(self.tr("Show &desktop notifications"), self)
        self.desktop.setChecked(settings.desktop)
        volume_label = QLabel(self.tr("&Volume"), self)
        volume_label.setBuddy(self.volume)
        form = QFormLayout()
        form.addRow(self.sound)
        form.addRow(volume_label, self.volume)
        form.addRow("", self.test_button)
        form.addRow(self.desktop)
        buttons = dialog_buttons(self, self.tr("Save"), self.tr("Cancel"), save=True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.sound.toggled.connect(self.volume.setEnabled)
        self.sound.toggled.connect(self.test_button.setEnabled)
        self.volume.setEnabled(settings.sound)
        self.test_button.setEnabled(settings.sound)
        self.test_button.clicked.connect(self.on_test_button_clicked)
        self.resize(420, 0)

    def chosen(self) -> NotifySettings:
        return NotifySettings(
            sound=self.sound.isChecked(),
            volume=self.volume.value(),
            desktop=self.desktop.isChecked(),
        )

    def on_test_button_clicked(self) -> None:
        if self.player is not None:
            self.player.play(self.volume.value())

    @classmethod
    async def ask(
        cls, parent: QWidget | None, settings: NotifySettings, player: Player | None = None
    ) -> NotifySettings | None:
        """The new settings, or None when cancelled."""
        dialog = cls(parent, settings, player)
        finished = future_for(dialog.finished)
        dialog.open()
        try:
            result = await finished
            chosen = dialog.chosen()
        finally:
            dialog.deleteLater()
        return chosen if result == QDialog.DialogCode.Accepted.value else None
