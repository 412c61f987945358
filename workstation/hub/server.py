"""The WebSocket server: paths, frame loop, errors; and ``serve_hub`` for embedding."""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from workstation.hub.auth import SESSION_LIFETIME, Authenticator
from workstation.hub.cluster import Cluster, cluster_of
from workstation.hub.cluster.presence import EXPIRES_S, GRACE_S
from workstation.hub.contact_api import handle_contact
from workstation.hub.core import Hub
from workstation.hub.features import build_features
from workstation.hub.front_door import FrontDoors
from workstation.hub.health import HealthProbe
from workstation.hub.http_endpoints import HttpEndpoints
from workstation.hub.keys import HubKeys
from workstation.hub.limits import (
    TOO_MANY_CODE,
    TOO_MANY_REASON,
    LimitSettings,
    LimitsFeature,
)
from workstation.hub.metrics import DEFAULT_ALLOW, HubMetrics, Network, parse_allow
from workstation.hub.page_process import PageProcess, PageProcessError
from workstation.hub.page_worker import BACKLOG
from workstation.hub.peers import ContactPeer, Peer, StaffPeer
from workstation.hub.returning.feature import ReturnFeature
from workstation.hub.sms.feature import SmsFeature
from workstation.hub.sms.gateway import SmsGateway
from workstation.hub.staff_api import LoginRejected, StaffApi
from workstation.hub.telephony.adapter import TelephonyAdapter
from workstation.hub.telephony.feature import CallsFeature
from workstation.hub.webchat import ChatPage, ChatSettings
from workstation.protocol import (
    MAX_FRAME_BYTES,
    ErrorCode,
    ProtocolError,
    decode_contact,
    decode_staff,
    error,
)
from workstation.protocol.log_safe import traceback_without_values
from workstation.store import HubStore, open_database
from workstation.store.writer import StoreBusy, StoreUnavailable

log = logging.getLogger(__name__)
#: websockets logs the text of every frame at DEBUG. The hub's connections log here instead,
#: and this logger never goes below WARNING, whatever the process's logging is set to (the
#: demo and tests run a hub in a process whose logging the hub does not choose).
connection_log = logging.getLogger("workstation.hub.connections")
connection_log.setLevel(logging.WARNING)

CONTACT_PATH = "/v1/contact"
STAFF_PATH = "/v1/staff"
BUSY_MESSAGE = "The hub is very busy; this request was not carried out. Please try again."
UNAVAILABLE_MESSAGE = (
    "The hub cannot reach its database just now; this request was not carried out. "
    "Please try again in a moment."
)
INTERNAL_MESSAGE = (
    "Something went wrong on the hub; this request was not carried out. Please try again."
)


