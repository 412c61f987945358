"""Trying again until a server takes it: the SMS outbox and the e-mail outbox share this.

:func:`until_accepted` calls ``attempt`` until it returns; a *transient* error (the server is
down, answers "try later") waits with exponential backoff and jitter, any other error is the
caller's to handle (a refusal for good is not tried again).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

#: The first wait before a try again, and the longest.
FIRST_S = 0.5
MAX_S = 30.0


async def until_accepted(
    attempt: Callable[[], Awaitable[None]],
    transient: type[BaseException] | tuple[type[BaseException], ...],
    *,
    what: str,
    first_s: float = FIRST_S,
    max_s: float = MAX_S,
) -> None:
    """Run ``attempt`` until it returns; after a ``transient`` error wait ``first_s`` doubling
    up to ``max_s`` (each wait 50–100 % of that, so that many senders do not come back at once).
    ``what`` names the server in the log (never the message or its receiver)."""
    delay = first_s
    while True:
        try:
            await attempt()
        except transient as exc:
            log.info("%s unavailable (%s); trying again in %.1f s", what, type(exc).__name__,
                     delay)
            await asyncio.sleep(delay * random.uniform(0.5, 1.0))
            delay = min(delay * 2, max_s)
            continue
        return
