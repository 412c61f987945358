"""Referral directory: other Norwegian helplines, their topics and opening hours.

Data: ``resources/referrals/services.json``, extracted from table 2-1 (and the service
descriptions in chapter 2.1) of the Proba 2021 knowledge review. Opening hours are as of
2021 and must be checked before they are relied on; see ``docs/referrals.md``.

Opening hours are weekly intervals in Europe/Oslo wall-clock time. An interval whose close
time is not after its open time runs past midnight into the next day; it belongs to the day it
opens on. A service that is not ``open_on_holidays`` is closed on Norwegian public holidays
(the interval that *starts* on the holiday is dropped); blocks marked ``always`` (24/7) are
open every hour of the year. Only live channels (phone, chat, sms, video) have hours; e-mail and
web question services are reachable at any time but do not answer at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

import msgspec

from workstation.paths import RESOURCES
from workstation.sessions.workdays import is_public_holiday

__all__ = [
    "CHANNELS",
    "DATA_FILE",
    "LIVE_CHANNELS",
    "OSLO",
    "Channel",
    "Day",
    "Directory",
    "HoursBlock",
    "Interval",
    "Service",
    "by_id",
    "filter_services",
    "hours_text",
    "is_open",
    "load_directory",
    "next_opening",
    "open_now",
    "referral_text",
    "services",
    "topic_label",
]

DATA_FILE: Path = RESOURCES / "referrals" / "services.json"
OSLO = ZoneInfo("Europe/Oslo")

Channel = Literal["phone", "chat", "sms", "email", "video", "web"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

CHANNELS: tuple[Channel, ...] = ("phone", "chat", "sms", "email", "video", "web")
LIVE_CHANNELS: frozenset[Channel] = frozenset({"phone", "chat", "sms", "video"})
_DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LOOKAHEAD_DAYS = 400  # long enough to get past a summer closure and a year's holidays


def _parse_clock(text: str) -> int:
    """Minutes after midnight for ``"HH:MM"``; ``"24:00"`` is allowed as a close time."""
    hours, sep, minutes = text.partition(":")
    if not sep or len(hours) != 2 or len(minutes) != 2 or not (hours + minutes).isdigit():
        raise ValueError(f"time must be HH:MM, got {text!r}")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > 24 * 60:
        raise ValueError(f"time out of range: {text!r}")
    return value


class Interval(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Open from ``open`` to ``close`` (Europe/Oslo wall clock) on each of ``days``."""

    days: tuple[Day, ...]
    open: str
    close: str

    def __post_init__(self) -> None:
        if not self.days:
            raise ValueError("an interval needs at least one day")
        if _parse_clock(self.open) >= 24 * 60:
            raise ValueError("an interval cannot open at 24:00")
        _parse_clock(self.close)

    @property
    def open_minutes(self) -> int:
        return _parse_clock(self.open)

    @property
    def close_minutes(self) -> int:
        """Minutes after the opening day's midnight; more than 1440 when past midnight."""
        close = _parse_clock(self.close)
        return close if close > self.open_minutes else close + 24 * 60


