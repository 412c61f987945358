"""One clock for every window: times in the helpline's zone, written the Norwegian way.

Every time a desk, supervisor or trainer window shows goes through this module, so a desk on a
machine set to UTC or New York shows the same "23.05" as one in Oslo. The zone is Europe/Oslo
unless the hub announces another (:func:`set_zone`). Formats follow Språkrådet: a period between
hours and minutes ("kl. 23.05"), long dates as "4. desember 2026". Pure Python, no Qt.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

__all__ = [
    "DEFAULT_ZONE",
    "format_clock",
    "format_date",
    "format_datetime",
    "format_short_date",
    "set_zone",
    "to_local",
    "today",
    "zone",
]

DEFAULT_ZONE = "Europe/Oslo"

MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")

_zone: tzinfo = ZoneInfo(DEFAULT_ZONE)


def zone() -> tzinfo:
    """The zone every window shows times in."""
    return _zone


def set_zone(name: str | None) -> None:
    """Use the zone ``name`` (an IANA name such as "Europe/Oslo"); None means the default.

    Raises:
        zoneinfo.ZoneInfoNotFoundError: ``name`` is not a zone this machine knows.
        ValueError: ``name`` is not a valid zone key.
    """
    global _zone  # noqa: PLW0603 - one clock per process, set once at sign-in
    _zone = ZoneInfo(name or DEFAULT_ZONE)


def to_local(moment: datetime) -> datetime:
    """``moment`` in the shown zone; a naive ``moment`` is taken to be UTC (as the hub sends)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(_zone)


def today(now: datetime | None = None) -> date:
    """The calendar day in the shown zone (``now`` defaults to the current moment)."""
    return to_local(now if now is not None else datetime.now(UTC)).date()


def format_clock(moment: datetime, *, seconds: bool = False) -> str:
    """The time of day, "23.05" (with ``seconds`` "23.05.09"); sentences add "kl."."""
    local = to_local(moment)
    text = f"{local.hour:02d}.{local.minute:02d}"
    return f"{text}.{local.second:02d}" if seconds else text


def format_date(day: date | datetime, *, weekday: bool = False) -> str:
    """Long date, "4. desember 2026"; with ``weekday`` "fredag 4. desember 2026".

    A ``datetime`` is first moved to the shown zone (so 23.30 UTC is already tomorrow in Oslo).
    """
    if isinstance(day, datetime):
        day = to_local(day).date()
    text = f"{day.day}. {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def format_short_date(day: date | datetime) -> str:
    """Numeric date, "04.12.2026" (for tables and file names where a long date does not fit)."""
    if isinstance(day, datetime):
        day = to_local(day).date()
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def format_datetime(moment: datetime, *, now: datetime | None = None) -> str:
    """Date and time, "4. desember 2026 kl. 23.05"; just "kl. 23.05" when it is ``now``'s day."""
    clock = f"kl. {format_clock(moment)}"
    if now is not None and today(now) == today(moment):
        return clock
    return f"{format_date(moment)} {clock}"
