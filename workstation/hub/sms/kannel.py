"""An SMS gateway through Kannel: inbound from its smsbox, replies through its sendsms.

Kannel's ``sms-service`` calls ``GET /sms/kannel/inbound`` on the hub's port (its
``get-url``, see :func:`service_url`); replies go to Kannel's ``sendsms`` HTTP interface
with the ``sendsms-user``'s name and password, ``dlr-mask`` 31 and a ``dlr-url`` back to
``GET /sms/kannel/dlr`` on the hub. Both hub paths need the shared ``token``.

The sender's number is pseudonymised under the hub's key (:meth:`HubKeys.pseudonym`,
purpose ``sms-thread``), masked for the desk, and kept only sealed
(:meth:`HubKeys.seal`) in ``sms_kannel_numbers`` while its thread has a conversation or a
reply to send; never in clear, never in a log line (the HTTP client logs nothing below
WARNING, since its request lines carry the number and password).
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode, urlsplit

from websockets.asyncio.server import ServerConnection
from websockets.http11 import Request, Response

from workstation.hub.sms import store as sms_store
from workstation.hub.sms.gateway import HttpRoute, InboundSms, SmsError, SmsGateway, SmsUnavailable
from workstation.hub.telephony.numbers import mask, normalise
from workstation.sessions.sms_parts import encoding_of

if TYPE_CHECKING:
    import httpx

    from workstation.hub.core import Hub

log = logging.getLogger(__name__)
for _name in ("httpx", "httpcore"):  # their request lines carry the number and the password
    logging.getLogger(_name).setLevel(logging.WARNING)

INBOUND_PATH = "/sms/kannel/inbound"
DLR_PATH = "/sms/kannel/dlr"
#: Kannel's ``dlr-mask``: delivered (1), failed (2), buffered (4), SMSC accepted (8), rejected (16).
DLR_MASK = 31
#: Kannel's report type → the reply's status (buffered says nothing new).
DLR_STATUS = {1: "delivered", 2: "failed", 8: "sent", 16: "failed"}
_PURPOSE = "sms-thread"
TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class KannelSettings:
    """Attributes:
    sendsms_url: Kannel's sendsms address (``http://127.0.0.1:13013/cgi-bin/sendsms``).
    username, password: the ``sendsms-user`` group's.
    token: the shared secret Kannel puts in its calls to the hub.
    callback_url: the hub as Kannel reaches it (``http://127.0.0.1:8765``), for ``dlr-url``.
    sender: the short number replies come from (``116111``).
    """

    sendsms_url: str
    username: str
    password: str
    token: str
    callback_url: str
    sender: str = "116111"


def service_url(callback_url: str, token: str) -> str:
    """The ``get-url`` of Kannel's ``sms-service`` for a hub at ``callback_url``."""
    query = urlencode({"token": token}) + "&from=%p&to=%P&id=%I&coding=%c&text=%a"
    return f"{callback_url.rstrip('/')}{INBOUND_PATH}?{query}"


def sender_number(sender: str) -> str | None:
    """The E.164 form of Kannel's ``%p``: SMSCs give it with ``+``, ``00`` or neither
    (``46701234567``); None for an alphanumeric sender or an unreadable number."""
    number = normalise(sender)
    if number is None and sender.isdigit():
        number = normalise("+" + sender)
    return number


class KannelGateway(SmsGateway):
    """Attributes: settings: where Kannel is and how to sign in."""

    def __init__(self, settings: KannelSettings) -> None:
        super().__init__()
        self.settings = settings
        self._hub: Hub | None = None
        self._client: httpx.AsyncClient | None = None

    async def start(self, hub: Hub) -> None:
        """Create the table; drop numbers no open thread or pending reply needs (a hub that
        stopped between a close and the forgetting)."""
        self._hub = hub

        await hub.store.run(sms_store.forget_unneeded_numbers, write=True)
        # Imported here, by the hubs that use Kannel: httpx (and the command-line tool it
        # imports) is 0.3 s of every other hub process's and ``workstation-hub`` command's start.
        import httpx

        self._client = httpx.AsyncClient(timeout=TIMEOUT_S)

    async def stop(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def http_routes(self) -> dict[str, HttpRoute]:
        return {INBOUND_PATH: self._inbound, DLR_PATH: self._dlr}

    # --- inbound -----------------------------------------------------------------------------

    def _query(self, request: Request) -> dict[str, bytes] | None:
        """The request's parameters as bytes, or None when the token is wrong."""
        raw = parse_qs(urlsplit(request.path).query, encoding="latin-1")
        query = {name: values[0].encode("latin-1") for name, values in raw.items()}
        if not hmac.compare_digest(query.get("token", b""), self.settings.token.encode()):
            return None
        return query

    async def _inbound(self, connection: ServerConnection, request: Request) -> Response:
        query = self._query(request)
        if query is None:
            return connection.respond(HTTPStatus.FORBIDDEN, "Wrong token.\n")
        sender = query.get("from", b"").decode("utf-8", "replace").strip()
        message_id = query.get("id", b"").decode("ascii", "replace")
        if not sender or not message_id:
            return connection.respond(HTTPStatus.BAD_REQUEST, "from and id are needed.\n")
        body = query.get("text", b"")
        text = body.decode("utf-16-be" if query.get("coding") == b"2" else "utf-8", "replace")
        try:
            number = sender_number(sender)
            thread = await self._keep(number or sender)
            await self.deliver(InboundSms(thread, mask(number), text, "k" + message_id))
        except Exception as exc:  # Kannel tries again (smsbox http-request-retry)
            log.error("inbound SMS not stored: %s", type(exc).__name__)
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, "Not stored.\n")
        return connection.respond(HTTPStatus.OK, "")

    async def _keep(self, number: str) -> str:
        """The thread of ``number``, which is kept sealed to answer."""
        assert self._hub is not None
        keys = self._hub.keys
        thread = keys.pseudonym(_PURPOSE, number)
        sealed = keys.seal(_PURPOSE, number)

        await self._hub.store.run(lambda c: sms_store.keep_number(c, thread, sealed), write=True)
        return thread

    async def _dlr(self, connection: ServerConnection, request: Request) -> Response:
        query = self._query(request)
        if query is None:
            return connection.respond(HTTPStatus.FORBIDDEN, "Wrong token.\n")
        ref = query.get("ref", b"").decode("ascii", "replace")
        try:
            status = DLR_STATUS.get(int(query.get("type", b"0")))
        except ValueError:
            return connection.respond(HTTPStatus.BAD_REQUEST, "type is a number.\n")
        if status is not None and ref:
            await self.report(ref, status)
        return connection.respond(HTTPStatus.OK, "")

    # --- outbound ----------------------------------------------------------------------------

    async def _number(self, thread: str) -> str:
        assert self._hub is not None
        sealed = await self._hub.store.run(lambda c: sms_store.sealed_number(c, thread),
                                           write=False)
        if sealed is None:
            raise SmsError("no number kept for this thread")
        return self._hub.keys.unseal(_PURPOSE, sealed)

    async def send(self, thread: str, text: str, ref: str = "") -> None:
        if self._client is None:
            raise SmsUnavailable("the gateway is not started")
        settings = self.settings
        dlr = (f"{settings.callback_url.rstrip('/')}{DLR_PATH}?"
               + urlencode({"token": settings.token, "ref": ref}) + "&type=%d")
        params = {
            "username": settings.username, "password": settings.password,
            "from": settings.sender, "to": await self._number(thread), "text": text,
            "charset": "UTF-8", "coding": "2" if encoding_of(text) == "ucs2" else "0",
            "dlr-mask": str(DLR_MASK), "dlr-url": dlr,
        }
        import httpx  # imported by start() already

        try:
            response = await self._client.get(settings.sendsms_url, params=params)
        except httpx.HTTPError as exc:
            raise SmsUnavailable(f"Kannel not reached: {type(exc).__name__}") from None
        code = response.status_code
        if code < 300:
            return
        if code in (HTTPStatus.FORBIDDEN, HTTPStatus.UNAUTHORIZED) or code >= 500:
            raise SmsUnavailable(f"Kannel answered {code}")
        raise SmsError(f"Kannel refused the reply: {code}")

    async def forget(self, thread: str) -> None:
        if self._hub is None:
            return
        await self._hub.store.run(lambda c: sms_store.forget_number(c, thread), write=True)
