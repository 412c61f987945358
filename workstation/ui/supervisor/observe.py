"""A read-only window on a conversation the supervisor observes.

The counsellor's desk shows "observed by" from the ``observer_joined`` event; closing this
window sends ``unobserve`` (``observer_left``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workstation.ui.transcript_model import TranscriptModel
from workstation.ui.transcript_view import TranscriptView


class ObserveWindow(QWidget):
    """A transcript with no compose box: the supervisor reads, never writes.

    Attributes:
        conversation: the observed conversation's id.
        model: its transcript model (owned by the controller, kept for re-observing).
        view: the transcript view.

    Signals:
        closed(str): the window was closed; the conversation id.
    """

    closed = Signal(str)

    def __init__(self, model: TranscriptModel, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.conversation = model.conversation
        self.model = model
        self.setWindowTitle(self.tr("Observing: %1").replace("%1", title))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        notice = QLabel(
            self.tr(
                "Read only. The counsellor sees that you are observing; closing this window "
                "ends the observation."
            ),
            self,
        )
        notice.setWordWrap(True)
        notice.setStyleSheet("background: #eef1f5; padding: 6px; border-radius: 4px;")
        self.view = TranscriptView(self)
        self.view.setModel(model)
        self.view.scrollToBottom()
        layout = QVBoxLayout(self)
        layout.addWidget(notice)
        layout.addWidget(self.view, 1)
        self.resize(520, 640)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.closed.emit(self.conversation)
        super().closeEvent(event)
