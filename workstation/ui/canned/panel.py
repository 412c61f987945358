"""The "Canned responses" side panel: search, keyboard insertion, supervisors' edits."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client import HubError, StaffClient
from workstation.sessions.canned import CannedResponse, render
from workstation.ui.ask import ask_yes
from workstation.ui.canned.editor import CannedEditorDialog
from workstation.ui.canned.items import catalogue_from_frame
from workstation.ui.canned.model import CannedModel
from workstation.ui.controller import DeskController

log = logging.getLogger(__name__)

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CannedPanel(QWidget):
    """Lists the hub's canned responses; inserts one into the reply box as editable text.

    Attributes:
        model: the responses, grouped or ranked by the search.
        search: the search field ("/keyword" + Enter inserts that response).
        view: the list.
        insert_button: inserts the selected response.
        new_button, edit_button, delete_button: supervisors only.
        status: a short sentence (nothing found, no conversation, an error).

    Signals:
        inserted(str): a response was inserted; its id.
    """

    inserted = Signal(str)

    def __init__(
        self,
        client: StaffClient,
        controller: DeskController,
        insert: Callable[[str], None],
        current: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.controller = controller
        self._insert = insert
        self._current = current
        self.setObjectName("canned_panel")
        self.model = CannedModel(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("canned_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search, or type /keyword (Ctrl+K)"))
        self.search.setAccessibleName(self.tr("Search canned responses"))
        self.view = QListView(self)
        self.view.setObjectName("canned_list")
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Canned responses"))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        self.view.setSpacing(1)
        self.preview = QLabel(self)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName(self.tr("Text of the selected response"))
        self.preview.setStyleSheet(
            "QLabel { border: 1px solid palette(mid); border-radius: 3px; padding: 4px; }"
        )
        self.preview.setMinimumHeight(60)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.hide()
        self.insert_button = self._button(self.tr("&Insert"), self.tr("Insert into the reply"))
        self.insert_button.setToolTip(self.tr("Insert into the reply box (Enter)"))
        self.new_button = self._button(self.tr("&New"), self.tr("New canned response"))
        self.edit_button = self._button(self.tr("&Edit"), self.tr("Edit canned response"))
        self.delete_button = self._button(self.tr("&Delete"), self.tr("Delete canned response"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.insert_button)
        buttons.addStretch(1)
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.search.textChanged.connect(self.on_search_text_changed)
        self.search.installEventFilter(self)
        self.view.installEventFilter(self)
        self.view.doubleClicked.connect(self.on_view_double_clicked)
        self.view.selectionModel().currentChanged.connect(self.on_view_current_changed)
        self.insert_button.clicked.connect(self.insert_selected)
        self.new_button.clicked.connect(self.on_new_button_clicked)
        self.edit_button.clicked.connect(self.on_edit_button_clicked)
        self.delete_button.clicked.connect(self.on_delete_button_clicked)
        controller.push_received.connect(self.on_controller_push_received)
        controller.user_changed.connect(self.on_controller_user_changed)
        controller.state_changed.connect(self.on_controller_state_changed)
        self.on_controller_user_changed("")
        self._update_buttons()

    def tab_title(self) -> str:
        return self.tr("Canned responses")

    def _button(self, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(accessible)
        return button

    # --- data -----------------------------------------------------------------------------

    @property
    def may_edit(self) -> bool:
        return "supervisor" in (self.controller.user.get("roles") or ())

    async def reload(self) -> None:
        """Ask the hub for the current list."""
        try:
            answer = await self.client.request({"type": "canned_list"})
        except HubError as error:
            self._say(
                self.tr("Could not fetch the canned responses: %1").replace("%1", error.message)
            )
            return
        self._show_catalogue(answer)

    def _show_catalogue(self, frame: dict[str, Any]) -> None:
        selected = self.selected()
        self.model.set_catalogue(catalogue_from_frame(frame))
        self._select(self.model.row_of(selected.id) if selected else -1)

    def on_controller_push_received(self, frame: dict[str, Any]) -> None:
        if frame.get("type") == "canned":
            self._show_catalogue(frame)

    @asyncSlot(str)  # type: ignore[untyped-decorator]
    async def on_controller_state_changed(self, state: str) -> None:
        if state == "connected":
            await self.reload()

    def on_controller_user_changed(self, _name: str) -> None:
        for button in (self.new_button, self.edit_button, self.delete_button):
            button.setVisible(self.may_edit)

    # --- selection and search ---------------------------------------------------------------

    def selected(self) -> CannedResponse | None:
        index = self.view.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def _select(self, row: int) -> None:
        if row < 0:
            row = self.model.first_item_row()
        if row < 0:
            self.view.setCurrentIndex(QModelIndex())
        else:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self._update_buttons()

    def _move(self, step: int) -> None:
        row = self.view.currentIndex().row()
        count = self.model.rowCount()
        while 0 <= row + step < count:
            row += step
            if self.model.item(row) is not None:
                self._select(row)
                return

    def _update_buttons(self) -> None:
        item = self.selected()
        self.insert_button.setEnabled(item is not None)
        self.edit_button.setEnabled(item is not None)
        self.delete_button.setEnabled(item is not None)
        self.preview.setText(self._rendered(item) if item else "")

    def _rendered(self, item: CannedResponse) -> str:
        """The text as it will be inserted ({navn} filled in when the name is known)."""
        try:
            return render(item, self.controller.display_name)
        except ValueError:
            return item.text

    def on_search_text_changed(self, text: str) -> None:
        self.model.set_query(text)
        self._select(-1)
        if self.model.first_item_row() < 0 and text.strip():
            self._say(self.tr("No canned response matches."))
        else:
            self.status.hide()

    def on_view_current_changed(self, *_args: object) -> None:
        self._update_buttons()

    def on_view_double_clicked(self, index: QModelIndex) -> None:
        if self.model.item(index.row()) is not None:
            self.insert_selected()

    def focus_search(self) -> None:
        """Ctrl+K: show the panel and put the cursor in the search field."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._move(1 if key == Qt.Key.Key_Down else -1)
            return True
        if key in _ENTER and watched in (self.search, self.view):
            self.on_enter()
            return True
        if watched is self.search and key == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            return True
        return super().eventFilter(watched, event)

    def on_enter(self) -> None:
        """Enter: "/keyword" inserts that response; otherwise the selected one."""
        typed = self.search.text().strip()
        if typed.startswith("/") and " " not in typed:
            item = self.model.catalogue.by_keyword(typed)
            if item is not None:
                self.insert_item(item)
                return
        self.insert_selected()

    # --- inserting ----------------------------------------------------------------------------

    def insert_selected(self) -> None:
        item = self.selected()
        if item is not None:
            self.insert_item(item)

    def insert_item(self, item: CannedResponse) -> None:
        """Render ``{navn}`` and put the text into the reply box to edit before sending."""
        if self._current() is None:
            self._say(self.tr("Choose a conversation first."))
            return
        try:
            text = render(item, self.controller.display_name)
        except ValueError:
            self._say(self.tr("This response needs your name, and the hub has not sent it yet."))
            return
        self._insert(text)
        self.status.hide()
        if self.search.text().startswith("/"):
            self.search.clear()
        self.inserted.emit(item.id)

    def _say(self, sentence: str) -> None:
        self.status.setText(sentence)
        self.status.show()

    # --- supervisors' edits -----------------------------------------------------------------------

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_new_button_clicked(self) -> None:
        taken = {item.id for item in self.model.catalogue.items}
        item = await CannedEditorDialog.ask(self, self.model.catalogue.groups, None, taken)
        if item is not None:
            await self.save(item)

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_edit_button_clicked(self) -> None:
        current = self.selected()
        if current is None or not self.may_edit:
            return
        item = await CannedEditorDialog.ask(self, self.model.catalogue.groups, current)
        if item is not None:
            await self.save(item)

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_delete_button_clicked(self) -> None:
        current = self.selected()
        if current is None or not self.may_edit:
            return
        if not await self.confirm_delete(current):
            return
        try:
            await self.client.request({"type": "canned_delete", "item_id": current.id})
        except HubError as error:
            self._say(self.tr("Could not delete: %1").replace("%1", error.message))

    async def save(self, item: CannedResponse) -> None:
        """``canned_set``; every desk (this one too) gets the new list as a push."""
        frame = {
            "type": "canned_set",
            "item": {
                "id": item.id,
                "group": item.group,
                "title": item.title,
                "keyword": item.keyword,
                "text": item.text,
            },
        }
        try:
            await self.client.request(frame)
        except HubError as error:
            if error.code == "conflict":
                self._say(
                    self.tr("Another response already uses the keyword /%1.").replace(
                        "%1", item.keyword
                    )
                )
            else:
                self._say(self.tr("Could not save: %1").replace("%1", error.message))

    async def confirm_delete(self, item: CannedResponse) -> bool:
        """Ask before a response disappears from every desk (tests monkeypatch this)."""
        return await ask_yes(
            self,
            self.tr("Delete canned response"),
            self.tr("Delete \u201c%1\u201d for everyone?").replace("%1", item.title),
            self.tr("Delete"),
            self.tr("Cancel"),
        )


def make_focus_shortcut(window: QWidget, panel: CannedPanel, show: Callable[[], None]) -> QShortcut:
    """Ctrl+K anywhere in the window focuses the search."""
    shortcut = QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_K), window)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)

    def activated() -> None:
        show()
        panel.focus_search()

    shortcut.activated.connect(activated)
    return shortcut
