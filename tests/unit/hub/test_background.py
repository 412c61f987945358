"""The features' side-task helper: stop waits for what runs, cancel ends it."""

from __future__ import annotations

import asyncio

from workstation.hub.background import Background


async def test_stop_waits_for_a_task_to_finish() -> None:
    background = Background()
    finished = asyncio.Event()
    release = asyncio.Event()

    async def work() -> None:
        await release.wait()
        finished.set()

    background.later(work)
    stopping = asyncio.create_task(background.stop(timeout=None))
    await asyncio.sleep(0)
    assert not stopping.done()
    release.set()
    await stopping
    assert finished.is_set()


async def test_cancel_ends_what_runs_and_starts_nothing_more() -> None:
    background = Background()
    started = asyncio.Event()
    cancelled = asyncio.Event()

    async def reader() -> None:
        started.set()
        try:
            await asyncio.Event().wait()  # never set: only a cancel ends it
        except asyncio.CancelledError:
            cancelled.set()
            raise

    task = background.later(reader)
    assert task is not None
    await started.wait()
    await asyncio.wait_for(background.cancel(), 5)
    assert cancelled.is_set() and task.cancelled()
    assert background.running == 0
    assert background.later(reader) is None
