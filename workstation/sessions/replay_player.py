"""The replay player's logic: position, speed, what is visible, where practice mode stops.

No clock and no window: the widget calls :meth:`ReplayPlayer.advance` with the real time that
passed, and reads :attr:`visible` to know how many transcript lines to show. Everything here
is tested without Qt.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from workstation.sessions.replay import Replay, ReplayEvent

SPEEDS: tuple[int, ...] = (1, 2, 8)


@dataclass(frozen=True, slots=True)
class Attempt:
    """The trainee's reply at a practice stop, and what the counsellor really wrote."""

    index: int
    offset_ms: int
    mine: str
    original: str


def is_counsellor_message(event: ReplayEvent) -> bool:
    return event.kind == "message" and event.sender == "staff"


class ReplayPlayer:
    """Plays one replay.

    Attributes:
        replay: what is played.
        position_ms: the moment shown, from 0 to :attr:`duration_ms`.
        speed: 1, 2 or 8 (replay milliseconds per real millisecond).
        playing: True while time runs.
        practice: stop before each counsellor message so the trainee can answer first.
        stopped_at: the index of the counsellor message practice mode waits at, or None.
        visible: how many events (a prefix of ``replay.events``) are shown.
        attempts: the trainee's replies by event index.
    """

    def __init__(self, replay: Replay) -> None:
        self.replay = replay
        self._offsets = [e.offset_ms for e in replay.events]
        self.duration_ms = replay.duration_ms
        self.position_ms = 0
        self.speed = 1
        self.playing = False
        self.practice = False
        self.stopped_at: int | None = None
        self.visible = bisect_right(self._offsets, 0)
        self.attempts: dict[int, Attempt] = {}

    # --- controls -------------------------------------------------------------------------

    def play(self) -> None:
        """Start (or restart at the end); practice mode waits for an answer first."""
        if self.stopped_at is not None:
            return
        if self.finished:
            self.seek(0)
        self.playing = True

    def pause(self) -> None:
        self.playing = False

    def set_speed(self, speed: int) -> None:
        if speed not in SPEEDS:
            raise ValueError(f"speed must be one of {SPEEDS}")
        self.speed = speed

    def set_practice(self, on: bool) -> None:
        self.practice = on
        if not on and self.stopped_at is not None:
            self._reveal()

    def seek(self, ms: int) -> None:
        """Jump to ``ms``; everything up to it is shown (also in practice mode)."""
        self.position_ms = min(max(0, int(ms)), self.duration_ms)
        self.visible = bisect_right(self._offsets, self.position_ms)
        self.stopped_at = None
        if self.finished:
            self.playing = False

    def advance(self, real_ms: float) -> bool:
        """Let ``real_ms`` of real time pass; True when anything shown changed."""
        if not self.playing or real_ms <= 0:
            return False
        before = (self.position_ms, self.visible)
        target = min(self.duration_ms, self.position_ms + int(real_ms * self.speed))
        reach = bisect_right(self._offsets, target)
        stop = self._next_stop(self.visible, reach) if self.practice else None
        if stop is not None:
            self.position_ms = self._offsets[stop]
            self.visible = stop
            self.stopped_at = stop
            self.playing = False
        else:
            self.position_ms = target
            self.visible = max(self.visible, reach)
            if self.finished:
                self.playing = False
        return (self.position_ms, self.visible) != before or self.stopped_at is not None

    # --- practice mode ----------------------------------------------------------------------

    def _next_stop(self, start: int, end: int) -> int | None:
        events = self.replay.events
        return next((i for i in range(start, end) if is_counsellor_message(events[i])), None)

    def next_stop_ms(self) -> int | None:
        """Where practice mode will stop next (the offset of the next counsellor message)."""
        index = self._next_stop(self.visible, len(self._offsets))
        return None if index is None else self._offsets[index]

    def answer(self, text: str) -> Attempt:
        """Record the trainee's reply at the stop and show the original message."""
        if self.stopped_at is None:
            raise RuntimeError("not stopped at a counsellor message")
        index = self.stopped_at
        event = self.replay.events[index]
        attempt = Attempt(index, event.offset_ms, text, event.text)
        self.attempts[index] = attempt
        self._reveal()
        return attempt

    def skip(self) -> None:
        """Show the original without answering."""
        if self.stopped_at is not None:
            self._reveal()

    def _reveal(self) -> None:
        assert self.stopped_at is not None
        self.visible = self.stopped_at + 1
        self.stopped_at = None

    # --- reading -----------------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.position_ms >= self.duration_ms and self.stopped_at is None

    def visible_events(self) -> list[ReplayEvent]:
        return self.replay.events[: self.visible]

    def visible_at(self, ms: int) -> int:
        """How many events are shown at ``ms`` outside practice mode."""
        return bisect_right(self._offsets, ms)
