"""The referral directory on the desk: the "Henvisning" side panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut

from workstation.ui.main_window import MainWindow
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
