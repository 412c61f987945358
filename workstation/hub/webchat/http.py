"""HTTP answers for the chat page, given to the hub's ``process_request`` hook.

websockets has parsed the request already; this only picks the file and writes headers:
ETag and ``If-None-Match`` (304), gzip when the browser accepts it, and the security headers
every answer carries (a strict Content-Security-Policy with no inline script, no referrer, no
sniffing, no camera, microphone or geolocation). No cookie is ever set.
"""

from __future__ import annotations

import email.utils
import html
import re
import time
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from urllib.parse import urlsplit

from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from workstation.hub.front_door import IDLE_S
from workstation.hub.webchat.assets import (
    ENTRY,
    Asset,
    bundle,
    content_type,
    embed_status,
    inline_icon,
    inline_style,
    load_static,
    version_of,
)
from workstation.hub.webchat.status import ChatHours, status
from workstation.sessions.referrals import OSLO

CHAT_PATH = "/chat"
STATUS_PATH = CHAT_PATH + "/status"
ASSET_PREFIX = CHAT_PATH + "/v/"
#: Where a quick exit goes unless the hub is told otherwise: a page nobody wonders about.
DEFAULT_EXIT_URL = "https://www.yr.no/"
#: A Host header that may be written into the CSP as it is (no spaces, quotes or semicolons).
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?$")
_PEER = re.compile(r"^wss?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?$")
_SOURCE = re.compile(r"^('none'|'self'|https?://[A-Za-z0-9.\-*]+(:[0-9]{1,5})?)$")
_MODULEPRELOAD = re.compile(r'^[ \t]*<link rel="modulepreload"[^>]*>[ \t]*\n', re.M)
#: Host headers whose security headers are kept built (a hub answers to a few names).
_KEPT_HOSTS = 32
#: Answers' header sets kept built (hosts × files × encodings × 200/304: a few hundred).
_KEPT_TEMPLATES = 512
#: Headers an answer adds for what it is (ETag, caching, type, encoding, Location).
_Extra = tuple[tuple[str, str], ...]
_STATUS_HEADERS: _Extra = (("Content-Type", "application/json"), ("Cache-Control", "no-store"))


