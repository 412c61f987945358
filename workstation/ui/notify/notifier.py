"""Sound and a notice for a new contact in the queue and for a message you are not looking at;
a phone call waiting in the queue rings on (the chime every few seconds) until it is taken.

A notice never contains what anyone wrote: only which conversation or channel it is about.
Staff-only events (notes, time warnings, consultations, summaries) never make a sound. Nor
does what the counsellor is about to read anyway: the conversation on screen, and the
messages a young person wrote while waiting in the queue (they arrive as the counsellor
takes the conversation, before the desk has switched to it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from workstation.client import ClientListener
from workstation.protocol.times import parse_time
from workstation.ui.controller import DeskController
from workstation.ui.labels import channel_label
from workstation.ui.notify.outputs import Display, Player
from workstation.ui.notify.settings import NotifySettings

#: A message older than this is history being caught up on (sign-in, reconnect), not news.
STALE_S = 120.0
#: How often the desk rings again while a phone call waits in the queue.
RING_INTERVAL_MS = 4000


class Notifier(QObject):
    """Decides what deserves the counsellor's attention and sends it to the outputs.

    Attributes:
        settings: sound on/off, volume, desktop notices on/off.
        player: plays the chime.
        display: tray notification or in-window toast.
        looking_at: the conversation on screen, or None (e.g. the window is minimised).

    Signals:
        notified(str): a notice was given; its sentence.
    """

    notified = Signal(str)

    def __init__(
        self,
        controller: DeskController,
        looking_at: Callable[[], str | None],
        player: Player,
        display: Display,
        settings: NotifySettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.looking_at = looking_at
        self.player = player
        self.display = display
        self.settings = settings or NotifySettings()
        self._queued: set[str] = set()
        self._taken: set[str] = set()  # conversations someone has taken ("assigned" seen)
        # Ringing: while a call is offered (a phone conversation in the queue), the chime
        # again every RING_INTERVAL_MS, as the notification settings say (sound, volume).
        self.ring_timer = QTimer(self)
        self.ring_timer.setInterval(RING_INTERVAL_MS)
        self.ring_timer.timeout.connect(self.ring)

    # --- what happened ------------------------------------------------------------------------

    def on_queue(self, items: list[dict[str, Any]]) -> None:
        waiting = {str(i.get("conversation")): i for i in items if isinstance(i, dict)}
        new = [item for conversation, item in waiting.items() if conversation not in self._queued]
        self._queued = set(waiting)
        ringing = any(item.get("channel") == "phone" for item in waiting.values())
        if ringing and not self.ring_timer.isActive():
            self.ring_timer.start()
        elif not ringing:
            self.ring_timer.stop()
        if len(new) == 1:
            self.notify(
                self.tr("New contact in the queue (%1)").replace(
                    "%1", _channel(new[0].get("channel"))
                )
            )
        elif new:
            self.notify(self.tr("%1 new contacts in the queue").replace("%1", str(len(new))))

    def on_event(self, event: dict[str, Any]) -> None:
        conversation = str(event.get("conversation"))
        if event.get("kind") == "assigned":
            self._taken.add(conversation)
            return
        if event.get("kind") != "message" or event.get("from") != "contact":
            return
        if conversation not in self._taken:  # written in the queue: part of what one takes
            return
        if conversation == self.looking_at() or _stale(event.get("at")):
            return
        title = self.controller.conversations.title(conversation)
        self.notify(self.tr("New message in %1").replace("%1", title))

    # --- telling the counsellor ---------------------------------------------------------------

    def notify(self, sentence: str) -> None:
        if self.settings.sound and self.settings.volume > 0:
            self.player.play(self.settings.volume)
        self.inform(sentence)

    def ring(self) -> None:
        """An offered call rings on: the chime only (the notice was given when it came)."""
        if self.settings.sound and self.settings.volume > 0:
            self.player.play(self.settings.volume)

    def inform(self, sentence: str) -> None:
        """A notice without the chime: something happened, nothing to do now."""
        if self.settings.desktop:
            self.display.show_notice(self.tr("116 111 – Counsellor desk"), sentence)
        self.notified.emit(sentence)


def _channel(channel: object) -> str:
    label = channel_label(str(channel) if channel else None)
    return label if label.isupper() else label.lower()


def _stale(at: object) -> bool:
    if not isinstance(at, str):
        return False
    try:
        moment = parse_time(at)
    except ValueError:
        return False
    return (datetime.now(UTC) - moment).total_seconds() > STALE_S


class NotifierListener(ClientListener):
    """Hands the client's callbacks to a :class:`Notifier` (the desk adds it last)."""

    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier

    def on_queue(self, items: list[dict[str, Any]]) -> None:
        if shiboken6.isValid(self.notifier):  # the window may be gone before the client
            self.notifier.on_queue(items)

    def on_event(self, event: dict[str, Any]) -> None:
        if shiboken6.isValid(self.notifier):
            self.notifier.on_event(event)
