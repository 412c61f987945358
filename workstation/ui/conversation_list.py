"""The list of the counsellor's conversations."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from workstation.ui.conversation_model import ConversationListModel


class ConversationList(QWidget):
    """ "My conversations": one row per conversation, saying who is waiting on the desk.

    Attributes:
        model: the conversation list model.
        view: the list view.

    Signals:
        chosen(str): the counsellor chose a conversation.
    """

    chosen = Signal(str)

    def __init__(self, model: ConversationListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        title = QLabel(self.tr("My conversations"), self)
        title.setStyleSheet("font-weight: bold")
        self.view = QListView(self)
        self.view.setObjectName("conversation_list")
        self.view.setModel(model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.view, 1)
        self.view.selectionModel().currentChanged.connect(self.on_view_current_changed)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(model.tick)
        self._timer.start()

    def select(self, conversation: str) -> None:
        """Make a conversation the current one."""
        row = self.model.row_of(conversation)
        if row >= 0:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def on_view_current_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        conversation = self.model.conversation_at(current.row())
        if conversation is not None:
            self.chosen.emit(conversation)