class HubServer:
    """Serves one :class:`Hub` over WebSocket.

    Attributes:
        hub: routing state and delivery.
        url: ``ws://host:port`` (``wss://`` with TLS) once started.
        metrics: the figures ``GET /metrics`` serves.
    """

    def __init__(
        self,
        store: HubStore,
        session_lifetime: timedelta = SESSION_LIFETIME,
        metrics_allow: tuple[Network, ...] | None = None,
        chat: ChatSettings | None = None,
        proxies: tuple[Network, ...] = (),
    ) -> None:
        self.hub = Hub(store)
        self.staff_api = StaffApi(self.hub, Authenticator(store, session_lifetime))
        self.staff_api.add_features(build_features(self.hub, self.staff_api))
        self.metrics = HubMetrics(self.hub)
        self.hub.features.append(self.metrics.event_counter(self.hub, self.staff_api))
        self.hub.feature(LimitsFeature).on_trip.append(self.metrics.rate_limited)
        self.hub.feature(ReturnFeature).hours = chat.hours if chat is not None else None
        self._http = HttpEndpoints(
            (CONTACT_PATH, STAFF_PATH), HealthProbe(store), self.metrics,
            metrics_allow or parse_allow(DEFAULT_ALLOW), ChatPage(chat),
        )
        #: ``proxies``: the load balancers whose connections start with a PROXY header.
        self._doors = FrontDoors(self._http.chat.respond_bytes, proxies)
        self.url = ""
        self.port = 0
        self._server: Server | None = None
        #: With several hubs on PostgreSQL: this hub's part (None on SQLite).
        self.cluster: Cluster | None = None
        #: When another hub's staff count as gone (:mod:`workstation.hub.cluster.presence`);
        #: set before :meth:`start`, shorter only in tests.
        self.presence_expires_s = EXPIRES_S
        #: How long the other hubs keep this hub's staff signed in after it stopped cleanly
        #: (a rolling restart; :mod:`workstation.hub.cluster.presence`); shorter only in tests.
        self.restart_grace_s = GRACE_S
        #: Serve the chat page from a process of its own (``serve --chat-page-process``; set
        #: before :meth:`start`): it accepts on the port and passes the rest to this hub.
        self.page_process = False
        #: That process while it runs.
        self.pages: PageProcess | None = None

    async def start(
        self, host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None
    ) -> None:
        """Listen on ``host:port`` (0: any free port); with ``tls``, as ``wss://``."""
        if self.page_process and tls is not None:
            raise PageProcessError(
                "The chat page's own process serves plain HTTP: with --cert, leave "
                "--chat-page-process out, or let a proxy in front of the hub do TLS "
                "(docs/deploy.md).")
        self.hub.store.attach(asyncio.get_running_loop())
        self.hub.store.observe_commits(self.metrics.commit_seconds.observe)
        self.hub.load()
        self.cluster = cluster_of(self.staff_api, self.presence_expires_s, self.restart_grace_s)
        if self.cluster is not None:
            await self.cluster.start()
        for feature in self.hub.features:
            await feature.start()
        self._http.routes.update(self.hub.feature(SmsFeature).gateway.http_routes())
        if self._doors.proxies:
            self._doors.tls = tls
        listening = self._page_socket(host, port)
        self._server = await serve(
            self._handle,
            None if listening else host,
            None if listening else port,
            sock=listening,
            start_serving=listening is None,  # with a page process, that process accepts
            process_request=self._http,
            # Behind a PROXY-protocol balancer its header comes before TLS: the doors start it.
            ssl=None if self._doors.proxies else tls,
            max_size=MAX_FRAME_BYTES,
            compression=None,
            logger=connection_log,
            server_header=None,  # no product and version for strangers to look up
            create_connection=self._doors.connection,  # type: ignore[arg-type]
        )
        sockname = next(iter(self._server.sockets)).getsockname()
        self.port = int(sockname[1])
        self.url = f"{'wss' if tls else 'ws'}://{host}:{self.port}"
        if listening is not None:
            await self._start_pages(listening)

    def _page_socket(self, host: str, port: int) -> socket.socket | None:
        """The port's listening socket, bound here, when a page process is to accept on it."""
        if not self.page_process:
            return None
        return socket.create_server((host, port), backlog=BACKLOG)

    async def _start_pages(self, listening: socket.socket) -> None:
        assert self._server is not None
        # websockets' own connection factory (asyncio keeps it on the server it made): a
        # connection the page process passes on becomes what an accepted one would.
        factory = self._server.server._protocol_factory  # type: ignore[attr-defined]
        # websockets refuses a handshake (503) when its server is not serving, and an asyncio
        # server that never accepts itself never is: here it serves until the hub stops.
        self._server.is_serving = lambda: not self.hub.stopping  # type: ignore[method-assign]
        self.pages = PageProcess(self._http.chat.settings, self._doors.proxies, self._doors,
                                 factory, self.metrics.page_process_restarts.inc)
        try:
            await self.pages.start(listening)
        except PageProcessError:
            self.pages = None
            self._server.close()
            raise

    async def stop(self) -> None:
        self.hub.stopping = True
        if self.pages is not None:
            await self.pages.stop()
            self.pages = None
        if self._server is not None:
            self._server.close()
            self._doors.close_all()
            await self._server.wait_closed()
            self._server = None
        for feature in self.hub.features:
            await feature.stop()
        if self.cluster is not None:
            await self.cluster.stop()
        await self.hub.store.close()

    async def _handle(self, ws: ServerConnection) -> None:
        path = ws.request.path if ws.request else ""
        kind = "contact" if path == CONTACT_PATH else "staff"
        limits = self.hub.feature(LimitsFeature)
        remote = str(ws.remote_address[0]) if ws.remote_address else "?"
        if not limits.admit(kind, remote):
            await ws.close(TOO_MANY_CODE, TOO_MANY_REASON)
            return
        try:
            with self.metrics.connections.labels(kind).track_inprogress():
                if kind == "contact":
                    await self._serve_contact(ContactPeer(ws))
                else:
                    await self._serve_staff(StaffPeer(ws))
        finally:
            limits.release(kind, remote)

    async def _serve_contact(self, peer: ContactPeer) -> None:
        try:
            async for raw in peer.ws:
                request = None
                try:
                    request = decode_contact(raw)
                    await handle_contact(self.hub, peer, request)
                except Exception as exc:
                    self._answer_failure(peer, exc, request)
        except ConnectionClosed:
            pass
        finally:
            if peer.conversation is not None:
                self.hub.contacts[peer.conversation].discard(peer)
                if not self.hub.contacts[peer.conversation]:
                    del self.hub.contacts[peer.conversation]

    async def _serve_staff(self, peer: StaffPeer) -> None:
        try:
            async for raw in peer.ws:
                request = None
                try:
                    request = decode_staff(raw)
                    await self.staff_api.handle(peer, request)
                except LoginRejected as rejected:
                    self._count_login_refusal(rejected.error.code)
                    self._answer_failure(peer, rejected.error, request)
                    await peer.ws.close(rejected.close_code, rejected.error.code)
                    return
                except Exception as exc:
                    self._answer_failure(peer, exc, request)
        except ConnectionClosed:
            pass
        finally:
            if peer.user is not None:
                peers = self.hub.staff[peer.user.name]
                peers.discard(peer)
                if not peers:
                    del self.hub.staff[peer.user.name]
                    self.hub.presence.pop(peer.user.name, None)
                    for feature in self.hub.features:
                        feature.on_staff_offline(peer.user.name)

    def _count_login_refusal(self, code: str) -> None:
        # A refusal by a sign-in limit is counted by LimitsFeature under the limit's name.
        if code == ErrorCode.UNAUTHENTICATED:
            self.metrics.failed_logins.inc()

    def _answer_failure(self, peer: Peer, exc: Exception, request: object) -> None:
        if isinstance(exc, ProtocolError):
            if exc.code == ErrorCode.BAD_FRAME and peer.too_many_bad_frames():
                self.metrics.rate_limited("bad_frames")
                self.metrics.error_frame(ErrorCode.RATE_LIMITED)
                peer.push(error(exc.re, ErrorCode.RATE_LIMITED, "Too many bad frames; slow down."))
                return
            self.metrics.error_frame(exc.code)
            peer.push(error(exc.re, exc.code, exc.message, exc.details))
            return
        if isinstance(exc, StoreBusy):  # overloaded: the client may try again shortly
            self.metrics.rate_limited("database_queue")
            self.metrics.error_frame(ErrorCode.RATE_LIMITED)
            peer.push(error(getattr(request, "id", None), ErrorCode.RATE_LIMITED, BUSY_MESSAGE))
            return
        if isinstance(exc, StoreUnavailable):  # the database is gone for now: try again
            log.warning("Request not carried out: the database is not reachable")
            self.metrics.rate_limited("database_unavailable")
            self.metrics.error_frame(ErrorCode.RATE_LIMITED)
            peer.push(error(getattr(request, "id", None), ErrorCode.RATE_LIMITED,
                            UNAVAILABLE_MESSAGE))
            return
        # A hub bug or a storage failure: answer, log without content, keep serving.
        log.error("Request failed: %s\n%s", type(exc).__name__, traceback_without_values(exc))
        self.metrics.error_frame(ErrorCode.INTERNAL)
        peer.push(error(getattr(request, "id", None), ErrorCode.INTERNAL, INTERNAL_MESSAGE))


