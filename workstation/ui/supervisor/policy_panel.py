"""The time-limit settings: per channel soft and hard limits, the queue condition, on/off.

A limit only ever warns the counsellor, privately; nothing here ends a conversation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client import HubError, NotConnected, RequestTimeout
from workstation.protocol.times import parse_time
from workstation.sessions.clock import format_clock, format_date
from workstation.sessions.stats import CHANNELS
from workstation.ui.labels import channel_label

#: Shown for a channel without a policy (disabled, so nothing is warned until saved on).
DEFAULT_SOFT_MIN, DEFAULT_HARD_MIN, DEFAULT_MIN_QUEUE = 45, 60, 1
MAX_MINUTES = 24 * 60

SavePolicy = Callable[[str, int, int, int, bool], Awaitable[Any]]


def _spin(low: int, high: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    return spin


class ChannelRow:
    """The widgets of one channel's row (plain holder, the panel owns the widgets)."""

    def __init__(self, panel: TimeLimitsPanel, channel: str) -> None:
        self.channel = channel
        self.enabled = QCheckBox(channel_label(channel), panel)
        self.soft = _spin(1, MAX_MINUTES, panel.tr(" min"))
        self.hard = _spin(1, MAX_MINUTES, panel.tr(" min"))
        self.min_queue = _spin(0, 1000, "")
        self.min_queue.setSpecialValueText(panel.tr("always"))
        self.save = QPushButton(panel.tr("Save"), panel)
        self.changed_by = QLabel(panel)
        self.changed_by.setTextFormat(Qt.TextFormat.PlainText)
        self.dirty = False

    def values(self) -> tuple[int, int, int, bool]:
        return (
            self.soft.value() * 60,
            self.hard.value() * 60,
            self.min_queue.value(),
            self.enabled.isChecked(),
        )


class TimeLimitsPanel(QWidget):
    """One row per channel; Save sends ``policy_set`` for that row.

    Attributes:
        rows: channel → :class:`ChannelRow`.
        error_label: a sentence when the last save was refused.
        names: user name → display name, for "Last changed" (the hub records user names).

    Signals:
        saved(str): a channel's policy was stored by the hub.
    """

    saved = Signal(str)

    def __init__(self, save: SavePolicy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.rows: dict[str, ChannelRow] = {}
        self.names: dict[str, str] = {}
        self._policies: dict[str, dict[str, Any]] = {}
        intro = QLabel(
            self.tr(
                "A time limit only ever warns the counsellor, privately. It never reaches the "
                "young person and never ends a conversation. Conversations flagged as risk get "
                "no warnings."
            ),
            self,
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        headers = (
            self.tr("Channel (on/off)"),
            self.tr("Soft limit"),
            self.tr("Hard limit"),
            self.tr("Only when at least N wait"),
            "",
            self.tr("Last changed"),
        )
        for column, text in enumerate(headers):
            header = QLabel(text, self)
            bold = header.font()
            bold.setBold(True)
            header.setFont(bold)
            grid.addWidget(header, 0, column)
        for line, channel in enumerate(CHANNELS, start=1):
            row = ChannelRow(self, channel)
            self.rows[channel] = row
            for column, widget in enumerate(
                (row.enabled, row.soft, row.hard, row.min_queue, row.save, row.changed_by)
            ):
                grid.addWidget(widget, line, column)
            for signal in (row.soft.valueChanged, row.hard.valueChanged,
                           row.min_queue.valueChanged, row.enabled.toggled):
                signal.connect(lambda *_, r=row: self._mark_dirty(r))
            row.save.clicked.connect(lambda *_, c=channel: self.on_save_clicked(c))
        grid.setColumnStretch(5, 1)
        self.error_label = QLabel(self)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.set_policies({})

    def _mark_dirty(self, row: ChannelRow) -> None:
        row.dirty = True

    def set_policies(self, policies: dict[str, dict[str, Any]]) -> None:
        """Show the hub's records; rows being edited keep their values."""
        self._policies = policies
        for channel, row in self.rows.items():
            record = policies.get(channel)
            if not row.dirty:
                self._fill(row, record)
            row.changed_by.setText(self.changed_text(record))

    def _fill(self, row: ChannelRow, record: dict[str, Any] | None) -> None:
        widgets = (row.enabled, row.soft, row.hard, row.min_queue)
        for widget in widgets:
            widget.blockSignals(True)
        if record is None:
            row.enabled.setChecked(False)
            row.soft.setValue(DEFAULT_SOFT_MIN)
            row.hard.setValue(DEFAULT_HARD_MIN)
            row.min_queue.setValue(DEFAULT_MIN_QUEUE)
        else:
            row.enabled.setChecked(bool(record.get("enabled", True)))
            row.soft.setValue(max(1, round(int(record["soft_s"]) / 60)))
            row.hard.setValue(max(1, round(int(record["hard_s"]) / 60)))
            row.min_queue.setValue(int(record.get("min_queue", 0)))
        for widget in widgets:
            widget.blockSignals(False)
        row.dirty = False

    def changed_text(self, record: dict[str, Any] | None) -> str:
        if record is None:
            return self.tr("No limit set")
        if record.get("updated_by") is None:
            return self.tr("Shipped default")
        when = record.get("updated_at")
        moment = parse_time(when) if isinstance(when, str) else None
        if moment is None:
            return self.tr("by %1").replace("%1", self.display_name(record.get("updated_by")))
        return (
            self.tr("by %1, %2 %3")
            .replace("%1", self.display_name(record.get("updated_by")))
            .replace("%2", format_date(moment))
            .replace("%3", format_clock(moment))
        )

    def display_name(self, user: Any) -> str:
        """The display name of the supervisor who changed a limit (the record has the user name)."""
        return self.names.get(str(user), str(user)) if user else "?"

    def set_names(self, names: dict[str, str]) -> None:
        """User name → display name; the "Last changed" column is written again."""
        self.names = dict(names)
        self.set_policies(self._policies)

    def validate(self, channel: str) -> str | None:
        """A sentence saying what is wrong with a row, or None."""
        soft, hard, _, _ = self.rows[channel].values()
        if soft > hard:
            return self.tr("%1: the soft limit must not be longer than the hard limit.").replace(
                "%1", channel_label(channel)
            )
        return None

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_save_clicked(self, channel: str) -> None:
        await self.save(channel)

    async def save(self, channel: str) -> bool:
        """Send one row to the hub; True when it was stored."""
        problem = self.validate(channel)
        if problem is not None:
            self.error_label.setText(problem)
            return False
        row = self.rows[channel]
        row.save.setEnabled(False)
        try:
            soft, hard, min_queue, enabled = row.values()
            await self._save(channel, soft, hard, min_queue, enabled)
        except HubError as error:
            self.error_label.setText(self.error_sentence(error.code))
            return False
        except (NotConnected, RequestTimeout):
            self.error_label.setText(
                self.tr("The hub could not be reached; the limits were not saved. Try again.")
            )
            return False
        finally:
            row.save.setEnabled(True)
        row.dirty = False
        self.error_label.clear()
        self.saved.emit(channel)
        return True

    def error_sentence(self, code: str) -> str:
        sentences = {
            "bad_frame": self.tr(
                "The hub did not accept these limits: limits are 1 minute to 24 hours, the "
                "soft limit no longer than the hard one, and at most 1000 waiting."
            ),
            "forbidden": self.tr("Only supervisors may change time limits."),
            "rate_limited": self.tr("Too many changes at once; wait a moment and try again."),
        }
        return sentences.get(
            code, self.tr("The hub could not save the limits (%1). Try again.").replace("%1", code)
        )
