"""The caller who finds every line busy: a Norwegian sentence instead of a bare 486.

When every line of the hub has said no (docs/telephony.md, "Lines"), the hub's Kamailio sends
the INVITE to the **overflow line**: one more baresip, answering at once, whose audio source
is the sentence alone. baresip ends a call when its ``aufile`` source runs out, so each caller
hears the sentence from its start and is hung up after it (a clean BYE). The overflow line
takes :data:`OVERFLOW_CALLS` callers at once (the next gets Kamailio's 486); it queues no one
and reports nothing to the hub's calls, only a count for ``GET /metrics``
(``hub_sip_overflow_calls_total``). As everywhere in the hub's telephony, the caller's address
is never read, stored or logged here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

from workstation.sip.audio import announcement
from workstation.sip.process import BaresipProcess, BaresipSettings

log = logging.getLogger(__name__)

#: What a caller hears when every line is busy.
OVERFLOW_SENTENCE = ("Alle linjene er opptatt akkurat nå. "
                     "Ring igjen om litt, eller skriv til oss på chatten.")
#: How many callers hear the sentence at once (each is a few seconds of G.711).
OVERFLOW_CALLS = 16


class Overflow:
    """The overflow line. Attributes: process: its baresip; answered: callers who heard
    the sentence since the hub started."""

    def __init__(self, user: str, host: str, folder: Path) -> None:
        self.folder = folder
        self.process = BaresipProcess(BaresipSettings(user=user, host=host,
                                                      max_calls=OVERFLOW_CALLS))
        self.answered = 0
        self._events: asyncio.Task[None] | None = None

    @property
    def hostport(self) -> str:
        return self.process.address.removeprefix("udp:")

    async def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        wav = await asyncio.to_thread(announcement, self.folder, OVERFLOW_SENTENCE, "overflow")
        self.process.settings.source = f"aufile,{wav}"
        control = await self.process.start()
        self._events = asyncio.get_running_loop().create_task(self._count(control.events))

    async def _count(self, events: asyncio.Queue[dict[str, Any] | None]) -> None:
        while (event := await events.get()) is not None:
            if (event.get("class"), event.get("type"), event.get("direction")) == (
                    "call", "CALL_ESTABLISHED", "incoming"):
                self.answered += 1
                log.info("a caller found every line busy and heard the overflow sentence")

    async def stop(self) -> None:
        await self.process.stop()
        if self._events is not None:
            self._events.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._events
            self._events = None


class OverflowCollector(Collector):
    """``hub_sip_overflow_calls_total``: callers who heard the overflow sentence."""

    def __init__(self, overflow: Overflow) -> None:
        self.overflow = overflow

    def collect(self) -> Iterator[CounterMetricFamily]:
        yield CounterMetricFamily(
            "hub_sip_overflow_calls",
            "Callers who found every SIP line busy and heard the overflow sentence.",
            value=self.overflow.answered,
        )
