"""Waiting on conditions and signals inside async GUI tests (never qtbot.waitSignal there)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from tests.support.wire import Wire, ok
from workstation.ui.futures import future_for

POLL_S = 0.02


async def eventually(check: Callable[[], Any], timeout: float = 5.0) -> None:
    """Wait until ``check()`` stops raising AssertionError (and is not False)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            if check() is not False:
                return
            failure: AssertionError | None = AssertionError(f"{check} stayed false")
        except AssertionError as error:
            failure = error
        if loop.time() >= deadline:
            raise failure
        await asyncio.sleep(POLL_S)


async def next_emission(signal: Any, timeout: float = 5.0) -> Any:
    """The first argument of the next emission of a Qt signal."""
    return await asyncio.wait_for(future_for(signal), timeout)


class YoungPerson:
    """A contact on ``/v1/contact``, played with plain websockets."""

    def __init__(self, wire: Wire) -> None:
        self.wire = wire
        self.conversation = ""
        self.resume_token = ""

    async def open(self) -> str:
        answer = ok(await self.wire.request("open", channel="chat"))
        self.conversation = answer["conversation"]
        self.resume_token = answer["resume_token"]
        return self.conversation

    async def say(self, text: str) -> int:
        return int(ok(await self.wire.request("send", text=text))["seq"])

    async def resume(self, after: int) -> None:
        ok(await self.wire.request("resume", resume_token=self.resume_token, after=after))

    def staff_texts(self) -> list[str]:
        return [
            frame["text"]
            for frame in self.wire.events(self.conversation)
            if frame.get("kind") == "message" and frame.get("from") == "staff"
        ]


@asynccontextmanager
async def young_person(url: str) -> AsyncIterator[YoungPerson]:
    async with Wire.connect(url, "/v1/contact") as wire:
        yield YoungPerson(wire)
