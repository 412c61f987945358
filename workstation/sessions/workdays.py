"""Norwegian working-day calendar.

A working day is Monday to Friday and not a Norwegian public holiday (helligdag or
høytidsdag: New Year's Day, Maundy Thursday, Good Friday, Easter, 1 May, Ascension Day,
17 May, Whitsun, Christmas Day and Boxing Day). Christmas Eve and New Year's Eve are not
public holidays and so count as working days.

Used for follow-ups such as "urgent concern reports are also phoned the next working day".
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

__all__ = [
    "holiday_name",
    "is_public_holiday",
    "is_working_day",
    "next_working_day",
    "working_day_on_or_after",
]


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> dict[date, str]:
    # Imported here: the package imports every country's calendar (0.3-0.5 s), which every
    # hub process and ``workstation-hub`` command paid at start-up, most never asking.
    from holidays.countries.norway import Norway

    # include_sundays=False: the library lists every Sunday as a holiday by default. The
    # class takes it in every supported holidays (>=0.72); country_holidays() only from 0.109.
    table = Norway(years=year, include_sundays=False, language="no")
    return {day: str(name) for day, name in table.items()}


def holiday_name(d: date) -> str | None:
    """The Norwegian name of the public holiday on ``d``, or ``None``."""
    return _holidays_for(d.year).get(d)


def is_public_holiday(d: date) -> bool:
    """True if ``d`` is a Norwegian public holiday (Sundays as such are not counted)."""
    return d in _holidays_for(d.year)


def is_working_day(d: date) -> bool:
    """True for Monday to Friday that is not a Norwegian public holiday."""
    return d.weekday() < 5 and not is_public_holiday(d)


def working_day_on_or_after(d: date) -> date:
    """``d`` itself if it is a working day, otherwise the next working day."""
    day = d
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def next_working_day(d: date) -> date:
    """The first working day strictly after ``d``."""
    return working_day_on_or_after(d + timedelta(days=1))
