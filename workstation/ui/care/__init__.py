"""Care for the line and its counsellors on the desk (docs/care.md): "Mark abusive…" for
everyone, the marked contacts with "Block…" for shift leads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workstation.ui.care.abuse import AbuseButton
from workstation.ui.care.marked import MarkedPanel

if TYPE_CHECKING:
    from workstation.ui.main_window import MainWindow
    from workstation.ui.session import DeskSession

__all__ = ["AbuseButton", "MarkedPanel", "install"]


def install(window: MainWindow, session: DeskSession) -> None:
    window.add_conversation_button(AbuseButton(window))
    roles = session.controller.user.get("roles") or []
    if "shift_lead" in roles:
        panel = MarkedPanel(session.client, window)
        panel.notice.connect(window.on_panel_notice)
        window.add_side_panel(panel, panel.tab_title())
