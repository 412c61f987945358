"""Follow-up times: a time agreed with the young person, opened by the return code.

The counsellor gives ``follow_up_at`` with ``return_code_offer``. The hub checks it lies
ahead (at least :data:`MIN_LEAD_S`), before the code expires, within the chat's opening
hours (``--chat-hours``) and within one of the counsellor's shifts in the roster
(:mod:`workstation.hub.shifts`; with no shift registered for anyone, the opening hours only).
:func:`proposals` are the times the desk offers (``follow_up_times``). It reminds her
(``{"type":"follow_up_reminder","conversation","at"}``)
:data:`REMIND_BEFORE_S` before, or when she signs in after that; a young person coming
back with the code meanwhile keeps the time. Nobody by :data:`GRACE_S` after: the time is
released (``{"type":"follow_up_released","conversation","at"}``; the code still opens).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from workstation.hub.webchat.status import ChatHours
from workstation.protocol.times import format_time, parse_time, utc_now
from workstation.sessions import referrals

#: The least time ahead a follow-up may be agreed.
MIN_LEAD_S = 15 * 60.0
#: How long before the time the counsellor is reminded.
REMIND_BEFORE_S = 10 * 60.0
#: How long after the time nobody came before it is released.
GRACE_S = 30 * 60.0
#: Proposed times are this far apart (and on these boundaries, after the first).
STEP = timedelta(minutes=30)
#: Proposals reach at most this far ahead (and never past the code's expiry).
PROPOSE_DAYS = 14
#: At most this many proposals.
MAX_PROPOSALS = 300

Shifts = list[tuple[datetime, datetime]]


@dataclass
class FollowUp:
    """One agreed time (the code's earlier conversation names it)."""

    conversation: str
    user: str
    at: str
    reminded: bool = False


def problem(at_text: str, expires_at: datetime, hours: ChatHours | None,
            min_lead_s: float, shifts: Shifts | None = None) -> str | None:
    """Why ``at_text`` cannot be a follow-up time, or ``None`` when it can. ``shifts``: the
    counsellor's in the roster, or ``None`` when nobody has a shift registered."""
    try:
        at = parse_time(at_text)
    except ValueError:
        return "follow_up_at is written like 2026-12-06T15:00:00Z."
    now = utc_now()
    if at < now + timedelta(seconds=min_lead_s):
        return "A follow-up time must lie ahead."
    if at > expires_at:
        return "A follow-up time must come before the code expires."
    if shifts is not None and not any(start <= at < end for start, end in shifts):
        return ("That time is outside your shifts in the roster; choose a time when you "
                "work (the roster is kept with workstation-hub roster).")
    if hours is not None and not referrals.is_open(hours.as_service(), at):
        return "That time is outside the chat's opening hours."
    return None


def proposals(expires_at: datetime, hours: ChatHours | None, min_lead_s: float,
              shifts: Shifts | None) -> list[str]:
    """The times the desk proposes: the first whole minute at least ``min_lead_s`` and a
    minute ahead, then every half hour, up to :data:`PROPOSE_DAYS` days or the code's
    expiry, each one that :func:`problem` accepts (so a shift's or the opening's first
    minute is proposed too)."""
    now = utc_now()
    first = now + timedelta(seconds=min_lead_s + 60)
    first = first.replace(second=0, microsecond=0) + timedelta(minutes=1)
    last = min(expires_at, now + timedelta(days=PROPOSE_DAYS))
    candidates = {first}
    step = first.replace(minute=0 if first.minute < 30 else 30)
    if step < first:  # the half hour before ``first`` is under a minute ahead at times
        step += STEP
    while step <= last:
        candidates.add(step)
        step += STEP
    for start, _end in shifts or ():  # a shift starting off the half hour
        candidates.add(start.astimezone(UTC).replace(second=0, microsecond=0))
    found = []
    for at in sorted(candidates):
        text = format_time(at)
        if at <= last and problem(text, expires_at, hours, min_lead_s, shifts) is None:
            found.append(text)
            if len(found) == MAX_PROPOSALS:
                break
    return found


def load(conn: sqlite3.Connection, now: str) -> list[FollowUp]:
    rows = conn.execute(
        "SELECT conversation, counsellor, follow_up_at FROM return_codes "
        "WHERE follow_up_at IS NOT NULL AND revoked_at IS NULL AND expires_at > ?", (now,)
    ).fetchall()
    return [FollowUp(row[0], row[1], row[2]) for row in rows]


def clear(conn: sqlite3.Connection, conversation: str) -> None:
    conn.execute(
        "UPDATE return_codes SET follow_up_at = NULL WHERE conversation = ?", (conversation,)
    )


class Timers:
    """Reminder and release timers, one pair per agreed time."""

    def __init__(self) -> None:
        self._handles: dict[str, list[asyncio.TimerHandle]] = {}

    def set(self, follow_up: FollowUp, remind_before_s: float, grace_s: float,
            remind: Callable[[FollowUp], None], release: Callable[[FollowUp], None]) -> None:
        self.cancel(follow_up.conversation)
        loop = asyncio.get_running_loop()
        ahead = (parse_time(follow_up.at) - utc_now()).total_seconds()
        self._handles[follow_up.conversation] = [
            loop.call_later(max(0.0, ahead - remind_before_s), remind, follow_up),
            loop.call_later(max(0.0, ahead + grace_s), release, follow_up),
        ]

    def cancel(self, conversation: str) -> None:
        for handle in self._handles.pop(conversation, ()):
            handle.cancel()

    def cancel_all(self) -> None:
        for conversation in list(self._handles):
            self.cancel(conversation)
