"""A sender per key for the SMS and the e-mail outboxes (both features share this).

Each SMS thread and each e-mail conversation has at most one task sending its pending rows,
in order; :meth:`Drains.kick` after a new row makes the sender look again (or starts one).
What is pending stays in the database (:mod:`workstation.store.outboxes`), so a stop loses
nothing: the next start kicks every key with pending rows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


class Drains:
    """Attributes: none public. ``drain(key)`` sends what is pending for ``key`` now;
    ``after(key)``, if given, runs once the key's sender has nothing more to do."""

    def __init__(
        self,
        drain: Callable[[str], Awaitable[None]],
        after: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        self._drain = drain
        self._after = after
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._dirty: set[str] = set()

    def kick(self, key: str) -> None:
        """Send the pending rows of ``key`` (a sender per key, in order)."""
        self._dirty.add(key)
        if key not in self._tasks:
            self._tasks[key] = asyncio.get_running_loop().create_task(self._run(key))

    def running(self, key: str) -> bool:
        return key in self._tasks

    async def stop(self) -> None:
        """Stop every sender (pending rows stay for the next start)."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _run(self, key: str) -> None:
        try:
            while key in self._dirty:
                self._dirty.discard(key)
                await self._drain(key)
        finally:
            del self._tasks[key]  # no await since the last look at _dirty
        if self._after is not None:
            await self._after(key)
