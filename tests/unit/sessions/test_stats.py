"""Shift figures from stats rows: Oslo hours, outcomes, percentiles, comparison, CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from workstation.protocol.times import format_time
from workstation.sessions.stats import (
    category_counts,
    conversation_length,
    day_figures,
    histogram,
    hourly_counts,
    outcomes,
    percentile,
    percentiles,
    same_weekday_average,
    shift_csv,
    stats_since,
    waiting_time,
)

DAY = date(2026, 11, 26)  # a Thursday; Oslo is UTC+1 in November


def row(
    created: datetime,
    channel: str = "chat",
    wait_s: float | None = 30,
    length_s: float | None = 600,
    abandoned: bool = False,
    categories: list[str] | None = None,
) -> dict[str, Any]:
    assigned = created + timedelta(seconds=wait_s) if wait_s is not None and not abandoned else None
    closed = None
    if abandoned:
        closed = created + timedelta(seconds=wait_s or 0)
    elif assigned is not None and length_s is not None:
        closed = assigned + timedelta(seconds=length_s)
    status = "closed" if closed else ("assigned" if assigned else "queued")
    return {
        "channel": channel,
        "created_at": format_time(created),
        "assigned_at": format_time(assigned) if assigned else None,
        "closed_at": format_time(closed) if closed else None,
        "status": status,
        "abandoned": abandoned,
        "categories": categories or [],
    }


def utc(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def test_hours_are_oslo_wall_clock() -> None:
    rows = [row(utc(22, 30)), row(utc(23, 10)), row(utc(9))]
    counts = hourly_counts(rows, DAY)
    assert counts[23] == 1 and counts[10] == 1  # 22:30 UTC is 23:30 in Oslo
    assert hourly_counts(rows, DAY + timedelta(days=1))[0] == 1  # 23:10 UTC is past midnight
    assert sum(counts) == 2


def test_summer_time_shifts_by_two_hours() -> None:
    summer = date(2026, 7, 2)
    assert hourly_counts([row(utc(20, day=summer))], summer)[22] == 1


def test_waiting_time_and_length() -> None:
    answered = row(utc(10), wait_s=45, length_s=1200)
    left = row(utc(10), wait_s=200, abandoned=True)
    waiting = row(utc(10), wait_s=None)
    open_one = row(utc(10), wait_s=10, length_s=None)
    assert waiting_time(answered) == 45 and conversation_length(answered) == 1200
    assert waiting_time(left) == 200 and conversation_length(left) is None
    assert waiting_time(waiting) is None and conversation_length(open_one) is None
    assert outcomes([answered, left, waiting, open_one]) == outcomes(
        [answered, left, waiting, open_one]
    )
    result = outcomes([answered, left, waiting, open_one])
    assert (result.total, result.answered, result.abandoned, result.waiting) == (4, 2, 1, 1)
    assert result.abandoned_share == 0.25


def test_percentiles_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentiles(values) == {50: 50.0, 90: 90.0, 99: 99.0}
    assert percentile([5.0], 99) == 5.0
    assert percentile([], 50) is None
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0


def test_histogram_bins() -> None:
    assert histogram([0, 29.9, 30, 59, 61, 179, 180, 299, 300, 601, 4000]) == [2, 2, 1, 1, 2, 1, 2]


def test_same_weekday_comparison_averages_four_weeks() -> None:
    rows = [row(utc(21) - timedelta(days=7 * weeks)) for weeks in (1, 2, 2, 4)]
    rows += [row(utc(21) - timedelta(days=3)), row(utc(21) - timedelta(days=35))]
    average = same_weekday_average(rows, DAY)
    assert average[22] == 1.0  # 4 contacts over 4 Thursdays; other days and week 5 ignored
    assert sum(average) == 1.0


def test_categories_most_frequent_first() -> None:
    rows = [
        row(utc(10), categories=["bullying", "violence"]),
        row(utc(11), categories=["violence"]),
    ]
    assert category_counts(rows) == {"violence": 2, "bullying": 1}


def test_stats_since_is_oslo_midnight_four_weeks_back() -> None:
    since = stats_since(DAY)
    assert since.date() == date(2026, 10, 29) and since.hour == 0
    assert since.utcoffset() == timedelta(hours=1)


def test_day_figures_and_csv() -> None:
    rows = [
        row(utc(20), "chat", wait_s=20, length_s=1800, categories=["violence"]),
        row(utc(20, 30), "chat", wait_s=100, length_s=600),
        row(utc(21), "sms", wait_s=200, abandoned=True),
        row(utc(21, 5), "phone", wait_s=None),
        row(utc(20) - timedelta(days=7), "chat"),
    ]
    figures = day_figures(rows, DAY)
    assert figures.per_hour[21] == 2 and figures.per_hour[22] == 2
    assert figures.compare[21] == 0.25
    assert figures.per_hour_channel == {(21, "chat"): 2, (22, "phone"): 1, (22, "sms"): 1}
    assert sorted(figures.waits) == [20, 100, 200] and sorted(figures.lengths) == [600, 1800]
    assert figures.wait_histogram == [1, 0, 1, 0, 1, 0, 0]
    lines = list(csv.reader(io.StringIO(shift_csv(figures))))
    assert lines[0] == ["figure", "channel", "hour", "category", "value"]
    table = {(f, ch, h, cat): v for f, ch, h, cat, v in lines[1:]}
    assert table[("day", "", "", "")] == "2026-11-26"
    assert table[("contacts_per_hour", "chat", "21", "")] == "2"
    assert table[("contacts", "all", "", "")] == "4"
    assert table[("answered", "all", "", "")] == "2"
    assert table[("abandoned", "sms", "", "")] == "1"
    assert table[("still_waiting", "phone", "", "")] == "1"
    assert table[("wait_p50_s", "all", "", "")] == "100"
    assert table[("wait_p99_s", "all", "", "")] == "200"
    assert table[("wait_p50_s", "phone", "", "")] == ""
    assert table[("length_mean_s", "chat", "", "")] == "1200"
    assert table[("category", "", "", "violence")] == "1"
    channels = [ch for f, ch, *_ in lines if f == "contacts"]
    assert channels == ["all", "chat", "sms", "phone"]


@pytest.mark.parametrize("value", [0.5, 12.25])
def test_fractional_seconds_in_csv(value: float) -> None:
    start = utc(10)
    one = {
        "channel": "chat",
        "created_at": format_time(start),
        "assigned_at": format_time(start + timedelta(seconds=value)),
        "closed_at": None,
        "status": "assigned",
        "abandoned": False,
    }
    text = shift_csv(day_figures([one], DAY))
    assert f"wait_p50_s,all,,,{value:.1f}" in text
