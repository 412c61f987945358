"""``GET /chat/status``: is the chat open now, who else is open now, and the other hubs.

The page asks on load. Closed (outside ``--chat-hours``, Europe/Oslo) it tells the young
person kindly when the chat opens and offers services from the referral directory that are
open now; in a long queue (position at least ``busy_from``) it offers them beside waiting.
Nothing of the request is used: the answer is the same for everyone at the same moment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from workstation.sessions import referrals
from workstation.sessions.referrals import OSLO, Day, HoursBlock, Interval, Service

#: How many other services the page offers.
OFFERED = 3
#: The age a service must accept to be offered (the chat's typical young person).
OFFER_AGE = 14
_ALL_DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class ChatHours:
    """When the chat is staffed: every day from ``open`` to ``close`` (``HH:MM``, Oslo time;
    a close before the open means past midnight). No hours: always open."""

    open: str
    close: str

    @classmethod
    def parse(cls, text: str) -> ChatHours | None:
        """``"08:00-22:00"``; empty means always open. Raises ValueError."""
        if not text.strip():
            return None
        start, sep, end = text.strip().partition("-")
        if not sep:
            raise ValueError("Chat hours are written HH:MM-HH:MM, e.g. 08:00-22:00.")
        hours = cls(start.strip(), end.strip())
        hours.as_service()  # validates both times
        return hours

    def as_service(self) -> Service:
        """The chat as a directory entry, so its hours follow the directory's own rules."""
        block = HoursBlock(channels=("chat",),
                           intervals=(Interval(days=_ALL_DAYS, open=self.open, close=self.close),))
        return Service(id="this-chat", name="", organisation="", audience="", age_min=None,
                       age_max=None, topics=(), channels=("chat",), description="",
                       hours_as_of="", hours=(block,), open_on_holidays=True)


def status(hours: ChatHours | None, busy_from: int, at: datetime | None = None,
           peers: tuple[str, ...] = ()) -> bytes:
    """The JSON the page reads: ``open``, ``opens_at``, ``busy_from``, ``services``, and
    ``peers``: the other hubs' ``ws(s)://host:port`` to move to when this one is gone."""
    now = at or datetime.now(OSLO)
    chat = hours.as_service() if hours else None
    is_open = chat is None or referrals.is_open(chat, now)
    opens_at = None
    if chat is not None and not is_open:
        following = referrals.next_opening(chat, now)
        opens_at = following.strftime("%H.%M") if following else None
    answer: dict[str, Any] = {
        "open": is_open,
        "opens_at": opens_at,
        "busy_from": busy_from,
        "services": [_offer(service) for service in _open_services(now)],
        "peers": list(peers),
    }
    return json.dumps(answer, ensure_ascii=False).encode()


def _open_services(now: datetime) -> list[Service]:
    found = []
    for service in referrals.open_now(now, age=OFFER_AGE):
        if not (service.phone or service.web):
            continue  # nothing to offer a young person to reach it by
        if any(referrals.is_open(service, now, channel) for channel in ("chat", "phone")):
            found.append(service)
    return found[:OFFERED]


def _offer(service: Service) -> dict[str, Any]:
    return {"name": service.name, "description": service.description,
            "phone": service.phone, "web": service.web}
