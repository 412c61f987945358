"""When an urgent report is followed up by phone: the next Norwegian working day."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from workstation.sessions.workdays import next_working_day

__all__ = ["follow_up_date"]

_OSLO = ZoneInfo("Europe/Oslo")


def follow_up_date(sent_at: datetime | date) -> date:
    """The first working day in Norway after the day the report was sent.

    A timestamp with a UTC offset is first converted to Norwegian time, so a report sent at
    23.30 UTC on a Tuesday in winter counts as sent on Wednesday. A naive timestamp is taken
    to be Norwegian time already.
    """
    if isinstance(sent_at, datetime):
        day = sent_at.astimezone(_OSLO).date() if sent_at.tzinfo else sent_at.date()
    else:
        day = sent_at
    return next_working_day(day)
