"""Humane time limits, as pure logic: which warning is due for a conversation, and when to look
again. No clock, no timers, no I/O — the hub passes ``now`` and the queue length in.

Young people said time limits made them feel rushed and rejected, so a limit here only ever
*warns the counsellor*: never the child, never while the conversation is flagged ``risk`` or the
counsellor chose to continue, and only while enough others are waiting. Nothing closes a
conversation.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from workstation.protocol.times import parse_time
from workstation.sessions.events import Event

Level = Literal["soft", "hard"]

#: The flag that exempts a conversation from every warning.
RISK_FLAG = "risk"

_RANK: dict[Level | None, int] = {None: 0, "soft": 1, "hard": 2}


@dataclass(frozen=True, slots=True)
class TimePolicy:
    """One channel's limits.

    Attributes:
        channel: ``chat``, ``sms``, ``phone`` or ``email``.
        soft_s: seconds after assignment for the soft warning (≥ 1).
        hard_s: seconds after assignment for the hard warning (≥ ``soft_s``).
        min_queue: warn only while at least this many contacts wait (0 = always).
        enabled: a disabled policy warns no one but is kept.
    """

    channel: str
    soft_s: int
    hard_s: int
    min_queue: int
    enabled: bool = True

    def limits(self) -> tuple[tuple[Level, int], ...]:
        return (("soft", self.soft_s), ("hard", self.hard_s))

    def to_wire(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "enabled": self.enabled,
            "soft_s": self.soft_s,
            "hard_s": self.hard_s,
            "min_queue": self.min_queue,
        }


#: Policies a hub has before a supervisor sets its own for the channel. A letter is answered
#: within hours, not seconds: the soft cue comes after 2 hours with the letter, the hard one
#: after 4, and only while someone else waits.
SHIPPED_POLICIES = (TimePolicy("email", soft_s=2 * 3600, hard_s=4 * 3600, min_queue=1),)

#: Channels that are not live: the queue and overview show "answer by …" (the letter's arrival
#: plus this) instead of a wait that counts up by the second.
ANSWER_WITHIN = {"email": timedelta(hours=24)}


def answer_by(channel: str | None, since: datetime) -> datetime | None:
    """When a contact of ``channel`` that arrived at ``since`` should have its answer, or None
    for a live channel."""
    within = ANSWER_WITHIN.get(channel or "")
    return since + within if within is not None else None


@dataclass(slots=True)
class Clock:
    """The time-limit state of one open, assigned conversation.

    Attributes:
        started: when the current assignment began (the latest ``assigned`` event).
        fired: the highest level already warned about in this assignment.
        continued: the counsellor chose to continue; no more warnings for this conversation.
    """

    started: datetime
    fired: Level | None = None
    continued: bool = False

    def reassigned(self, at: datetime) -> None:
        """A new assignment restarts the clock; a decision to continue still stands."""
        self.started, self.fired = at, None


@dataclass(frozen=True, slots=True)
class Decision:
    """Attributes:
    level: the warning to give now, or ``None``.
    elapsed_s: whole seconds since the assignment began.
    next_at: when a later level becomes due by time alone; ``None`` when only a change
        (of the queue, the policy or the assignment) can make one due.
    """

    level: Level | None
    elapsed_s: int
    next_at: datetime | None


def decide(
    policy: TimePolicy | None,
    clock: Clock,
    now: datetime,
    waiting: int,
    flags: Collection[str],
) -> Decision:
    """The warning due now for a conversation assigned since ``clock.started``.

    When several levels are due at once (the queue grew late, or a new policy is shorter), only
    the highest is given. With fewer than ``min_queue`` waiting, nothing is due and no time is
    worth waiting for: the hub asks again when the queue changes.
    """
    elapsed = (now - clock.started).total_seconds()
    elapsed_s = max(0, int(elapsed))
    if policy is None or not policy.enabled or clock.continued or RISK_FLAG in flags:
        return Decision(None, elapsed_s, None)
    pending = [(level, s) for level, s in policy.limits() if _RANK[level] > _RANK[clock.fired]]
    if not pending or waiting < policy.min_queue:
        return Decision(None, elapsed_s, None)
    reached = [level for level, s in pending if elapsed >= s]
    later = [s for _, s in pending if elapsed < s]
    next_at = clock.started + timedelta(seconds=later[0]) if later else None
    return Decision(reached[-1] if reached else None, elapsed_s, next_at)


def warning_fields(policy: TimePolicy, decision: Decision, waiting: int) -> dict[str, Any]:
    """Fields of a staff-only ``time_warning`` event."""
    assert decision.level is not None
    return {
        "level": decision.level,
        "elapsed_s": decision.elapsed_s,
        "soft_s": policy.soft_s,
        "hard_s": policy.hard_s,
        "waiting": waiting,
    }


def clock_from_events(events: Iterable[Event]) -> Clock | None:
    """Rebuild a conversation's clock from its log (after a hub restart).

    ``events`` are the conversation's ``assigned``, ``time_warning`` and ``time_continued``
    events in ``seq`` order; ``None`` when it was never assigned.
    """
    clock: Clock | None = None
    continued = False
    for event in events:
        if event.kind == "assigned":
            if clock is None:
                clock = Clock(parse_time(event.at))
            else:
                clock.reassigned(parse_time(event.at))
        elif event.kind == "time_warning" and clock is not None:
            level = event.fields.get("level")
            if level in ("soft", "hard") and _RANK[level] > _RANK[clock.fired]:
                clock.fired = level
        elif event.kind == "time_continued":
            continued = True
    if clock is not None:
        clock.continued = continued
    return clock
