"""The trainer's window: the list of replays beside the player; import, export, annotate."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTableView,
    QToolBar,
    QWidget,
)
from qasync import asyncSlot

from workstation.client import HubError, StaffClient
from workstation.sessions.replay import BadReplay, Replay
from workstation.ui.trainer.annotate import AnnotationDialog
from workstation.ui.trainer.files import write_replay
from workstation.ui.trainer.list_model import ReplayListModel
from workstation.ui.trainer.paths import ask_open_path, ask_save_path
from workstation.ui.trainer.player import PlayerPanel
from workstation.ui.trainer.source import FileSource, HubSource, ReplaySource

log = logging.getLogger(__name__)


class TrainerWindow(QMainWindow):
    """Replays on the left, the player on the right.

    With a :class:`HubSource` the list comes from the hub; files can be imported beside it.
    With only a :class:`FileSource` (classroom mode) it works with no hub at all.

    Attributes:
        source: where listed replays come from (None in classroom mode).
        files: replays imported from files; their annotations are saved into the files.
        replay: the replay open in the player.
        list_model, player_panel: the two halves.

    Signals:
        replay_opened(str): a replay was loaded into the player.
        annotation_saved(object): an :class:`Annotation` was saved with the replay.
        notice(str): a sentence for the status bar.
    """

    replay_opened = Signal(str)
    annotation_saved = Signal(object)
    notice = Signal(str)

    def __init__(self, source: ReplaySource | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.files = FileSource()
        self.replay: Replay | None = None
        self._hub_rows: list[dict[str, Any]] = []
        self.setWindowTitle(
            self.tr("Replays for training") if source is not None
            else self.tr("Replays for training (classroom mode)")
        )
        self.list_model = ReplayListModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.list_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.selectionModel().selectionChanged.connect(self.on_table_selection_changed)
        self.player_panel = PlayerPanel(self)
        self.player_panel.annotation_requested.connect(self.on_player_annotation_requested)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.player_panel)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([420, 1000])
        self.setCentralWidget(splitter)
        self._toolbar()
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.status, 1)
        self.notice.connect(self.status.setText)
        self.resize(1400, 860)

    def _toolbar(self) -> None:
        bar = QToolBar(self.tr("Replays"), self)
        bar.setMovable(False)
        self.refresh_action = QAction(self.tr("Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.on_refresh_triggered)
        self.refresh_action.setEnabled(self.source is not None)
        self.import_action = QAction(self.tr("Import…"), self)
        self.import_action.setShortcut(QKeySequence.StandardKey.Open)
        self.import_action.triggered.connect(self.on_import_triggered)
        self.export_action = QAction(self.tr("Export…"), self)
        self.export_action.setShortcut(QKeySequence.StandardKey.SaveAs)
        self.export_action.triggered.connect(self.on_export_triggered)
        self.export_action.setEnabled(False)
        for action in (self.refresh_action, self.import_action, self.export_action):
            bar.addAction(action)
        self.addToolBar(bar)

    # --- the list ------------------------------------------------------------------------------

    async def load_list(self) -> None:
        """Fetch the hub's replays (if any) and show them with the imported ones."""
        if self.source is not None:
            try:
                self._hub_rows = await self.source.list()
            except HubError as error:
                self.notice.emit(
                    self.tr("Could not load the replays: %1").replace("%1", error.message)
                )
        rows = self._hub_rows + await self.files.list()
        self.list_model.set_rows(rows)
        self.notice.emit(self.tr("%n replay(s)", "", len(rows)))

    def _source_of(self, replay_id: str) -> ReplaySource:
        if replay_id in self.files.replays or self.source is None:
            return self.files
        return self.source

    async def open_replay(self, replay_id: str) -> None:
        try:
            replay = await self._source_of(replay_id).get(replay_id)
        except (HubError, BadReplay) as error:
            self.notice.emit(self.tr("Could not open the replay: %1").replace("%1", str(error)))
            return
        self.replay = replay
        self.player_panel.set_replay(replay)
        self.export_action.setEnabled(True)
        self.replay_opened.emit(replay_id)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    @asyncSlot(QItemSelection, QItemSelection)  # type: ignore[untyped-decorator]
    async def on_table_selection_changed(self, *_: Any) -> None:
        rows = self.table.selectionModel().selectedRows()
        replay_id = self.list_model.replay_id(rows[0].row()) if rows else None
        if replay_id is not None and (self.replay is None or self.replay.replay != replay_id):
            await self.open_replay(replay_id)

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_refresh_triggered(self) -> None:
        await self.load_list()

    # --- annotations ----------------------------------------------------------------------------

    async def annotate(self, offset_ms: int, text: str) -> None:
        replay = self.replay
        if replay is None or replay.replay is None:
            return
        try:
            annotation = await self._source_of(replay.replay).annotate(replay, offset_ms, text)
        except (HubError, OSError) as error:
            self.notice.emit(self.tr("The note was not saved: %1").replace("%1", str(error)))
            return
        if self.replay is replay:
            self.player_panel.add_annotation(annotation)
        self.notice.emit(self.tr("Note saved with the replay."))
        self.annotation_saved.emit(annotation)

    @asyncSlot(int)  # type: ignore[untyped-decorator]
    async def on_player_annotation_requested(self, offset_ms: int) -> None:
        text = await AnnotationDialog.ask(self, offset_ms)
        if text:
            await self.annotate(offset_ms, text)

    # --- files ---------------------------------------------------------------------------------

    async def import_file(self, path: Path) -> str | None:
        try:
            replay_id = await self.files.open(path)
        except (BadReplay, OSError) as error:
            self.notice.emit(self.tr("This file is not a replay: %1").replace("%1", str(error)))
            return None
        await self.load_list()
        for row in range(self.list_model.rowCount()):
            if self.list_model.replay_id(row) == replay_id:
                self.select_row(row)
        await self.open_replay(replay_id)
        return replay_id

    async def export_file(self, path: Path) -> bool:
        if self.replay is None:
            return False
        try:
            await asyncio.to_thread(write_replay, path, self.replay)
        except OSError as error:
            self.notice.emit(self.tr("The replay was not saved: %1").replace("%1", str(error)))
            return False
        self.notice.emit(self.tr("Replay saved to %1").replace("%1", path.name))
        return True

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_import_triggered(self) -> None:
        path = await ask_open_path(self)
        if path is not None:
            await self.import_file(path)

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_export_triggered(self) -> None:
        path = await ask_save_path(self)
        if path is not None:
            await self.export_file(path)


async def open_trainer(client: StaffClient, parent: QWidget | None = None) -> TrainerWindow:
    """The trainer window on a signed-in client's hub, with the list loaded."""
    window = TrainerWindow(HubSource(client), parent)
    await window.load_list()
    return window
