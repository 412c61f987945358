"""Tie Qt signals to asyncio futures, so dialogs can be awaited without nested loops."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtWidgets import QDialog, QFileDialog

T = TypeVar("T")


def settle(future: asyncio.Future[T], value: T) -> None:
    """Resolve ``future`` unless it already is (a signal may fire more than once)."""
    if not future.done():
        future.set_result(value)


def future_for(signal: Any) -> asyncio.Future[Any]:
    """A future resolved with the first argument of the next emission of ``signal``."""
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    signal.connect(lambda *args: settle(future, args[0] if args else None))
    return future


async def answer_of(dialog: QDialog) -> int:
    """Open ``dialog`` without a nested loop and wait for its result code (a
    ``QDialog.DialogCode`` or the ``QMessageBox.StandardButton`` pressed); then delete it.
    Read what else the dialog holds before awaiting this, or use :func:`future_for`."""
    finished = future_for(dialog.finished)
    dialog.open()
    try:
        return int(await finished)
    finally:
        dialog.deleteLater()


async def chosen_path(dialog: QFileDialog) -> Path | None:
    """Open a file dialog without a nested loop; the chosen path, or None when cancelled."""
    finished = future_for(dialog.finished)
    dialog.open()
    try:
        result = await finished
        files = dialog.selectedFiles()
    finally:
        dialog.deleteLater()
    if result != QFileDialog.DialogCode.Accepted.value or not files:
        return None
    return Path(files[0])
