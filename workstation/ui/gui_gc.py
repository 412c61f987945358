"""Garbage collection on the GUI thread only.

Python's cyclic collector runs in whichever thread happens to allocate when a threshold is
crossed: the hub's database thread in the demo, an executor thread, a websockets task. If a
cycle holding a Qt wrapper is collected there, the C++ object is destroyed off the GUI thread
and Qt crashes later at random. So automatic collection is switched off and a timer collects
on the GUI thread instead (the approach qutebrowser takes for the same reason).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the young generation is collected; the middle one every tenth time.
INTERVAL_MS = 1000
#: A full collection every this many ticks (5 minutes): it scans every object the desk holds
#: (60–350 ms with 12 busy conversations on a loaded 2-core machine, a visible stall), and
#: Python's own heuristic also runs it rarely (when the old generation grew by a quarter).
FULL_EVERY_TICKS = 300


_running = False


def settle() -> None:
    """Once the desk is built: collect everything, then leave what is left out of later
    collections (``gc.freeze``). Those objects live as long as the desk (widgets, directories,
    translations); without this the next collection scans them all, a 30–40 ms pause.

    Only while a :class:`GuiThreadCollector` runs (the desk, its benchmark), not in tests.
    """
    if _running:
        gc.collect()
        gc.freeze()


class GuiThreadCollector(QObject):
    """Attributes: timer: fires every :data:`INTERVAL_MS` on the thread that created it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticks = 0
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.on_timer_timeout)

    def start(self) -> None:
        global _running
        gc.disable()
        self.timer.start()
        _running = True

    def stop(self) -> None:
        global _running
        self.timer.stop()
        _running = False
        gc.unfreeze()
        gc.enable()

    def on_timer_timeout(self) -> None:
        self._ticks += 1
        if self._ticks % FULL_EVERY_TICKS == 0:
            gc.collect(2)
        else:
            gc.collect(1 if self._ticks % 10 == 0 else 0)
