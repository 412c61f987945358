"""The conversation's messages as a checkable list: a ticked message is quoted verbatim."""

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

from workstation.protocol.times import parse_time
from workstation.sessions.clock import format_clock
from workstation.ui.reports.prefill import Message

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class QuoteModel(QAbstractListModel):
    """One row per message, in order; the check state says whether it is quoted.

    The display text is plain text ("21.02 Ung: …"); nothing here is ever shown as rich text.

    Attributes:
        messages: the quotable messages.

    Signals:
        selection_changed(): a message was ticked or unticked.
    """

    selection_changed = Signal()

    def __init__(self, messages: tuple[Message, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.messages = messages
        self._checked: set[int] = set()

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.messages)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.messages):
            return None
        message = self.messages[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            when = format_clock(parse_time(message.at))
            who = self.tr("Young person") if message.sender == "contact" else self.tr("Us")
            return f"{when}  {who}: {message.text}"
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = message.seq in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return message.text
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        seq = self.messages[index.row()].seq
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        if state == Qt.CheckState.Checked.value:
            self._checked.add(seq)
        else:
            self._checked.discard(seq)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.selection_changed.emit()
        return True

    def set_checked(self, row: int, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.setData(self.index(row), state, Qt.ItemDataRole.CheckStateRole)

    def checked_seqs(self) -> list[int]:
        return sorted(self._checked)

    def set_checked_seqs(self, seqs: list[int]) -> None:
        known = {message.seq for message in self.messages}
        self._checked = {seq for seq in seqs if seq in known}
        if self.messages:
            self.dataChanged.emit(self.index(0), self.index(len(self.messages) - 1))
        self.selection_changed.emit()

    def quotes(self) -> list[dict[str, str]]:
        """The ticked messages in the report data format, in conversation order."""
        return [
            {"at": parse_time(m.at).isoformat(), "from": m.sender, "text": m.text}
            for m in self.messages
            if m.seq in self._checked
        ]
