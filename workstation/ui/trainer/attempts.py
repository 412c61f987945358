"""The practice answers at the open replay, each beside what the counsellor wrote."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.sessions.replay import Replay
from workstation.ui.trainer.attempts_model import OFFSET_ROLE, AttemptsModel, PracticeAnswer
from workstation.ui.trainer.practice import plain_label


class AttemptsPanel(QWidget):
    """A table of answers (moment, trainee, original, answer) with a choice of trainee.

    Attributes:
        model: the answers shown.
        everyone: True for a trainer (answers of every trainee, with a choice of one).
        trainee_box: everyone / one trainee (trainers only).
        table, empty_label: the answers, or a sentence when there are none.

    Signals:
        seek_requested(int): a row was activated; the player should show that moment (ms).
    """

    seek_requested = Signal(int)

    def __init__(self, everyone: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.everyone = everyone
        self.model = AttemptsModel(self)
        self.intro = plain_label(
            self.tr("Answers written in practice mode, each beside what the counsellor wrote.")
            if everyone else
            self.tr("Your answers from practice mode, each beside what the counsellor wrote. "
                    "Only you and the trainers can see them.")
        )
        self.trainee_box = QComboBox(self)
        self.trainee_box.currentIndexChanged.connect(self.on_trainee_box_changed)
        self.trainee_box.setVisible(everyone)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setColumnHidden(AttemptsModel.TRAINEE, not everyone)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(AttemptsModel.MOMENT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AttemptsModel.TRAINEE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AttemptsModel.ORIGINAL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AttemptsModel.ANSWER, QHeaderView.ResizeMode.Stretch)
        # Rows as tall as their wrapped texts (a few dozen answers per replay at most).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self.on_table_activated)
        self.table.clicked.connect(self.on_table_activated)
        self.empty_label = plain_label()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty_label)
        top = QHBoxLayout()
        top.addWidget(self.intro, 1)
        top.addWidget(self.trainee_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self.show_unavailable(self.tr("Open a replay to see the practice answers given at it."))

    def set_answers(self, replay: Replay, answers: list[PracticeAnswer]) -> None:
        chosen = self.trainee_box.currentData() if self.everyone else None
        self.model.set_answers(replay, answers)
        self.trainee_box.blockSignals(True)
        self.trainee_box.clear()
        self.trainee_box.addItem(self.tr("All trainees"), None)
        for name, display in self.model.trainees():
            self.trainee_box.addItem(display, name)
        found = self.trainee_box.findData(chosen)
        self.trainee_box.setCurrentIndex(max(found, 0))
        self.trainee_box.blockSignals(False)
        self.model.set_trainee(self.trainee_box.currentData() if self.everyone else None)
        self._show_table_or_empty()

    def show_unavailable(self, sentence: str) -> None:
        """No answers can be listed (no replay, classroom mode, hub unreachable): say why."""
        self.model.set_answers(None, [])
        self.empty_label.setText(sentence)
        self.pages.setCurrentWidget(self.empty_label)

    def _show_table_or_empty(self) -> None:
        if self.model.rowCount():
            self.pages.setCurrentWidget(self.table)
            return
        self.empty_label.setText(
            self.tr("No practice answers at this replay yet. Tick Practice mode and press Play: "
                    "the replay stops before each counsellor message, and what is written there "
                    "is kept here.")
        )
        self.pages.setCurrentWidget(self.empty_label)

    def on_trainee_box_changed(self, _: int) -> None:
        self.model.set_trainee(self.trainee_box.currentData())
        self._show_table_or_empty()

    def on_table_activated(self, index: QModelIndex) -> None:
        offset = index.data(OFFSET_ROLE)
        if offset is not None:
            self.seek_requested.emit(int(offset))
