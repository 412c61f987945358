"""Follow-up times: a time agreed with the young person, opened by the return code.

The counsellor gives ``follow_up_at`` with ``return_code_offer``. The hub checks it lies
ahead (at least :data:`MIN_LEAD_S`), before the code expires, and within the chat's opening
hours (``--chat-hours``; the hub has no shift schedule, so the counsellor's own roster is
hers to check). It reminds her (``{"type":"follow_up_reminder","conversation","at"}``)
:data:`REMIND_BEFORE_S` before, or when she signs in after that; a young person coming
back with the code meanwhile keeps the time. Nobody by :data:`GRACE_S` after: the time is
released (``{"type":"follow_up_released","conversation","at"}``; the code still opens).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from workstation.hub.webchat.status import ChatHours
from workstation.protocol.times import parse_time, utc_now
from workstation.sessions import referrals

#: The least time ahead a follow-up may be agreed.
MIN_LEAD_S = 15 * 60.0
#: How long before the time the counsellor is reminded.
REMIND_BEFORE_S = 10 * 60.0
#: How long after the time nobody came before it is released.
GRACE_S = 30 * 60.0


@dataclass
class FollowUp:
    """One agreed time (the code's earlier conversation names it)."""

    conversation: str
    user: str
    at: str
    reminded: bool = False


def problem(at_text: str, expires_at: datetime, hours: ChatHours | None,
            min_lead_s: float) -> str | None:
    """Why ``at_text`` cannot be a follow-up time, or ``None`` when it can."""
    try:
        at = parse_time(at_text)
    except ValueError:
        return "follow_up_at is written like 2026-12-06T15:00:00Z."
    now = utc_now()
    if at < now + timedelta(seconds=min_lead_s):
        return "A follow-up time must lie ahead."
    if at > expires_at:
        return "A follow-up time must come before the code expires."
    if hours is not None and not referrals.is_open(hours.as_service(), at):
        return "That time is outside the chat's opening hours."
    return None


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
