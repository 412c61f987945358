"""An asyncio client for ``/v1/contact``: one young person's side of one conversation.

No Qt here. The simulator, tests and benchmarks use it; a web chat page would do the same.

The client keeps one WebSocket open in a background task. When the connection drops it
reconnects with jittered exponential backoff (the desk's loop, ``connect_loop.connections``:
to the same hub first, then to the next of several given as ``"ws://a,ws://b"``), sends
``resume`` with the secret ``resume_token`` and the last ``seq`` it has seen, and resends
every unacknowledged ``send`` with its original request ``id`` (the hub answers a repeated
``send`` with the original ``seq`` and stores nothing new). Events reach the caller once
each, in ``seq`` order, through :meth:`ContactClient.events` or the ``on_event`` callback.

Typical use::

    async with ContactClient("ws://127.0.0.1:8765") as client:
        opened = await client.open("chat")
        await client.send("hei")
        async for frame in client.events():
            ...
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
import ssl
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from workstation.client.backoff import Backoff
from workstation.client.connect_loop import connections
from workstation.client.hubs import HubList, with_path
from workstation.protocol.codec import decode_any, encode
from workstation.protocol.errors import ProtocolError

CONTACT_PATH = "/v1/contact"

#: Failures after which the client tries again rather than giving up.
_RETRYABLE = (OSError, ConnectionClosed, InvalidHandshake, TimeoutError)

Frame = dict[str, Any]
EventCallback = Callable[[Frame], None]


class ContactError(Exception):
    """The hub refused a request, or the client could not get it through.

    Attributes:
        code: the wire error code (``not_found``, ``conflict``, …), or ``"disconnected"`` /
            ``"closed"`` / ``"timeout"`` when the request never got an answer.
        message: a sentence a person can read; never contains message text.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Opened:
    """The answer to ``open``: the new conversation and the place in the queue (1 = next)."""

    conversation: str
    position: int | None
    #: With a return code: the hub's ``returning`` answer (``status``: ``available``,
    #: ``busy``, ``away``, ``off_shift``, ``unknown`` …; docs/returning.md).
    returning: dict[str, Any] | None = None


def contact_url(hub_url: str) -> str:
    """The ``/v1/contact`` address of a hub, given either the hub's base URL or the full path."""
    return with_path(hub_url, CONTACT_PATH)


#: The first reconnection delay; it doubles up to ``max_backoff_s``.
FIRST_BACKOFF_S = 0.1


