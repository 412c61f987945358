"""Whether a service can be reached now, for the directory's badge (no Qt here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Literal

from workstation.sessions import referrals
from workstation.sessions.referrals import OSLO, Service

#: What the directory uses for "now"; tests pass a fixed one.
Clock = Callable[[], datetime]

StatusKind = Literal["open", "opens", "later", "unknown"]


def oslo_now() -> datetime:
    return datetime.now(OSLO)


@dataclass(frozen=True)
class Status:
    """``open`` now; ``opens`` at ``at``; ``later``: no live channel (web, e-mail: answered
    later); ``unknown``: hours not known (check before referring)."""

    kind: StatusKind
    at: datetime | None = None


def status(service: Service, at: datetime) -> Status:
    if not service.hours:
        live = any(channel in referrals.LIVE_CHANNELS for channel in service.channels)
        return Status("unknown" if live else "later")
    if referrals.is_open(service, at):
        return Status("open")
    upcoming = referrals.next_opening(service, at)
    return Status("unknown") if upcoming is None else Status("opens", upcoming)


@lru_cache(maxsize=1)
def topics() -> dict[str, str]:
    """Topic id → Norwegian label, in the directory's order."""
    return dict(referrals.load_directory().topics)


def topic_labels(service: Service) -> list[str]:
    labels = topics()
    return [labels.get(topic, topic) for topic in service.topics]


def matching(
    topic: str | None, age: int | None, channel: referrals.Channel | None
) -> list[Service]:
    """The services for the filters: those tagged with the topic first, then general ones."""
    return referrals.filter_services(topic, age, channel)
