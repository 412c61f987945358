"""The desk's main window: queue and conversations on the left, the open conversation right."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.store.drafts import DraftStore
from workstation.ui.connection_indicator import ConnectionIndicator
from workstation.ui.controller import DeskController
from workstation.ui.conversation_list import ConversationList
from workstation.ui.conversation_panel import ConversationPanel
from workstation.ui.queue_panel import QueuePanel
from workstation.ui.shortcuts import install_shortcuts

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
        side_panels: tabs on the right that features add (canned texts, referrals, consult).
        shortcuts: the desk's keyboard actions (see ``shortcuts.py``).
        closed_callbacks: called once when the window is closed.

    Features plug in through :meth:`add_side_panel`, :meth:`add_conversation_button`,
    :meth:`add_status_widget`, :meth:`insert_into_compose`, :meth:`current_conversation` and
    ``conversation_panel.conversation_changed`` (see ``desk_features.py``).
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
        left_layout.addWidget(self.queue_panel, 1)
        left_layout.addSpacing(8)
        left_layout.addWidget(self.conversation_list, 3)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        right_layout.addWidget(self.conversation_panel)
        self.side_panels = QTabWidget(self)
        self.side_panels.setObjectName("side_panels")
        self.side_panels.hide()
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.addWidget(self.side_panels)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([330, 670, 320])
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
        self.conversation_panel.conversation_changed.connect(self.on_panel_conversation_changed)
        self.shortcuts = install_shortcuts(self)
        self._tasks: set[asyncio.Future[None]] = set()
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self.on_color_scheme_changed)
        controller.conversation_added.connect(self.on_controller_conversation_added)
        controller.user_changed.connect(self.on_controller_user_changed)
        self.on_controller_user_changed(controller.display_name)

    # --- plug-in points for features ----------------------------------------------------

    def add_side_panel(self, widget: QWidget, title: str) -> None:
        self.side_panels.addTab(widget, title)
        self.side_panels.show()

    def add_conversation_button(self, button: QPushButton) -> None:
        self.conversation_panel.add_action_button(button)

    def add_status_widget(self, widget: QWidget) -> None:
        self.statusBar().insertPermanentWidget(0, widget)

    def current_conversation(self) -> str | None:
        return self.conversation_panel.conversation

    def insert_into_compose(self, text: str) -> None:
        self.conversation_panel.insert_text(text)

    def attach_draft_store(self, store: DraftStore) -> asyncio.Future[None]:
        """Save drafts to ``store`` from now on and bring back what it holds."""
        task = asyncio.ensure_future(self.conversation_panel.drafts.attach(store))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def save_drafts(self) -> None:
        """Write unsaved drafts now (before the desk closes)."""
        await self.conversation_panel.drafts.flush()

    def on_panel_conversation_changed(self, conversation: str) -> None:
        if conversation:
            self.conversation_list.select(conversation)

    def on_color_scheme_changed(self, _scheme: object) -> None:
        self.conversation_panel.call_bar.apply_theme()
        self.conversation_panel.on_conversations_changed()
        self.update()

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
