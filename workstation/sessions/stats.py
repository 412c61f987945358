"""Shift figures from the hub's ``stats`` rows. Pure Python: no clock, no I/O, no Qt.

A row is one contact, as the ``stats`` request answers it (docs/protocol.md, Supervision):
``channel``, ``created_at``, ``assigned_at``, ``closed_at``, ``status``, ``abandoned`` and,
when a summary was written, ``categories``. Days and hours are Europe/Oslo wall-clock time.

Definitions used everywhere below:

- *answered*: the contact was assigned to a counsellor (``assigned_at`` set);
- *abandoned*: the young person left while still in the queue (the hub's ``abandoned``);
- *waiting time*: from ``created_at`` to ``assigned_at`` (answered) or to ``closed_at``
  (abandoned); contacts still waiting have none yet;
- *conversation length*: from ``assigned_at`` to ``closed_at``, for closed, answered contacts.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from workstation.protocol.times import parse_time

OSLO = ZoneInfo("Europe/Oslo")
CHANNELS: tuple[str, ...] = ("chat", "sms", "phone", "email")
HOURS = 24
PERCENTILES: tuple[int, ...] = (50, 90, 99)
#: Upper edges (seconds) of the waiting-time histogram's bins; the last bin is open.
WAIT_BIN_EDGES: tuple[int, ...] = (30, 60, 120, 180, 300, 600)
#: How many earlier same weekdays the day is compared with.
COMPARE_WEEKS = 4

Row = dict[str, Any]


def local(moment: str) -> datetime:
    """A wire time as Europe/Oslo wall-clock time."""
    return parse_time(moment).astimezone(OSLO)


def local_day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in Oslo (an aware datetime)."""
    return datetime(day.year, day.month, day.day, tzinfo=OSLO)


def stats_since(today: date, weeks: int = COMPARE_WEEKS) -> datetime:
    """Where a ``stats`` request must start to cover ``today`` and ``weeks`` weeks before it."""
    return local_day_start(today - timedelta(days=7 * weeks))


def on_day(rows: Iterable[Row], day: date) -> list[Row]:
    """The contacts that arrived on ``day`` (Oslo)."""
    return [row for row in rows if local(row["created_at"]).date() == day]


