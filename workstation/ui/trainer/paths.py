"""File choosers for import and export that do not block the event loop (tests patch them)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from workstation.ui.futures import chosen_path
from workstation.ui.trainer.files import SUFFIX


def _filter() -> str:
    return QCoreApplication.translate("trainer", "Replays (*%1)").replace("%1", SUFFIX)




async def ask_open_path(parent: QWidget | None) -> Path | None:
    dialog = QFileDialog(parent, QCoreApplication.translate("trainer", "Import a replay"))
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilter(_filter())
    return await chosen_path(dialog)


async def ask_save_path(parent: QWidget | None) -> Path | None:
    dialog = QFileDialog(parent, QCoreApplication.translate("trainer", "Export the replay"))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter(_filter())
    dialog.setDefaultSuffix(SUFFIX.lstrip("."))
    path = await chosen_path(dialog)
    if path is not None and not path.name.endswith(SUFFIX):
        path = path.with_name(path.name.removesuffix(".json") + SUFFIX)
    return path
