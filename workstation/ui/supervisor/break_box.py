"""The break reminder's limit, beside the time limits (docs/care.md)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget
from qasync import asyncSlot

from workstation.client import HubError, NotConnected, RequestTimeout, StaffClient


class BreakPolicyBox(QGroupBox):
    """"Remind the shift lead after N min without a break" and Save.

    Attributes:
        minutes: the spin box; save_button: sends ``break_policy_set``.

    Signals:
        notice(str): a sentence for the status bar.
    """

    notice = Signal(str)

    def __init__(self, client: StaffClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("break_policy_box")
        self.setTitle(self.tr("Breaks"))
        self.client = client
        self.minutes = QSpinBox(self)
        self.minutes.setRange(30, 8 * 60)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(120)
        self.minutes.setSuffix(self.tr(" min"))
        self.save_button = QPushButton(self.tr("Save"), self)
        layout = QHBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Remind the shift lead when someone has worked"), self))
        layout.addWidget(self.minutes)
        layout.addWidget(QLabel(self.tr("without a break"), self))
        layout.addStretch(1)
        layout.addWidget(self.save_button)
        self.save_button.clicked.connect(self.on_save_button_clicked)

    async def refresh(self) -> None:
        answer = await self.client.request({"type": "break_policy_get"})
        self.minutes.setValue(int(answer.get("minutes") or 120))

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_save_button_clicked(self) -> None:
        await self.save()

    async def save(self) -> bool:
        try:
            await self.client.request(
                {"type": "break_policy_set", "minutes": self.minutes.value()}
            )
        except (HubError, NotConnected, RequestTimeout):
            self.notice.emit(self.tr("The break reminder could not be saved. Try again."))
            return False
        self.notice.emit(self.tr("Break reminder saved."))
        return True
