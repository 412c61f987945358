"""The desk softphone in the call bar: its state ("Telefon klar" / "Ikke tilkoblet") and a
mute toggle. The softphone itself is :class:`workstation.sip.softphone.DeskSoftphone`."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget
from qasync import asyncSlot


class Softphone(Protocol):
    """What the controls need of a :class:`DeskSoftphone`."""

    state: str
    muted: bool

    async def set_muted(self, muted: bool) -> None: ...


class SoftphoneControls(QWidget):
    """Attributes:
        state_label: the softphone's state.
        mute_button: checked while the microphone is off.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("softphone_controls")
        self.phone: Softphone | None = None
        self.state_label = QLabel(self)
        self.state_label.setObjectName("softphone_state")
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.mute_button = QPushButton(self)
        self.mute_button.setObjectName("mute_button")
        self.mute_button.setCheckable(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state_label)
        layout.addWidget(self.mute_button)
        self.mute_button.clicked.connect(self.on_mute_button_clicked)
        self.refresh()

    def attach(self, phone: Softphone | None) -> None:
        """Show ``phone`` (``None``: this desk has no softphone)."""
        self.phone = phone
        self.refresh()

    def refresh(self) -> None:
        phone = self.phone
        texts = {
            "ready": self.tr("Phone ready"),
            "in_call": self.tr("Phone in call"),
        }
        state = phone.state if phone is not None else "off"
        self.state_label.setText(texts.get(state, self.tr("Not connected")))
        muted = phone is not None and phone.muted
        self.mute_button.setChecked(muted)
        self.mute_button.setText(self.tr("Unmute") if muted else self.tr("Mute"))
        self.mute_button.setToolTip(
            self.tr("Turn the microphone back on") if muted
            else self.tr("Turn the microphone off: the caller hears nothing from you")
        )
        self.mute_button.setEnabled(phone is not None and state != "off")

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_mute_button_clicked(self) -> None:
        phone = self.phone
        if phone is not None:
            await phone.set_muted(not phone.muted)
        self.refresh()
