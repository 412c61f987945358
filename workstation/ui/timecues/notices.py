"""Status-bar parts of the time cues: my conversations past a limit; alerts for shift leads."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from workstation.ui.controller import DeskController
from workstation.ui.labels import channel_label, format_duration
from workstation.ui.timecues.state import HARD, TimeCues

SOFT_STYLE = "background: #fff4cc; color: #5c4400; padding: 2px 8px; border-radius: 3px"
HARD_STYLE = "background: #fde2e1; color: #7a1212; padding: 2px 8px; border-radius: 3px"
ALERT_STYLE = (
    "QPushButton { background: #c2410c; color: white; font-weight: bold; padding: 2px 8px;"
    " border: none; border-radius: 3px }"
)


class TimeCueStatus(QLabel):
    """ "Past the time limit: Chat 1, SMS 2" — also for conversations not on screen."""

    def __init__(self, cues: TimeCues, controller: DeskController, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("time_status")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.cues = cues
        self.controller = controller
        cues.changed.connect(self.refresh)
        self.refresh()

    def refresh(self, *_: Any) -> None:
        showing = self.cues.all_showing()
        if not showing:
            self.hide()
            return
        titles = ", ".join(self.controller.conversations.title(c.conversation) for c in showing)
        self.setText(self.tr("Past the time limit: %1").replace("%1", titles))
        hard = any(c.level == HARD for c in showing)
        self.setStyleSheet(HARD_STYLE if hard else SOFT_STYLE)
        self.show()


class HardLimitNotice(QPushButton):
    """For shift leads and supervisors: a colleague's conversation passed the hard limit.

    Click to acknowledge. Never a sound.

    Attributes:
        cues: the time-limit state.
        alerts: the unacknowledged ``hard_limit`` alerts, newest last.
    """

    def __init__(self, cues: TimeCues, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hard_limit_notice")
        self.setStyleSheet(ALERT_STYLE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.cues = cues
        self.alerts: list[dict[str, Any]] = []
        cues.hard_limit.connect(self.on_hard_limit)
        cues.changed.connect(self.on_cues_changed)
        self.clicked.connect(self.on_clicked)
        self.hide()

    def on_hard_limit(self, alert: dict[str, Any]) -> None:
        self.alerts = [a for a in self.alerts if a.get("conversation") != alert.get("conversation")]
        self.alerts.append(alert)
        self.refresh()

    def on_cues_changed(self, conversation: str) -> None:
        """A conversation I can see was continued, flagged or closed: drop its alert."""
        cue = self.cues.cues.get(conversation)
        if cue is None or cue.continued or cue.risk:
            before = len(self.alerts)
            self.alerts = [a for a in self.alerts if a.get("conversation") != conversation]
            if len(self.alerts) != before:
                self.refresh()

    def refresh(self) -> None:
        if not self.alerts:
            self.hide()
            return
        latest = self.alerts[-1]
        text = (
            self.tr("Long conversation: %1, %2, %3")
            .replace("%1", str(latest.get("user") or ""))
            .replace("%2", channel_label(latest.get("channel")))
            .replace("%3", format_duration(float(latest.get("elapsed_s") or 0)))
        )
        if len(self.alerts) > 1:
            text += " " + self.tr("(+%1 more)").replace("%1", str(len(self.alerts) - 1))
        self.setText(text)
        self.setToolTip(self.tr("A colleague may need support. Click to acknowledge."))
        self.show()

    def on_clicked(self) -> None:
        if self.alerts:
            self.alerts.pop()
        self.refresh()
