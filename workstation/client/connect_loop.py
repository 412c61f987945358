"""Reconnect as a loop: ``async for ws in connections(...)``, in the style of websockets.

The generator yields one open connection at a time. When the consumer is done with it (the
connection was lost), it waits a jittered backoff delay and connects again. Failures that may
be transient (connection refused, reset, timeouts, 5xx at the handshake) are retried; the rest
(a 404 path, a bad URL, a certificate that does not verify) are raised. The consumer resets
the backoff once the connection proves useful (after ``hello``), so a hub that accepts
sockets and then drops them is not hammered.
"""

import asyncio
import contextlib
import logging
import ssl
from collections.abc import AsyncGenerator, Awaitable
from typing import Any, TypeVar

# process_exception is defined here in websockets 15 to 17.0, later only re-exported here.
from websockets.asyncio.client import (  # type: ignore[attr-defined]
    ClientConnection,
    connect,
    process_exception,
)

from workstation.client.backoff import Backoff

log = logging.getLogger(__name__)
#: websockets logs every frame's text at DEBUG; the desk's connections log here, never below
#: WARNING, so no message a young person wrote reaches a log whatever the logging level.
connection_log = logging.getLogger("workstation.client.connections")
connection_log.setLevel(logging.WARNING)

T = TypeVar("T")


async def unless_stopped(aw: Awaitable[T], stop: asyncio.Event) -> tuple[bool, T | None]:
    """Await ``aw`` unless ``stop`` is set first: ``(True, result)`` or ``(False, None)``."""
    task: asyncio.Future[T] = asyncio.ensure_future(aw)
    stopper = asyncio.ensure_future(stop.wait())
    both: set[asyncio.Future[Any]] = {task, stopper}
    try:
        await asyncio.wait(both, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
        if not task.done():
            task.cancel()
            # Let it unwind; asyncio.wait never raises the task's own CancelledError.
            await asyncio.wait({task})
    if task.cancelled():
        return False, None
    return True, task.result()


async def pause(backoff: Backoff, stop: asyncio.Event) -> None:
    """Sleep the next backoff delay, or less if ``stop`` is set meanwhile."""
    delay = backoff.next_delay()
    log.debug("reconnecting in %.2f s", delay)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), delay)


async def connections(
    url: str, backoff: Backoff, stop: asyncio.Event, **connect_options: Any
) -> AsyncGenerator[ClientConnection, None]:
    """Open connections to ``url`` one after another until ``stop`` is set."""
    while not stop.is_set():
        try:
            options = {"logger": connection_log, **connect_options}
            opened, ws = await unless_stopped(connect(url, **options), stop)
        except Exception as exc:
            # A certificate that does not verify is an OSError to websockets, but retrying
            # will not make it verify: say so at once.
            if isinstance(exc, ssl.SSLCertVerificationError) or process_exception(exc):
                raise
            log.info("hub unreachable (%s); will retry", type(exc).__name__)
            await pause(backoff, stop)
            continue
        if not opened or ws is None:
            return
        try:
            yield ws
        finally:
            await ws.close()
        if not stop.is_set():
            await pause(backoff, stop)