@dataclass(frozen=True)
class ChatSettings:
    """What a helpline sets for its page.

    Attributes:
        exit_url: where the quick exit goes (replacing the chat in the history).
        frame_ancestors: CSP sources allowed to put the page in an iframe (``'none'``: none).
        ws_origins: other origins whose pages may open the hub's WebSockets from a browser
            (the hub's own page always may; clients that send no ``Origin`` are not browsers).
        hours: when the chat is staffed (None: around the clock).
        busy_from: the queue position from which the page offers other services too.
        peer_urls: the ``ws(s)://host[:port]`` addresses of the other hubs of this helpline
            (``serve --peer-url``): the page is told them and may connect to them (the CSP's
            ``connect-src``), and their pages may connect here (their origins pass the Origin
            check) — docs/deploy.md.
    """

    exit_url: str = DEFAULT_EXIT_URL
    frame_ancestors: tuple[str, ...] = ("'none'",)
    ws_origins: tuple[str, ...] = ()
    hours: ChatHours | None = None
    busy_from: int = 8
    peer_urls: tuple[str, ...] = ()

    @property
    def peer_origins(self) -> tuple[str, ...]:
        """The origins of the pages the sibling hubs serve (``wss://b:8765`` → ``https://b:8765``)."""
        return tuple(
            ("https" if url.startswith("wss:") else "http") + url[url.index(":"):]
            for url in self.peer_urls
        )

    def __post_init__(self) -> None:
        parts = urlsplit(self.exit_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("The quick exit must go to an http(s) address.")
        for source in self.frame_ancestors:
            if not _SOURCE.match(source):
                raise ValueError("A frame ancestor must be 'none', 'self' or an http(s) origin.")
        for origin in self.ws_origins:
            if not _ORIGIN.match(origin):
                raise ValueError("A WebSocket origin must be scheme://host[:port], nothing more.")
        for url in self.peer_urls:
            if not _PEER.match(url):
                raise ValueError("A peer hub's address must be ws(s)://host[:port], nothing more.")


class ChatPage:
    """Serves ``/``, ``/chat`` and the page's files.

    Attributes:
        settings: the helpline's choices.
        version: the path segment of this build's files (a hash of all of them).
    """

    def __init__(self, settings: ChatSettings | None = None) -> None:
        self.settings = settings or ChatSettings()
        files = load_static()
        self.version = version_of(files)
        page = files.pop("index.html").decode()
        bundled = bundle(files)
        if bundled is not None:  # one script instead of five: the preloads are not needed
            files[ENTRY] = bundled
            page = _MODULEPRELOAD.sub("", page)
        page, self._style_source = inline_style(page, files.get("chat.css", b""))
        page, self._icon_inline = inline_icon(page, files.get("icon.svg", b""))
        page = page.replace("{{version}}", self.version)
        page = page.replace("{{exit_url}}", html.escape(self.settings.exit_url, quote=True))
        self._page_text = page
        #: The page as served with the status it carries (rebuilt when the status changes).
        self._page: tuple[bytes, Asset] | None = None
        self._assets = {name: Asset.of(body, content_type(name)) for name, body in files.items()}
        self._status: tuple[int, bytes] = (-1, b"")  # (minute, answer): see _status_body
        self._headers: dict[str | None, list[tuple[str, str]]] = {}
        # Each answer's headers but the Date, built and checked once (websockets validates
        # every header it is given: most of an answer's cost before this).
        self._templates: dict[tuple[object, ...], Headers] = {}
        self._dated: tuple[int, str] = (-1, "")
        #: Serialized heads of answers, with the second their Date is of (respond_bytes).
        self._heads: dict[tuple[object, ...], tuple[int, bytes]] = {}

    def respond(self, request: Request, keep_alive: bool = False) -> Response | None:
        """The answer for a chat path, or None when the path is not the page's.
        ``keep_alive``: the connection stays open for the browser's next file
        (:mod:`workstation.hub.front_door`); otherwise the answer says it closes."""
        found = self._route(request)
        if found is None:
            return None
        status, body, extra = found
        return self._answer(request, status, body, list(extra), keep_alive)

    def respond_bytes(self, request: Request, keep_alive: bool) -> tuple[bytes, bytes] | None:
        """:meth:`respond` as the bytes to write (head, body): the head is serialized once a
        second for each kind of answer (its ``Date`` changes once a second)."""
        found = self._route(request)
        if found is None:
            return None
        status, body, extra = found
        key = (request.headers.get("Host"), status, len(body), extra, keep_alive)
        second = int(time.time())
        cached = self._heads.get(key)
        if cached is None or cached[0] != second:
            response = self._answer(request, status, body, list(extra), keep_alive)
            head = f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n".encode()
            cached = (second, head + response.headers.serialize())
            if len(self._heads) >= _KEPT_TEMPLATES:
                self._heads.clear()
            self._heads[key] = cached
        return cached[1], body

    def _route(self, request: Request) -> tuple[HTTPStatus, bytes, _Extra] | None:
        """What to answer a chat path with: status, body, the headers that depend on it."""
        path = urlsplit(request.path).path
        if path in ("/", CHAT_PATH + "/"):
            return HTTPStatus.FOUND, b"", (("Location", CHAT_PATH),)
        if path == CHAT_PATH:
            return self._file(request, self._page_now(), "no-cache")
        if path == STATUS_PATH:
            return HTTPStatus.OK, self._status_body(), _STATUS_HEADERS
        if path.startswith(ASSET_PREFIX):
            version, _, name = path[len(ASSET_PREFIX):].partition("/")
            asset = self._assets.get(name) if version == self.version else None
            if asset is None:
                return HTTPStatus.NOT_FOUND, b"Not found.\n", ()
            return self._file(request, asset, "public, max-age=31536000, immutable")
        return None

    def _page_now(self) -> Asset:
        """The page with this minute's status in it; the same page (and ETag, so a returning
        visitor's revalidation is a 304) while the status stays the same."""
        status_now = self._status_body()
        if self._page is None or self._page[0] != status_now:
            body = embed_status(self._page_text, status_now).encode()
            self._page = (status_now, Asset.of(body, content_type("index.html")))
        return self._page[1]

    def _status_body(self) -> bytes:
        """The status, computed once a minute: opening hours are in whole minutes, and the
        answer is the same for everyone (under page loads it was a third of a millisecond of
        the hub's loop each, and much garbage for the collector; docs/performance.md)."""
        now = time.time()
        minute = int(now // 60)
        if self._status[0] != minute:
            at = datetime.fromtimestamp(minute * 60, OSLO)
            self._status = (minute, status(self.settings.hours, self.settings.busy_from, at,
                                           self.settings.peer_urls))
        return self._status[1]

    def refuse_foreign_origin(self, request: Request) -> Response | None:
        """A 403 for a WebSocket upgrade a browser makes from another site's page, so no
        page elsewhere can open conversations or try passwords in a visitor's name."""
        origin = request.headers.get("Origin")
        if origin is None or origin in self.settings.ws_origins + self.settings.peer_origins:
            return None
        host = (request.headers.get("Host") or "").lower()
        if host and urlsplit(origin).netloc.lower() == host:
            return None
        return self._answer(request, HTTPStatus.FORBIDDEN, b"This origin may not connect.\n")

    def _file(
        self, request: Request, asset: Asset, cache: str
    ) -> tuple[HTTPStatus, bytes, _Extra]:
        headers: _Extra = (
            ("ETag", asset.etag), ("Cache-Control", cache), ("Vary", "Accept-Encoding"),
        )
        if _matches(request.headers.get("If-None-Match"), asset.etag):
            return HTTPStatus.NOT_MODIFIED, b"", headers
        headers += (("Content-Type", asset.content_type),)
        if accepts_gzip(request.headers.get("Accept-Encoding")):
            return HTTPStatus.OK, asset.gzipped, (*headers, ("Content-Encoding", "gzip"))
        return HTTPStatus.OK, asset.body, headers

    def _answer(
        self,
        request: Request,
        status: HTTPStatus,
        body: bytes = b"",
        extra: list[tuple[str, str]] | None = None,
        keep_alive: bool = False,
    ) -> Response:
        host = request.headers.get("Host")
        key = (host, status, len(body), tuple(extra or ()), keep_alive)
        template = self._templates.get(key)
        if template is None:
            template = Headers(
                [
                    ("Keep-Alive", f"timeout={int(IDLE_S)}") if keep_alive
                    else ("Connection", "close"),
                    ("Content-Length", str(len(body))),
                    *(extra or []),
                    *self.security_headers(host),
                ]
            )
            if status in (HTTPStatus.NOT_FOUND, HTTPStatus.FORBIDDEN):
                template["Content-Type"] = "text/plain; charset=utf-8"
            if len(self._templates) >= _KEPT_TEMPLATES:
                self._templates.clear()
            self._templates[key] = template
        # A copy: websockets adds to a response's headers, and the template is checked once.
        headers = template.copy()
        headers["Date"] = self._date()
        return Response(status.value, status.phrase, headers, body)

    def _date(self) -> str:
        """The ``Date`` header, formatted once a second."""
        second = int(time.time())
        if self._dated[0] != second:
            self._dated = (second, email.utils.formatdate(second, usegmt=True))
        return self._dated[1]

    def security_headers(self, host: str | None) -> list[tuple[str, str]]:
        """The same for every answer to one Host: built once for each (a few are kept)."""
        headers = self._headers.get(host)
        if headers is None:
            headers = self._build_security_headers(host)
            if len(self._headers) < _KEPT_HOSTS:
                self._headers[host] = headers
        return headers

    def _build_security_headers(self, host: str | None) -> list[tuple[str, str]]:
        connect = "'self'"
        if host and _HOST.match(host):
            connect += f" ws://{host} wss://{host}"
        for peer in self.settings.peer_urls:  # the page moves there when this hub is gone
            connect += f" {peer}"
        ancestors = " ".join(self.settings.frame_ancestors)
        style = "'self'" + (f" {self._style_source}" if self._style_source else "")
        img = "'self'" + (" data:" if self._icon_inline else "")
        csp = (
            f"default-src 'self'; script-src 'self'; style-src {style}; img-src {img}; "
            f"connect-src {connect}; frame-ancestors {ancestors}; base-uri 'none'; "
            "form-action 'none'; object-src 'none'"
        )
        headers = [
            ("Content-Security-Policy", csp),
            ("Referrer-Policy", "no-referrer"),
            ("X-Content-Type-Options", "nosniff"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        if self.settings.frame_ancestors == ("'none'",):
            headers.append(("X-Frame-Options", "DENY"))
        return headers


def accepts_gzip(header: str | None) -> bool:
    """Whether an ``Accept-Encoding`` header allows gzip (``gzip;q=0`` does not)."""
    for item in (header or "").split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            quality = params.strip().lower()
            return not re.fullmatch(r"q\s*=\s*0(\.0*)?", quality)
    return False


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags
