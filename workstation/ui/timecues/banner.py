"""The quiet cue above the open conversation when a time limit has passed (never a sound)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from workstation.protocol.times import utc_now
from workstation.ui.timecues.state import HARD, Cue, TimeCues

TICK_MS = 15_000
STYLES = {
    "soft": "QFrame#time_banner { background: #fff4cc; border: 1px solid #e0c060;"
    " border-radius: 4px } QLabel { color: #5c4400 }",
    "hard": "QFrame#time_banner { background: #fde2e1; border: 2px solid #b42318;"
    " border-radius: 4px } QLabel { color: #7a1212; font-weight: bold }",
}


class TimeBanner(QFrame):
    """Shows the cue of the conversation on screen, or nothing.

    Attributes:
        cues: the time-limit state.
        conversation: the conversation on screen.
        clock: the current UTC time (the demo moves it on).
        text: "45 min — consider rounding off".
        suggest_button: puts suggested wrap-up wording into the reply box.
        continue_button: go on, with a reason (``time_continue``).

    Signals:
        suggest_requested(str): the wording to insert.
        continue_requested(str): the conversation to continue.
    """

    suggest_requested = Signal(str)
    continue_requested = Signal(str)

    def __init__(self, cues: TimeCues, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("time_banner")
        self.cues = cues
        self.conversation: str | None = None
        self.clock: Callable[[], datetime] = utc_now
        self.level: str | None = None
        self.text = QLabel(self)
        self.text.setObjectName("time_banner_text")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.suggest_button = QPushButton(self.tr("Suggest wording"), self)
        self.suggest_button.setObjectName("time_suggest")
        self.suggest_button.setToolTip(
            self.tr("Put a suggestion for rounding off into the reply box, to edit before sending")
        )
        self.continue_button = QPushButton(self.tr("Continue…"), self)
        self.continue_button.setObjectName("time_continue")
        self.continue_button.setToolTip(
            self.tr("The conversation needs more time: say why, and the cue goes away")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.suggest_button)
        layout.addWidget(self.continue_button)
        self.suggest_button.clicked.connect(self.on_suggest_clicked)
        self.continue_button.clicked.connect(self.on_continue_clicked)
        cues.changed.connect(self.on_cues_changed)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.hide()

    def show_conversation(self, conversation: str) -> None:
        self.conversation = conversation or None
        self.refresh()

    def on_cues_changed(self, conversation: str) -> None:
        if conversation == self.conversation:
            self.refresh()

    def refresh(self) -> None:
        cue = self.cues.showing(self.conversation)
        self.level = cue.level if cue is not None else None
        if cue is None:
            self.hide()
            return
        self.text.setText(self.cue_text(cue))
        self.setStyleSheet(STYLES[cue.level or "soft"])
        self.show()

    def cue_text(self, cue: Cue) -> str:
        minutes = str(cue.minutes(self.clock()))
        if cue.level == HARD:
            return self.tr("%1 min — others are waiting; round off when you can").replace(
                "%1", minutes
            )
        return self.tr("%1 min — consider rounding off").replace("%1", minutes)

    def wording(self) -> str:
        """Suggested words for the young person: kind, with a way back."""
        if self.level == HARD:
            return self.tr(
                "I need to end our conversation soon. Before we do: what will you take with you "
                "from today, and do you know where you can get help later? You can always get "
                "in touch with us again."
            )
        return self.tr(
            "We have talked for a while now. Is there anything more you would like to say "
            "before we start to round off?"
        )

    def on_suggest_clicked(self) -> None:
        self.suggest_requested.emit(self.wording())

    def on_continue_clicked(self) -> None:
        if self.conversation:
            self.continue_requested.emit(self.conversation)
