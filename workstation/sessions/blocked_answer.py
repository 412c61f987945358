"""The kind automatic answer a blocked contact meets (no I/O: text from the directory).

It never says "blocked" and never blames: it says we cannot answer here now, gives 112 and
113 for danger, and offers another service that is open now (the referral directory).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from workstation.sessions import referrals
from workstation.sessions.referrals import OSLO, Service

#: The age a service must accept to be offered (the line's typical young person).
OFFER_AGE = 14
#: This line itself (never offered as "another service").
THIS_LINE = "alarmtelefonen"

EMERGENCY = (
    "Er du i fare nå, ring 112 (politi) eller 113 (ambulanse). "
    "Trenger du legevakt, ring 116 117."
)
OPENING = "Vi kan dessverre ikke svare deg her akkurat nå."


@dataclass(frozen=True)
class BlockedAnswer:
    """Attributes: text: the whole answer (SMS, a spoken message); service: the offered
    service's name, description, phone and web address (the chat page lists it), or ``None``."""

    text: str
    service: dict[str, str | None] | None


def other_service(at: datetime | None = None) -> Service | None:
    """A service open now that a young person can reach by phone or web."""
    now = at or datetime.now(OSLO)
    for service in referrals.open_now(now, age=OFFER_AGE):
        if service.id != THIS_LINE and (service.phone or service.web):
            return service
    return None


def blocked_answer(at: datetime | None = None) -> BlockedAnswer:
    service = other_service(at)
    parts = [OPENING, EMERGENCY]
    offered = None
    if service is not None:
        reach = " eller ".join(x for x in (service.phone, service.web) if x)
        parts.append(f"Du kan også snakke med {service.name}: {reach}.")
        offered = {"name": service.name, "description": service.description,
                   "phone": service.phone, "web": service.web}
    return BlockedAnswer(" ".join(parts), offered)
