"""The desk's connection to the hub: sign in, resume from the last seq, outbox, reconnect."""

import asyncio
import contextlib
import logging
import ssl
import time
from collections.abc import Sequence
from contextlib import aclosing
from typing import Any

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from workstation.client.backoff import Backoff
from workstation.client.calls import Calls
from workstation.client.connect_loop import connections, unless_stopped
from workstation.client.credentials import Credentials
from workstation.client.errors import AuthenticationFailed, HubError, NotConnected
from workstation.client.events import EventTracker, is_event
from workstation.client.hubs import HubList
from workstation.client.listener import ClientListener
from workstation.client.outbox import Outbox, OutboxItem, OutboxKind, new_id
from workstation.client.state import ConnectionState
from workstation.protocol import MAX_TEXT_CHARS, ProtocolError, decode_any, encode
from workstation.protocol.log_safe import traceback_without_values

log = logging.getLogger(__name__)

STAFF_PATH = "/v1/staff"
#: Answers can be larger than the 64 KiB a client may send (a replay, a long backlog).
MAX_INCOMING_BYTES = 16 * 1024 * 1024
#: How long to wait before resending an item the hub answered ``rate_limited``.
RATE_LIMIT_RETRY_S = 1.0
#: Requests whose ``ok`` may carry a backlog of events in ``events``.
BACKLOG_REQUESTS = frozenset({"sync", "accept", "observe", "consult_accept", "take_over"})
#: Frames are handled for at most about this long before the event loop gets a turn.
READ_SLICE_S = 0.004


class _Retry(Exception):
    """This connection is of no use (the hub is busy or failing): reconnect after the backoff."""


