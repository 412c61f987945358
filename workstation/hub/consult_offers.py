"""Who a consultation is offered to, and the pushes that tell them (offer, withdrawal, list).

Plain functions over the hub's routing state; :mod:`workstation.hub.consult` decides when.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from workstation.hub.consults import Consultation, ConsultStatus, pending_order
from workstation.protocol.times import utc_now
from workstation.sessions.conversation import Status
from workstation.store import UserRecord

if TYPE_CHECKING:
    from workstation.hub.core import Hub

#: Roles that can be asked by name, and that receive the pending list.
CONSULT_ROLES = ("counsellor", "shift_lead")


def online_user(hub: Hub, name: str) -> UserRecord | None:
    peers = hub.staff.get(name)
    return next(iter(peers)).user if peers else None


def assigned_counts(hub: Hub) -> dict[str, int]:
    """How many conversations are assigned to each user now (one pass over them all)."""
    counts: dict[str, int] = {}
    for conv in hub.conversations.values():
        if conv.status is Status.ASSIGNED and conv.assigned_user is not None:
            counts[conv.assigned_user] = counts.get(conv.assigned_user, 0) + 1
    return counts


def signed_in(hub: Hub, everywhere: bool = False) -> list[tuple[UserRecord, str]]:
    """``(user, presence)`` of the staff online here, and with ``everywhere`` also of those
    signed in on the other hubs only (``Hub.elsewhere``, from ``staff_presence``; their
    records carry no password hash)."""
    found = []
    for name in hub.staff:
        user = online_user(hub, name)
        if user is not None:
            found.append((user, hub.presence.get(name, "available")))
    if everywhere:
        for name, member in hub.elsewhere.items():
            if name not in hub.staff:
                found.append(
                    (UserRecord(name, member.display_name, member.roles, ""), member.status)
                )
    return found


def available_shift_leads(
    hub: Hub, exclude: Iterable[str] = (), everywhere: bool = False
) -> list[UserRecord]:
    """Shift leads online and available, the least busy first (then by user name); with
    ``everywhere`` also those signed in on the other hubs (for features that follow each
    other's steps across hubs, as consultations do)."""
    skip = set(exclude)
    counts = assigned_counts(hub)
    leads = [
        user for user, status in signed_in(hub, everywhere)
        if user.name not in skip and "shift_lead" in user.roles and status == "available"
    ]
    return sorted(leads, key=lambda u: (counts.get(u.name, 0), u.name))


def offer_frame(hub: Hub, consult: Consultation) -> dict[str, Any]:
    conv = hub.conversations.get(consult.conversation)
    channel = conv.channel if conv is not None else None
    return {"type": "consult_request", **consult.offer(utc_now(), channel)}


def pending_for(hub: Hub, consults: Iterable[Consultation], user: str) -> list[dict[str, Any]]:
    """Requests offered to ``user`` now: urgent first, then the longest waiting."""
    mine = [
        c for c in consults if c.status is ConsultStatus.PENDING and user in c.addressees
    ]
    now = utc_now()
    items = []
    for consult in sorted(mine, key=pending_order):
        conv = hub.conversations.get(consult.conversation)
        items.append(consult.offer(now, conv.channel if conv is not None else None))
    return items


def push_pending(hub: Hub, consults: Iterable[Consultation], users: Iterable[str]) -> None:
    """Send each user their whole pending list (``consult_pending``)."""
    every = list(consults)
    for user in users:
        hub.push_to_user(user, {"type": "consult_pending", "items": pending_for(hub, every, user)})


def push_offer(hub: Hub, consult: Consultation, users: Iterable[str]) -> None:
    frame = offer_frame(hub, consult)
    for user in users:
        hub.push_to_user(user, frame)


def push_withdrawn(hub: Hub, consult: Consultation, users: Iterable[str], reason: str) -> None:
    frame = {"type": "consult_withdrawn", "consult": consult.id, "reason": reason}
    for user in users:
        hub.push_to_user(user, frame)


def alert_supervisors(
    hub: Hub, consult: Consultation, waiting_s: float, escalated_to: str | None
) -> None:
    frame = {
        "type": "alert",
        "alert": "consult_unanswered",
        "consult": consult.id,
        "conversation": consult.conversation,
        "waiting_s": waiting_s,
        "urgent": consult.urgent,
        "escalated_to": escalated_to,
    }
    for peers in hub.staff.values():
        for peer in peers:
            if peer.has_role("supervisor"):
                peer.push(frame)
