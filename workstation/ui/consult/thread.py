"""The side thread of one consultation: its ``consult_message`` rows, drawn as chat bubbles.

The thread is a filter over the conversation's :class:`TranscriptModel` (the desk controller
already receives every event), so nothing is stored twice and a resync never doubles a row.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtWidgets import QListView, QWidget

from workstation.sessions.clock import format_clock
from workstation.ui.transcript_model import Role, TranscriptModel
from workstation.ui.transcript_view import TranscriptDelegate, TranscriptView

Index = QModelIndex | QPersistentModelIndex


class ThreadModel(QSortFilterProxyModel):
    """The rows of ``transcript`` that are messages of consultation ``consult``.

    Attributes:
        consult: the consultation id.
        transcript: the conversation's transcript model (the source).
    """

    def __init__(
        self, transcript: TranscriptModel, consult: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.consult = consult
        self.transcript = transcript
        self.setSourceModel(transcript)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if source_parent.isValid() or source_row >= self.transcript.rowCount():
            return False
        entry = self.transcript.entry(source_row)
        return (
            entry.kind == "consult_message"
            and entry.fields is not None
            and entry.fields.get("consult") == self.consult
        )

    def user_at(self, row: int) -> str | None:
        source = self.mapToSource(self.index(row, 0))
        fields = self.transcript.entry(source.row()).fields or {}
        return str(fields.get("user")) if fields.get("user") else None


class ThreadDelegate(TranscriptDelegate):
    """My messages on the right in blue, the colleague's on the left in yellow.

    Attributes:
        me: the signed-in user's name.
    """

    def __init__(self, view: QListView, me: str) -> None:
        super().__init__(view)
        self.me = me

    def _mine(self, index: Index) -> bool:
        model = index.model()
        return isinstance(model, ThreadModel) and model.user_at(index.row()) == self.me

    def _style(self, index: Index) -> str:
        return "staff" if self._mine(index) else "note"

    def _header(self, index: Index) -> str:
        moment = index.data(Role.TIME)
        clock = format_clock(moment) if moment is not None else ""
        who = self.tr("You") if self._mine(index) else str(index.data(Role.AUTHOR) or "")
        return f"{who} · {clock}" if clock else who


class ThreadView(TranscriptView):
    """A read-only list of a consultation's messages (plain text, never markup)."""

    def __init__(self, me: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(ThreadDelegate(self, me))

    def set_me(self, me: str) -> None:
        delegate = self.itemDelegate()
        if isinstance(delegate, ThreadDelegate):
            delegate.me = me
