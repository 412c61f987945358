"""The supervisor's load snapshot, computed from plain values. No I/O, no clock of its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from workstation.protocol.times import parse_time


@dataclass(frozen=True, slots=True)
class Waiting:
    conversation: str
    channel: str
    waiting_since: str


@dataclass(frozen=True, slots=True)
class Assigned:
    conversation: str
    channel: str
    user: str
    assigned_at: str | None
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class StaffMember:
    user: str
    display_name: str
    roles: tuple[str, ...]
    status: str


@lru_cache(maxsize=8192)
def _timestamp(moment: str) -> float:
    """Wire times repeat in every snapshot (an assignment time stays put): parse each once."""
    return parse_time(moment).timestamp()


def _seconds_since(moment: str | None, now: float) -> float:
    if moment is None:
        return 0.0
    return max(0.0, now - _timestamp(moment))


def load_snapshot(
    now: datetime,
    waiting: list[Waiting],
    assigned: list[Assigned],
    staff: list[StaffMember],
    staff_extras: dict[str, dict[str, Any]] | None = None,
    queue_length: int | None = None,
    queue_by_channel: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The ``load`` push: queue, waits, open conversations, and each person online.

    ``waiting`` is in queue order. ``staff_extras`` adds fields per user (consultations,
    capacity) from features the core does not know. ``conversations_detail`` lists each
    assigned conversation (id, channel, user, ``assigned_at``, flags) so a supervisor can
    pick one to observe; it carries no message text.

    ``waiting`` may be only the first of a long queue (the hub lists at most 50): then
    ``queue_length`` and ``queue_by_channel`` count them all (by default: ``waiting``).
    """
    now_s = now.timestamp()
    waits = [round(_seconds_since(w.waiting_since, now_s), 1) for w in waiting]
    queue = [
        {
            "conversation": w.conversation,
            "channel": w.channel,
            "waiting_since": w.waiting_since,
            "waiting_s": wait,
            "position": index + 1,
        }
        for index, (w, wait) in enumerate(zip(waiting, waits, strict=True))
    ]
    # Per person: [conversations, longest, risk, {channel: n}]. The per-conversation dicts
    # hold only strings and numbers (flags as a tuple, () when none), so CPython does not
    # track them for the cyclic collector: a snapshot of 1,000 conversations then triggers
    # no collections, which otherwise set its tail latency.
    held: dict[str, list[Any]] = {}
    detail = []
    for conv in assigned:
        elapsed = round(_seconds_since(conv.assigned_at, now_s), 1)
        tally = held.get(conv.user)
        if tally is None:
            tally = held[conv.user] = [0, 0.0, 0, {}]
        tally[0] += 1
        tally[1] = max(tally[1], elapsed)
        tally[3][conv.channel] = tally[3].get(conv.channel, 0) + 1
        if "risk" in conv.flags:
            tally[2] += 1
        detail.append(
            {
                "conversation": conv.conversation,
                "channel": conv.channel,
                "user": conv.user,
                "assigned_at": conv.assigned_at,
                "assigned_s": elapsed,
                "flags": tuple(sorted(conv.flags)) if conv.flags else (),
            }
        )
    extras = staff_extras or {}
    people = []
    for member in sorted(staff, key=lambda m: m.display_name.casefold()):
        count, longest, risk, by_channel = held.get(member.user, (0, 0.0, 0, {}))
        entry: dict[str, Any] = {
            "user": member.user,
            "display_name": member.display_name,
            "roles": list(member.roles),
            "status": member.status,
            "conversations": count,
            "by_channel": dict(by_channel),
            "longest_conversation_s": longest,
            "risk": risk,
        }
        entry.update(extras.get(member.user, {}))
        people.append(entry)
    return {
        "type": "load",
        "queue_length": len(queue) if queue_length is None else queue_length,
        "queue_by_channel": by_channel_of(waiting) if queue_by_channel is None
        else dict(queue_by_channel),
        "longest_wait_s": max(waits, default=0.0),
        "open_conversations": len(assigned),
        "queue": queue,
        "conversations_detail": detail,
        "staff": people,
        "shift_leads_online": sum(1 for m in staff if "shift_lead" in m.roles),
    }


def by_channel_of(waiting: list[Waiting]) -> dict[str, int]:
    """How many of ``waiting`` are on each channel."""
    counts: dict[str, int] = {}
    for w in waiting:
        counts[w.channel] = counts.get(w.channel, 0) + 1
    return counts
