"""The supervisor's window: the shift now, the day's figures, and the time limits."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client import HubError, NotConnected, RequestTimeout, StaffClient
from workstation.protocol.times import utc_now
from workstation.sessions.stats import DayFigures, day_figures
from workstation.ui.care.marked import MarkedPanel
from workstation.ui.fit import resize_within_screen
from workstation.ui.labels import channel_label, format_duration
from workstation.ui.supervisor.blocks_panel import BlocksPanel
from workstation.ui.supervisor.break_box import BreakPolicyBox
from workstation.ui.supervisor.charts import ChartsPanel
from workstation.ui.supervisor.controller import SupervisorController
from workstation.ui.supervisor.conversations_model import CONVERSATION_ROLE
from workstation.ui.supervisor.export import ExportDialog, write_csv
from workstation.ui.supervisor.observe import ObserveWindow
from workstation.ui.supervisor.overview import OverviewTab
from workstation.ui.supervisor.policy_panel import TimeLimitsPanel
from workstation.ui.supervisor.staff_model import USER_ROLE
from workstation.ui.supervisor.take_over import AlertTakeOver
from workstation.ui.supervisor.thresholds import Thresholds
from workstation.ui.supervisor.thresholds_box import ThresholdsBox

log = logging.getLogger(__name__)

NOTICE_MS = 10_000
FIGURES_EVERY_MS = 5 * 60 * 1000

Index = QModelIndex | QPersistentModelIndex


class SupervisorWindow(QMainWindow):
    """Four tabs: Now (queue, alerts, staff, conversations), Figures, Time limits, Blocks.

    Call :meth:`start` once shown (``open_supervisor`` does both).

    Attributes:
        controller: the models and the hub requests.
        overview, charts, limits, thresholds_box, break_box, marked, blocks: the tabs' contents.
        take_over: the alert list's "Take the call over" (a call held after a lost desk).
        observers: open observation windows by conversation id.
        figures: the figures shown in the charts.
    """

    def __init__(
        self,
        client: StaffClient,
        parent: QWidget | None = None,
        thresholds: Thresholds | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Supervision — 116 111"))
        self.controller = SupervisorController(client, self, clock, thresholds)
        self.observers: dict[str, ObserveWindow] = {}
        self.figures: DayFigures | None = None
        self.overview = OverviewTab(self.controller, self)
        self.take_over = AlertTakeOver(client, self.controller.alerts,
                                       self.overview.alerts_view,
                                       self.overview.take_over_button)
        self.charts = ChartsPanel(self)
        self.limits = TimeLimitsPanel(self.controller.set_policy, self)
        self.limits.set_names(self.controller.names)
        self.thresholds_box = ThresholdsBox(self.controller.thresholds, self)
        self.marked = MarkedPanel(client, self)
        self.blocks = BlocksPanel(client, self, clock)
        self.blocks.model.names = self.controller.names
        self.break_box = BreakPolicyBox(client, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.overview, self.tr("Now"))
        self.tabs.addTab(self._figures_tab(), self.tr("Figures today"))
        self.tabs.addTab(self._limits_tab(), self.tr("Time limits"))
        self.tabs.addTab(self._blocks_tab(), self.tr("Blocks"))
        self.setCentralWidget(self.tabs)
        self._connect()
        self.on_controller_load_changed({})
        resize_within_screen(self, 1400, 860)

    def _figures_tab(self) -> QWidget:
        page = QWidget(self)
        self.refresh_button = QPushButton(self.tr("Refresh figures"), page)
        self.export_button = QPushButton(self.tr("Export as CSV…"), page)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.charts, 1)
        return page

    def _limits_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(self.limits)
        self.thresholds_box.setMaximumWidth(560)
        layout.addWidget(self.thresholds_box)
        self.break_box.setMaximumWidth(760)
        layout.addWidget(self.break_box)
        layout.addStretch(1)
        return page

    def _blocks_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QHBoxLayout(page)
        layout.addWidget(self.marked, 1)
        layout.addWidget(self.blocks, 2)
        return page

    def _connect(self) -> None:
        c, o = self.controller, self.overview
        c.load_changed.connect(self.on_controller_load_changed)
        c.policies_changed.connect(self.on_controller_policies_changed)
        c.stats_changed.connect(self.on_controller_stats_changed)
        c.ticked.connect(self.update_summary)
        c.names_changed.connect(lambda: self.limits.set_names(c.names))
        c.names_changed.connect(lambda: setattr(self.blocks.model, "names", c.names))
        o.acknowledge_button.clicked.connect(self.on_acknowledge_clicked)
        o.alerts_view.doubleClicked.connect(lambda index: c.alerts.acknowledge(index.row()))
        o.observe_button.clicked.connect(self.on_observe_clicked)
        o.conversations_view.doubleClicked.connect(self.on_observe_clicked)
        o.everyone_button.clicked.connect(lambda: self.show_conversations_of(None))
        o.staff_view.selectionModel().selectionChanged.connect(self.on_staff_selection_changed)
        self.refresh_button.clicked.connect(self.on_refresh_clicked)
        self.export_button.clicked.connect(self.on_export_clicked)
        self.limits.saved.connect(
            lambda channel: self.notify(
                self.tr("Time limits for %1 saved.").replace("%1", channel_label(channel))
            )
        )
        self.marked.notice.connect(self.notify)
        self.take_over.notice.connect(self.notify)
        self.blocks.notice.connect(self.notify)
        self.break_box.notice.connect(self.notify)
        self.thresholds_box.changed.connect(c.set_thresholds)
        self.thresholds_box.changed.connect(self.overview.show_legend)
        self._figures_timer = self.startTimer(FIGURES_EVERY_MS)

    # --- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Subscribe to the load and policies, then fetch today's figures."""
        await self.controller.start()
        await self.refresh_figures()
        try:
            await self.blocks.refresh()
            await self.break_box.refresh()
        except (HubError, NotConnected, RequestTimeout):
            self.notify(self.tr("The blocks could not be fetched. Try again."))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        for window in list(self.observers.values()):
            window.close()
        if self.controller.running:
            task = asyncio.ensure_future(self.controller.stop())
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
        super().closeEvent(event)

    def timerEvent(self, event: Any) -> None:  # noqa: N802
        # Only while shown: a closed window's timer keeps running until the window is gone,
        # and nobody reads its figures then.
        if event.timerId() == self._figures_timer and self.isVisible():
            self.on_refresh_clicked()

    def notify(self, sentence: str) -> None:
        self.statusBar().showMessage(sentence, NOTICE_MS)

    # --- the load --------------------------------------------------------------------------------

    def on_controller_load_changed(self, load: dict[str, Any]) -> None:
        staff = self.controller.staff
        for column, key in ((staff.CONSULTS, "consultations"), (staff.CAPACITY, "capacity")):
            shown = any(key in staff.person(row) for row in range(staff.rowCount()))
            self.overview.staff_view.setColumnHidden(column, not shown)
        self.update_summary()
        self._show_filter()

    def update_summary(self) -> None:
        """The line at the top: waiting, longest wait, open conversations, shift leads."""
        load = self.controller.load
        # The load lists the first 50 of a long queue; ``queue_length`` counts them all.
        waiting = max(int(load.get("queue_length") or 0), self.controller.queue.rowCount())
        parts = [
            self.tr("Waiting: %1").replace("%1", str(waiting)),
            self.tr("Longest wait: %1").replace(
                "%1", format_duration(self.controller.longest_wait_s()) if waiting else "–"
            ),
            self.tr("Open conversations: %1").replace(
                "%1", str(int(load.get("open_conversations", 0)))
            ),
            self.tr("Shift leads online: %1").replace(
                "%1", str(int(load.get("shift_leads_online", 0)))
            ),
        ]
        self.overview.summary.setText("   ·   ".join(parts))
        open_now = int(load.get("open_conversations", 0))
        self.overview.show_quiet(not waiting and not open_now, self.controller.staff.rowCount())

    def on_staff_selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        indexes = selected.indexes()
        user = indexes[0].data(USER_ROLE) if indexes else None
        self.show_conversations_of(user)

    def show_conversations_of(self, user: str | None) -> None:
        """List only ``user``'s conversations (None: everyone's)."""
        if user is None:
            self.overview.staff_view.clearSelection()
        self.controller.conversations.set_user_filter(user)
        self._show_filter()

    def _show_filter(self) -> None:
        model = self.controller.conversations
        user = model.user_filter
        if user is None:
            text = self.tr("Everyone's conversations")
        else:
            row = self.controller.staff.row_of(user)
            name = self.controller.staff.person(row).get("display_name") if row >= 0 else user
            text = self.tr("Conversations held by %1").replace("%1", str(name))
        self.overview.showing_label.setText(text)

    def on_acknowledge_clicked(self) -> None:
        rows = sorted({i.row() for i in self.overview.alerts_view.selectedIndexes()}, reverse=True)
        for row in rows or [0]:
            self.controller.alerts.acknowledge(row)

    # --- observation -----------------------------------------------------------------------------

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_observe_clicked(self, *_: Any) -> None:
        indexes = self.overview.conversations_view.selectionModel().selectedRows()
        if not indexes:
            self.notify(self.tr("Choose a conversation to observe first."))
            return
        conversation = str(indexes[0].data(CONVERSATION_ROLE))
        try:
            await self.observe(conversation)
        except (HubError, NotConnected, RequestTimeout) as error:
            code = getattr(error, "code", "")
            if code == "not_found":
                self.notify(self.tr("That conversation has ended."))
            else:
                self.notify(self.tr("Could not start observing. Try again."))

    async def observe(self, conversation: str) -> ObserveWindow:
        """Open (or raise) the read-only window on ``conversation``."""
        window = self.observers.get(conversation)
        if window is not None:
            window.raise_()
            window.activateWindow()
            return window
        model = await self.controller.observe(conversation)
        window = ObserveWindow(model, self._title_of(conversation), self)
        window.closed.connect(self.on_observer_closed)
        self.observers[conversation] = window
        window.show()
        return window

    def _title_of(self, conversation: str) -> str:
        model = self.controller.conversations
        for row in range(model.rowCount()):
            detail = model.conversation(row)
            if detail["conversation"] == conversation:
                return (
                    self.tr("%1 with %2")
                    .replace("%1", channel_label(detail.get("channel")))
                    .replace("%2", model.counsellor(detail))
                )
        return conversation

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_observer_closed(self, conversation: str) -> None:
        self.observers.pop(conversation, None)
        await self.controller.unobserve(conversation)

    # --- figures ---------------------------------------------------------------------------

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_refresh_clicked(self) -> None:
        await self.refresh_figures()

    async def refresh_figures(self) -> DayFigures | None:
        try:
            await self.controller.refresh_stats()
        except (HubError, NotConnected, RequestTimeout):
            self.notify(self.tr("The figures could not be fetched. Try again."))
            return None
        return self.figures

    def on_controller_stats_changed(self) -> None:
        self.figures = day_figures(self.controller.stats_rows, self.controller.today())
        self.charts.show_figures(self.figures)

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_export_clicked(self) -> None:
        await self.export_csv()

    async def export_csv(self) -> Path | None:
        """Ask where, fetch fresh figures, write the CSV; the path, or None if cancelled."""
        path = ExportDialog.ask(self, self.controller.today())
        if path is None:
            return None
        if await self.refresh_figures() is None or self.figures is None:
            return None
        try:
            await write_csv(path, self.figures)
        except OSError:
            self.notify(self.tr("The file could not be written. Choose another folder."))
            return None
        self.notify(self.tr("Shift figures saved to %1.").replace("%1", path.name))
        return path

    # --- policies --------------------------------------------------------------------------------

    def on_controller_policies_changed(self) -> None:
        self.limits.set_policies(self.controller.policies)


async def open_supervisor(client: StaffClient, parent: QWidget | None = None) -> SupervisorWindow:
    """Show the supervisor window for a connected client and subscribe to the load."""
    window = SupervisorWindow(client, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    window.show()
    await window.start()
    return window
