"""Counsellor desks for the demo, played by plain clients: take contacts, answer, close."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from typing import Any

from workstation.client import ClientListener, Credentials, HubError, NotConnected, StaffClient

log = logging.getLogger(__name__)

REPLIES = (
    "Hei, du har kommet til Alarmtelefonen. Så fint at du tar kontakt.",
    "Takk for at du forteller meg dette. Vil du fortelle litt mer?",
    "Det høres vanskelig ut. Er du trygg akkurat nå?",
)


class DeskBot(ClientListener):
    """Takes the first waiting contact while it holds fewer than ``most``."""

    def __init__(self, url: str, user: str, password: str, most: int) -> None:
        self.client = StaffClient(url, Credentials(user=user, password=password))
        self.client.add_listener(self)
        self.most = most
        self.held: set[str] = set()
        self.queue: list[dict[str, Any]] = []
        self._wake = asyncio.Event()
        self._rng = random.Random(user)

    def on_queue(self, items: list[dict[str, Any]]) -> None:
        self.queue = items
        self._wake.set()

    def on_event(self, event: dict[str, Any]) -> None:
        if event.get("kind") == "closed":
            self.held.discard(str(event.get("conversation")))
            self._wake.set()

    async def run(self) -> None:
        runner = asyncio.ensure_future(self.client.run())
        try:
            await self.client.wait_connected()
            while True:
                await self._wake.wait()
                self._wake.clear()
                await asyncio.sleep(self._rng.uniform(0.5, 2.0))
                await self._take_one()
        finally:
            runner.cancel()
            await asyncio.gather(runner, return_exceptions=True)

    async def _take_one(self) -> None:
        if len(self.held) >= self.most or not self.queue:
            return
        conversation = str(self.queue[0]["conversation"])
        try:
            await self.client.accept(conversation)
        except (HubError, NotConnected):
            return
        self.held.add(conversation)
        self.client.send_message(conversation, self._rng.choice(REPLIES))
        if self._rng.random() < 0.2:
            with contextlib.suppress(HubError, NotConnected):
                await self.client.flag(conversation, "risk")
        self._wake.set()

    async def close(self) -> None:
        await self.client.close()
