"""The queue of waiting contacts and the button that takes one."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client.errors import HubError
from workstation.ui.controller import DeskController
from workstation.ui.queue_model import QueueModel


class QueuePanel(QWidget):
    """Waiting contacts in a table, oldest first, with "Take" for the selected or first one.

    Attributes:
        controller: the desk controller.
        title: "Queue (N waiting)".
        table: the queue table.
        accept_button: takes the selected contact, or the first one when none is selected.

    Signals:
        accepted(str): this desk took the contact; the conversation id.
        notice(str): a sentence for the status bar (e.g. someone else was faster).
    """

    accepted = Signal(str)
    notice = Signal(str)

    def __init__(self, controller: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        model: QueueModel = controller.queue
        self.title = QLabel(self)
        self.title.setObjectName("queue_title")
        self.title.setStyleSheet("font-weight: bold")
        self.table = QTableView(self)
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(QueueModel.CHANNEL, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setShowGrid(False)
        self.accept_button = QPushButton(self.tr("Take"), self)
        self.accept_button.setObjectName("accept_button")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.accept_button)
        self._busy = False
        self.accept_button.clicked.connect(self.on_accept_button_clicked)
        self.table.doubleClicked.connect(self.on_accept_button_clicked)
        model.rowsInserted.connect(self.on_model_changed)
        model.rowsRemoved.connect(self.on_model_changed)
        model.modelReset.connect(self.on_model_changed)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(model.tick)
        self._timer.start()
        self.on_model_changed()

    def on_model_changed(self) -> None:
        waiting = self.controller.queue.rowCount()
        self.title.setText(self.tr("Queue (%n waiting)", "", waiting))
        self.accept_button.setEnabled(waiting > 0 and not self._busy)

    def chosen_conversation(self) -> str | None:
        """The selected contact, or the one first in line."""
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        return self.controller.queue.conversation_at(row)

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_accept_button_clicked(self) -> None:
        conversation = self.chosen_conversation()
        if conversation is None or self._busy:
            return
        self._busy = True
        self.accept_button.setEnabled(False)
        try:
            await self.controller.accept(conversation)
        except HubError as error:
            if error.code == "conflict":
                self.notice.emit(self.tr("Another counsellor took this contact first."))
            else:
                self.notice.emit(
                    self.tr("Could not take the contact: %1").replace("%1", error.message)
                )
        else:
            self.accepted.emit(conversation)
        finally:
            self._busy = False
            self.on_model_changed()
