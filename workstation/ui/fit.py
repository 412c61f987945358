"""Windows open no larger than the screen (a 1366×768 laptop included)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width``×``height``, or to the screen's free room when smaller.

    The primary screen is asked, not ``widget.screen()``: a window asked for its screen
    before it is shown crashed PySide6 6.11 later, when the window was gone (seen in
    tests/gui/test_collab_roles.py)."""
    widget.resize(QSize(width, height).boundedTo(available_room()))


def available_room() -> QSize:
    """The primary screen's room for windows (large when there is no screen at all)."""
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() if screen is not None else QSize(1 << 16, 1 << 16)