def _seconds(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return max(0.0, (parse_time(end) - parse_time(start)).total_seconds())


def is_answered(row: Row) -> bool:
    return row.get("assigned_at") is not None


def waiting_time(row: Row) -> float | None:
    """Seconds in the queue, or None while still waiting (or closed without either)."""
    if is_answered(row):
        return _seconds(row["created_at"], row["assigned_at"])
    if row.get("abandoned"):
        return _seconds(row["created_at"], row.get("closed_at"))
    return None


def conversation_length(row: Row) -> float | None:
    """Seconds from assignment to close, or None while open or never answered."""
    return _seconds(row.get("assigned_at"), row.get("closed_at"))


def percentile(values: Sequence[float], p: float) -> float | None:
    """The nearest-rank percentile (``p`` in 0–100) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def percentiles(
    values: Sequence[float], ps: Iterable[int] = PERCENTILES
) -> dict[int, float | None]:
    return {p: percentile(values, p) for p in ps}


def histogram(values: Iterable[float], edges: Sequence[int] = WAIT_BIN_EDGES) -> list[int]:
    """Counts per bin: ``[0, e0)``, ``[e0, e1)``, …, ``[e_last, ∞)``."""
    counts = [0] * (len(edges) + 1)
    for value in values:
        counts[next((i for i, edge in enumerate(edges) if value < edge), len(edges))] += 1
    return counts


def hourly_counts(rows: Iterable[Row], day: date) -> list[int]:
    """Contacts per Oslo hour (0–23) of ``day``."""
    counts = [0] * HOURS
    for row in rows:
        moment = local(row["created_at"])
        if moment.date() == day:
            counts[moment.hour] += 1
    return counts


def hour_channel_counts(rows: Iterable[Row], day: date) -> dict[tuple[int, str], int]:
    """Contacts per (Oslo hour, channel) on ``day``; only non-zero cells."""
    counts: Counter[tuple[int, str]] = Counter()
    for row in rows:
        moment = local(row["created_at"])
        if moment.date() == day:
            counts[(moment.hour, str(row["channel"]))] += 1
    return dict(sorted(counts.items()))


def same_weekday_average(rows: Sequence[Row], day: date, weeks: int = COMPARE_WEEKS) -> list[float]:
    """Average contacts per hour on the ``weeks`` same weekdays before ``day``."""
    totals = [0] * HOURS
    for back in range(1, weeks + 1):
        for hour, count in enumerate(hourly_counts(rows, day - timedelta(days=7 * back))):
            totals[hour] += count
    return [total / weeks for total in totals] if weeks else [0.0] * HOURS


def category_counts(rows: Iterable[Row]) -> dict[str, int]:
    """How often each category was recorded in a contact summary, most frequent first."""
    counts = Counter(str(c) for row in rows for c in row.get("categories") or ())
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


@dataclass(frozen=True)
class Outcomes:
    """What became of the contacts of a period."""

    total: int
    answered: int
    abandoned: int
    waiting: int

    @property
    def abandoned_share(self) -> float:
        return self.abandoned / self.total if self.total else 0.0


def outcomes(rows: Sequence[Row]) -> Outcomes:
    answered = sum(1 for row in rows if is_answered(row))
    abandoned = sum(1 for row in rows if row.get("abandoned"))
    waiting = sum(1 for row in rows if row.get("status") == "queued")
    return Outcomes(len(rows), answered, abandoned, waiting)


@dataclass(frozen=True)
class DayFigures:
    """Everything the charts and the CSV export show for one day."""

    day: date
    per_hour: list[int]
    compare: list[float]
    per_hour_channel: dict[tuple[int, str], int]
    outcomes: Outcomes
    waits: list[float]
    lengths: list[float]
    categories: dict[str, int]
    by_channel: dict[str, list[Row]] = field(default_factory=dict)

    @property
    def wait_histogram(self) -> list[int]:
        return histogram(self.waits)


def day_figures(rows: Sequence[Row], day: date, weeks: int = COMPARE_WEEKS) -> DayFigures:
    """The figures of ``day`` from rows covering it (and the ``weeks`` before, to compare)."""
    today = on_day(rows, day)
    by_channel: dict[str, list[Row]] = {}
    for row in today:
        by_channel.setdefault(str(row["channel"]), []).append(row)
    return DayFigures(
        day=day,
        per_hour=hourly_counts(today, day),
        compare=same_weekday_average(rows, day, weeks),
        per_hour_channel=hour_channel_counts(today, day),
        outcomes=outcomes(today),
        waits=[w for w in map(waiting_time, today) if w is not None],
        lengths=[n for n in map(conversation_length, today) if n is not None],
        categories=category_counts(today),
        by_channel=by_channel,
    )


# --- CSV --------------------------------------------------------------------------------

CSV_HEADER = ("figure", "channel", "hour", "category", "value")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _summary_rows(channel: str, rows: Sequence[Row]) -> list[tuple[str, ...]]:
    waits = [w for w in map(waiting_time, rows) if w is not None]
    lengths = [n for n in map(conversation_length, rows) if n is not None]
    mean = sum(lengths) / len(lengths) if lengths else None
    result = outcomes(rows)
    lines: list[tuple[str, ...]] = [
        ("contacts", channel, "", "", str(result.total)),
        ("answered", channel, "", "", str(result.answered)),
        ("abandoned", channel, "", "", str(result.abandoned)),
        ("still_waiting", channel, "", "", str(result.waiting)),
    ]
    lines += [
        (f"wait_p{p}_s", channel, "", "", _number(value))
        for p, value in percentiles(waits).items()
    ]
    lines += [
        ("conversations_closed", channel, "", "", str(len(lengths))),
        ("length_mean_s", channel, "", "", _number(mean)),
        ("length_p50_s", channel, "", "", _number(percentile(lengths, 50))),
        ("length_p90_s", channel, "", "", _number(percentile(lengths, 90))),
        ("length_max_s", channel, "", "", _number(max(lengths, default=None))),
    ]
    return lines


def shift_csv(figures: DayFigures) -> str:
    """The day's figures as CSV, one figure per line: ``figure,channel,hour,category,value``.

    Seconds are whole where they are whole, else one decimal; an empty value means "no
    data" (no contact waited, say). Nothing in it identifies a contact.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerow(("day", "", "", "", figures.day.isoformat()))
    for (hour, channel), count in figures.per_hour_channel.items():
        writer.writerow(("contacts_per_hour", channel, f"{hour:02d}", "", count))
    today = [row for rows in figures.by_channel.values() for row in rows]
    writer.writerows(_summary_rows("all", today))
    for channel in sorted(figures.by_channel, key=_channel_order):
        writer.writerows(_summary_rows(channel, figures.by_channel[channel]))
    for category, count in figures.categories.items():
        writer.writerow(("category", "", "", category, count))
    return out.getvalue()


def _channel_order(channel: str) -> tuple[int, str]:
    return (CHANNELS.index(channel) if channel in CHANNELS else len(CHANNELS), channel)
