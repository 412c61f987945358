"""Contacts marked abusive, for shift leads and supervisors, with "Block…" (docs/care.md).

The list is filled by ``abuse_marked`` alerts while the window is open; blocking sends
``block_add`` with the chosen time and reason. Nothing here reaches the young person.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client import ClientListener, HubError, NotConnected, RequestTimeout, StaffClient
from workstation.protocol.times import parse_time
from workstation.sessions.clock import format_clock
from workstation.ui.labels import channel_label

Index = QModelIndex | QPersistentModelIndex
CONVERSATION_ROLE = Qt.ItemDataRole.UserRole + 1
#: The block times a shift lead chooses from, in hours.
BLOCK_HOURS = (1, 24, 7 * 24, 30 * 24, 90 * 24, 183 * 24)


class MarkedModel(QAbstractListModel):
    """Contacts marked abusive, newest first (one row per conversation)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.marks: list[dict[str, Any]] = []

    def add(self, alert: dict[str, Any]) -> None:
        conversation = alert.get("conversation")
        for row, mark in enumerate(self.marks):
            if mark.get("conversation") == conversation:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.marks[row]
                self.endRemoveRows()
                break
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.marks.insert(0, dict(alert))
        self.endInsertRows()

    def remove(self, conversation: str) -> None:
        for row, mark in enumerate(self.marks):
            if mark.get("conversation") == conversation:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.marks[row]
                self.endRemoveRows()
                return

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.marks)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        mark = self.marks[index.row()]
        if role == CONVERSATION_ROLE:
            return mark.get("conversation")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        at = mark.get("at")
        when = format_clock(parse_time(str(at))) if at else ""
        return (
            self.tr("%1 marked by %2 at %3: %4")
            .replace("%1", channel_label(mark.get("channel")))
            .replace("%2", str(mark.get("author") or mark.get("user") or "?"))
            .replace("%3", when)
            .replace("%4", str(mark.get("reason") or ""))
        )


class BlockDialog(QDialog):
    """How long and why; tests replace :meth:`ask`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Block contact"))
        self.hours = QComboBox(self)
        for hours, label in zip(BLOCK_HOURS, self.hour_labels(), strict=True):
            self.hours.addItem(label, hours)
        self.hours.setCurrentIndex(1)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("e.g. repeated sexual harassment"))
        explain = QLabel(self.tr(
            "The contact gets a kind automatic answer with 112/113 and another service, and "
            "never reaches the queue. The block is recorded in the audit trail."
        ), self)
        explain.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Block"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.setMinimumWidth(460)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("For"), self.hours)
        form.addRow(self.tr("Reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def hour_labels(self) -> list[str]:
        return [self.tr("1 hour"), self.tr("1 day"), self.tr("1 week"), self.tr("1 month"),
                self.tr("3 months"), self.tr("6 months")]

    @classmethod
    def ask(cls, parent: QWidget) -> tuple[int, str] | None:
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.reason.text().strip():
            return None
        return int(dialog.hours.currentData()), dialog.reason.text().strip()


class MarkedPanel(QWidget, ClientListener):
    """Marked contacts and "Block…".

    Attributes:
        model: the marked contacts; view: their list; block_button: blocks the chosen one.

    Signals:
        notice(str): a sentence for the status bar.
    """

    notice = Signal(str)

    def __init__(self, client: StaffClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.model = MarkedModel(self)
        self.view = QListView(self)
        self.view.setObjectName("marked_view")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.block_button = QPushButton(self.tr("Block…"), self)
        self.block_button.setObjectName("block_button")
        title = QLabel(self.tr("Marked as abusive"), self)
        title.setObjectName("marked_title")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.block_button)
        self.block_button.clicked.connect(self.on_block_button_clicked)
        client.add_listener(self)

    def tab_title(self) -> str:
        return self.tr("Blocks")

    def on_push(self, frame: dict[str, Any]) -> None:
        if frame.get("type") == "alert" and frame.get("alert") == "abuse_marked":
            self.model.add(frame)
        elif frame.get("type") == "blocks":  # blocked meanwhile (here or elsewhere)
            for block in frame.get("blocks") or []:
                self.model.remove(str(block.get("conversation")))

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_block_button_clicked(self) -> None:
        await self.block()

    async def block(self) -> bool:
        """Block the chosen contact after asking how long and why."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.notice.emit(self.tr("Choose a marked contact first."))
            return False
        conversation = str(rows[0].data(CONVERSATION_ROLE))
        chosen = BlockDialog.ask(self)
        if chosen is None:
            return False
        hours, reason = chosen
        try:
            await self.client.request({"type": "block_add", "conversation": conversation,
                                       "hours": hours, "reason": reason})
        except HubError as error:
            if error.code == "not_found":
                self.notice.emit(self.tr("This contact has nothing the hub can block "
                                         "(a withheld number)."))
            else:
                self.notice.emit(self.tr("The contact could not be blocked. Try again."))
            return False
        except (NotConnected, RequestTimeout):
            self.notice.emit(self.tr("The contact could not be blocked. Try again."))
            return False
        self.model.remove(conversation)
        self.notice.emit(self.tr("The contact is blocked."))
        return True
