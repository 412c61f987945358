"""The referral directory on the desk: the "Henvisning" side panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from qasync import asyncSlot

from workstation.ui.main_window import MainWindow
from workstation.ui.referrals.dial import DialIn
from workstation.ui.referrals.panel import ReferralPanel
from workstation.ui.session import DeskSession

__all__ = ["ReferralPanel", "install"]


def install(window: MainWindow, session: DeskSession) -> None:
    """Add the panel; Ctrl+Shift+H shows it with the topic filter focused."""
    panel = ReferralPanel(window.insert_into_compose, window.current_conversation)
    window.add_side_panel(panel, panel.tab_title())
    shortcut = QShortcut(QKeySequence("Ctrl+Shift+H"), window)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)

    def show() -> None:
        window.side_panels.setCurrentWidget(panel)
        panel.topic.setFocus(Qt.FocusReason.ShortcutFocusReason)

    shortcut.activated.connect(show)
    dial_in = DialIn(window, session)

    @asyncSlot(str)  # type: ignore[untyped-decorator]
    async def dial(service_id: str) -> None:
        panel.say(await dial_in.dial(service_id))

    panel.dial_requested.connect(dial)
