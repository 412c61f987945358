"""Care for the line and its counsellors on the desk (docs/care.md): "Mark abusive…" and
"hard conversation" for everyone, the pause button and the offer after a hard contact for
counsellors, the marked contacts with "Block…" and debrief requests for shift leads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout

from workstation.ui.care.abuse import AbuseButton
from workstation.ui.care.debrief import DebriefBox
from workstation.ui.care.marked import MarkedPanel
from workstation.ui.care.pause import PauseButton
from workstation.ui.consult.panel import ConsultPanel

if TYPE_CHECKING:
    from workstation.ui.main_window import MainWindow
    from workstation.ui.session import DeskSession

__all__ = ["AbuseButton", "DebriefBox", "MarkedPanel", "PauseButton", "install"]


def install(window: MainWindow, session: DeskSession) -> None:
    window.add_conversation_button(AbuseButton(window))
    roles = session.controller.user.get("roles") or []
    if "counsellor" in roles:
        pause = PauseButton(window, session.client)
        pause.notice.connect(window.on_panel_notice)
        window.add_status_widget(pause)
    if "shift_lead" in roles:
        panel = MarkedPanel(session.client, window)
        panel.notice.connect(window.on_panel_notice)
        window.add_side_panel(panel, panel.tab_title())
        consult = window.findChild(ConsultPanel)
        if consult is not None:  # debrief requests sit with the consultations
            box = DebriefBox(session.client, consult)
            box.notice.connect(window.on_panel_notice)
            layout = consult.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(0, box)
