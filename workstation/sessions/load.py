"""The supervisor's load snapshot, computed from plain values. No I/O, no clock of its own."""

from __future__ import annotations

from collections import defaultdict
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
def _parsed(moment: str) -> datetime:
    """Wire times repeat in every snapshot (an assignment time stays put): parse each once."""
    return parse_time(moment)


def _seconds_since(moment: str | None, now: datetime) -> float:
    if moment is None:
        return 0.0
    return max(0.0, (now - _parsed(moment)).total_seconds())


def load_snapshot(
    now: datetime,
    waiting: list[Waiting],
    assigned: list[Assigned],
    staff: list[StaffMember],
    staff_extras: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The ``load`` push: queue, waits, open conversations, and each person online.

    ``waiting`` is in queue order. ``staff_extras`` adds fields per user (consultations,
    capacity) from features the core does not know. ``conversations_detail`` lists each
    assigned conversation (id, channel, user, ``assigned_at``, flags) so a supervisor can
    pick one to observe; it carries no message text.
    """
    waits = [round(_seconds_since(w.waiting_since, now), 1) for w in waiting]
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
    held: dict[str, list[tuple[Assigned, float]]] = defaultdict(list)
    detail = []
    for conv in assigned:
        elapsed = round(_seconds_since(conv.assigned_at, now), 1)
        held[conv.user].append((conv, elapsed))
        detail.append(
            {
                "conversation": conv.conversation,
                "channel": conv.channel,
                "user": conv.user,
                "assigned_at": conv.assigned_at,
                "assigned_s": elapsed,
                "flags": sorted(conv.flags) if conv.flags else [],
            }
        )
    extras = staff_extras or {}
    people = []
    for member in sorted(staff, key=lambda m: m.display_name.casefold()):
        mine = held.get(member.user, [])
        by_channel: dict[str, int] = defaultdict(int)
        for conv, _ in mine:
            by_channel[conv.channel] += 1
        entry: dict[str, Any] = {
            "user": member.user,
            "display_name": member.display_name,
            "roles": list(member.roles),
            "status": member.status,
            "conversations": len(mine),
            "by_channel": dict(by_channel),
            "longest_conversation_s": max((elapsed for _, elapsed in mine), default=0.0),
            "risk": sum(1 for c, _ in mine if "risk" in c.flags),
        }
        entry.update(extras.get(member.user, {}))
        people.append(entry)
    return {
        "type": "load",
        "queue_length": len(queue),
        "longest_wait_s": max(waits, default=0.0),
        "open_conversations": len(assigned),
        "queue": queue,
        "conversations_detail": detail,
        "staff": people,
        "shift_leads_online": sum(1 for m in staff if "shift_lead" in m.roles),
    }
