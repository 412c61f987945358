"""Concern reports on the desk: write one from a conversation, review, and follow up.

- A *Concern report* button on every conversation opens :class:`ReportEditor` with the
  conversation's events as this desk received them.
- Shift leads get each ``report_review`` push as an item that opens :class:`ReviewDialog`.
- The ``reminders`` push (follow-ups due today or overdue) is a list with *Mark as done*.
- A ``report_update`` push (approved, or changes asked for) is a status-bar notice.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client.errors import HubError
from workstation.sessions.clock import format_date
from workstation.ui.consult.backlog import Relay
from workstation.ui.controller import DeskController
from workstation.ui.main_window import MainWindow
from workstation.ui.reports import DraftStore, ReportEditor, ReviewDialog
from workstation.ui.session import DeskSession

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
NOTICE_MS = 12_000


def _long_date(iso_day: str) -> str:
    """A reminder's ISO ``due`` day as "4. desember 2026" (as sent when it is not a date)."""
    try:
        return format_date(date.fromisoformat(iso_day))
    except ValueError:
        return iso_day
OVERDUE = QColor("#8a4b00")  # amber: a follow-up to do today, not an emergency (red is)


class ItemModel(QAbstractListModel):
    """A list of hub items (reminders or reports to review), keyed by ``key``."""

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self._items: list[dict[str, Any]] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(item)
        if role == ID_ROLE:
            return item.get(self.key)
        if role == Qt.ItemDataRole.ForegroundRole and item.get("overdue"):
            return OVERDUE
        return None

    def display(self, item: dict[str, Any]) -> str:
        return str(item.get("title") or item.get(self.key))

    def item_at(self, row: int) -> dict[str, Any] | None:
        return dict(self._items[row]) if 0 <= row < len(self._items) else None

    def set_items(self, items: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._items = [dict(i) for i in items if isinstance(i, dict) and i.get(self.key)]
        self.endResetModel()

    def add(self, item: dict[str, Any]) -> None:
        self.set_items([i for i in self._items if i[self.key] != item.get(self.key)] + [item])

    def remove(self, key: str) -> None:
        self.set_items([i for i in self._items if i[self.key] != key])


class ReminderModel(ItemModel):
    """Follow-ups due today or overdue (the ``reminders`` push)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("reminder", parent)

    def display(self, item: dict[str, Any]) -> str:
        due = _long_date(str(item.get("due") or ""))
        when = (
            self.tr("overdue since %1").replace("%1", due)
            if item.get("overdue")
            else self.tr("due today")
        )
        return f"{item.get('title') or ''}\n{when}"


class ReviewModel(ItemModel):
    """Reports waiting for a shift lead's approval (``report_review`` pushes)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("report", parent)

    def display(self, item: dict[str, Any]) -> str:
        return (
            self.tr("%1 from %2 (version %3)")
            .replace("%1", str(item.get("title") or ""))
            .replace("%2", str(item.get("from") or item.get("user") or ""))
            .replace("%3", str(item.get("version") or 1))
        )


def _list_box(
    title: str, model: ItemModel, button: QPushButton, parent: QWidget
) -> tuple[QGroupBox, QListView]:
    box = QGroupBox(title, parent)
    view = QListView(box)
    view.setModel(model)
    view.setWordWrap(True)
    view.setObjectName(f"{model.key}_view")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(view)
    row = QHBoxLayout()
    row.addWidget(button)
    row.addStretch(1)
    layout.addLayout(row)
    return box, view


def _log_failure(task: asyncio.Future[None]) -> None:
    if not task.cancelled() and (exc := task.exception()) is not None:
        log.error("A final report's draft was not deleted: %s", type(exc).__name__)


class ReportsPanel(QWidget):
    """The "Reports" side panel, and a ``ClientListener`` of the desk's client.

    Attributes:
        desk: the window. client: the hub connection. controller: the desk controller.
        reviews, reminders: the two lists; review_box shows only for shift leads.
        editors: open report editors by conversation.

    Signals:
        notice(str): a sentence for the status bar.
    """

    notice = Signal(str)
    #: Where editors keep drafts; None: the default folder. Tests set a temporary one.
    drafts: DraftStore | None = None

    def __init__(self, desk: MainWindow, session: DeskSession) -> None:
        super().__init__(desk)
        self.setObjectName("reports_panel")
        self.desk = desk
        self.client: Any = session.client
        self.controller: DeskController = session.controller
        self.editors: dict[str, ReportEditor] = {}
        self.reviews = ReviewModel(self)
        self.reminders = ReminderModel(self)
        self.open_review_button = QPushButton(self.tr("Open for review"), self)
        self.open_review_button.setObjectName("open_review")
        self.done_button = QPushButton(self.tr("Mark as done"), self)
        self.done_button.setObjectName("reminder_done")
        self.review_box, self.review_view = _list_box(
            self.tr("To approve"), self.reviews, self.open_review_button, self
        )
        self.reminder_box, self.reminder_view = _list_box(
            self.tr("Follow up today"), self.reminders, self.done_button, self
        )
        self.nothing = QLabel(self.tr("No follow-ups due."), self)
        self.nothing.setStyleSheet("color: #5f6670")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.review_box)
        layout.addWidget(self.reminder_box)
        layout.addWidget(self.nothing)
        layout.addStretch(1)
        self.button = QPushButton(self.tr("Concern report"), desk)
        self.button.setObjectName("report_button")
        self.button.setToolTip(
            self.tr("Write a concern report (bekymringsmelding) from this conversation")
        )
        self.open_review_button.clicked.connect(self.on_open_review_clicked)
        self.review_view.doubleClicked.connect(self.on_open_review_clicked)
        self.done_button.clicked.connect(self.on_done_clicked)
        self.button.clicked.connect(self.on_report_clicked)
        self.notice.connect(lambda text: desk.statusBar().showMessage(text, NOTICE_MS))
        for model in (self.reviews, self.reminders):
            model.modelReset.connect(self.update_visibility)
        desk.conversation_panel.conversation_changed.connect(self.update_button)
        self.update_visibility()
        self.update_button()

    def title(self) -> str:
        return self.tr("Reports")

    def is_shift_lead(self) -> bool:
        return "shift_lead" in (self.controller.user.get("roles") or [])

    def update_visibility(self) -> None:
        self.review_box.setVisible(self.is_shift_lead() or self.reviews.rowCount() > 0)
        self.reminder_box.setVisible(self.reminders.rowCount() > 0)
        self.nothing.setVisible(self.reminders.rowCount() == 0)

    def update_button(self, *_: Any) -> None:
        self.button.setEnabled(bool(self.desk.current_conversation()))

    # --- client listener ------------------------------------------------------------------

    def on_push(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "reminders":
            self.reminders.set_items(list(frame.get("items") or []))
        elif kind == "report_review":
            self.reviews.add(frame)
            self.notice.emit(
                self.tr("%1 asks you to approve a concern report.").replace(
                    "%1", str(frame.get("from") or "")
                )
            )
        elif kind == "report_update":
            self.on_report_update(frame)

    def on_state(self, state: Any) -> None:
        if str(state) == "connected":
            self.refresh()

    def on_report_update(self, frame: dict[str, Any]) -> None:
        if frame.get("status") == "final":
            self.notice.emit(self.tr("Your concern report was approved by the shift lead."))
            self.discard_draft(str(frame.get("conversation") or ""))
        else:
            comment = str(frame.get("comment") or "")
            self.notice.emit(
                self.tr("The shift lead asks for changes to your concern report: %1").replace(
                    "%1", comment
                )
            )

    def discard_draft(self, conversation: str) -> asyncio.Future[None]:
        """The report is final: this desk's draft of it goes (docs/privacy.md)."""
        store = self.drafts or DraftStore()
        user = str(self.controller.user.get("name", ""))
        task = asyncio.ensure_future(store.discard(user, conversation))
        task.add_done_callback(_log_failure)
        return task

    def refresh(self) -> asyncio.Future[None]:
        """Fetch the reminders (the push after ``hello`` may have come before this panel)."""
        task = asyncio.ensure_future(self._refresh())
        task.add_done_callback(lambda t: t.cancelled() or t.exception())
        return task

    async def _refresh(self) -> None:
        roles = set(self.controller.user.get("roles") or [])
        if not roles & {"counsellor", "shift_lead"}:
            return
        try:
            answer = await self.client.request({"type": "reminder_list"})
        except HubError as error:
            log.info("reminders not fetched: %s", error.code)
            return
        self.reminders.set_items(list(answer.get("items") or []))

    # --- actions --------------------------------------------------------------------------

    def conversation_events(self, conversation: str) -> list[dict[str, Any]]:
        """The conversation's events as this desk received them, oldest first."""
        transcript = self.controller.transcript(conversation)
        events = []
        for row in range(transcript.rowCount()):
            fields = transcript.entry(row).fields
            if fields is not None:
                events.append(dict(fields))
        return events

    def on_report_clicked(self) -> ReportEditor | None:
        conversation = self.desk.current_conversation()
        if not conversation:
            return None
        editor = self.editors.get(conversation)
        if editor is None or not editor.isVisible():
            editor = ReportEditor(
                self.conversation_events(conversation),
                self.client,
                dict(self.controller.user),
                drafts=self.drafts,
                parent=self.desk,
            )
            editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            editor.destroyed.connect(lambda *_: self.editors.pop(conversation, None))
            self.editors[conversation] = editor
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_open_review_clicked(self, *_: Any) -> None:
        index = self.review_view.currentIndex()
        item = self.reviews.item_at(index.row() if index.isValid() else 0)
        if item is None:
            return
        try:
            dialog = await ReviewDialog.open_report(
                self.client, dict(self.controller.user), str(item["report"]), self.desk
            )
        except HubError as error:
            self.notice.emit(self.tr("Could not open the report: %1").replace("%1", error.message))
            return
        self.reviews.remove(str(item["report"]))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_done_clicked(self) -> None:
        index = self.reminder_view.currentIndex()
        item = self.reminders.item_at(index.row() if index.isValid() else 0)
        if item is None:
            return
        try:
            await self.client.request({"type": "reminder_done", "reminder": item["reminder"]})
        except HubError as error:
            self.notice.emit(self.tr("Could not mark it as done: %1").replace("%1", error.message))
            return
        self.reminders.remove(str(item["reminder"]))
        self.notice.emit(self.tr("Follow-up marked as done."))


def install_reports_desk(window: MainWindow, session: DeskSession) -> None:
    """Add the report button, the review list and the follow-up reminders to the desk."""
    panel = ReportsPanel(window, session)
    panel.client.add_listener(Relay(panel))
    window.add_conversation_button(panel.button)
    window.add_side_panel(panel, panel.title())
    panel.refresh()
