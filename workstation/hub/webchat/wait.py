"""An honest expected wait for the young person in the queue, from the pace right now.

The hub remembers when chats were taken in the last :data:`WINDOW_S` (in memory only; a
restart starts afresh). With at least :data:`MIN_TAKEN` of them, the pace is how many were
taken per second over that stretch, and a young person at position *n* waits about *n* /
pace. The estimate goes to each queued chat contact as ``{"type":"wait","minutes":m}``
whenever it changes (``minutes`` null: too little to go on, so the page promises nothing).
"""

from __future__ import annotations

import math
import time
from collections import deque
from typing import TYPE_CHECKING

from workstation.hub.feature import Feature
from workstation.sessions.events import Event

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.hub.staff_api import StaffApi

#: How far back the pace is measured.
WINDOW_S = 30 * 60.0
#: Fewer chats taken than this in the window: no estimate.
MIN_TAKEN = 3


def pace(taken: list[float], now: float) -> float | None:
    """Chats taken per second lately, from the times they were taken; ``None``: too few."""
    recent = [t for t in taken if now - t <= WINDOW_S]
    if len(recent) < MIN_TAKEN:
        return None
    span = max(now - min(recent), 60.0)  # a burst of accepts is no promise of speed
    return len(recent) / span


def minutes_at(position: int, per_second: float | None) -> int | None:
    """Minutes a young person at ``position`` may wait at that pace."""
    if per_second is None:
        return None
    return max(1, math.ceil(position / per_second / 60))


def expected_minutes(taken: list[float], position: int, now: float) -> int | None:
    """Minutes a young person at ``position`` may wait, from the times chats were taken."""
    return minutes_at(position, pace(taken, now))


class WaitFeature(Feature):
    """Tells queued chat contacts the expected wait."""

    def __init__(self, hub: Hub, api: StaffApi) -> None:
        super().__init__(hub, api)
        self._taken: deque[float] = deque()
        self._told: dict[str, int | None] = {}  # conversation -> minutes last sent

    def on_event(self, event: Event) -> None:
        conv = self.hub.conversations.get(event.conversation)
        if event.kind == "assigned" and conv is not None and conv.channel == "chat":
            self._taken.append(time.monotonic())
        if event.kind in ("assigned", "closed"):
            self._told.pop(event.conversation, None)

    def on_queue_changed(self) -> None:
        now = time.monotonic()
        while self._taken and now - self._taken[0] > WINDOW_S:
            self._taken.popleft()
        per_second = pace(list(self._taken), now)  # once, not once per waiting contact
        for index, conv_id in enumerate(self.hub.queue):
            conv = self.hub.conversations.get(conv_id)
            if conv is None or conv.channel != "chat":
                continue
            minutes = minutes_at(index + 1, per_second)
            if conv_id in self._told and self._told[conv_id] == minutes:
                continue
            self._told[conv_id] = minutes
            for contact in self.hub.contacts.get(conv_id, ()):
                contact.push({"type": "wait", "minutes": minutes})
