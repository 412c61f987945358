"""The player: controls, timeline, the transcript as it unfolded, practice and annotations.

The logic is :class:`~workstation.sessions.replay_player.ReplayPlayer`; this widget drives
it with a timer and shows what it says.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workstation.sessions.replay import Annotation, Replay
from workstation.sessions.replay_player import SPEEDS, ReplayPlayer
from workstation.ui.trainer.labels import clock
from workstation.ui.trainer.practice import PracticePanel, plain_label
from workstation.ui.trainer.timeline import TimelineWidget
from workstation.ui.trainer.transcript_model import ReplayTranscriptModel
from workstation.ui.transcript_view import TranscriptView

TICK_MS = 40


class PlayerPanel(QWidget):
    """Plays one replay.

    Attributes:
        player: the logic (position, speed, practice stops); None before a replay is set.
        model: the visible part of the transcript.
        timeline: position, markers and annotations; click to seek.
        practice_panel: the trainee's reply and the comparison.

    Signals:
        annotation_requested(int): the trainer wants to add a note at this moment (ms).
        attempt_made(object): the trainee answered at a practice stop (an
            :class:`~workstation.sessions.replay_player.Attempt` with some text).
        changed(): the position or what is visible changed.
    """

    annotation_requested = Signal(int)
    attempt_made = Signal(object)
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player: ReplayPlayer | None = None
        self.model = ReplayTranscriptModel([], self)
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.on_timer_timeout)
        self._build()
        self.clear_replay()

    def _build(self) -> None:
        self.play_button = QPushButton(self.tr("Play"), self)
        self.play_button.clicked.connect(self.toggle_play)
        self.speed_group = QButtonGroup(self)
        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        for speed in SPEEDS:
            button = QPushButton(f"{speed}×", self)
            button.setCheckable(True)
            button.setChecked(speed == 1)
            button.setToolTip(self.tr("Play at %1 times real speed").replace("%1", str(speed)))
            self.speed_group.addButton(button, speed)
            controls.addWidget(button)
        self.speed_group.idClicked.connect(self.set_speed)
        self.practice_box = QCheckBox(self.tr("Practice mode"), self)
        self.practice_box.setToolTip(
            self.tr("Stop before each counsellor message so the trainee can answer first")
        )
        self.practice_box.toggled.connect(self.set_practice)
        self.note_button = QPushButton(self.tr("Add note…"), self)
        self.note_button.clicked.connect(self.on_note_clicked)
        self.position_label = QLabel("0:00 / 0:00", self)
        controls.addSpacing(12)
        controls.addWidget(self.practice_box)
        controls.addStretch(1)
        controls.addWidget(self.position_label)
        controls.addWidget(self.note_button)

        self.timeline = TimelineWidget(self)
        self.timeline.seek_requested.connect(self.seek)
        self.hover_label = plain_label(wrap=False)
        self.timeline.hovered.connect(self.hover_label.setText)
        self.view = TranscriptView(self)
        self.view.setModel(self.model)
        self.practice_panel = PracticePanel(self)
        self.practice_panel.hide()
        self.practice_panel.answered.connect(self.on_practice_answered)
        self.practice_panel.skipped.connect(self.on_practice_skipped)
        self.practice_panel.resumed.connect(self.on_practice_resumed)
        self.annotation_list = QListWidget(self)
        self.annotation_list.setWordWrap(True)
        self.annotation_list.setSpacing(3)
        self.annotation_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.annotation_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.annotation_list.itemActivated.connect(self.on_annotation_activated)
        self.annotation_list.itemClicked.connect(self.on_annotation_activated)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(plain_label(self.tr("Trainer notes")))
        side_layout.addWidget(self.annotation_list)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.view)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.timeline)
        layout.addWidget(self.hover_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.practice_panel)

    # --- the replay ----------------------------------------------------------------------------

    def set_replay(self, replay: Replay) -> None:
        self.pause()
        self.player = ReplayPlayer(replay)
        self.player.set_speed(self.speed_group.checkedId() if self.speed_group.checkedId() > 0
                              else 1)
        self.player.set_practice(self.practice_box.isChecked())
        self.model.set_visible(0)
        self.model.events = replay.events
        self.timeline.set_replay(self.player.duration_ms, replay.markers, replay.annotations)
        self._fill_annotations()
        self.practice_panel.hide()
        self.hover_label.clear()
        self.setEnabled(True)
        self.refresh()

    def clear_replay(self) -> None:
        """Show nothing (the replay was deleted)."""
        self.pause()
        self.player = None
        self.model.set_visible(0)
        self.model.events = []
        self.timeline.set_replay(0, [], [])
        self.annotation_list.clear()
        self.practice_panel.hide()
        self.position_label.setText("0:00 / 0:00")
        self.hover_label.setText(self.tr("Choose a replay in the list to play it."))
        self.setEnabled(False)

    def add_annotation(self, annotation: Annotation) -> None:
        """Show a saved annotation (the caller saved it with the replay)."""
        if self.player is None:
            return
        self.player.replay.annotations.append(annotation)
        self.player.replay.annotations.sort(key=lambda a: a.offset_ms)
        replay = self.player.replay
        self.timeline.set_replay(self.player.duration_ms, replay.markers, replay.annotations)
        self._fill_annotations()

    def _fill_annotations(self) -> None:
        self.annotation_list.clear()
        if self.player is None:
            return
        for annotation in self.player.replay.annotations:
            item = QListWidgetItem(f"{clock(annotation.offset_ms)}  {annotation.text}")
            item.setData(Qt.ItemDataRole.UserRole, annotation.offset_ms)
            self.annotation_list.addItem(item)

    # --- controls ------------------------------------------------------------------------------

    def toggle_play(self) -> None:
        if self.player is not None and self.player.playing:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        if self.player is None:
            return
        self.player.play()
        if self.player.playing:
            self._clock.start()
            self._timer.start()
        self.refresh()

    def pause(self) -> None:
        self._timer.stop()
        if self.player is not None:
            self.player.pause()
            self.refresh()

    def set_speed(self, speed: int) -> None:
        if self.player is not None:
            self.player.set_speed(speed)
        button = self.speed_group.button(speed)
        if button is not None and not button.isChecked():
            button.setChecked(True)

    def set_practice(self, on: bool) -> None:
        if self.practice_box.isChecked() != on:
            self.practice_box.setChecked(on)
            return
        if self.player is not None:
            self.player.set_practice(on)
        if not on:
            self.practice_panel.hide()
        self.refresh()

    def seek(self, ms: int) -> None:
        if self.player is None:
            return
        self.player.seek(ms)
        self.practice_panel.hide()
        self.refresh()

    def advance(self, real_ms: float) -> None:
        """Let real time pass (the timer calls this; tests may too)."""
        if self.player is not None and self.player.advance(real_ms):
            self.refresh()

    def on_timer_timeout(self) -> None:
        elapsed = self._clock.restart()
        self.advance(float(elapsed))
        if self.player is None or not self.player.playing:
            self._timer.stop()
            self.refresh()

    def on_note_clicked(self) -> None:
        if self.player is not None:
            self.annotation_requested.emit(self.player.position_ms)

    def on_annotation_activated(self, item: QListWidgetItem) -> None:
        self.seek(int(item.data(Qt.ItemDataRole.UserRole)))

    # --- practice mode ---------------------------------------------------------------------------

    def on_practice_answered(self, text: str) -> None:
        if self.player is None or self.player.stopped_at is None:
            return
        attempt = self.player.answer(text)
        self.practice_panel.compare(attempt)
        self.refresh()
        if attempt.mine.strip():
            self.attempt_made.emit(attempt)

    def on_practice_skipped(self) -> None:
        if self.player is not None:
            self.player.skip()
        self.practice_panel.hide()
        self.refresh()
        self.play()

    def on_practice_resumed(self) -> None:
        self.practice_panel.hide()
        self.play()

    # --- showing the state ----------------------------------------------------------------------

    def refresh(self) -> None:
        player = self.player
        if player is None:
            return
        self.model.set_visible(player.visible)
        self.timeline.set_position(player.position_ms)
        self.position_label.setText(f"{clock(player.position_ms)} / {clock(player.duration_ms)}")
        self.play_button.setText(self.tr("Pause") if player.playing else self.tr("Play"))
        self.play_button.setEnabled(player.stopped_at is None)
        if player.stopped_at is not None and not self.practice_panel.asking:
            self._timer.stop()
            self.practice_panel.ask()
        if self.model.rowCount():
            self.view.scrollToBottom()
        self.changed.emit()
