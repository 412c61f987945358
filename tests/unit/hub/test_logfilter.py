"""The repeat filter: a few lines of each kind per interval, then one summary."""

from __future__ import annotations

import logging

from workstation.hub.logfilter import RepeatFilter


def _record(msg: str, *args: object, name: str = "workstation.hub.server") -> logging.LogRecord:
    return logging.LogRecord(name, logging.ERROR, __file__, 1, msg, args, None)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_each_kind_of_line_is_limited_on_its_own_and_summarised_after_its_interval() -> None:
    clock = Clock()
    summaries: list[str] = []
    repeat = RepeatFilter(lambda r: summaries.append(r.getMessage()), 3, 60.0, clock)
    passed = [repeat.filter(_record("Request failed: %s", f"Error{i}")) for i in range(10)]
    assert passed == [True] * 3 + [False] * 7
    assert repeat.filter(_record("Another line"))  # its own kind
    assert repeat.filter(_record("Request failed: %s", "x", name="other.logger"))
    assert summaries == []
    clock.now = 61.0
    assert repeat.filter(_record("Request failed: %s", "again"))
    assert summaries == ["suppressed 7 similar lines in 60 s: Request failed: %s"]


def test_windows_that_are_over_are_forgotten() -> None:
    clock = Clock()
    summaries: list[str] = []
    repeat = RepeatFilter(lambda r: summaries.append(r.getMessage()), 1, 60.0, clock)
    for index in range(1_000):
        repeat.filter(_record(f"line {index}"))  # a thousand kinds (a careless f-string)
        repeat.filter(_record(f"line {index}"))
    clock.now = 61.0
    repeat.filter(_record("later"))
    assert len(repeat._windows) == 1
    assert len(summaries) == 1_000
