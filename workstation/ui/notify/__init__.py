"""Notifications on the desk: a chime and a notice (tray or toast), with their settings."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QToolButton
from qasync import asyncSlot

from workstation.ui.calls.missed import MissedCalls
from workstation.ui.main_window import MainWindow
from workstation.ui.notify.notifier import Notifier, NotifierListener
from workstation.ui.notify.outputs import Player, SoundEffectPlayer, make_display
from workstation.ui.notify.settings import NotifySettings
from workstation.ui.notify.settings_dialog import NotifySettingsDialog
from workstation.ui.session import DeskSession

__all__ = ["Notifier", "NotifySettings", "NotifySettingsDialog", "Player", "install"]

#: How long "the call was hung up before it was answered" stays in the status bar.
MISSED_MS = 60_000


class NotifyButton(QToolButton):
    """ "Notifications" in the status bar: opens the settings (Ctrl+Shift+N)."""

    def __init__(self, window: MainWindow, notifier: Notifier) -> None:
        super().__init__(window)
        self.notifier = notifier
        self.setObjectName("notify_button")
        self.setText(self.tr("Notifications"))
        self.setAccessibleName(self.tr("Notification settings"))
        self.setToolTip(self.tr("Sound and desktop notifications (Ctrl+Shift+N)"))
        self.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.setAutoRaise(True)
        self.clicked.connect(self.on_clicked)

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_clicked(self) -> None:
        chosen = await NotifySettingsDialog.ask(
            self.window(), self.notifier.settings, self.notifier.player
        )
        if chosen is not None:
            self.notifier.settings = chosen
            chosen.save()


def install(window: MainWindow, session: DeskSession) -> None:
    def looking_at() -> str | None:
        """The conversation on screen: shown in the window the counsellor is working in."""
        if window.isMinimized() or not window.isActiveWindow():
            return None
        return window.current_conversation()

    notifier = Notifier(
        session.controller,
        looking_at,
        SoundEffectPlayer(),
        make_display(window, window.conversation_panel.transcript),
        NotifySettings.load(),
        parent=window,
    )
    notifier.setObjectName("notifier")
    session.client.add_listener(NotifierListener(notifier))
    window.add_status_widget(NotifyButton(window, notifier))
    # A ringing call hung up before anyone answered: a quiet notice, also in the status bar.
    missed = MissedCalls(session.controller, notifier)
    missed.setObjectName("missed_calls")
    missed.missed.connect(notifier.inform)
    missed.missed.connect(lambda sentence: window.statusBar().showMessage(sentence, MISSED_MS))
