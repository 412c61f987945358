"""One place where unexpected errors land: the log first, then a dialog for the person."""

from __future__ import annotations

import asyncio
import logging
import sys
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from workstation.protocol.log_safe import traceback_without_values

log = logging.getLogger(__name__)

_dialog: QMessageBox | None = None


def handle_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """Log an unexpected error, then tell the person (one dialog at a time)."""
    global _dialog
    if issubclass(exc_type, KeyboardInterrupt):
        QCoreApplication.quit()
        return
    # The message may quote what a young person wrote: the log gets frames and types only.
    log.critical("unexpected error\n%s", traceback_without_values(exc.with_traceback(tb)))
    if QApplication.instance() is None or _dialog is not None:
        return
    dialog = QMessageBox(QMessageBox.Icon.Critical, _title(), _sentence())
    dialog.setDetailedText(f"{exc_type.__name__}: {exc}")

    def forget() -> None:
        global _dialog
        _dialog = None

    dialog.finished.connect(forget)
    _dialog = dialog
    dialog.open()


def handle_loop_exception(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """asyncio's exception handler: errors in tasks nobody awaited."""
    exc = context.get("exception")
    if isinstance(exc, BaseException):
        handle_exception(type(exc), exc, exc.__traceback__)
    else:
        log.error("event loop: %s", context.get("message"))


def install(loop: asyncio.AbstractEventLoop | None = None) -> None:
    """Route uncaught errors (including those in async slots) to :func:`handle_exception`."""
    sys.excepthook = handle_exception
    if loop is not None:
        loop.set_exception_handler(handle_loop_exception)


def _title() -> str:
    return QCoreApplication.translate("excepthook", "Something went wrong")


def _sentence() -> str:
    return QCoreApplication.translate(
        "excepthook",
        "Something unexpected went wrong in the desk. The details were written to the log. "
        "If it happens again, tell your shift lead.",
    )
