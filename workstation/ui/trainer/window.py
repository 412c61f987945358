"""The trainer's window: the list of replays beside the player and the practice answers;
import, export, annotate, delete."""

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
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QWidget,
)
from qasync import asyncSlot

from workstation.client import HubError, StaffClient
from workstation.sessions.replay import BadReplay, Replay
from workstation.sessions.replay_player import Attempt
from workstation.ui.fit import resize_within_screen
from workstation.ui.trainer.annotate import AnnotationDialog
from workstation.ui.trainer.attempts import AttemptsPanel
from workstation.ui.trainer.delete import DeleteReplayDialog
from workstation.ui.trainer.empty import EmptyList, empty_list_text
from workstation.ui.trainer.files import write_replay
from workstation.ui.trainer.list_model import ReplayListModel
from workstation.ui.trainer.paths import ask_open_path, ask_save_path
from workstation.ui.trainer.player import PlayerPanel
from workstation.ui.trainer.practice import plain_label
from workstation.ui.trainer.source import FileSource, HubSource, ReplaySource

log = logging.getLogger(__name__)


class TrainerWindow(QMainWindow):
    """Replays on the left, the player on the right.

    With a :class:`HubSource` the list comes from the hub; files can be imported beside it.
    With only a :class:`FileSource` (classroom mode) it works with no hub at all.

    Attributes:
        source: where listed replays come from (None in classroom mode).
        hub: the source when it is the hub (deleting and practice answers need it), else None.
        files: replays imported from files; their annotations are saved into the files.
        replay: the replay open in the player.
        list_model, player_panel: the two halves.
        list_pages, empty_label: the list, or a sentence on why it is empty.
        attempts_panel: practice answers at the open replay, beside the originals.

    Signals:
        replay_opened(str): a replay was loaded into the player.
        annotation_saved(object): an :class:`Annotation` was saved with the replay.
        replay_deleted(str): a replay was deleted on the hub.
        attempt_saved(object): a :class:`PracticeAnswer` was kept on the hub.
        notice(str): a sentence for the status bar.
    """

    replay_opened = Signal(str)
    annotation_saved = Signal(object)
    replay_deleted = Signal(str)
    attempt_saved = Signal(object)
    notice = Signal(str)

    def __init__(self, source: ReplaySource | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.hub = source if isinstance(source, HubSource) else None
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
        self.empty_label = plain_label()
        self.empty_label.setObjectName("trainerEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setContentsMargins(12, 12, 12, 12)
        self.list_pages = QStackedWidget(self)
        self.list_pages.addWidget(self.table)
        self.list_pages.addWidget(self.empty_label)
        self.player_panel = PlayerPanel(self)
        self.player_panel.annotation_requested.connect(self.on_player_annotation_requested)
        self.player_panel.attempt_made.connect(self.on_player_attempt_made)
        self.attempts_panel = AttemptsPanel(self.hub is not None and self.hub.sees_everyone, self)
        self.attempts_panel.seek_requested.connect(self.on_attempts_seek_requested)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.player_panel, self.tr("Replay"))
        self.tabs.addTab(self.attempts_panel, self.tr("Practice answers"))
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list_pages)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([420, 1000])
        self.setCentralWidget(splitter)
        self._toolbar()
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.status, 1)
        self.notice.connect(self.status.setText)
        resize_within_screen(self, 1400, 860)

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
        self.delete_action = QAction(self.tr("Delete…"), self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setToolTip(
            self.tr("Delete the open replay on the hub, with its notes and practice answers")
        )
        self.delete_action.triggered.connect(self.on_delete_triggered)
        self.delete_action.setEnabled(False)
        self.delete_action.setVisible(self.hub is not None and self.hub.may_delete)
        actions = (self.refresh_action, self.import_action, self.export_action, self.delete_action)
        for action in actions:
            bar.addAction(action)
        self.addToolBar(bar)

    # --- the list ------------------------------------------------------------------------------

    async def load_list(self) -> None:
        """Fetch the hub's replays (if any) and show them with the imported ones."""
        why = EmptyList.CLASSROOM if self.source is None else EmptyList.NONE_YET
        error_text = ""
        if self.source is not None:
            try:
                self._hub_rows = await self.source.list()
            except HubError as error:
                self._hub_rows = []
                offline = error.code in ("offline", "timeout")
                why = EmptyList.UNREACHABLE if offline else EmptyList.REFUSED
                error_text = error.message
                self.notice.emit(
                    self.tr("Could not load the replays: %1").replace("%1", error.message)
                )
        rows = self._hub_rows + await self.files.list()
        self.list_model.set_rows(rows)
        if rows:
            self.list_pages.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(empty_list_text(why, error_text))
            self.list_pages.setCurrentWidget(self.empty_label)
        if why in (EmptyList.CLASSROOM, EmptyList.NONE_YET) or rows:
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
        on_hub = self._on_hub(replay_id)
        self.delete_action.setEnabled(on_hub)
        # Notes on a file go into the file; on the hub only trainers write them.
        self.player_panel.note_button.setVisible(
            not on_hub or (self.hub is not None and self.hub.may_annotate)
        )
        await self.load_attempts()
        self.replay_opened.emit(replay_id)

    def _on_hub(self, replay_id: str) -> bool:
        return self.hub is not None and self._source_of(replay_id) is self.hub

    def _hub_replay(self) -> tuple[Replay, str, HubSource] | None:
        """The open replay, its id and the hub, when it is a replay on the hub."""
        replay, hub = self.replay, self.hub
        if replay is None or replay.replay is None or hub is None:
            return None
        return (replay, replay.replay, hub) if self._on_hub(replay.replay) else None

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

    # --- deleting ------------------------------------------------------------------------------

    async def delete_replay(self) -> bool:
        """Ask, then delete the open replay on the hub; True when it is gone."""
        found = self._hub_replay()
        if found is None:
            return False
        replay, replay_id, hub = found
        if not await DeleteReplayDialog.ask(self, self._describe(replay)):
            return False
        try:
            await hub.delete(replay_id)
        except HubError as error:
            if error.code != "not_found":  # deleted by someone else meanwhile: gone all the same
                self.notice.emit(
                    self.tr("The replay was not deleted: %1").replace("%1", error.message)
                )
                return False
        if self.replay is replay:
            self.replay = None
            self.player_panel.clear_replay()
            self.attempts_panel.show_unavailable(
                self.tr("Open a replay to see the practice answers given at it.")
            )
            self.export_action.setEnabled(False)
            self.delete_action.setEnabled(False)
        await self.load_list()
        self.notice.emit(self.tr("The replay was deleted."))
        self.replay_deleted.emit(replay_id)
        return True

    def _describe(self, replay: Replay) -> str:
        for row in range(self.list_model.rowCount()):
            if self.list_model.replay_id(row) == replay.replay:
                cells = [self.list_model.index(row, column).data() for column in (0, 1, 3)]
                return " · ".join(str(cell) for cell in cells if cell)
        return ""

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_delete_triggered(self) -> None:
        await self.delete_replay()

    # --- practice answers ------------------------------------------------------------------------

    async def load_attempts(self) -> None:
        """Show the practice answers kept on the hub for the open replay."""
        found = self._hub_replay()
        if found is None:
            self.attempts_panel.show_unavailable(
                self.tr("Practice answers are kept only for replays on the hub. In classroom "
                        "mode they are shown while you practise and not saved.")
            )
            return
        replay, replay_id, hub = found
        try:
            answers = await hub.attempts(replay_id)
        except HubError as error:
            self.attempts_panel.show_unavailable(
                self.tr("Could not load the practice answers: %1").replace("%1", error.message)
            )
            return
        if self.replay is replay:
            self.attempts_panel.set_answers(replay, answers)
            count = self.attempts_panel.model.rowCount()
            self.tabs.setTabText(1, self.tr("Practice answers (%1)").replace("%1", str(count)))

    async def save_attempt(self, attempt: Attempt) -> None:
        found = self._hub_replay()
        if found is None:
            return
        _, replay_id, hub = found
        try:
            saved = await hub.save_attempt(replay_id, attempt)
        except HubError as error:
            self.notice.emit(self.tr("Your answer was not saved: %1").replace("%1", error.message))
            return
        self.notice.emit(self.tr("Your answer is saved under Practice answers."))
        await self.load_attempts()
        self.attempt_saved.emit(saved)

    @asyncSlot(object)  # type: ignore[untyped-decorator]
    async def on_player_attempt_made(self, attempt: Attempt) -> None:
        await self.save_attempt(attempt)

    def on_attempts_seek_requested(self, offset_ms: int) -> None:
        self.tabs.setCurrentWidget(self.player_panel)
        self.player_panel.seek(offset_ms)

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
