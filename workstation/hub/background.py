"""Work a feature starts on the side (a database write after a timer, say) and its stop waits
for: the store closes after the features stop, so nothing may start once a feature stopped.
One helper for every feature (it replaced a ``_spawn`` copy in each)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from workstation.protocol.log_safe import traceback_without_values

log = logging.getLogger(__name__)


class Background:
    """A feature's side tasks. Attributes: stopped: set by :meth:`stop`.

    ``failure``: when given, a task that fails is logged as ``"<failure>"`` with its traceback
    without values (what the task worked on never reaches the log)."""

    def __init__(self, failure: str | None = None) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self.stopped = False
        self.failure = failure

    def later(self, work: Callable[[], Coroutine[Any, Any, Any]]) -> asyncio.Task[Any] | None:
        """Run ``work()`` as a task :meth:`stop` waits for; nothing (``None``) once stopped."""
        if self.stopped:
            return None
        task = asyncio.get_running_loop().create_task(work())
        self.track(task)
        return task

    def track(self, task: asyncio.Task[Any]) -> None:
        """Make :meth:`stop` wait for ``task`` too."""
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if self.failure is not None and not task.cancelled():
            exc = task.exception()
            if exc is not None:
                log.error("%s\n%s", self.failure, traceback_without_values(exc))

    @property
    def running(self) -> int:
        """Side tasks not yet done."""
        return len(self._tasks)

    async def idle(self) -> None:
        """Wait until no side task runs (those started meanwhile too)."""
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    async def stop(self, timeout: float | None = 5.0) -> None:
        """Start nothing more, and wait up to ``timeout`` seconds (``None``: until done) for
        what runs."""
        self.stopped = True
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)

    async def cancel(self) -> None:
        """Start nothing more, cancel what runs and wait until it has ended (work that is
        only worth doing while the owner runs: a reader that another one would redo)."""
        self.stopped = True
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
