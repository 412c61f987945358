"""Requests waiting for their answer, by request id."""

import asyncio
from typing import Any

from workstation.client.errors import RequestTimeout
from workstation.client.outbox import new_id


class Calls:
    """The table of requests sent on the current connection and not yet answered."""

    def __init__(self) -> None:
        self._waiting: dict[str, tuple[str, asyncio.Future[dict[str, Any]]]] = {}

    def register(
        self, request_type: str, request_id: str | None = None
    ) -> tuple[str, "asyncio.Future[dict[str, Any]]"]:
        """The request's id (``request_id``, or a fresh one) and the future its answer resolves."""
        request_id = request_id or new_id()
        answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[request_id] = (request_type, answer)
        return request_id, answer

    async def wait(
        self, request_id: str, answer: "asyncio.Future[dict[str, Any]]", timeout: float
    ) -> dict[str, Any]:
        try:
            return await asyncio.wait_for(answer, timeout)
        except TimeoutError:
            raise RequestTimeout() from None

    def request_type(self, request_id: str) -> str | None:
        """The ``type`` of the waiting request with this id, or None if there is none."""
        entry = self._waiting.get(request_id)
        return entry[0] if entry is not None else None

    def resolve(self, request_id: str, frame: dict[str, Any]) -> None:
        entry = self._waiting.get(request_id)
        if entry is not None and not entry[1].done():
            entry[1].set_result(frame)

    def forget(self, request_id: str) -> None:
        self._waiting.pop(request_id, None)

    def fail_all(self, exc: Exception) -> None:
        """The connection is gone: every waiting request fails with ``exc``."""
        for _, answer in self._waiting.values():
            if not answer.done():
                answer.set_exception(exc)
        self._waiting.clear()
