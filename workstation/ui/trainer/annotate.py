"""The trainer's comment at a moment of the replay. Tests monkeypatch ``ask``."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workstation.protocol.limits import MAX_SHORT_TEXT_CHARS
from workstation.ui.futures import future_for
from workstation.ui.trainer.labels import clock


class AnnotationDialog(QDialog):
    """Asks for the text of an annotation at ``offset_ms``."""

    def __init__(self, parent: QWidget | None, offset_ms: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a note to the timeline"))
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(self.tr("What should trainees notice here?"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Note at %1").replace("%1", clock(offset_ms))))
        layout.addWidget(self.editor)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.editor.toPlainText().strip()[:MAX_SHORT_TEXT_CHARS]

    @classmethod
    async def ask(cls, parent: QWidget | None, offset_ms: int) -> str | None:
        """The note's text, or None when cancelled or empty; never blocks the loop."""
        dialog = cls(parent, offset_ms)
        finished = future_for(dialog.finished)
        dialog.open()
        try:
            result = await finished
            text = dialog.text() if result == QDialog.DialogCode.Accepted.value else ""
        finally:
            dialog.deleteLater()
        return text or None
