"""The hub's port answers the chat page's files itself, before websockets' handshake machinery.

A page load is five GETs (the page, its script, its style sheet, its icon, the status). Given to
websockets' ``process_request`` hook, each paid for a whole WebSocket connection's setup: a
handler task, a handshake timeout, futures, and a closed connection after every answer (about
a quarter of a millisecond of the hub's loop per file, while young people's messages waited
behind it; docs/performance.md, issue 14).

:class:`FrontDoor` is websockets' own connection class with one step put in front: it reads the
request with websockets' parser (no HTTP is parsed by hand here either) and, for a plain
``GET`` of a chat page path, writes the answer at once and keeps the connection for the browser's
next file (HTTP/1.1 keep-alive, as browsers expect). Anything else — a WebSocket upgrade, the
health and metrics paths, the SMS gateway, another method, a malformed request — is handed to
websockets with every byte read so far, exactly as if the front step were not there.

Behind a load balancer that speaks the PROXY protocol (``serve --proxy-protocol-from``), a
connection from one of :attr:`FrontDoors.proxies` must start with its header
(:mod:`workstation.hub.proxy_header`) within :data:`PROXY_HEADER_TIMEOUT_S`, or is closed; the
client address it carries is the connection's ``remote_address`` from then on (every
per-address limit, the metrics allow-list, the softphone's address). A header from any other
address is not read: websockets refuses it as a malformed request. The header comes before
TLS (HAProxy passes the hub's own TLS through): with a certificate, the listening socket is
plain and each connection starts TLS here, after the header if one is awaited.

With ``serve --chat-page-process`` the same front step runs in the page's own process
(:mod:`workstation.hub.page_worker`), and a connection that is not the page's is not handed to
websockets there but passed to the hub (:attr:`FrontDoors.pass_on`); in the hub it arrives
already accepted, with the bytes read so far and the client's address, and goes on from there
(:attr:`FrontDoors.adopted`).

Limits, as websockets' handshake has them: a request head must be complete within
:data:`HEAD_TIMEOUT_S` of the connection or of the last answer; a kept connection idles at most
:data:`IDLE_S`; one connection gets at most :data:`MAX_ANSWERS` answers; a client that does not
read its answers is not read from until it does.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Callable, Generator
from typing import Any, cast

from websockets.asyncio.server import ServerConnection
from websockets.http11 import Request
from websockets.protocol import Protocol
from websockets.streams import StreamReader

from workstation.hub import proxy_header
from workstation.hub.metrics import Network, address_allowed

log = logging.getLogger(__name__)

#: Seconds a client has to send a whole request head (websockets' ``open_timeout``).
HEAD_TIMEOUT_S = 10.0
#: Seconds a kept-alive connection may idle between answers before the hub closes it.
IDLE_S = 5.0
#: Answers on one connection before the hub closes it (a page load needs five).
MAX_ANSWERS = 100
#: Seconds a connection from a load balancer has to send its whole PROXY protocol header.
PROXY_HEADER_TIMEOUT_S = 5.0

#: The answer's head and body for a request (and whether the connection is kept), or None.
Answer = Callable[[Request, bool], "tuple[bytes, bytes] | None"]
#: A client's (host, port), as a PROXY protocol header carried it.
Client = tuple[str, int]


class FrontDoors:
    """The chat page's answers, and the connections kept open for them (closed on stop).

    Attributes:
        answer: gives the answer for a request (and whether the connection is kept), or None
            when the request is not the page's.
        open: front connections not yet handed on or closed.
        proxies: the load balancers' networks: a connection from one starts with a PROXY
            protocol header (none: no connection does).
        tls: with ``proxies``, the hub's TLS, started here on each connection after the
            header (the listening socket is then plain).
        pass_on: in the page process (:mod:`workstation.hub.page_worker`): gives a connection
            that is not the page's to the hub, with the bytes of the request read so far
            (None: websockets, in this process, takes it).
        adopted: in the hub, connections the page process passed on, by their socket's file
            descriptor: the client its PROXY header named (if any) and the bytes read so far.
    """

    def __init__(self, answer: Answer, proxies: tuple[Network, ...] = (),
                 tls: ssl.SSLContext | None = None) -> None:
        self.answer = answer
        self.open: set[FrontDoor] = set()
        self.proxies = proxies
        self.tls = tls
        self.pass_on: Callable[[FrontDoor, Client | None, bytes], None] | None = None
        self.adopted: dict[int, tuple[Client | None, bytes]] = {}

    def connection(self, *args: Any, **kwargs: Any) -> ServerConnection:
        """websockets' ``create_connection``: a connection with the front step."""
        return FrontDoor(self, *args, **kwargs)

    def close_all(self) -> None:
        """Closes the page's kept-alive connections (websockets closes its own)."""
        for door in list(self.open):
            door.close_front()


