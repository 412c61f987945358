"""Plugs the time cues into the desk: the banner, a status line, and shift leads' alerts."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QWidget
from qasync import asyncSlot

from workstation.client.errors import HubError
from workstation.ui.consult.backlog import known_events
from workstation.ui.main_window import MainWindow
from workstation.ui.session import DeskSession
from workstation.ui.timecues.banner import TimeBanner
from workstation.ui.timecues.continue_dialog import ContinueDialog
from workstation.ui.timecues.notices import HardLimitNotice, TimeCueStatus
from workstation.ui.timecues.state import TimeCues

NOTICE_MS = 10_000


class TimeCueFeature(QWidget):
    """Owns the cues' widgets on one desk (an invisible QWidget, parented to the window).

    Attributes:
        desk: the window. cues: the state. banner: above the transcript.
        status: my conversations past a limit. alert: ``hard_limit`` for shift leads.
    """

    def __init__(self, desk: MainWindow, cues: TimeCues) -> None:
        super().__init__(desk)
        self.hide()
        self.desk = desk
        self.cues = cues
        self.banner = TimeBanner(cues, desk.conversation_panel)
        layout = desk.conversation_panel.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(1, self.banner)
        else:
            desk.add_status_widget(self.banner)
        self.status = TimeCueStatus(cues, desk.controller, desk)
        self.alert = HardLimitNotice(cues, desk)
        desk.add_status_widget(self.status)
        desk.add_status_widget(self.alert)
        desk.conversation_panel.conversation_changed.connect(self.banner.show_conversation)
        self.banner.suggest_requested.connect(desk.insert_into_compose)
        self.banner.continue_requested.connect(self.on_banner_continue_requested)
        self.banner.show_conversation(desk.current_conversation() or "")

    @asyncSlot(str)  # type: ignore[untyped-decorator]
    async def on_banner_continue_requested(self, conversation: str) -> None:
        title = self.desk.controller.conversations.title(conversation)
        answer = await ContinueDialog.ask(self.desk, title)
        if answer is None:
            return
        try:
            await self.cues.continue_conversation(conversation, answer.reason, answer.text)
        except HubError as error:
            self.desk.statusBar().showMessage(
                self.tr("Could not record it: %1").replace("%1", error.message), NOTICE_MS
            )


def install_time_cues(window: MainWindow, session: DeskSession) -> None:
    """Add time-limit cues to the desk."""
    cues = TimeCues(session.controller, window)
    for event in known_events(session.controller):
        cues.on_event(event)
    TimeCueFeature(window, cues)