class HoursBlock(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Opening hours shared by one or more live channels."""

    channels: tuple[Channel, ...]
    always: bool = False
    intervals: tuple[Interval, ...] = ()

    def __post_init__(self) -> None:
        if not self.channels:
            raise ValueError("an hours block needs at least one channel")
        if self.always == bool(self.intervals):
            raise ValueError("an hours block is either 'always' or has intervals")
        dead = [c for c in self.channels if c not in LIVE_CHANNELS]
        if dead:
            raise ValueError(f"only live channels have opening hours, not {dead}")


class Service(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    name: str
    organisation: str
    audience: str
    """Who the service is for, in Norwegian, as the report puts it."""
    age_min: int | None
    age_max: int | None
    topics: tuple[str, ...]
    channels: tuple[Channel, ...]
    description: str
    """One Norwegian sentence on what the service offers, addressed to the contact."""
    hours_as_of: str
    languages: tuple[str, ...] = ("nb",)
    phone: str | None = None
    web: str | None = None
    hours: tuple[HoursBlock, ...] = ()
    open_on_holidays: bool = False
    closed_weeks: tuple[int, ...] = ()
    """ISO week numbers in which the service is closed (e.g. a summer break)."""
    hours_note: str | None = None
    """Norwegian note on hours or channels, shown to the contact in the referral text."""
    source_note: str | None = None
    """English note for maintainers on how the data was read from the source."""

    def __post_init__(self) -> None:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError(f"{self.id}: age_min is above age_max")
        for block in self.hours:
            missing = set(block.channels) - set(self.channels)
            if missing:
                raise ValueError(f"{self.id}: hours for channels it does not have: {missing}")
        if any(not 1 <= week <= 53 for week in self.closed_weeks):
            raise ValueError(f"{self.id}: closed_weeks must be ISO week numbers")

    @property
    def is_24_7(self) -> bool:
        """True if some live channel is open around the clock."""
        return any(block.always for block in self.hours)

    def serves_age(self, age: int) -> bool:
        return (self.age_min is None or age >= self.age_min) and (
            self.age_max is None or age <= self.age_max
        )


class Directory(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    source: str
    hours_as_of: str
    timezone: str
    topics: dict[str, str]
    """Fixed topic list: id -> Norwegian label (lower case, to fit inside a sentence)."""
    services: tuple[Service, ...]

    def __post_init__(self) -> None:
        if self.timezone != "Europe/Oslo":
            raise ValueError("opening hours must be given in Europe/Oslo")
        seen: set[str] = set()
        for service in self.services:
            if service.id in seen:
                raise ValueError(f"duplicate service id {service.id!r}")
            seen.add(service.id)
            unknown = [t for t in service.topics if t not in self.topics]
            if unknown:
                raise ValueError(f"{service.id}: unknown topics {unknown}")


def load_directory(path: Path | None = None) -> Directory:
    """Read and validate a directory file (default: the shipped one)."""
    data = (path or DATA_FILE).read_bytes()
    return msgspec.json.decode(data, type=Directory)


@lru_cache(maxsize=1)
def _default() -> Directory:
    return load_directory()


def services() -> tuple[Service, ...]:
    """All services in the shipped directory."""
    return _default().services


def by_id(service_id: str) -> Service | None:
    return next((s for s in services() if s.id == service_id), None)


def topic_label(topic: str) -> str:
    """Norwegian label of a topic id; raises ``KeyError`` for an unknown id."""
    return _default().topics[topic]


def filter_services(
    topic: str | None = None,
    age: int | None = None,
    channel: Channel | None = None,
    *,
    include_general: bool = True,
    pool: Iterable[Service] | None = None,
) -> list[Service]:
    """Services for ``topic`` and ``age`` (and reachable by ``channel``).

    Services tagged with the topic come first; services for all topics ("general") follow
    unless ``include_general`` is false. Services without an age limit match any age.
    """
    if topic is not None and topic not in _default().topics:
        raise KeyError(f"unknown topic {topic!r}")
    specific: list[Service] = []
    general: list[Service] = []
    for service in services() if pool is None else pool:
        if age is not None and not service.serves_age(age):
            continue
        if channel is not None and channel not in service.channels:
            continue
        if topic is None or topic in service.topics:
            specific.append(service)
        elif include_general and "general" in service.topics:
            general.append(service)
    return specific + general


# --- Opening hours -------------------------------------------------------------------------


def _to_oslo(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")
    return at.astimezone(OSLO)


def _day_is_off(service: Service, day: date) -> bool:
    if day.isocalendar().week in service.closed_weeks:
        return True
    return not service.open_on_holidays and is_public_holiday(day)


def _blocks(service: Service, channel: Channel | None) -> list[HoursBlock]:
    return [b for b in service.hours if channel is None or channel in b.channels]


def _spans(service: Service, block: HoursBlock, day: date) -> list[tuple[datetime, datetime]]:
    """The (start, end) instants of the intervals of ``block`` that open on ``day``."""
    if _day_is_off(service, day):
        return []
    weekday = _DAYS[day.weekday()]
    midnight = datetime.combine(day, time(0), tzinfo=OSLO)
    spans = []
    for interval in block.intervals:
        if weekday in interval.days:
            # Wall-clock arithmetic: aware datetime + timedelta keeps the local clock reading.
            start = midnight + timedelta(minutes=interval.open_minutes)
            end = midnight + timedelta(minutes=interval.close_minutes)
            spans.append((start, end))
    return spans


def _utc(moment: datetime) -> float:
    return moment.timestamp()


def is_open(service: Service, at: datetime, channel: Channel | None = None) -> bool:
    """True if a live channel of ``service`` (or ``channel``) is open at ``at``.

    ``at`` must be timezone-aware; it is read in Europe/Oslo.
    """
    local = _to_oslo(at)
    now = _utc(local)
    for block in _blocks(service, channel):
        if block.always:
            return True
        for offset in (0, -1):
            day = local.date() + timedelta(days=offset)
            for start, end in _spans(service, block, day):
                if _utc(start) <= now < _utc(end):
                    return True
    return False


def open_now(
    at: datetime | None = None,
    topic: str | None = None,
    age: int | None = None,
    channel: Channel | None = None,
    *,
    pool: Iterable[Service] | None = None,
) -> list[Service]:
    """Services open at ``at`` (default: now), filtered like :func:`filter_services`."""
    moment = datetime.now(OSLO) if at is None else at
    candidates = filter_services(topic, age, channel, pool=pool)
    return [s for s in candidates if is_open(s, moment, channel)]


def next_opening(
    service: Service, at: datetime, channel: Channel | None = None
) -> datetime | None:
    """The first instant at or after ``at`` when the service is open, in Europe/Oslo.

    Returns ``at`` itself (in Oslo time) if it is open already, and ``None`` if the directory
    has no hours for it (or none within about a year).
    """
    local = _to_oslo(at)
    if is_open(service, local, channel):
        return local
    now = _utc(local)
    blocks = _blocks(service, channel)
    if not blocks:
        return None
    for offset in range(_LOOKAHEAD_DAYS):
        day = local.date() + timedelta(days=offset)
        starts = [
            start
            for block in blocks
            for start, _ in _spans(service, block, day)
            if _utc(start) > now
        ]
        if starts:
            return min(starts, key=_utc).astimezone(OSLO)
    return None


# --- Norwegian texts -----------------------------------------------------------------------

_DAY_NAMES: dict[Day, str] = {
    "mon": "mandag",
    "tue": "tirsdag",
    "wed": "onsdag",
    "thu": "torsdag",
    "fri": "fredag",
    "sat": "lørdag",
    "sun": "søndag",
}
_CHANNEL_NAMES: dict[Channel, str] = {
    "phone": "telefon",
    "chat": "chat",
    "sms": "sms",
    "email": "e-post",
    "video": "videochat",
    "web": "nettsiden",
}


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " og " + words[-1]


def _clock(minutes: int) -> str:
    hours, mins = divmod(minutes % (24 * 60) if minutes != 24 * 60 else minutes, 60)
    return f"{hours:02d}" if mins == 0 else f"{hours:02d}.{mins:02d}"


def _days_phrase(days: Sequence[Day]) -> str:
    indices = sorted(_DAYS.index(d) for d in days)
    if len(indices) == 7:
        return "hver dag"
    # A run may wrap around the week (Sunday to Friday).
    for rotation in range(7):
        rotated = sorted((i - rotation) % 7 for i in indices)
        if len(rotated) >= 3 and rotated == list(range(rotated[0], rotated[0] + len(rotated))):
            first = _DAYS[(rotated[0] + rotation) % 7]
            last = _DAYS[(rotated[-1] + rotation) % 7]
            return f"{_DAY_NAMES[first]}–{_DAY_NAMES[last]}"
    return _join([_DAY_NAMES[_DAYS[i]] for i in indices])


def _block_text(block: HoursBlock) -> str:
    if block.always:
        return "døgnåpent"
    per_day: dict[Day, list[tuple[int, int]]] = {}
    for day in _DAYS:
        ranges = [
            (iv.open_minutes, iv.close_minutes) for iv in block.intervals if day in iv.days
        ]
        if ranges:
            per_day[day] = sorted(ranges)
    groups: dict[tuple[tuple[int, int], ...], list[Day]] = {}
    for day, ranges in per_day.items():
        groups.setdefault(tuple(ranges), []).append(day)
    parts = []
    for group, days in groups.items():
        times = _join([f"{_clock(a)}–{_clock(b)}" for a, b in group])
        parts.append(f"{_days_phrase(days)} kl. {times}")
    return ", ".join(parts)


def hours_text(service: Service) -> str:
    """Opening hours in Norwegian, e.g. ``"Telefon: døgnåpent. Chat: hver dag kl. 18–02."``."""
    sentences = []
    for block in service.hours:
        label = _join([_CHANNEL_NAMES[c] for c in block.channels])
        sentences.append(f"{label[:1].upper()}{label[1:]}: {_block_text(block)}.")
    if service.closed_weeks:
        weeks = sorted(service.closed_weeks)
        if weeks == list(range(weeks[0], weeks[-1] + 1)) and len(weeks) > 1:
            sentences.append(f"Stengt i ukene {weeks[0]}–{weeks[-1]}.")
        else:
            sentences.append(f"Stengt i uke {_join([str(w) for w in weeks])}.")
    if service.hours and not service.open_on_holidays and not all(b.always for b in service.hours):
        sentences.append("Det kan være stengt på helligdager.")
    return " ".join(sentences)


def _reach_text(service: Service) -> str:
    ways = []
    for channel in service.channels:
        if channel == "phone" and service.phone:
            ways.append(f"telefon ({service.phone})")
        elif channel == "web":
            ways.append(f"nettsiden {service.web}" if service.web else "nettsiden deres")
        else:
            ways.append(_CHANNEL_NAMES[channel])
    text = f"Du kan nå dem på {_join(ways)}."
    if service.web and "web" not in service.channels:
        text += f" Mer informasjon finner du på {service.web}."
    if "nsl" in service.languages:
        text += " Samtalen foregår på tegnspråk."
    return text


def _when_text(service: Service, at: datetime) -> str:
    if not service.hours:
        return ""
    if is_open(service, at):
        return "De er åpne akkurat nå."
    upcoming = next_opening(service, at)
    if upcoming is None:
        return ""
    local = _to_oslo(at)
    if upcoming.date() == local.date():
        day = "i dag"
    elif upcoming.date() == local.date() + timedelta(days=1):
        day = "i morgen"
    else:
        day = f"på {_DAY_NAMES[_DAYS[upcoming.weekday()]]} {upcoming.day}.{upcoming.month}."
    return f"De er stengt akkurat nå, men åpner igjen {day} kl. {upcoming:%H.%M}."


def referral_text(service: Service, lang: str = "nb", at: datetime | None = None) -> str:
    """A warm Norwegian text the counsellor can paste into the conversation.

    Names the service, says what it helps with, how to reach it and when it is open. With
    ``at`` it also says whether the service is open right then, or when it opens next.
    Only Norwegian Bokmål (``"nb"``) is available.
    """
    if lang != "nb":
        raise ValueError(f"referral texts are only available in Norwegian Bokmål, not {lang!r}")
    directory = _default()
    opening = f"Jeg vil gjerne tipse deg om {service.name}"
    if service.organisation and service.organisation not in service.name:
        opening += f", som drives av {service.organisation}"
    lines = [opening + ".", service.description]
    specific = [directory.topics[t] for t in service.topics if t != "general"]
    if "general" in service.topics and specific:
        lines.append(f"Du kan snakke med dem om alt, også {_join(specific)}.")
    elif "general" in service.topics:
        lines.append("Du kan snakke med dem om alt du har på hjertet.")
    else:
        lines.append(f"De kan hjelpe med {_join(specific)}.")
    lines.append(_reach_text(service))
    hours = hours_text(service)
    if hours:
        lines.append(f"Åpningstider: {hours}")
    if service.hours_note:
        lines.append(service.hours_note)
    if at is not None:
        when = _when_text(service, at)
        if when:
            lines.append(when)
    lines.append("Du er også alltid velkommen til å ta kontakt med oss igjen.")
    return " ".join(lines)
