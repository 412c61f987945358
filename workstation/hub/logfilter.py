"""Repeated log lines rate-limited and summarised, so a flood cannot fill the disk.

At most :data:`MAX_REPEATS` records with the same logger, level and message *template*
(``record.msg``, before its arguments are filled in) pass per :data:`INTERVAL_S`; the rest
are counted, and once their interval is over one line says how many were suppressed. The
template is the key because it is the program's own text: the values filled into it (an
address, an exception type) vary, the kind of line does not.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

#: Identical lines (logger, level, template) that pass per interval.
MAX_REPEATS = 10
#: The interval, in seconds.
INTERVAL_S = 60.0
SUMMARY = "suppressed %d similar lines in %.0f s: %s"

_Key = tuple[str, int, str]


@dataclass(slots=True)
class _Window:
    started: float
    passed: int = 0
    suppressed: int = 0


class RepeatFilter(logging.Filter):
    """A handler filter: lets through the first ``max_repeats`` of each kind of line per
    ``interval_s`` and writes one summary line for the rest through ``emit``.

    Attributes:
        emit: writes a summary record (the handler's ``handle``), bypassing this filter.
    """

    def __init__(
        self,
        emit: Callable[[logging.LogRecord], object],
        max_repeats: int = MAX_REPEATS,
        interval_s: float = INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.emit = emit
        self.max_repeats = max_repeats
        self.interval_s = interval_s
        self._clock = clock
        self._windows: dict[_Key, _Window] = {}
        self._next_sweep = 0.0

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "repeat_summary", False):
            return True
        now = self._clock()
        if now >= self._next_sweep:
            self._sweep(now)
        key = (record.name, record.levelno, str(record.msg))
        window = self._windows.get(key)
        if window is None or now - window.started >= self.interval_s:
            if window is not None:
                self._summarise(key, window)
            window = self._windows[key] = _Window(now)
        if window.passed < self.max_repeats:
            window.passed += 1
            return True
        window.suppressed += 1
        return False

    def flush(self) -> None:
        """Write the summaries still pending (at shutdown)."""
        for key, window in list(self._windows.items()):
            self._summarise(key, window)
        self._windows.clear()

    def _sweep(self, now: float) -> None:
        """Summarise and forget the windows that are over (state stays bounded)."""
        self._next_sweep = now + self.interval_s / 4
        for key, window in list(self._windows.items()):
            if now - window.started >= self.interval_s:
                self._summarise(key, window)
                del self._windows[key]

    def _summarise(self, key: _Key, window: _Window) -> None:
        if window.suppressed == 0:
            return
        name, level, template = key
        summary = logging.LogRecord(
            name, level, __file__, 0, SUMMARY,
            (window.suppressed, self.interval_s, template.splitlines()[0][:200] if template
             else ""),
            None,
        )
        summary.repeat_summary = True
        window.suppressed = 0
        self.emit(summary)


def install(
    handlers: Iterable[logging.Handler],
    max_repeats: int = MAX_REPEATS,
    interval_s: float = INTERVAL_S,
) -> list[RepeatFilter]:
    """Put a :class:`RepeatFilter` on each handler (the hub's process logging)."""
    filters = []
    for handler in handlers:
        repeat = RepeatFilter(handler.handle, max_repeats, interval_s)
        handler.addFilter(repeat)
        filters.append(repeat)
    return filters