class ContactClient:
    """One anonymous help-seeker's connection to the hub.

    Attributes:
        conversation: the conversation id once opened, else ``None``.
        position: the last known queue position (1 = next); ``None`` once assigned or closed.
        last_seq: the highest event ``seq`` delivered so far (0 before any).
        counsellor: the display name from the last ``assigned`` event, if any.
        closed_reason: the ``reason`` of the ``closed`` event once the conversation has ended.
    """

    def __init__(
        self,
        hub_url: str | Sequence[str],
        *,
        on_event: EventCallback | None = None,
        request_timeout_s: float = 30.0,
        connect_timeout_s: float = 10.0,
        max_backoff_s: float = 5.0,
        buffer_events: bool = True,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        #: Every hub's ``/v1/contact`` address (``"ws://a,ws://b"`` or a list), and the one in use.
        self.hubs = HubList(hub_url, CONTACT_PATH)
        self.url = self.hubs.urls[0]
        #: For ``wss://``: the CAs to verify the hub against (None: the system's).
        self._ssl_context = ssl_context
        self._buffer_events = buffer_events
        self.conversation: str | None = None
        self.position: int | None = None
        self.last_seq = 0
        self.counsellor: str | None = None
        self.closed_reason: str | None = None
        self._on_event = on_event
        self._request_timeout_s = request_timeout_s
        self._connect_timeout_s = connect_timeout_s
        self._backoff = Backoff(min(FIRST_BACKOFF_S, max_backoff_s), max_backoff_s)
        self._stop = asyncio.Event()
        self._id_prefix = secrets.token_hex(4)
        self._ids = itertools.count(1)
        self._resume_token: str | None = None
        self._ws: ClientConnection | None = None
        self._ready = asyncio.Event()
        self._write_lock = asyncio.Lock()
        #: Answers awaited, by request id.
        self._waiting: dict[str, asyncio.Future[Frame]] = {}
        #: Requests to resend after a reconnect (``send`` and ``leave``), in order.
        self._outbox: dict[str, Frame] = {}
        self._events: asyncio.Queue[Frame | None] = asyncio.Queue()
        self._runner: asyncio.Task[None] | None = None
        self._closing = False
        self._failure: ContactError | None = None

    # --- public API ----------------------------------------------------------------------

    async def __aenter__(self) -> ContactClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def connected(self) -> bool:
        """Whether the connection is up and the conversation (if any) is resumed."""
        return self._ready.is_set()

    async def open(
        self, channel: str = "chat", *, lang: str | None = None, browser: str | None = None,
        code: str | None = None,
    ) -> Opened:
        """Connect and open a new conversation; the answer says where it is in the queue.

        ``browser``: a per-browser token, as the chat page sends (docs/care.md). A blocked one
        raises ContactError ``blocked`` with the hub's kind answer as the message. ``code``:
        a return code given last time ("same counsellor again", docs/returning.md)."""
        if self.conversation is not None:
            raise ContactError("conflict", "This client has already opened a conversation.")
        self._start()
        await self._wait_ready(self._connect_timeout_s)
        frame: Frame = {"type": "open", "id": self._next_id(), "channel": channel}
        if lang is not None:
            frame["lang"] = lang
        if browser is not None:
            frame["browser"] = browser
        if code is not None:
            frame["code"] = code
        answer = await self._request(frame, resend=False)
        if answer.get("blocked"):
            raise ContactError("blocked", str(answer.get("text") or ""))
        self.conversation = str(answer["conversation"])
        self._resume_token = str(answer["resume_token"])
        position = answer.get("position")
        self.position = position if isinstance(position, int) else None
        returning = answer.get("returning")
        return Opened(self.conversation, self.position,
                      dict(returning) if isinstance(returning, dict) else None)

    async def return_choice(self, wait: bool) -> bool:
        """After coming back with a code while that counsellor is busy or away: wait for
        her (``True``) or take the next counsellor; returns whether the hub holds it for her."""
        self._require_open()
        answer = await self._request({"type": "return_choice", "id": self._next_id(),
                                      "wait": wait})
        return bool(answer.get("waiting"))

    async def send(self, text: str) -> int:
        """Send one message; returns its ``seq`` once the hub has stored it."""
        self._require_open()
        answer = await self._request({"type": "send", "id": self._next_id(), "text": text})
        return int(answer["seq"])

    async def leave(self) -> None:
        """End the conversation from the young person's side (``closed``/``contact_left``)."""
        self._require_open()
        if self.closed_reason is not None:
            return
        try:
            await self._request({"type": "leave", "id": self._next_id()})
        except ContactError as exc:
            # A leave resent after a reconnect may find the conversation already closed.
            if self.closed_reason is None or exc.code not in ("conflict", "forbidden"):
                raise

    async def events(self) -> AsyncIterator[Frame]:
        """Every ``event`` frame (once each, in ``seq`` order) and ``queue`` push, until closed.

        Frames are buffered from the start, so nothing is missed by iterating late; a client
        made with ``buffer_events=False`` (callback only) buffers nothing and yields nothing.
        """
        while True:
            frame = await self._events.get()
            if frame is None:
                self._events.put_nowait(None)  # let other iterators finish too
                return
            yield frame

    async def close(self) -> None:
        """Close the connection and stop reconnecting. Does not leave the conversation."""
        if self._closing:
            return
        self._closing = True
        self._stop.set()
        runner, self._runner = self._runner, None
        if runner is not None:
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
        self._fail_waiting(ContactError("closed", "The client was closed."), everything=True)
        self._events.put_nowait(None)

    # --- requests ------------------------------------------------------------------------

    def _next_id(self) -> str:
        return f"{self._id_prefix}-{next(self._ids)}"

    def _require_open(self) -> None:
        if self.conversation is None:
            raise ContactError("not_found", "Open a conversation first.")
        if self._closing:
            raise ContactError("closed", "The client was closed.")
        if self._failure is not None:
            raise self._failure

    async def _request(self, frame: Frame, *, resend: bool = True) -> Frame:
        """Send a request and await its ``ok``; with ``resend`` it survives reconnects."""
        request_id = str(frame["id"])
        future: asyncio.Future[Frame] = asyncio.get_running_loop().create_future()
        self._waiting[request_id] = future
        if resend:
            self._outbox[request_id] = frame
        try:
            if self._ready.is_set() and self._ws is not None:
                await self._write(self._ws, frame)
            elif not resend:
                raise ContactError("disconnected", "The hub is not connected.")
            return await asyncio.wait_for(future, self._request_timeout_s)
        except TimeoutError:
            raise ContactError("timeout", "The hub did not answer in time.") from None
        finally:
            self._waiting.pop(request_id, None)
            self._outbox.pop(request_id, None)

    async def _write(self, ws: ClientConnection, frame: Frame) -> None:
        async with self._write_lock:
            # A dropped connection is noticed by the reader; the outbox resends.
            with contextlib.suppress(ConnectionClosed):
                await ws.send(encode(frame))

    def _fail_waiting(self, error: ContactError, *, everything: bool) -> None:
        """Fail awaited answers; resendable requests survive unless ``everything``."""
        for request_id, future in list(self._waiting.items()):
            if (everything or request_id not in self._outbox) and not future.done():
                future.set_exception(error)

    # --- connection ----------------------------------------------------------------------

    def _start(self) -> None:
        if self._closing:
            raise ContactError("closed", "The client was closed.")
        if self._runner is None:
            self._runner = asyncio.create_task(self._run(), name="contact-client")

    async def _wait_ready(self, timeout_s: float) -> None:
        """Until connected; the reason at once when the client gave up (bad URL, TLS)."""
        ready = asyncio.ensure_future(self._ready.wait())
        waits: set[asyncio.Future[Any]] = {ready}
        if self._runner is not None:
            waits.add(self._runner)
        try:
            await asyncio.wait(waits, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
        finally:
            ready.cancel()
        if self._ready.is_set():
            return
        if self._failure is not None:
            raise self._failure
        raise ContactError("disconnected", f"Could not connect to {self.url}.")

    async def _run(self) -> None:
        try:
            loop = connections(
                self.hubs, self._backoff, self._stop, ssl_context=self._ssl_context,
                proxy=None, open_timeout=self._connect_timeout_s,
            )
            async with aclosing(loop) as conns:
                async for ws in conns:
                    with contextlib.suppress(*_RETRYABLE):
                        await self._serve(ws)
                    if self.closed_reason is not None:
                        # The conversation is over; nothing more will happen in it.
                        self._give_up(ContactError("closed", "The conversation has ended."))
                        return
        except InvalidURI as exc:
            self._give_up(ContactError("bad_url", str(exc)))
        except ContactError as exc:
            self._give_up(exc)
        except ssl.SSLCertVerificationError:  # retrying will not make it verify
            self._give_up(ContactError("tls", "The hub's certificate could not be verified."))
        except (OSError, InvalidHandshake) as exc:  # a 404 path, a refused handshake
            self._give_up(ContactError("refused", f"The hub refused the connection: {exc}"))

    def _give_up(self, error: ContactError) -> None:
        self._failure = error
        self._fail_waiting(error, everything=True)
        self._events.put_nowait(None)

    async def _serve(self, ws: ClientConnection) -> None:
        """One connection's life: resume if there is a conversation, then read until it drops."""
        self._ws = ws
        reader = asyncio.create_task(self._read(ws), name="contact-reader")
        try:
            if self._resume_token is not None:
                await self._resume(ws, reader)  # sets ready itself, in order with the outbox
            else:
                self._ready.set()
            self._backoff.reset()
            await reader
        finally:
            self._ready.clear()
            self._ws = None
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, *_RETRYABLE):
                await reader
            self._fail_waiting(
                ContactError("disconnected", "The connection dropped."), everything=False
            )

    async def _resume(self, ws: ClientConnection, reader: asyncio.Task[None]) -> None:
        request_id = self._next_id()
        future: asyncio.Future[Frame] = asyncio.get_running_loop().create_future()
        self._waiting[request_id] = future
        frame: Frame = {
            "type": "resume",
            "id": request_id,
            "resume_token": self._resume_token,
            "after": self.last_seq,
        }
        try:
            await self._write(ws, frame)
            waiters: set[asyncio.Future[Any]] = {future, reader}
            done, _ = await asyncio.wait(
                waiters, timeout=self._request_timeout_s, return_when=asyncio.FIRST_COMPLETED
            )
            if future not in done:
                raise ConnectionResetError("no answer to resume")
            answer = future.result()
        except ContactError as exc:
            if exc.code == "disconnected":
                raise ConnectionResetError("dropped while resuming") from None
            raise  # not_found and the like: the conversation cannot be resumed
        finally:
            self._waiting.pop(request_id, None)
        position = answer.get("position")
        self.position = position if isinstance(position, int) else None
        # Resend what was never acknowledged, before anything new: the snapshot and ``ready``
        # change together, and later requests queue on the lock behind the resends.
        async with self._write_lock:
            pending_frames = list(self._outbox.values())
            self._ready.set()
            for pending in pending_frames:
                with contextlib.suppress(ConnectionClosed):
                    await ws.send(encode(pending))

    async def _read(self, ws: ClientConnection) -> None:
        async for raw in ws:
            try:
                frame = decode_any(raw)
            except ProtocolError:
                continue
            self._dispatch(frame)

    def _dispatch(self, frame: Frame) -> None:
        kind = frame["type"]
        if kind in ("ok", "error"):
            self._answer(frame)
        elif kind == "event":
            self._event(frame)
        elif kind == "queue":
            position = frame.get("position")
            if isinstance(position, int):
                self.position = position
            self._deliver(frame)

    def _answer(self, frame: Frame) -> None:
        request_id = frame.get("re")
        future = self._waiting.get(request_id) if isinstance(request_id, str) else None
        if future is None or future.done():
            return
        self._outbox.pop(str(request_id), None)
        if frame["type"] == "ok":
            future.set_result(frame)
        else:
            code = str(frame.get("code", "internal"))
            future.set_exception(ContactError(code, str(frame.get("message", ""))))

    def _event(self, frame: Frame) -> None:
        seq = frame.get("seq")
        if not isinstance(seq, int) or seq <= self.last_seq:
            return  # seen already (replayed after a resume)
        self.last_seq = seq
        kind = frame.get("kind")
        if kind == "assigned":
            self.position = None
            counsellor = frame.get("counsellor")
            self.counsellor = counsellor if isinstance(counsellor, str) else None
        elif kind == "closed":
            self.position = None
            self.closed_reason = str(frame.get("reason", "closed"))
        self._deliver(frame)

    def _deliver(self, frame: Frame) -> None:
        if self._buffer_events:
            self._events.put_nowait(frame)
        if self._on_event is not None:
            self._on_event(frame)
