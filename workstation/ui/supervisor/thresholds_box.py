"""Where the window's queue colours change: three thresholds in minutes (this desk only)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QSpinBox, QWidget

from workstation.ui.supervisor.thresholds import Thresholds


class ThresholdsBox(QGroupBox):
    """Yellow, orange and red from these waits; red also raises an alert.

    Signals:
        changed(object): new valid :class:`Thresholds`.
    """

    changed = Signal(object)

    def __init__(self, thresholds: Thresholds, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Queue colours and waiting alert (this window only)"), parent)
        self.spins: list[QSpinBox] = []
        form = QFormLayout(self)
        labels = (
            self.tr("Yellow after"),
            self.tr("Orange after"),
            self.tr("Red and an alert after"),
        )
        values = (thresholds.notice_s, thresholds.warn_s, thresholds.alert_s)
        for label, value in zip(labels, values, strict=True):
            spin = QSpinBox(self)
            spin.setRange(1, 24 * 60 * 60)
            spin.setSuffix(self.tr(" s"))
            spin.setValue(int(value))
            spin.valueChanged.connect(self.on_spin_value_changed)
            form.addRow(label, spin)
            self.spins.append(spin)
        self.problem = QLabel(self)
        form.addRow(self.problem)

    def on_spin_value_changed(self, _value: int) -> None:
        try:
            thresholds = Thresholds(*(float(s.value()) for s in self.spins))
        except ValueError:
            self.problem.setText(self.tr("Each threshold must be at least the one before."))
            return
        self.problem.clear()
        self.changed.emit(thresholds)
