"""A call's state as the desk rebuilds it from the conversation's ``call_*`` events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from workstation.protocol.times import parse_time


@dataclass
class CallState:
    """What the call bar shows.

    Attributes:
        state: ``ringing``, ``connected``, ``held`` or ``ended``.
        number: the masked number, or None (withheld, or a simulated caller).
        answered_at: when the call was answered (the timer's start).
        held_since: when the current hold began, while on hold.
        held_s: seconds spent on hold before ``held_since``.
        parties: outside parties dialled into the call and still on it, party id → name
            (``call_party_added`` / ``call_party_left``; hold, transfer and the end of the
            call end the three-way call on the hub, so they empty it).
    """

    state: str = "ringing"
    number: str | None = None
    answered_at: datetime | None = None
    held_since: datetime | None = None
    held_s: float = 0.0
    ended_at: datetime | None = None
    parties: dict[str, str] = field(default_factory=dict)

    def apply(self, event: dict[str, Any]) -> None:
        """Follow one ``call_*`` event."""
        kind = event.get("kind")
        at = parse_time(event["at"]) if event.get("at") else None
        if kind in ("call_held", "call_transferred"):
            self.parties.clear()
        if kind == "call_party_added":
            self.parties[str(event.get("party"))] = str(
                event.get("name") or event.get("service") or "")
        elif kind == "call_party_left":
            self.parties.pop(str(event.get("party")), None)
        elif kind == "call_offered":
            self.number = event.get("number")
        elif kind == "call_answered":
            self.state = "connected"
            self.answered_at = self.answered_at or at
        elif kind == "call_held" and self.state == "connected":
            self.state = "held"
            self.held_since = at
        elif kind == "call_resumed" and self.state == "held":
            if self.held_since is not None and at is not None:
                self.held_s += (at - self.held_since).total_seconds()
            self.state = "connected"
            self.held_since = None
        elif kind == "call_ended":
            self.end(at)

    def end(self, at: datetime | None) -> None:
        if self.state == "held" and self.held_since is not None and at is not None:
            self.held_s += (at - self.held_since).total_seconds()
        self.held_since = None
        self.parties.clear()
        self.state = "ended"
        self.ended_at = self.ended_at or at

    def talk_seconds(self, now: datetime) -> float:
        """Seconds talked since the answer, not counting time on hold."""
        if self.answered_at is None:
            return 0.0
        end = self.ended_at or now
        held = self.held_s
        if self.held_since is not None:
            held += (end - self.held_since).total_seconds()
        return max(0.0, (end - self.answered_at).total_seconds() - held)

    def hold_seconds(self, now: datetime) -> float:
        """Seconds on the current hold (0 when not on hold)."""
        return 0.0 if self.held_since is None else (now - self.held_since).total_seconds()
