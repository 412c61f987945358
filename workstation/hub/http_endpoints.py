"""Plain HTTP GETs on the hub's port, answered through websockets' ``process_request`` hook.

WebSocket paths go on to the handshake; ``/healthz`` and ``/metrics`` are answered here; any
other path is 404. No HTTP is parsed by hand: websockets has parsed the request already.
"""

from __future__ import annotations

from http import HTTPStatus
from urllib.parse import urlsplit

from prometheus_client import CONTENT_TYPE_LATEST
from websockets.asyncio.server import ServerConnection
from websockets.http11 import Request, Response

from workstation.hub.health import HEALTH_PATH, HealthProbe
from workstation.hub.metrics import METRICS_PATH, HubMetrics, Network, address_allowed
from workstation.hub.sms.gateway import HttpRoute
from workstation.hub.webchat import ChatPage


class HttpEndpoints:
    """The ``process_request`` hook of the hub's server.

    Attributes:
        websocket_paths: paths handed on to the WebSocket handshake.
        health: the store probe behind ``/healthz``.
        metrics: what ``/metrics`` renders.
        metrics_allow: the networks whose addresses may read ``/metrics``.
        chat: the young person's chat page (``/``, ``/chat`` and its files).
        routes: more paths and their handlers (an SMS gateway's inbound messages).
    """

    def __init__(
        self,
        websocket_paths: tuple[str, ...],
        health: HealthProbe,
        metrics: HubMetrics,
        metrics_allow: tuple[Network, ...],
        chat: ChatPage | None = None,
    ) -> None:
        self.websocket_paths = websocket_paths
        self.health = health
        self.metrics = metrics
        self.metrics_allow = metrics_allow
        self.chat = chat or ChatPage()
        self.routes: dict[str, HttpRoute] = {}

    async def __call__(self, connection: ServerConnection, request: Request) -> Response | None:
        if request.path in self.websocket_paths:
            return self.chat.refuse_foreign_origin(request)
        path = urlsplit(request.path).path
        if path == HEALTH_PATH:
            if await self.health.healthy():
                return connection.respond(HTTPStatus.OK, "ok\n")
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, "the store does not commit\n")
        if path == METRICS_PATH:
            return self._metrics(connection)
        route = self.routes.get(path)
        if route is not None:
            return await route(connection, request)
        page = self.chat.respond(request)
        if page is not None:
            return page
        return connection.respond(HTTPStatus.NOT_FOUND, "Unknown path.\n")

    def _metrics(self, connection: ServerConnection) -> Response:
        remote = connection.remote_address
        if not remote or not address_allowed(str(remote[0]), self.metrics_allow):
            return connection.respond(HTTPStatus.FORBIDDEN, "Not allowed from this address.\n")
        response = connection.respond(HTTPStatus.OK, self.metrics.render().decode())
        del response.headers["Content-Type"]
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response
