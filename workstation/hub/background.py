"""Work a feature starts on the side (a database write after a timer, say) and its stop waits
for: the store closes after the features stop, so nothing may start once a feature stopped."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any


class Background:
    """A feature's side tasks. Attributes: stopped: set by :meth:`stop`."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self.stopped = False

    def later(self, work: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Run ``work()`` as a task :meth:`stop` waits for; nothing once stopped."""
        if self.stopped:
            return
        self.track(asyncio.get_running_loop().create_task(work()))

    def track(self, task: asyncio.Task[None]) -> None:
        """Make :meth:`stop` wait for ``task`` too."""
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def stop(self, timeout: float = 5.0) -> None:
        """Start nothing more, and wait up to ``timeout`` seconds for what runs."""
        self.stopped = True
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)