@asynccontextmanager
async def serve_hub(
    db_path: Path | str,
    host: str = "127.0.0.1",
    port: int = 0,
    tls: ssl.SSLContext | None = None,
    metrics_allow: tuple[Network, ...] | None = None,
    limits: LimitSettings | None = None,
    chat: ChatSettings | None = None,
    sms: SmsGateway | None = None,
    telephony: Callable[[HubKeys], TelephonyAdapter] | None = None,
    proxies: tuple[Network, ...] = (),
    page_process: bool = False,
) -> AsyncIterator[HubServer]:
    """Run a hub on ``db_path`` (a SQLite file or a ``postgresql://`` address) for the
    duration of the block (tests, the demo); its limits are ``limits`` or
    :meth:`LimitSettings.embedded`; ``chat``: the chat page's; ``sms``: the SMS gateway (else
    a simulated one); ``telephony`` makes the phone system from the hub's keys (default:
    simulated); ``proxies``: the load balancers that send a PROXY protocol header;
    ``page_process``: the chat page is served by a process of its own."""
    server = HubServer(open_database(db_path), metrics_allow=metrics_allow, chat=chat,
                       proxies=proxies)
    if sms is not None:
        server.hub.feature(SmsFeature).use(sms)
    server.hub.feature(LimitsFeature).configure(limits or LimitSettings.embedded())
    if telephony is not None:
        server.hub.feature(CallsFeature).use(telephony(server.hub.keys))
    server.page_process = page_process
    await server.start(host, port, tls)
    try:
        yield server
    finally:
        await server.stop()
