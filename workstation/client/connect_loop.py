"""Reconnect as a loop: ``async for ws in connections(...)``, in the style of websockets.

The one reconnect loop of the desk and the simulator (:class:`StaffClient`,
:class:`ContactClient`). The generator yields one open connection at a time. When the consumer
is done with it (the connection was lost), it waits a jittered backoff delay and connects
again: to the same hub first, and after each failed attempt to the next of several hubs
(:class:`~workstation.client.hubs.HubList`). Failures that may be transient (connection
refused, reset, timeouts, 5xx at the handshake) are retried; the rest (a 404 path, a bad URL,
a certificate that does not verify) are raised. The consumer resets the backoff once the
connection proves useful (after ``hello`` or ``resume``), so a hub that accepts sockets and
then drops them is not hammered.
"""

import asyncio
import contextlib
import logging
import ssl
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any, TypeVar

# process_exception is defined here in websockets 15 to 17.0, later only re-exported here.
from websockets.asyncio.client import (  # type: ignore[attr-defined]
    ClientConnection,
    connect,
    process_exception,
)

from workstation.client.backoff import Backoff
from workstation.client.hubs import HubList

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
    hubs: HubList,
    backoff: Backoff,
    stop: asyncio.Event,
    *,
    ssl_context: ssl.SSLContext | None = None,
    on_target: Callable[[], None] | None = None,
    **connect_options: Any,
) -> AsyncGenerator[ClientConnection, None]:
    """Open connections to ``hubs.current`` one after another until ``stop`` is set.

    ``ssl_context`` verifies each ``wss://`` address (None: the system's CAs); ``on_target``
    is called whenever the next attempt goes to another hub than the one before.
    """
    while not stop.is_set():
        url = hubs.current
        try:
            options = {"logger": connection_log, **connect_options}
            if ssl_context is not None and url.startswith("wss://"):
                options["ssl"] = ssl_context
            opened, ws = await unless_stopped(connect(url, **options), stop)
        except Exception as exc:
            # A certificate that does not verify is an OSError to websockets, but retrying
            # will not make it verify: say so at once.
            if isinstance(exc, ssl.SSLCertVerificationError) or process_exception(exc):
                raise
            log.info("hub %d of %d unreachable (%s); will retry",
                     hubs.index + 1, hubs.count, type(exc).__name__)
            hubs.failed()
            if on_target is not None and hubs.count > 1:
                on_target()
            await pause(backoff, stop)
            continue
        if not opened or ws is None:
            return
        hubs.connected()
        try:
            yield ws
        finally:
            await ws.close()
        if not stop.is_set():
            await pause(backoff, stop)
