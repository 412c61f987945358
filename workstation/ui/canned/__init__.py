"""Canned responses on the desk: the "Standardsvar" side panel and its editor."""

from __future__ import annotations

import asyncio

from workstation.ui.canned.panel import CannedPanel, make_focus_shortcut
from workstation.ui.main_window import MainWindow
from workstation.ui.session import DeskSession

__all__ = ["CannedPanel", "install"]


def install(window: MainWindow, session: DeskSession) -> None:
    """Add the panel, Ctrl+K, and fetch the hub's list."""
    panel = CannedPanel(
        session.client, session.controller, window.insert_into_compose, window.current_conversation
    )
    window.add_side_panel(panel, panel.tab_title())
    # "/keyword" + Enter in the reply box expands to the hub's responses, never goes out raw.
    window.conversation_panel.compose.canned = lambda: panel.model.catalogue.items
    make_focus_shortcut(window, panel, lambda: window.side_panels.setCurrentWidget(panel))
    task = asyncio.ensure_future(panel.reload())
    panel.destroyed.connect(lambda *_: task.cancel())
