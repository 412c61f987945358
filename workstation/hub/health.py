"""``GET /healthz``: does the store still commit? A tiny real write through the database thread.

The probe upserts one row in its own one-row table inside a normal write batch, so it proves
what the hub needs (the thread runs, the file takes a write, COMMIT returns) and nothing about
conversations is read. Concurrent checks share one probe, and a success is trusted for
:data:`FRESH_S`, so a flood of health requests costs at most about one write a second; a probe
slower than the timeout counts as unhealthy.
"""

from __future__ import annotations

import asyncio
import logging

from workstation.store import HubStore, health_row

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
#: A commit slower than this is as bad as none, for a load balancer.
PROBE_TIMEOUT_S = 2.0
#: A commit this recent answers the next checks without another write.
FRESH_S = 1.0


def _retrieve(task: asyncio.Task[None]) -> None:
    # A probe that outlived its timeout still ends; its failure was already answered 503.
    if not task.cancelled():
        task.exception()


class HealthProbe:
    """Answers whether the store commits, within :data:`PROBE_TIMEOUT_S`.

    Attributes:
        store: the hub's store.
        timeout_s: how long a probe may take.
    """

    def __init__(self, store: HubStore, timeout_s: float = PROBE_TIMEOUT_S) -> None:
        self.store = store
        self.timeout_s = timeout_s
        self._running: asyncio.Task[None] | None = None
        self._committed_at = -FRESH_S

    async def healthy(self) -> bool:
        loop = asyncio.get_running_loop()
        if loop.time() - self._committed_at < FRESH_S:
            return True
        if self._running is None or self._running.done():
            self._running = asyncio.create_task(self.store.run(health_row.touch, write=True))
            self._running.add_done_callback(_retrieve)
        running = self._running
        try:
            await asyncio.wait_for(asyncio.shield(running), self.timeout_s)
        except TimeoutError:
            log.warning("health probe: no commit within %.1f s", self.timeout_s)
            return False
        except Exception as exc:  # the store is stopped, read-only, full, …
            log.warning("health probe failed: %s", type(exc).__name__)
            return False
        self._committed_at = loop.time()
        return True
