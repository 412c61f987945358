"""The queue of waiting contacts and the button that takes one."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client.errors import HubError
from workstation.ui import theme
from workstation.ui.calls.callback_dialog import CallbackDialog
from workstation.ui.capacity_dialog import CapacityDialog
from workstation.ui.controller import CapacityReached, DeskController
from workstation.ui.labels import channel_label, format_duration
from workstation.ui.queue_model import QueueModel

#: The queue table shows at least this many rows, and grows with the queue up to the maximum;
#: beyond that it scrolls.
MIN_ROWS = 2
MAX_ROWS = 8
MAX_CALL_ROWS = 3
#: Widths are reserved for texts at least this wide, so the column never jumps as time passes.
WIDEST_WAIT_S = 2 * 3600 - 60
WIDEST_POSITION = "99"


class QueueTable(QTableView):
    """The waiting contacts, as tall as its rows (between ``MIN_ROWS`` and ``MAX_ROWS``) and
    never narrower than its columns need: no cell is elided and no horizontal scroll bar shows."""

    def needed_width(self) -> int:
        """The width at which every header and cell fits, with room for a vertical scroll bar."""
        model = self.model()
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        margin = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        floors = {
            QueueModel.POSITION: WIDEST_POSITION,
            QueueModel.CHANNEL: max(
                (channel_label(c) for c in ("chat", "sms", "phone", "email")),
                key=metrics.horizontalAdvance,
            ),
            QueueModel.WAITED: format_duration(WIDEST_WAIT_S),
        }
        width = 0
        for column in range(model.columnCount()):
            floor = metrics.horizontalAdvance(floors.get(column, "")) + margin
            width += max(
                header.sectionSizeHint(column), self.sizeHintForColumn(column), floor
            )
        scroll_bar = self.verticalScrollBar().sizeHint().width()
        return width + 2 * self.frameWidth() + scroll_bar

    def _height_for(self, rows: int) -> int:
        header = self.horizontalHeader().sizeHint().height()
        row = self.verticalHeader().defaultSectionSize()
        return header + rows * row + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:  # noqa: N802
        rows = min(max(self.model().rowCount(), MIN_ROWS), MAX_ROWS)
        return QSize(self.needed_width(), self._height_for(rows))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.needed_width(), self._height_for(MIN_ROWS))


class QueuePanel(QWidget):
    """Waiting contacts in a table, oldest first, with "Take" above it for the selected or first
    one; ringing calls with "Answer" below it. Beyond capacity the counsellor is asked first.

    Attributes:
        controller: the desk controller.
        calls_view: ringing calls with their masked numbers (hidden when none ring).
        answer_button: answers the selected or longest-ringing call (F3).
        callbacks_view: call-back tasks from the chat page, masked (hidden when there are none).
        callback_button: takes the selected or oldest open call-back task and opens its dialog.
        callback_dialog: the dialog of the task this desk took, while it is open.
        title: "Queue (N waiting)", counting everyone waiting (the hub's ``total``).
        table: the queue table (the hub lists the first 50 of a long queue).
        more_label: "… and N more" below the table when the hub listed only the first.
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
        self.table = QueueTable(self)
        self.table.setObjectName("queue_table")
        self.table.setModel(model)
        self.table.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(QueueModel.CHANNEL, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setShowGrid(False)
        self.table.setAccessibleName(self.tr("Waiting contacts"))
        self.more_label = QLabel(self)
        self.more_label.setObjectName("queue_more")
        self.more_label.hide()
        self.accept_button = QPushButton(self.tr("Take"), self)
        self.accept_button.setObjectName("accept_button")
        self.accept_button.setToolTip(
            self.tr("Take the selected contact, or the first in line (Ctrl+Enter or F2)")
        )
        self.calls_view = QListView(self)
        self.calls_view.setObjectName("ringing_calls")
        self.calls_view.setAccessibleName(self.tr("Ringing calls"))
        self.calls_view.setModel(controller.calls)
        self.calls_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.calls_view.setUniformItemSizes(True)
        self.answer_button = QPushButton(self.tr("Answer call"), self)
        self.answer_button.setObjectName("answer_button")
        self.answer_button.setToolTip(self.tr("Answer the longest-ringing call (F3)"))
        colours = theme.colours()
        self.answer_button.setStyleSheet(
            f"QPushButton {{ background: {colours.call_bg}; color: {colours.call_text};"
            " font-weight: bold; padding: 4px }"
        )
        self.callbacks_view = QListView(self)
        self.callbacks_view.setObjectName("callback_tasks")
        self.callbacks_view.setAccessibleName(self.tr("Call-back requests"))
        self.callbacks_view.setModel(controller.callbacks)
        self.callbacks_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.callbacks_view.setUniformItemSizes(True)  # two lines each
        self.callbacks_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.callbacks_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.callback_button = QPushButton(self.tr("Call back"), self)
        self.callback_button.setObjectName("callback_button")
        self.callback_button.setToolTip(
            self.tr("Take the selected call-back request, or the oldest one nobody has taken")
        )
        self.callback_dialog: CallbackDialog | None = None
        # "Take" stays in one place: the table grows below it with the queue, and ringing
        # calls appear below the table, never above the button.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.accept_button)
        layout.addWidget(self.table)
        layout.addWidget(self.more_label)
        layout.addWidget(self.calls_view)
        layout.addWidget(self.answer_button)
        layout.addWidget(self.callbacks_view)
        layout.addWidget(self.callback_button)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._busy = False
        self.accept_button.clicked.connect(self.on_accept_button_clicked)
        self.table.doubleClicked.connect(self.on_accept_button_clicked)
        self.answer_button.clicked.connect(self.on_answer_button_clicked)
        self.calls_view.doubleClicked.connect(self.on_answer_button_clicked)
        self.callback_button.clicked.connect(self.on_callback_button_clicked)
        self.callbacks_view.doubleClicked.connect(self.on_callback_button_clicked)
        for signal in ("modelReset", "rowsRemoved", "rowsInserted"):
            getattr(controller.callbacks, signal).connect(self.on_model_changed)
        controller.calls.modelReset.connect(self.on_model_changed)
        controller.calls.rowsRemoved.connect(self.on_model_changed)
        controller.calls.rowsInserted.connect(self.on_model_changed)
        model.rowsInserted.connect(self.on_model_changed)
        model.rowsRemoved.connect(self.on_model_changed)
        model.modelReset.connect(self.on_model_changed)
        model.total_changed.connect(self.on_model_changed)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(model.tick)
        self._timer.timeout.connect(controller.calls.tick)
        self._timer.timeout.connect(controller.callbacks.tick)
        self._timer.start()
        self.on_model_changed()

    def on_model_changed(self) -> None:
        queue = self.controller.queue
        waiting = queue.rowCount()
        self.title.setText(self.tr("Queue (%Ln waiting)", "", queue.total))
        hidden = queue.hidden()
        self.more_label.setVisible(hidden > 0)
        if hidden > 0:
            self.more_label.setText(self.tr("… and %Ln more", "", hidden))
        self.accept_button.setEnabled(waiting > 0 and not self._busy)
        self.table.updateGeometry()
        ringing = self.controller.calls.rowCount()
        self.calls_view.setVisible(ringing > 0)
        self._fit_calls_view(ringing)
        self.answer_button.setVisible(ringing > 0)
        self.answer_button.setText(self.tr("Answer call (%n ringing)", "", ringing))
        self.answer_button.setEnabled(ringing > 0 and not self._busy)
        tasks = self.controller.callbacks
        listed, open_tasks = tasks.rowCount(), tasks.open_count()
        self.callbacks_view.setVisible(listed > 0)
        self._fit_list(self.callbacks_view, listed)
        self.callback_button.setVisible(listed > 0)
        self.callback_button.setText(self.tr("Call back (%n waiting)", "", open_tasks))
        self.callback_button.setEnabled(open_tasks > 0 and not self._busy)

    def _fit_calls_view(self, ringing: int) -> None:
        self._fit_list(self.calls_view, ringing)

    def _fit_list(self, view: QListView, count: int) -> None:
        """As tall as its rows, up to ``MAX_CALL_ROWS``; beyond that it scrolls."""
        row = view.sizeHintForRow(0) if count else 0
        row = max(row, self.fontMetrics().height() + 4)
        rows = min(max(count, 1), MAX_CALL_ROWS)
        view.setFixedHeight(rows * row + 2 * view.frameWidth())

    def chosen_conversation(self) -> str | None:
        """The selected contact, or the one first in line (skipping contacts held for a
        colleague: a young person who came back with her code)."""
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return self.controller.queue.conversation_at(rows[0].row())
        return self.controller.queue.first_for(self.controller.conversations.me)

    def chosen_call(self) -> str | None:
        """The selected ringing call, or the one ringing longest."""
        rows = self.calls_view.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        return self.controller.calls.conversation_at(row)

    def chosen_callback(self) -> str | None:
        """The selected call-back task, or the oldest one nobody has taken."""
        tasks = self.controller.callbacks
        rows = self.callbacks_view.selectionModel().selectedRows()
        if rows:
            return tasks.callback_at(rows[0].row())
        for row in range(tasks.rowCount()):
            task = tasks.task(tasks.callback_at(row) or "")
            if task is not None and task.taken_user is None:
                return task.callback
        return None

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_callback_button_clicked(self) -> None:
        await self.take_callback(self.chosen_callback())

    async def take_callback(self, callback: str | None) -> None:
        """Take a call-back task (the hub decides who gets it) and open its dialog."""
        task = self.controller.callbacks.task(callback or "")
        if task is None or self._busy:
            return
        self._busy = True
        self.on_model_changed()
        try:
            await self.controller.callback_request("callback_take", task.callback)
        except HubError as error:
            if error.code == "conflict":
                self.notice.emit(self.tr("Another counsellor took this call-back first."))
            else:
                self.notice.emit(
                    self.tr("Could not take the call-back: %1").replace("%1", error.message)
                )
            return
        finally:
            self._busy = False
            self.on_model_changed()
        self.callback_dialog = CallbackDialog(self.controller, task, self)
        self.callback_dialog.finished.connect(self.on_callback_dialog_finished)
        self.callback_dialog.show()

    def on_callback_dialog_finished(self) -> None:
        self.callback_dialog = None

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_accept_button_clicked(self) -> None:
        await self.take(self.chosen_conversation())

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_answer_button_clicked(self) -> None:
        await self.take(self.chosen_call())

    async def take(self, conversation: str | None) -> None:
        """Take a contact or answer a call; beyond capacity, ask and take it over capacity."""
        if conversation is None or self._busy:
            return
        self._busy = True
        self.on_model_changed()
        try:
            try:
                await self.controller.accept(conversation)
            except CapacityReached as full:
                used = int(full.used.get(full.channel, 0))
                if not await CapacityDialog.ask(self, full.channel, used):
                    return
                await self.controller.accept(conversation, over_capacity=True)
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
