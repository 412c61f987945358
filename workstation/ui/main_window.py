"""The desk's main window: queue and conversations on the left, the open conversation right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from workstation.ui.connection_indicator import ConnectionIndicator
from workstation.ui.controller import DeskController
from workstation.ui.conversation_list import ConversationList
from workstation.ui.conversation_panel import ConversationPanel
from workstation.ui.queue_panel import QueuePanel

NOTICE_MS = 8000


class MainWindow(QMainWindow):
    """The counsellor's desk.

    Attributes:
        controller: the desk controller the widgets read from.
        queue_panel: waiting contacts and "Take".
        conversation_list: the counsellor's conversations.
        conversation_panel: the chosen conversation.
        connection: the connection state, always in the status bar.
        user_label: who is signed in.
        closed_callbacks: called once when the window is closed.
    """

    def __init__(self, controller: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.closed_callbacks: list = []  # type: ignore[type-arg]
        self._wanted: str | None = None
        self.setWindowTitle(self.tr("116 111 – Counsellor desk"))
        self.queue_panel = QueuePanel(controller, self)
        self.conversation_list = ConversationList(controller.conversations, self)
        self.conversation_panel = ConversationPanel(controller, self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        left_layout.addWidget(self.queue_panel, 2)
        left_layout.addSpacing(8)
        left_layout.addWidget(self.conversation_list, 3)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        right_layout.addWidget(self.conversation_panel)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 700])
        self.setCentralWidget(splitter)
        self.connection = ConnectionIndicator(controller, self)
        self.user_label = QLabel(self)
        self.user_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.connection)
        self.resize(1000, 640)
        self.queue_panel.accepted.connect(self.on_queue_panel_accepted)
        self.queue_panel.notice.connect(self.on_panel_notice)
        self.conversation_panel.notice.connect(self.on_panel_notice)
        self.conversation_list.chosen.connect(self.conversation_panel.show_conversation)
        controller.conversation_added.connect(self.on_controller_conversation_added)
        controller.user_changed.connect(self.on_controller_user_changed)
        self.on_controller_user_changed(controller.display_name)

    def on_controller_user_changed(self, display_name: str) -> None:
        self.user_label.setText(
            self.tr("Signed in as %1").replace("%1", display_name) if display_name else ""
        )

    def on_controller_conversation_added(self, conversation: str) -> None:
        if self.conversation_panel.conversation is None or conversation == self._wanted:
            self.conversation_list.select(conversation)

    def on_queue_panel_accepted(self, conversation: str) -> None:
        self._wanted = conversation
        self.conversation_list.select(conversation)
        self.conversation_panel.compose.setFocus()

    def on_panel_notice(self, text: str) -> None:
        self.statusBar().showMessage(text, NOTICE_MS)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        callbacks, self.closed_callbacks = self.closed_callbacks, []
        for callback in callbacks:
            callback()
        super().closeEvent(event)
