"""baresip's control interface (module ``ctrl_tcp``): netstring-framed JSON over TCP.

A command is ``{"command": "dial", "params": "sip:…", "token": "7"}``; baresip answers
``{"response": true, "ok": true, "data": "…", "token": "7"}`` and, at any time, sends events
``{"event": true, "class": "call", "type": "CALL_ESTABLISHED", "id": "…", "peeruri": "…"}``.

:class:`NetstringReader` is the framing without I/O; :class:`BaresipControl` is the asyncio
connection. Events can carry a caller's address (``peeruri``): nothing here logs them.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

#: A frame larger than this is a broken peer, not a message (baresip's own limit is 64 KiB).
MAX_FRAME = 1 << 20

log = logging.getLogger(__name__)


class ControlError(Exception):
    """baresip refused a command, or the control connection is gone."""


def netstring(payload: bytes) -> bytes:
    return str(len(payload)).encode() + b":" + payload + b","


class NetstringReader:
    """Bytes in, complete payloads out."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> Iterator[bytes]:
        self._buffer += data
        while True:
            colon = self._buffer.find(b":")
            if colon < 0:
                if len(self._buffer) > 10:
                    raise ControlError("not a netstring")
                return
            head = bytes(self._buffer[:colon])
            if not head.isdigit() or int(head) > MAX_FRAME:
                raise ControlError("not a netstring")
            size = int(head)
            end = colon + 1 + size
            if len(self._buffer) < end + 1:
                return
            if self._buffer[end] != ord(","):
                raise ControlError("not a netstring")
            payload = bytes(self._buffer[colon + 1:end])
            del self._buffer[:end + 1]
            yield payload


class BaresipControl:
    """One control connection. Commands run one at a time (baresip's menu commands act on
    the *current* call, so a ``callfind`` and the command after it must not interleave).

    Attributes:
        events: every event baresip sends, in order, as decoded JSON objects.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer
        self._tokens = itertools.count(1)
        self._waiting: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._lock = asyncio.Lock()
        self.events: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        #: Why the connection ended (for the log; no caller's data in it).
        self.ended: str | None = None
        #: Messages skipped because they were not JSON.
        self.skipped = 0
        self._task = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def connect(cls, host: str, port: int) -> BaresipControl:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def _read(self) -> None:
        frames = NetstringReader()
        reason = "baresip closed it"
        try:
            while data := await self._reader.read(65536):
                for payload in frames.feed(data):
                    self._take(payload)
        except ConnectionError as exc:
            reason = f"connection error ({type(exc).__name__})"
        except ControlError as exc:  # the framing is lost: nothing after it can be read
            reason = str(exc)
        finally:
            self.ended = reason
            for future in self._waiting.values():
                if not future.done():
                    future.set_exception(ControlError("baresip closed its control connection"))
            self.events.put_nowait(None)  # the end of the events

    def _take(self, payload: bytes) -> None:
        """One frame: a message that is not JSON (a caller's header with bytes that are not
        UTF-8, a control character baresip did not escape) is skipped, never the end of the
        line's other calls. Not logged: it may quote a caller's address."""
        try:
            message = json.loads(payload.decode("utf-8", "replace"), strict=False)
        except ValueError:
            self.skipped += 1
            log.warning("baresip sent a control message that is not JSON: skipped")
            return
        if isinstance(message, dict):
            self._dispatch(message)

    def _dispatch(self, message: dict[str, Any]) -> None:
        if message.get("response"):
            future = self._waiting.pop(str(message.get("token")), None)
            if future is not None and not future.done():
                future.set_result(message)
        elif message.get("event"):
            self.events.put_nowait(message)

    async def command(self, command: str, params: str = "", timeout: float = 10.0) -> str:
        """Run ``command`` and return baresip's answer (``data``)."""
        async with self._lock:
            return await self._command(command, params, timeout)

    @contextlib.asynccontextmanager
    async def exclusive(self) -> AsyncIterator[Callable[[str, str], Awaitable[str]]]:
        """Yields a ``run(command, params)`` with no other command in between (``callfind``
        then ``hangup``: the second acts on the call the first made current)."""
        async with self._lock:
            yield lambda command, params: self._command(command, params, 10.0)

    async def _command(self, command: str, params: str, timeout: float) -> str:
        if self._task.done():
            raise ControlError("baresip closed its control connection")
        token = str(next(self._tokens))
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[token] = future
        message = {"command": command, "params": params, "token": token}
        self._writer.write(netstring(json.dumps(message).encode()))
        try:
            await self._writer.drain()
            answer = await asyncio.wait_for(future, timeout)
        except (ConnectionError, TimeoutError) as exc:
            raise ControlError(f"baresip did not answer {command!r}") from exc
        finally:
            self._waiting.pop(token, None)
        if not answer.get("ok"):
            raise ControlError(f"baresip refused {command!r}")
        return str(answer.get("data", ""))

    async def close(self) -> None:
        self._writer.close()
        with contextlib.suppress(ConnectionError):
            await self._writer.wait_closed()
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
