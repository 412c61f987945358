"""The desk's keyboard shortcuts: every action can be done without the mouse.

The table in ``docs/desk.md`` lists them; buttons name theirs in their tooltips.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton

if TYPE_CHECKING:
    from workstation.ui.main_window import MainWindow


def _tr(text: object) -> str:
    return QCoreApplication.translate("shortcuts", str(text))


def _click(button: QAbstractButton) -> Callable[[], None]:
    def run() -> None:
        if button.isVisible() and button.isEnabled():
            button.click()

    return run


def install_shortcuts(window: MainWindow) -> list[QAction]:
    """Add the desk's shortcuts to the window; returns the actions (for tests and docs)."""
    queue = window.queue_panel
    panel = window.conversation_panel
    overview = window.conversation_list
    bar = panel.call_bar
    table: list[tuple[str, list[str], Callable[[], object]]] = [
        (
            _tr(QT_TRANSLATE_NOOP("shortcuts", "Take the next contact")),
            ["Ctrl+Return", "Ctrl+Enter", "F2"],
            _click(queue.accept_button),
        ),
        (
            _tr(QT_TRANSLATE_NOOP("shortcuts", "Answer the ringing call")),
            ["F3"],
            _click(queue.answer_button),
        ),
        (
            _tr(QT_TRANSLATE_NOOP("shortcuts", "Hold or resume the call")),
            ["F4"],
            _click(bar.hold_button),
        ),
        (_tr(QT_TRANSLATE_NOOP("shortcuts", "Hang up")), ["F5"], _click(bar.hangup_button)),
        (_tr(QT_TRANSLATE_NOOP("shortcuts", "Write a note")), ["Ctrl+N"], panel.focus_note),
        (_tr(QT_TRANSLATE_NOOP("shortcuts", "Flag risk")), ["Ctrl+R"], _click(panel.risk_button)),
        (
            _tr(QT_TRANSLATE_NOOP("shortcuts", "End the conversation")),
            ["Ctrl+W"],
            _click(panel.close_button),
        ),
        (
            _tr(QT_TRANSLATE_NOOP("shortcuts", "Next conversation")),
            ["Ctrl+Tab", "Ctrl+PgDown"],
            lambda: overview.select_next(1),
        ),
        (
            _tr(QT_TRANSLATE_NOOP("shortcuts", "Previous conversation")),
            ["Ctrl+Shift+Tab", "Ctrl+Backtab", "Ctrl+PgUp"],
            lambda: overview.select_next(-1),
        ),
        (_tr(QT_TRANSLATE_NOOP("shortcuts", "Write a reply")), ["Ctrl+L"], panel.compose.setFocus),
    ]

    def open_row(row: int) -> None:
        if overview.select_row(row) and panel.compose.isVisible():
            panel.compose.setFocus()

    for position in range(1, 10):
        table.append(
            (
                _tr(QT_TRANSLATE_NOOP("shortcuts", "Open conversation %1")).replace(
                    "%1", str(position)
                ),
                [f"Ctrl+{position}"],
                functools.partial(open_row, position - 1),
            )
        )
    actions = []
    for text, keys, run in table:
        action = QAction(text, window)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False, run=run: run())
        window.addAction(action)
        actions.append(action)
    return actions
