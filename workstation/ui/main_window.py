"""The desk's main window: queue and conversations on the left, the open conversation right."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workstation.store.drafts import DraftStore
from workstation.ui.connection_indicator import ConnectionIndicator
from workstation.ui.controller import DeskController
from workstation.ui.conversation_list import ConversationList
from workstation.ui.conversation_panel import ConversationPanel
from workstation.ui.elided_label import ElidedLabel
from workstation.ui.fit import available_room
from workstation.ui.queue_panel import QueuePanel
from workstation.ui.shortcuts import install_shortcuts
from workstation.ui.side_panels import SidePanels

NOTICE_MS = 8000
#: Widths the columns start with (before anything is remembered); the overview grows when its
#: rows need more.
OVERVIEW_WIDTH = 300
SIDE_WIDTH = 360
#: The window opens at most this large, and never larger than the screen.
DEFAULT_SIZE = QSize(1440, 900)
GEOMETRY_KEY = "desk/geometry"
SPLITTER_KEY = "desk/columns"
FOLDED_KEY = "desk/side_panels_folded"
SIDE_WIDTH_KEY = "desk/side_panels_width"


def initial_size(available: QSize) -> QSize:
    """The size the desk opens at on a screen with ``available`` room (before any is saved)."""
    return DEFAULT_SIZE.boundedTo(available)


class MainWindow(QMainWindow):
    """The counsellor's desk.

    Attributes:
        controller: the desk controller the widgets read from.
        queue_panel: waiting contacts and "Take".
        conversation_list: the counsellor's conversations.
        conversation_panel: the chosen conversation.
        connection: the connection state, always in the status bar.
        user_label: who is signed in.
        side_panels: tabs on the right that features add (canned texts, referrals, consult);
            they fold to a strip and back (``side_panels.fold_button``).
        splitter: the three columns: overview, conversation, side panels.
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
        self.side_panels = SidePanels(self)
        self.side_panels.hide()
        self.splitter = self._lay_out()
        self.setCentralWidget(self.splitter)
        self.connection = ConnectionIndicator(controller, self)
        self.user_label = ElidedLabel(self)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.connection)
        self._settings: QSettings | None = None
        self._sized = False  # column widths are set when first shown, unless remembered
        self.resize(initial_size(available_room()))
        self.splitter.splitterMoved.connect(self.on_splitter_moved)
        self.side_panels.folded_changed.connect(self.on_side_panels_folded_changed)
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

    def _lay_out(self) -> QSplitter:
        """Overview (queue above "My conversations") | conversation | side panels.

        Only the conversation stretches with the window; the overview and the side panels keep
        the width they were given (or the counsellor dragged them to), and the overview is
        never narrower than its rows need.
        """
        left = QWidget(self)
        left.setObjectName("overview")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        left_layout.addWidget(self.queue_panel)  # as tall as the queue, up to a limit
        left_layout.addSpacing(8)
        left_layout.addWidget(self.conversation_list, 1)
        self._overview = left
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        right_layout.addWidget(self.conversation_panel)
        self._conversation_column = right
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("desk_splitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.addWidget(self.side_panels)
        splitter.setChildrenCollapsible(False)
        for column, stretch in enumerate((0, 1, 0)):
            splitter.setStretchFactor(column, stretch)
        splitter.setSizes([OVERVIEW_WIDTH, 1000, SIDE_WIDTH])
        return splitter

    # --- layout that is remembered -------------------------------------------------------

    def restore_layout(self, settings: QSettings) -> None:
        """Bring back the window's size, the column widths and folded side panels from
        ``settings``, and keep them there from now on."""
        self._settings = settings
        geometry = settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(geometry)
        state = settings.value(SPLITTER_KEY)
        if isinstance(state, QByteArray | bytes) and self.splitter.restoreState(state):
            self._sized = True
        width = settings.value(SIDE_WIDTH_KEY)
        if width is not None:
            self.side_panels.unfolded_width = int(str(width))
        self.side_panels.set_folded(str(settings.value(FOLDED_KEY, "false")) == "true")

    def save_layout(self) -> None:
        settings = self._settings
        if settings is None:
            return
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(SPLITTER_KEY, self.splitter.saveState())
        settings.setValue(FOLDED_KEY, "true" if self.side_panels.is_folded() else "false")
        settings.setValue(SIDE_WIDTH_KEY, self.side_panels.unfolded_width)

    def on_splitter_moved(self, _pos: int, _index: int) -> None:
        if not self.side_panels.is_folded():
            self.side_panels.unfolded_width = self.side_panels.width()
        self.save_layout()

    def on_side_panels_folded_changed(self, folded: bool) -> None:
        """Folding gives the width to the conversation; unfolding takes it back from there."""
        left, middle, side = self.splitter.sizes()
        if folded:
            strip = self.side_panels.strip_width()
            self.splitter.setSizes([left, middle + side - strip, strip])
        else:
            want = self.side_panels.unfolded_width
            room = max(0, middle - self._conversation_column.minimumSizeHint().width())
            grow = min(want - side, room) if want > side else 0
            self.splitter.setSizes([left, middle - grow, side + grow])
        self.save_layout()

    # --- plug-in points for features ----------------------------------------------------

    def add_side_panel(self, widget: QWidget, title: str) -> None:
        self.side_panels.addTab(widget, title)
        self.side_panels.show()

    def _first_sizes(self) -> None:
        """Column widths for a desk without remembered ones: the overview as wide as its rows
        need (at least ``OVERVIEW_WIDTH``), the side panels wide enough for every tab name as
        far as the conversation's minimum allows, the rest for the conversation."""
        total = sum(self.splitter.sizes())
        left = max(OVERVIEW_WIDTH, self._overview.minimumSizeHint().width())
        side_panels = self.side_panels
        if side_panels.isHidden():
            self.splitter.setSizes([left, total - left, 0])
            return
        if side_panels.is_folded():
            side = side_panels.strip_width()
        else:
            room = total - left - self._conversation_column.minimumSizeHint().width()
            want = max(SIDE_WIDTH, side_panels.tab_names_width())
            side = max(side_panels.minimumSizeHint().width(), min(want, room))
            side_panels.unfolded_width = side
        self.splitter.setSizes([left, total - left - side, side])

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            self._first_sizes()

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
        self.save_layout()
        callbacks, self.closed_callbacks = self.closed_callbacks, []
        for callback in callbacks:
            callback()
        super().closeEvent(event)
