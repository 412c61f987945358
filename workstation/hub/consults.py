"""Consultations as data: their state, the offer as staff see it, and rebuilding from the log.

No I/O here; :mod:`workstation.hub.consult` routes requests and writes events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from workstation.protocol.times import parse_time
from workstation.sessions.events import Event

#: Event kinds of this feature, all staff-only (the contact's view is a whitelist).
KINDS = frozenset(
    {
        "consult_requested",
        "consult_escalated",
        "consult_declined",
        "consult_joined",
        "consult_message",
        "consult_taken_over",
        "consult_ended",
    }
)


class ConsultStatus(StrEnum):
    PENDING = "pending"  # offered, nobody joined yet
    JOINED = "joined"  # a consultant joined; both sides see the conversation
    ENDING = "ending"  # consult_ended is being written; access lasts until it is delivered
    ENDED = "ended"


@dataclass(slots=True)
class Consultation:
    """Attributes:
    id: the consult id.
    conversation: the conversation it is about.
    requester: user name of the counsellor who asked; requester_name: their display name.
    to: the user asked by name, or ``None`` for "any shift lead".
    summary: an optional one-line reason; urgent: sorted first in pending lists.
    requested_at: wire time of ``consult_requested``.
    status: see :class:`ConsultStatus`.
    consultant: user name of whoever joined; consultant_name: their display name.
    addressees: users the request is offered to now.
    offered: everyone it was ever offered to (they get ``conflict`` rather than ``forbidden``).
    declined: users who declined; it is never offered to them again.
    escalations: how many times it escalated.
    ended_reason: why it ended (``consult_withdrawn``'s reason), once it has.
    """

    id: str
    conversation: str
    requester: str
    requester_name: str
    to: str | None
    summary: str | None
    urgent: bool
    requested_at: str
    status: ConsultStatus = ConsultStatus.PENDING
    consultant: str | None = None
    consultant_name: str | None = None
    addressees: set[str] = field(default_factory=set)
    offered: set[str] = field(default_factory=set)
    declined: set[str] = field(default_factory=set)
    escalations: int = 0
    ended_reason: str | None = None

    @property
    def active(self) -> bool:
        return self.status is not ConsultStatus.ENDED

    @property
    def joined(self) -> bool:
        """True while the consultant has access (until ``consult_ended`` is delivered)."""
        return self.status in (ConsultStatus.JOINED, ConsultStatus.ENDING)

    def participants(self) -> set[str]:
        """The two people in a joined consultation (either may be the assigned one)."""
        return {self.requester, self.consultant} if self.consultant else {self.requester}

    def offer(self, now: datetime, channel: str | None = None) -> dict[str, Any]:
        """The request as an addressee sees it (``consult_request`` and ``consult_pending``)."""
        return {
            "consult": self.id,
            "conversation": self.conversation,
            "channel": channel,
            "from": self.requester_name,
            "from_user": self.requester,
            "to": self.to,
            "summary": self.summary,
            "urgent": self.urgent,
            "requested_at": self.requested_at,
            "waiting_s": self.waiting_s(now),
            "escalations": self.escalations,
        }

    def summary_for(self, user: str) -> dict[str, Any]:
        """An active consultation as one of its participants sees it in ``consult_list``."""
        return {
            "consult": self.id,
            "conversation": self.conversation,
            "status": self.status.value,
            "counsellor": self.requester_name,
            "counsellor_user": self.requester,
            "consultant": self.consultant_name,
            "consultant_user": self.consultant,
            "summary": self.summary,
            "urgent": self.urgent,
            "requested_at": self.requested_at,
            "role": "counsellor" if user == self.requester else "consultant",
        }

    def waiting_s(self, now: datetime) -> float:
        return round(max(0.0, (now - parse_time(self.requested_at)).total_seconds()), 1)


def pending_order(consult: Consultation) -> tuple[bool, str]:
    """Urgent first, then the longest waiting."""
    return (not consult.urgent, consult.requested_at)


def replay(events: Iterable[Event]) -> dict[str, Consultation]:
    """Rebuild the active consultations from their events (in log order), after a restart."""
    found: dict[str, Consultation] = {}
    for event in events:
        fields = event.fields
        if event.kind == "consult_requested":
            offered = set(fields.get("offered") or ())
            found[fields["consult"]] = Consultation(
                id=fields["consult"],
                conversation=event.conversation,
                requester=fields["user"],
                requester_name=fields["from"],
                to=fields.get("to"),
                summary=fields.get("summary"),
                urgent=bool(fields.get("urgent")),
                requested_at=event.at,
                addressees=set(offered),
                offered=offered,
            )
            continue
        consult = found.get(fields.get("consult", ""))
        if consult is None:
            continue
        _apply(consult, event)
    return {cid: c for cid, c in found.items() if c.active}


def _apply(consult: Consultation, event: Event) -> None:
    fields = event.fields
    if event.kind == "consult_escalated" and fields.get("to"):
        consult.escalations += 1
        consult.addressees.add(fields["to"])
        consult.offered.add(fields["to"])
    elif event.kind == "consult_escalated":
        consult.escalations += 1
    elif event.kind == "consult_declined":
        consult.addressees.discard(fields["user"])
        consult.declined.add(fields["user"])
    elif event.kind == "consult_joined":
        consult.status = ConsultStatus.JOINED
        consult.consultant, consult.consultant_name = fields["user"], fields["consultant"]
        consult.addressees.clear()
    elif event.kind == "consult_ended":
        consult.status = ConsultStatus.ENDED
