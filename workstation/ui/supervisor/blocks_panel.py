"""Blocks of abusive contacts for supervisors and shift leads: what is blocked until when,
lifting one with a reason, and refused attempts per channel (docs/care.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client import ClientListener, HubError, NotConnected, RequestTimeout, StaffClient
from workstation.protocol.times import parse_time, utc_now
from workstation.sessions.clock import format_clock, format_date, today
from workstation.sessions.stats import CHANNELS
from workstation.ui.labels import channel_label

Index = QModelIndex | QPersistentModelIndex
BLOCK_ROLE = Qt.ItemDataRole.UserRole + 1
#: The refused-attempt figures cover this many days, today included.
FIGURE_DAYS = 7


class BlocksModel(QAbstractTableModel):
    """The blocks in force, soonest expiry first (the hub's order)."""

    KIND, REASON, BY, EXPIRES = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.blocks: list[dict[str, Any]] = []
        self.names: dict[str, str] = {}

    def set_blocks(self, blocks: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.blocks = [dict(b) for b in blocks]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.blocks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Blocked"), self.tr("Reason"), self.tr("Blocked by"),
                self.tr("Until"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        block = self.blocks[index.row()]
        if role == BLOCK_ROLE:
            return block["block"]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == self.KIND:
            return self.kind_label(str(block.get("kind")))
        if column == self.REASON:
            return str(block.get("reason", ""))
        if column == self.BY:
            by = str(block.get("created_by", ""))
            return self.names.get(by, by)
        expires = parse_time(str(block["expires_at"]))
        return f"{format_date(expires)} {format_clock(expires)}"

    def kind_label(self, kind: str) -> str:
        return {
            "browser": self.tr("Chat (this browser)"),
            "sms": self.tr("SMS (this number)"),
            "phone": self.tr("Phone (this number)"),
            "email": self.tr("E-mail (this address)"),
        }.get(kind, kind)


def attempts_text(days: list[dict[str, Any]], on: str) -> str:
    """ "chat 3 · SMS 1" for the rows of day ``on`` (or all rows when ``on`` is empty)."""
    counts: dict[str, int] = {}
    for row in days:
        if not on or row.get("day") == on:
            counts[str(row["channel"])] = counts.get(str(row["channel"]), 0) + int(row["count"])
    parts = [f"{channel_label(c)} {counts[c]}" for c in CHANNELS if counts.get(c)]
    return " · ".join(parts) or "0"


class LiftDialog:
    """Asks why a block is lifted; tests replace :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget) -> str | None:
        text, accepted = QInputDialog.getText(
            parent,
            parent.tr("Lift block"),
            parent.tr("Why is the block lifted? (kept in the audit trail)"),
        )
        return text.strip() if accepted and text.strip() else None


class BlocksPanel(QWidget, ClientListener):
    """The "Blocks" tab.

    Attributes:
        model: the blocks in force.
        view: the table; lift_button: lifts the chosen block after asking why.
        attempts_label: refused attempts today and in the last seven days, by channel.
        days: the last ``block_stats`` answer.

    Signals:
        notice(str): a sentence for the status bar.
    """

    notice = Signal(str)

    def __init__(
        self,
        client: StaffClient,
        parent: QWidget | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.clock = clock
        self.days: list[dict[str, Any]] = []
        self.model = BlocksModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("blocks_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BlocksModel.REASON, QHeaderView.ResizeMode.Stretch)
        self.lift_button = QPushButton(self.tr("Lift block…"), self)
        self.lift_button.setObjectName("lift_button")
        self.attempts_label = QLabel(self)
        self.attempts_label.setTextFormat(Qt.TextFormat.PlainText)
        self.attempts_label.setWordWrap(True)
        intro = QLabel(self.tr(
            "Blocked contacts get a kind automatic answer with 112/113 and another service, "
            "and never reach the queue. Shift leads block contacts that counsellors marked as "
            "abusive."
        ), self)
        intro.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.lift_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.attempts_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.lift_button.clicked.connect(self.on_lift_button_clicked)
        client.add_listener(self)
        self._show_attempts()

    async def refresh(self) -> None:
        """Fetch the blocks and the refused attempts of the last seven days."""
        answer = await self.client.request({"type": "block_list"})
        self.model.set_blocks(list(answer.get("blocks") or []))
        since = today(self.clock()) - timedelta(days=FIGURE_DAYS - 1)
        stats = await self.client.request({"type": "block_stats", "since": since.isoformat()})
        self.days = list(stats.get("days") or [])
        self._show_attempts()

    def _show_attempts(self) -> None:
        on = today(self.clock()).isoformat()
        self.attempts_label.setText(
            self.tr("Refused attempts today: %1. Last seven days: %2.")
            .replace("%1", attempts_text(self.days, on))
            .replace("%2", attempts_text(self.days, ""))
        )

    def on_push(self, frame: dict[str, Any]) -> None:
        if frame.get("type") == "blocks":
            self.model.set_blocks(list(frame.get("blocks") or []))

    def chosen_block(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return str(rows[0].data(BLOCK_ROLE)) if rows else None

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_lift_button_clicked(self) -> None:
        await self.lift()

    async def lift(self) -> bool:
        """Lift the chosen block after asking why; True when the hub lifted it."""
        block = self.chosen_block()
        if block is None:
            self.notice.emit(self.tr("Choose a block to lift first."))
            return False
        reason = LiftDialog.ask(self)
        if reason is None:
            return False
        try:
            await self.client.request({"type": "block_lift", "block": block, "reason": reason})
        except (HubError, NotConnected, RequestTimeout):
            self.notice.emit(self.tr("The block could not be lifted. Try again."))
            return False
        self.notice.emit(self.tr("The block was lifted."))
        return True
