"""Saving the shift figures as CSV: a stub-able file dialog and the write off the GUI loop."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from workstation.sessions.stats import DayFigures, shift_csv


class ExportDialog:
    """Where to save the figures; tests monkeypatch :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget | None, day: date) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder or Path.home()) / f"vaktstatistikk-{day.isoformat()}.csv")
        path, _ = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("supervisor", "Save shift figures"),
            suggested,
            QCoreApplication.translate("supervisor", "CSV files (*.csv)"),
        )
        return Path(path) if path else None


async def write_csv(path: Path, figures: DayFigures) -> None:
    """Write the figures' CSV (UTF-8 with a BOM, so spreadsheet programs read "ø" right)."""
    text = shift_csv(figures)
    await asyncio.to_thread(path.write_text, text, encoding="utf-8-sig")
