"""The one clock: Oslo time (or the hub's zone) written the Norwegian way, whatever the machine."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfoNotFoundError

import pytest

from workstation.sessions import clock


@pytest.fixture(autouse=True)
def _default_zone() -> Iterator[None]:
    clock.set_zone(None)
    yield
    clock.set_zone(None)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def test_winter_evening_is_one_hour_ahead_of_utc() -> None:
    assert clock.format_clock(utc(2026, 12, 4, 22, 5)) == "23.05"
    assert clock.format_datetime(utc(2026, 12, 4, 22, 5)) == "4. desember 2026 kl. 23.05"


def test_summer_time_is_two_hours_ahead() -> None:
    assert clock.format_clock(utc(2027, 6, 30, 21, 0, 9), seconds=True) == "23.00.09"


def test_the_spring_change_skips_an_hour() -> None:
    # 29 March 2026: 02.00 CET becomes 03.00 CEST (01.00 UTC).
    before = utc(2026, 3, 29, 0, 59)
    assert clock.format_clock(before) == "01.59"
    assert clock.format_clock(before + timedelta(minutes=1)) == "03.00"


def test_the_autumn_change_shows_the_same_hour_twice() -> None:
    # 25 October 2026: 03.00 CEST becomes 02.00 CET (01.00 UTC).
    first = utc(2026, 10, 25, 0, 30)
    second = first + timedelta(hours=1)
    assert clock.format_clock(first) == clock.format_clock(second) == "02.30"


def test_midnight_in_oslo_is_already_the_next_day() -> None:
    late = utc(2026, 12, 31, 23, 30)  # 00.30 on New Year's Day in Oslo
    assert clock.today(late) == date(2027, 1, 1)
    assert clock.format_date(late) == "1. januar 2027"
    assert clock.format_short_date(late) == "01.01.2027"
    assert clock.format_clock(late) == "00.30"


def test_a_date_is_written_long_with_an_optional_weekday() -> None:
    assert clock.format_date(date(2026, 12, 4)) == "4. desember 2026"
    assert clock.format_date(date(2026, 12, 4), weekday=True) == "fredag 4. desember 2026"


def test_same_day_drops_the_date() -> None:
    now = utc(2026, 12, 4, 22, 59)
    assert clock.format_datetime(utc(2026, 12, 4, 8, 0), now=now) == "kl. 09.00"
    assert clock.format_datetime(utc(2026, 12, 3, 8, 0), now=now) == "3. desember 2026 kl. 09.00"


def test_naive_times_are_utc_as_the_hub_sends_them() -> None:
    assert clock.format_clock(datetime(2026, 12, 4, 22, 5)) == "23.05"  # noqa: DTZ001


def test_the_hub_may_announce_another_zone() -> None:
    clock.set_zone("America/New_York")
    assert clock.format_clock(utc(2026, 12, 4, 22, 5)) == "17.05"
    clock.set_zone(None)
    assert clock.format_clock(utc(2026, 12, 4, 22, 5)) == "23.05"


def test_an_unknown_zone_is_refused_and_the_clock_is_unchanged() -> None:
    with pytest.raises(ZoneInfoNotFoundError):
        clock.set_zone("Europe/Atlantis")
    assert clock.format_clock(utc(2026, 12, 4, 22, 5)) == "23.05"