class FrontDoor(ServerConnection):
    """A connection on the hub's port: the page's files first, websockets for the rest."""

    def __init__(self, doors: FrontDoors, *args: Any, **kwargs: Any) -> None:
        # websockets' own state (its protocol, parser, logger, futures) is made only if the
        # connection is handed to it: a page visit's never is, and that state is a reference
        # cycle left for the garbage collector, and CPU, on every visit (docs/performance.md).
        self._websockets_args = (args, kwargs)
        self._doors = doors
        self._front = True
        self._front_transport: asyncio.Transport | None = None
        #: Under TLS, the socket's own transport (see :func:`_uncycle`).
        self._socket_transport: asyncio.BaseTransport | None = None
        self._reader = StreamReader()
        self._parser = self._new_parser()
        #: Every byte of the request being read (given to websockets on a hand-over).
        self._raw = bytearray()
        self._answers = 0
        self._writing_paused = False
        self._timer: asyncio.TimerHandle | None = None
        #: The PROXY protocol header read so far, while one is awaited.
        self._header: bytearray | None = None
        #: The client's (host, port) the header carried, if any.
        self._client: Client | None = None
        #: While TLS starts: its task, and what arrived before its transport was ours.
        self._tls_start: asyncio.Task[asyncio.Transport | None] | None = None
        self._tls_early: bytearray | None = None

    @property
    def remote_address(self) -> Any:
        """The client's address: the one its load balancer's PROXY header carried, if any."""
        return self._client if self._client is not None else super().remote_address

    # -- asyncio's protocol callbacks --------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._front_transport = cast(asyncio.Transport, transport)
        self._socket_transport = _under_tls(transport)
        self._doors.open.add(self)
        sock = transport.get_extra_info("socket")
        adopted = self._doors.adopted.pop(sock.fileno(), None) if sock is not None else None
        if adopted is not None:  # passed on by the page process: the request goes on here
            self._client, raw = adopted
            self._arm(HEAD_TIMEOUT_S)
            if raw:
                self.data_received(raw)
            return
        peer = transport.get_extra_info("peername")
        proxies = self._doors.proxies
        if proxies and peer and address_allowed(str(peer[0]), proxies):
            self._header = bytearray()
            self._arm(PROXY_HEADER_TIMEOUT_S)
        elif self._doors.tls is not None:
            self._start_tls(b"")
        else:
            self._arm(HEAD_TIMEOUT_S)

    def data_received(self, data: bytes) -> None:
        if not self._front:
            super().data_received(data)
            return
        if self._tls_early is not None:
            self._tls_early += data
            return
        if self._header is not None:
            self._read_header(data)
            return
        self._raw += data
        self._reader.feed_data(data)
        self._serve()

    def eof_received(self) -> None:
        if not self._front:
            super().eof_received()
        # in front: returning None lets asyncio close the transport

    def connection_lost(self, exc: Exception | None) -> None:
        _uncycle(self._front_transport)
        _uncycle(self._socket_transport)
        if not self._front:
            super().connection_lost(exc)
            return
        self._stop_front()
        self._end_protocol()

    def _end_protocol(self) -> None:
        """Ends the parser of the websockets protocol made for this connection and never used:
        it holds its protocol, a reference cycle the garbage collector would have to find."""
        args, _ = self._websockets_args
        protocol = args[0] if args else None
        if isinstance(protocol, Protocol) and isinstance(protocol.parser, Generator):
            protocol.parser.close()

    def pause_writing(self) -> None:
        if not self._front:
            super().pause_writing()
            return
        self._writing_paused = True
        if self._front_transport is not None:  # nothing more is read until it reads
            self._front_transport.pause_reading()

    def resume_writing(self) -> None:
        if not self._front:
            super().resume_writing()
            return
        self._writing_paused = False
        if self._front_transport is not None:
            self._front_transport.resume_reading()
        self._serve()

    # -- the front step -----------------------------------------------------------------------

    @property
    def front_transport(self) -> asyncio.Transport | None:
        """The connection's transport while this front step reads it."""
        return self._front_transport if self._front else None

    def close_front(self) -> None:
        if self._front and self._front_transport is not None:
            self._front_transport.close()
        self._stop_front()

    def _read_header(self, data: bytes) -> None:
        """Reads the load balancer's PROXY header, then the request after it."""
        assert self._header is not None
        self._header += data
        try:
            header = proxy_header.parse(bytes(self._header))
        except proxy_header.HeaderError as exc:
            log.warning("closing a connection from the load balancer: %s", exc)
            self.close_front()
            return
        if header is None:
            return  # not complete yet (parse bounds its length)
        rest = bytes(self._header[header.length:])
        self._header = None
        self._client = header.client
        if self._doors.tls is not None:
            self._start_tls(rest)
            return
        self._arm(HEAD_TIMEOUT_S)
        if rest:
            self.data_received(rest)

    def _start_tls(self, rest: bytes) -> None:
        """The hub's TLS on this connection; ``rest``: its first bytes, read with the header."""
        transport = self._front_transport
        assert transport is not None and self._doors.tls is not None
        loop = asyncio.get_running_loop()
        transport.pause_reading()  # nothing raw is read before start_tls takes the transport
        self._tls_early = bytearray()  # decrypted bytes before start_tls gave the transport
        self._arm(HEAD_TIMEOUT_S)  # the handshake and the request head within it
        self._tls_start = loop.create_task(loop.start_tls(
            transport, self, self._doors.tls, server_side=True,
            ssl_handshake_timeout=HEAD_TIMEOUT_S))
        self._tls_start.add_done_callback(self._tls_started)
        if rest:  # start_tls put its TLS protocol in place first (its task's first step)
            loop.call_soon(_feed, transport, rest)

    def _tls_started(self, task: asyncio.Task[asyncio.Transport | None]) -> None:
        self._tls_start = None
        early, self._tls_early = self._tls_early, None
        if task.cancelled() or task.exception() is not None or task.result() is None:
            # a failed handshake: the connection is gone
            if self._front_transport is not None:
                self._front_transport.abort()
            self._stop_front()
            return
        self._front_transport = task.result()
        self._socket_transport = _under_tls(self._front_transport)
        if early:
            self.data_received(bytes(early))

    def _serve(self) -> None:
        """Answers every complete request read so far, or hands the connection on."""
        transport = self._front_transport
        assert transport is not None
        while self._front and not self._writing_paused and not transport.is_closing():
            try:
                next(self._parser)
            except StopIteration as done:
                request: Request = done.value
            except Exception:  # malformed, too long, not ASCII: websockets answers it
                self._hand_over()
                return
            else:
                return  # the head is not complete yet
            keep = _wants_keep_alive(request) and self._answers + 1 < MAX_ANSWERS
            answer = self._doors.answer(request, keep) if _plain_get(request) else None
            if answer is None:
                self._hand_over()
                return
            transport.writelines(answer)
            self._answers += 1
            if not keep:
                self.close_front()
                return
            self._raw = bytearray(self._reader.buffer)  # a pipelined next request, if any
            self._parser = self._new_parser()
            self._arm(IDLE_S if not self._raw else HEAD_TIMEOUT_S)

    def _hand_over(self) -> None:
        """From here on websockets reads the connection, from the request's first byte."""
        transport = self._front_transport
        assert transport is not None
        self._stop_front()
        raw, self._raw = bytes(self._raw), bytearray()
        if self._doors.pass_on is not None:  # the page process: the hub takes it from here
            self._doors.pass_on(self, self._client, raw)
            return
        self._front = False
        args, kwargs = self._websockets_args
        super().__init__(*args, **kwargs)
        super().connection_made(transport)
        if self._writing_paused:  # websockets reads on and keeps its own flow control
            transport.resume_reading()
            super().pause_writing()
        if raw:
            super().data_received(raw)

    def _stop_front(self) -> None:
        self._doors.open.discard(self)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _arm(self, seconds: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(seconds, self.close_front)

    def _new_parser(self) -> Generator[None, None, Request]:
        return Request.parse(self._reader.read_line)  # started by the first next()


def _uncycle(transport: asyncio.BaseTransport | None) -> None:
    """Let a closed connection's transport be freed at once. CPython's selector transport
    keeps a bound method of itself (``_read_ready_cb``) after it is closed, a reference cycle:
    every closed connection waited for the cyclic garbage collector, and 100 page visits a
    second made it run about once a second for 1.5-4.5 ms of the hub's loop, while the chats'
    messages waited (docs/performance.md, "The status in the page, and no garbage from a visit")."""
    if transport is not None and transport.is_closing() and hasattr(transport, "_read_ready_cb"):
        transport._read_ready_cb = None


def _under_tls(transport: asyncio.BaseTransport | None) -> asyncio.BaseTransport | None:
    """The socket transport beneath asyncio's TLS transport, if ``transport`` is one (asyncio
    forgets it before telling the connection it is lost)."""
    protocol = getattr(transport, "_ssl_protocol", None)
    inner = getattr(protocol, "_transport", None)
    return inner if isinstance(inner, asyncio.BaseTransport) else None


def _feed(transport: asyncio.Transport, data: bytes) -> None:
    """Give ``data`` (read before TLS started) to the TLS protocol now reading ``transport``."""
    protocol = transport.get_protocol()
    if not isinstance(protocol, asyncio.BufferedProtocol):
        transport.abort()
        return
    view = memoryview(data)
    while view:
        buffer = memoryview(protocol.get_buffer(len(view)))
        size = min(len(buffer), len(view))
        buffer[:size] = view[:size]
        protocol.buffer_updated(size)
        view = view[size:]


def _plain_get(request: Request) -> bool:
    """A GET over HTTP/1.1 that asks for no protocol switch. (websockets before 16 has no
    ``method`` or ``protocol``: its parser refuses anything but ``GET … HTTP/1.1``.)"""
    return (
        getattr(request, "method", "GET") == "GET"
        and getattr(request, "protocol", "HTTP/1.1") == "HTTP/1.1"
        and "Upgrade" not in request.headers
    )


def _wants_keep_alive(request: Request) -> bool:
    tokens = ",".join(request.headers.get_all("Connection")).lower()
    return "close" not in (token.strip() for token in tokens.split(","))
