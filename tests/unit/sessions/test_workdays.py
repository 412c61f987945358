from datetime import date

import pytest

from workstation.sessions.workdays import (
    holiday_name,
    is_public_holiday,
    is_working_day,
    next_working_day,
    working_day_on_or_after,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 3, 24), date(2027, 3, 30)),  # Wed before Easter 2027 -> Tue after Easter Monday
        (date(2027, 3, 25), date(2027, 3, 30)),  # Maundy Thursday
        (date(2027, 3, 29), date(2027, 3, 30)),  # Easter Monday
        (date(2027, 5, 5), date(2027, 5, 7)),  # Ascension Day 6 May 2027
        (date(2027, 5, 14), date(2027, 5, 18)),  # Whit Monday and 17 May coincide in 2027
        (date(2026, 5, 15), date(2026, 5, 18)),  # 17 May 2026 is a Sunday
        (date(2025, 5, 16), date(2025, 5, 19)),  # 17 May 2025 is a Saturday
        (date(2024, 5, 16), date(2024, 5, 21)),  # Fri 17 May, Whit Monday 20 May 2024
        (date(2025, 12, 23), date(2025, 12, 24)),  # Christmas Eve is a working day
        (date(2025, 12, 24), date(2025, 12, 29)),  # 25, 26 Dec then weekend
        (date(2027, 12, 24), date(2027, 12, 27)),
        (date(2027, 12, 31), date(2028, 1, 3)),  # across the year end
        (date(2025, 6, 6), date(2025, 6, 10)),  # Whit Monday 9 June 2025
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


def test_next_working_day_is_strictly_after() -> None:
    assert next_working_day(date(2025, 3, 4)) == date(2025, 3, 5)


def test_is_working_day() -> None:
    assert is_working_day(date(2025, 3, 4))
    assert not is_working_day(date(2025, 3, 8))  # Saturday
    assert not is_working_day(date(2025, 3, 9))  # Sunday
    assert not is_working_day(date(2025, 5, 1))
    assert not is_working_day(date(2025, 5, 29))  # Ascension 2025
    assert not is_working_day(date(2025, 12, 25))
    assert is_working_day(date(2025, 12, 31))


def test_sundays_are_not_counted_as_public_holidays() -> None:
    assert not is_public_holiday(date(2025, 3, 9))
    assert is_public_holiday(date(2027, 5, 16))  # Whit Sunday is a real holiday
    assert holiday_name(date(2025, 5, 17)) == "Grunnlovsdag"
    assert holiday_name(date(2025, 5, 16)) is None


def test_working_day_on_or_after() -> None:
    assert working_day_on_or_after(date(2025, 3, 4)) == date(2025, 3, 4)
    assert working_day_on_or_after(date(2025, 3, 8)) == date(2025, 3, 10)
