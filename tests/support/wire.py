"""A raw JSON WebSocket client for tests: it keeps every frame and waits on conditions."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

Frame = dict[str, Any]
_ids = itertools.count(1)


class Wire:
    """Attributes: frames: everything received so far, in order; received_at: when each
    arrived (``time.monotonic()``); closed: set once closed."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.frames: list[Frame] = []
        self.received_at: list[float] = []
        self.closed = asyncio.Event()
        self._changed = asyncio.Condition()
        self._taken: set[int] = set()
        self._reader = asyncio.create_task(self._read())

    @classmethod
    @asynccontextmanager
    async def connect(cls, url: str, path: str) -> AsyncIterator[Wire]:
        async with connect(url + path, max_size=None) as ws:
            wire = cls(ws)
            try:
                yield wire
            finally:
                wire._reader.cancel()

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                async with self._changed:
                    self.frames.append(json.loads(raw))
                    self.received_at.append(time.monotonic())
                    self._changed.notify_all()
        except ConnectionClosed:
            pass
        finally:
            self.closed.set()
            async with self._changed:
                self._changed.notify_all()

    async def send(self, frame: Frame | str | bytes) -> None:
        await self.ws.send(frame if isinstance(frame, str | bytes) else json.dumps(frame))

    async def expect(self, match: Callable[[Frame], bool], timeout: float = 5.0) -> Frame:
        """The first frame not yet taken that matches; waits for it."""

        def find() -> Frame | None:
            for index, frame in enumerate(self.frames):
                if index not in self._taken and match(frame):
                    self._taken.add(index)
                    return frame
            return None

        async with asyncio.timeout(timeout), self._changed:
            while (found := find()) is None:
                if self.closed.is_set():
                    raise ConnectionError("connection closed while waiting for a frame")
                await self._changed.wait()
            return found

    async def until(self, check: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``check()`` holds, looking again whenever a frame arrives."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(check)

    async def request(self, frame_type: str, timeout: float = 5.0, **fields: Any) -> Frame:
        """Send a request with a fresh id; return its ``ok`` or ``error`` answer."""
        request_id = fields.pop("id", None) or f"r{next(_ids)}"
        await self.send({"type": frame_type, "id": request_id, **fields})
        return await self.answer(request_id, timeout)

    async def answer(self, request_id: str | None, timeout: float = 5.0) -> Frame:
        return await self.expect(
            lambda f: f.get("type") in ("ok", "error") and f.get("re") == request_id, timeout
        )

    async def event(self, conversation: str, kind: str, timeout: float = 5.0) -> Frame:
        return await self.expect(
            lambda f: f.get("type") == "event"
            and f.get("conversation") == conversation
            and f.get("kind") == kind,
            timeout,
        )

    def events(self, conversation: str | None = None) -> list[Frame]:
        return [
            f for f in self.frames
            if f.get("type") == "event" and conversation in (None, f.get("conversation"))
        ]


def ok(answer: Frame) -> Frame:
    """Assert an answer is ``ok`` and return it (with the error text on failure)."""
    assert answer["type"] == "ok", answer
    return answer