class StaffClient:
    """One desk's connection to the hub, kept alive until :meth:`close`.

    Attributes:
        state: the :class:`ConnectionState` now.
        user: ``{"name", "display_name", "roles"}`` once signed in, else ``None``.
        token: the session token from the last ``hello``; used to sign in again on reconnect.
        url: the first hub's ``/v1/staff`` address (the desk's name for its hubs: keyring,
            drafts).
        hubs: every hub's address and the one in use; a lost connection moves on to the next.
        pending: the unacknowledged :class:`OutboxItem` s, oldest first.
        last_seq: conversation id to the highest ``seq`` delivered; ``sync`` resumes from it.
    """

    def __init__(
        self,
        url: str | Sequence[str],
        credentials: Credentials,
        *,
        backoff_initial: float = 0.3,
        backoff_max: float = 10.0,
        open_timeout: float = 10.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.hubs = HubList(url, STAFF_PATH)
        self.url = self.hubs.urls[0]
        self.credentials = credentials
        self.state = ConnectionState.OFFLINE
        self.user: dict[str, Any] | None = None
        self.token: str | None = credentials.token
        self._open_timeout = open_timeout
        #: For ``wss://``: the CAs to verify the hub against (None: the system's).
        self._ssl_context = ssl_context
        self._backoff = Backoff(backoff_initial, backoff_max)
        self._listeners: list[ClientListener] = []
        self._outbox = Outbox()
        self._events = EventTracker()
        self._calls = Calls()
        self._ws: ClientConnection | None = None
        self._wake = asyncio.Event()
        self._connected = asyncio.Event()
        self._stopped = asyncio.Event()
        self._close_requested = asyncio.Event()
        self._running = False
        self._ever_connected = False
        self._stop_error: BaseException | None = None
        #: Why the hub signed this desk out (a ``signed_out`` reason), else ``None``.
        self.signed_out: str | None = None

    # --- what the desk reads -------------------------------------------------------------

    @property
    def pending(self) -> list[OutboxItem]:
        return self._outbox.items

    @property
    def pending_count(self) -> int:
        return len(self._outbox)

    @property
    def last_seq(self) -> dict[str, int]:
        return self._events.last_seq

    @property
    def duplicates_dropped(self) -> int:
        """Events the hub sent again that the desk already had (and did not pass on)."""
        return self._events.dropped

    def add_listener(self, listener: ClientListener) -> None:
        self._listeners.append(listener)

    # --- lifecycle ----------------------------------------------------------------------

    async def run(self) -> None:
        """Connect, and reconnect after every loss, until :meth:`close`.

        Raises :class:`AuthenticationFailed` when the hub rejects the credentials, and the
        websockets exception when the hub cannot be reached for a reason retrying won't fix
        (a wrong URL or path). The state is ``OFFLINE`` when it returns or raises.
        """
        if self._running:
            raise RuntimeError("StaffClient.run() is already running")
        if self._close_requested.is_set():
            return
        self._running = True
        self._stopped.clear()
        self._set_state(ConnectionState.CONNECTING)
        options: dict[str, Any] = {
            "open_timeout": self._open_timeout,
            "max_size": MAX_INCOMING_BYTES,
            "close_timeout": 2,
        }
        try:
            stop = self._close_requested
            loop = connections(self.hubs, self._backoff, stop, ssl_context=self._ssl_context,
                               on_target=self._notify_hub, **options)
            async with aclosing(loop) as conns:
                async for ws in conns:
                    await self._serve(ws)
                    if not stop.is_set() and self._ever_connected:
                        self._set_state(ConnectionState.RECONNECTING)
        except BaseException as exc:
            self._stop_error = exc
            raise
        finally:
            self._running = False
            self._connection_lost()
            self._set_state(ConnectionState.OFFLINE)
            self._stopped.set()

    async def wait_connected(self, timeout: float = 10) -> None:
        """Return once connected; ``TimeoutError`` after ``timeout`` seconds.

        Raises :class:`AuthenticationFailed` if the credentials were rejected meanwhile,
        ``ssl.SSLCertVerificationError`` if the hub's certificate did not verify, and
        :class:`NotConnected` if the client stopped for another reason.
        """
        if self.state is ConnectionState.CONNECTED:
            return
        connected = asyncio.ensure_future(self._connected.wait())
        stopped = asyncio.ensure_future(self._stopped.wait())
        try:
            done, _ = await asyncio.wait(
                {connected, stopped}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            connected.cancel()
            stopped.cancel()
        if connected in done:
            return
        if stopped in done:
            if isinstance(self._stop_error, AuthenticationFailed | ssl.SSLCertVerificationError):
                raise self._stop_error
            raise NotConnected("The connection to the hub has stopped.")
        raise TimeoutError("not connected to the hub in time")

    async def close(self) -> None:
        """Disconnect for good; :meth:`run` returns. Unacknowledged items stay in ``pending``."""
        self._close_requested.set()
        if self._running:
            await self._stopped.wait()
        else:
            self._set_state(ConnectionState.OFFLINE)

    # --- requests -----------------------------------------------------------------------

    async def request(self, frame: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """Send ``frame`` and return the hub's ``ok`` answer.

        The frame goes with a fresh ``id`` unless it carries one: a caller retrying a request
        whose first attempt may have reached the hub (the connection dropped, no answer came)
        sends the same id again, and the hub answers with the first answer instead of doing it
        twice (docs/protocol.md, Idempotency).

        Raises :class:`HubError` for an ``error`` answer, :class:`NotConnected` when offline
        or when the connection drops before the answer, :class:`RequestTimeout` when the hub
        does not answer in ``timeout`` seconds.
        """
        ws = self._ws
        if ws is None or self.state is not ConnectionState.CONNECTED:
            raise NotConnected()
        answer = await self._call(ws, frame, timeout)
        if answer["type"] == "error":
            raise HubError.from_frame(answer)
        return answer

    def send_message(self, conversation: str, text: str, sign: bool = False) -> OutboxItem:
        """Queue a message to the young person; it goes out now or after the reconnect
        (``sign``: an e-mail answer signed with the counsellor's name)."""
        return self._enqueue("send", conversation, text, sign)

    def send_note(self, conversation: str, text: str) -> OutboxItem:
        """Queue a staff-only note; it goes out now or after the reconnect."""
        return self._enqueue("note", conversation, text)

    async def accept(self, conversation: str) -> dict[str, Any]:
        return await self.request({"type": "accept", "conversation": conversation})

    async def close_conversation(
        self, conversation: str, reason: str = "staff_closed"
    ) -> dict[str, Any]:
        return await self.request({"type": "close", "conversation": conversation, "reason": reason})

    async def flag(self, conversation: str, flag: str = "risk") -> dict[str, Any]:
        return await self.request({"type": "flag", "conversation": conversation, "flag": flag})

    async def set_presence(self, status: str) -> dict[str, Any]:
        return await self.request({"type": "presence", "status": status})

    async def logout(self) -> None:
        """End this session at the hub (its token never works again), then disconnect."""
        with contextlib.suppress(HubError):
            await self.request({"type": "logout"})
        self.token = None
        await self.close()

    # --- one connection -----------------------------------------------------------------

    async def _serve(self, ws: ClientConnection) -> None:
        """Sign in, resume, then read and flush the outbox until the connection ends."""
        reader = asyncio.create_task(self._read(ws), name="hub-reader")
        helpers: list[asyncio.Task[Any]] = [reader]
        try:
            try:
                signed_in, _ = await unless_stopped(self._handshake(ws), self._close_requested)
            except (HubError, _Retry) as exc:
                # A hub that takes sockets but cannot sign anyone in is of no use: the next
                # attempt goes to the next hub (the same one when there is only one).
                log.info("signing in to the hub failed (%s); will retry", type(exc).__name__)
                self.hubs.failed()
                self._notify_hub()
                return
            if not signed_in:
                return
            writer = asyncio.create_task(self._write(ws), name="hub-writer")
            closer = asyncio.create_task(self._close_requested.wait(), name="hub-closer")
            helpers += [writer, closer]
            done, _ = await asyncio.wait(helpers, return_when=asyncio.FIRST_COMPLETED)
            for task in done - {closer}:
                failure = None if task.cancelled() else task.exception()
                if failure is not None:  # its message may quote a frame: not logged
                    log.error("connection task failed\n%s", traceback_without_values(failure))
        finally:
            for task in helpers:
                task.cancel()
            await asyncio.gather(*helpers, return_exceptions=True)
            self._connection_lost()

    async def _handshake(self, ws: ClientConnection) -> None:
        await self._hello(ws)
        self._backoff.reset()
        self._ws = ws
        self._notify("on_hello", self.user)
        self._ever_connected = True
        self._notify_hub()
        self._set_state(ConnectionState.CONNECTED)
        self._connected.set()
        after = self._sync_after()
        log.debug("resuming %d conversations", len(after))
        answer = await self._call(ws, {"type": "sync", "after": after}, self._open_timeout)
        if answer["type"] == "error":
            raise HubError.from_frame(answer)

    def _sync_after(self) -> dict[str, int]:
        """The ``after`` of the next ``sync``: the last seq seen in each conversation."""
        return dict(self._events.last_seq)

    async def _hello(self, ws: ClientConnection) -> None:
        """Sign in with the session token, falling back to the password if it is refused."""
        creds = self.credentials
        if self.token is not None:
            answer = await self._call(
                ws, {"type": "hello", "token": self.token}, self._open_timeout
            )
            if self._hello_done(answer):
                return
            # The hub no longer knows the token (it restarted, the session ended).
            self.token = None
            if not creds.has_password:
                self._auth_failed(answer)
            log.info("session token refused; signing in with the password")
        if not creds.has_password:
            self._auth_failed({"message": "No credentials to sign in with."})
        frame = {"type": "hello", "user": creds.user, "password": creds.password}
        answer = await self._call(ws, frame, self._open_timeout)
        if not self._hello_done(answer):
            self._auth_failed(answer)

    def _hello_done(self, answer: dict[str, Any]) -> bool:
        """True for a hello ``ok``; False for ``unauthenticated``; _Retry for the rest."""
        if answer["type"] == "ok":
            user = answer.get("user")
            self.user = user if isinstance(user, dict) else None
            token = answer.get("token")
            if isinstance(token, str):
                self.token = token
            return True
        if answer.get("code") == "unauthenticated":
            return False
        raise _Retry(str(answer.get("code")))

    def _auth_failed(self, answer: dict[str, Any]) -> None:
        message = str(answer.get("message") or "The hub rejected the credentials.")
        self._notify("on_auth_failed", message)
        raise AuthenticationFailed(message)

    async def _call(
        self, ws: ClientConnection, frame: dict[str, Any], timeout: float
    ) -> dict[str, Any]:
        """Send ``frame`` with its id or a fresh one; the ``ok`` or ``error`` answer."""
        given = frame.get("id")
        request_id, answer = self._calls.register(
            str(frame.get("type")), given if isinstance(given, str) and given else None
        )
        try:
            try:
                await ws.send(encode({**frame, "id": request_id}))
            except ConnectionClosed:
                raise NotConnected("The connection to the hub was lost.") from None
            return await self._calls.wait(request_id, answer, timeout)
        finally:
            self._calls.forget(request_id)

    async def _read(self, ws: ClientConnection) -> None:
        try:
            turn_started = time.perf_counter()
            async for raw in ws:
                self._dispatch(raw)
                if time.perf_counter() - turn_started > READ_SLICE_S:
                    # A backlog (after a stall, a reconnect) must not hold up the desk's
                    # painting and timers: let the loop run, then go on.
                    await asyncio.sleep(0)
                    turn_started = time.perf_counter()
        except ConnectionClosed:
            pass
        finally:
            # Nothing more will be answered on this connection (the handshake may be waiting).
            self._calls.fail_all(NotConnected("The connection to the hub was lost."))

    async def _write(self, ws: ClientConnection) -> None:
        """Send every outbox item that may go now; then wait until there is more to do."""
        try:
            while True:
                self._wake.clear()
                for item in self._outbox.ready():
                    self._outbox.mark_sent(item.id)
                    await ws.send(encode(item.frame()))
                await self._wake.wait()
        except ConnectionClosed:
            pass

    def _connection_lost(self) -> None:
        self._ws = None
        self._connected.clear()
        self._outbox.connection_lost()
        self._calls.fail_all(NotConnected("The connection to the hub was lost before it answered."))

    # --- frames from the hub ------------------------------------------------------------

    def _dispatch(self, raw: str | bytes) -> None:
        try:
            frame = decode_any(raw)
        except ProtocolError:
            log.debug("ignored an unreadable frame of %d bytes", len(raw))
            return
        kind = frame["type"]
        if kind in ("ok", "error"):
            self._on_answer(frame)
        elif kind == "event":
            self._on_event(frame)
        elif kind == "queue" and isinstance(frame.get("items"), list):
            # The hub lists the first 50 at most; ``total`` and ``by_channel`` count all
            # (an older hub sends neither: then the list is the whole queue).
            items = frame["items"]
            total = frame.get("total")
            by_channel = frame.get("by_channel")
            self._notify(
                "on_queue_total",
                total if isinstance(total, int) else len(items),
                dict(by_channel) if isinstance(by_channel, dict) else {},
                optional=True,
            )
            self._notify("on_queue", items)
        elif kind == "signed_out":
            # The session ended (logout elsewhere, account disabled, …): never sign in again
            # by itself, not even with the password it holds.
            self.signed_out = str(frame.get("reason") or "")
            self._close_requested.set()
            self._notify("on_push", frame)
        else:
            self._notify("on_push", frame)

    def _on_answer(self, frame: dict[str, Any]) -> None:
        re = frame.get("re")
        if isinstance(re, str) and re in self._outbox:
            self._on_outbox_answer(re, frame)
            return
        request_type = self._calls.request_type(re) if isinstance(re, str) else None
        if request_type is None:
            code = frame.get("code") if frame["type"] == "error" else "ok"
            which = "no request" if re is None else "an unknown request"
            log.debug("ignored an answer (%s) to %s", code, which)
            return
        if request_type in BACKLOG_REQUESTS and frame["type"] == "ok":
            backlog = frame.get("events")
            if isinstance(backlog, list):
                frames = [e for e in backlog if isinstance(e, dict)]
                for event in self._events.admit_batch(frames):
                    self._notify("on_event", event)
        self._calls.resolve(str(re), frame)

    def _on_outbox_answer(self, item_id: str, frame: dict[str, Any]) -> None:
        if frame["type"] == "ok":
            seq = frame.get("seq")
            self._outbox.ack(item_id, seq if isinstance(seq, int) else 0)
        elif frame.get("code") == "rate_limited":
            self._outbox.retry(item_id)
            asyncio.get_running_loop().call_later(RATE_LIMIT_RETRY_S, self._wake.set)
            return
        else:
            error = HubError.from_frame(frame)
            self._outbox.fail(item_id, error)
        self._wake.set()
        self._notify("on_outbox", len(self._outbox))

    def _on_event(self, frame: dict[str, Any]) -> None:
        if not is_event(frame):
            log.debug("ignored an event without conversation or seq")
            return
        if self._events.admit(frame):
            self._notify("on_event", frame)

    # --- helpers ------------------------------------------------------------------------

    def _enqueue(self, kind: OutboxKind, conversation: str, text: str, sign: bool = False
                 ) -> OutboxItem:
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        item = OutboxItem(new_id(), conversation, kind, text, future, sign)
        if len(text) > MAX_TEXT_CHARS:
            message = f"The text is longer than {MAX_TEXT_CHARS} characters; nothing was sent."
            future.set_exception(HubError("too_large", message))
            return item
        self._outbox.add(item)
        self._wake.set()
        self._notify("on_outbox", len(self._outbox))
        return item

    def _notify_hub(self) -> None:
        """Tell the desk which hub it uses or tries, and whether it is moving to another."""
        self._notify("on_hub", self.hubs.index, self.hubs.count, self.hubs.moving,
                     optional=True)

    def _set_state(self, state: ConnectionState) -> None:
        if state is not self.state:
            self.state = state
            self._notify("on_state", state)

    def _notify(self, method: str, *args: Any, optional: bool = False) -> None:
        """Call ``method`` on each listener (``optional``: only on those that have it)."""
        for listener in list(self._listeners):
            if optional and not hasattr(listener, method):
                continue
            try:
                getattr(listener, method)(*args)
            except Exception as exc:  # its message may quote an event: not logged
                log.error("a client listener failed in %s\n%s", method,
                          traceback_without_values(exc))
