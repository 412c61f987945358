"""The desk tells the hub about its softphone (docs/protocol.md, "Calls"; docs/telephony.md,
"Where a desk's softphone listens"): ``softphone_ready`` with its port when it has started
(at first, after it was lost and started again, and after each reconnect of the desk: the hub
forgets a connection's softphone when the connection closes), ``softphone_lost`` when it died
or hung. Used by the desk's window (``workstation/ui/calls/softphone_watch.py``) and by any
desk session without one; the softphone is :class:`workstation.sip.softphone.DeskSoftphone`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from workstation.client.errors import HubError

log = logging.getLogger(__name__)

#: Sends a request frame to the hub and returns its answer (``StaffClient.request``).
Send = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]


class Linked(Protocol):
    """What the link needs of a :class:`DeskSoftphone`."""

    state: str
    on_ready: Callable[[], None]
    on_lost: Callable[[], None]

    @property
    def port(self) -> int: ...


class SoftphoneLink:
    """Takes over ``phone``'s ``on_ready`` and ``on_lost``; says ``softphone_ready`` at once
    when the phone already runs.

    Attributes:
        on_lost: called (before the hub is told) when the softphone was lost.
        answers: the hub's answers, in order (for a look in tests; errors are logged).
    """

    def __init__(self, phone: Linked, send: Send,
                 on_lost: Callable[[], None] | None = None) -> None:
        self.phone = phone
        self.send = send
        self.on_lost = on_lost or (lambda: None)
        self.answers: list[dict[str, Any]] = []
        self._tasks: set[asyncio.Task[None]] = set()
        phone.on_ready = self.ready
        phone.on_lost = self.lost
        if phone.state != "off":
            self.ready()

    def ready(self) -> None:
        """The softphone listens (again): tell the hub its port."""
        self._tell({"type": "softphone_ready", "port": self.phone.port})

    def reconnected(self) -> None:
        """The desk's connection is new: the hub knows its softphone only if told again."""
        if self.phone.state != "off":
            self.ready()

    def lost(self) -> None:
        self.on_lost()
        self._tell({"type": "softphone_lost"})

    async def settled(self) -> None:
        """Return once every request sent so far is answered."""
        while self._tasks:
            await asyncio.gather(*self._tasks)

    def _tell(self, frame: dict[str, Any]) -> None:
        task = asyncio.get_running_loop().create_task(self._send(frame))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, frame: dict[str, Any]) -> None:
        try:
            self.answers.append(await self.send(frame))
        except HubError:
            log.warning("the hub was not told about the softphone (%s)", frame["type"])
