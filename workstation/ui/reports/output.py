"""Getting a report out of the desk: a PDF file, or plain text on the clipboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from workstation.sessions import reports
from workstation.ui.futures import chosen_path
from workstation.ui.report_pdf import write_pdf


class PdfPathDialog(QFileDialog):
    """Where to save the PDF. Tests monkeypatch :meth:`ask`."""

    def __init__(self, parent: QWidget | None, suggested: str) -> None:
        super().__init__(parent, self.tr("Save the report as PDF"), suggested, "PDF (*.pdf)")
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.setDefaultSuffix("pdf")

    @classmethod
    async def ask(cls, parent: QWidget | None, suggested: str) -> Path | None:
        """The chosen path, or None when cancelled; never blocks the event loop."""
        return await chosen_path(cls(parent, suggested))


def export_pdf(rendered: reports.RenderedReport, path: Path) -> int:
    """Write the PDF (atomically); returns the page count. Raises OSError."""
    return write_pdf(rendered, path)


def copy_text(text: str) -> None:
    QGuiApplication.clipboard().setText(text)
