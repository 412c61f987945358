"""How long a wait may get before the queue turns yellow, orange and red."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

#: Background colours per level (0 = fine): calm yellow, orange, red.
LEVEL_COLOURS = (None, QColor("#fff1b8"), QColor("#ffd199"), QColor("#f7a8a8"))


@dataclass(frozen=True)
class Thresholds:
    """Waiting-time thresholds in seconds; a wait at or past the last one raises an alert."""

    notice_s: float = 60.0
    warn_s: float = 180.0
    alert_s: float = 300.0

    def __post_init__(self) -> None:
        if not 0 < self.notice_s <= self.warn_s <= self.alert_s:
            raise ValueError("thresholds must be positive and in increasing order")

    def level(self, waiting_s: float) -> int:
        """0 below the first threshold, then 1, 2, 3."""
        return sum(waiting_s >= edge for edge in (self.notice_s, self.warn_s, self.alert_s))

    def colour(self, waiting_s: float) -> QColor | None:
        return LEVEL_COLOURS[self.level(waiting_s)]
