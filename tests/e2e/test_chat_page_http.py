"""The chat page over plain HTTP on the hub's port: headers, caching, compression, weight.

No browser here (see test_chat_page_browser.py): what a phone on a slow network and an
attacker's page would meet before any script runs.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import http.client
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from websockets.datastructures import Headers
from websockets.http11 import Request

from workstation.hub.server import HubServer
from workstation.hub.webchat import ChatPage, ChatSettings
from workstation.hub.webchat.http import accepts_gzip
from workstation.hub.webchat.status import ChatHours, status
from workstation.sessions.referrals import OSLO

#: The issue's budget for the whole page on first load, compressed.
PAGE_BUDGET_BYTES = 60 * 1024


@dataclass
class Got:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def fetch(port: int, path: str, headers: dict[str, str] | None = None) -> Got:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        reply = conn.getresponse()
        return Got(reply.status, reply.headers, reply.read())
    finally:
        conn.close()


async def aget(hub: HubServer, path: str, **headers: str) -> Got:
    named = {name.replace("_", "-"): value for name, value in headers.items()}
    return await asyncio.to_thread(fetch, hub.port, path, named)


def referenced(text: str) -> list[str]:
    """Same-origin files a page or module loads: href/src attributes and module imports."""
    found = re.findall(r'(?:href|src)="(/chat/v/[^"]+)"', text)
    found += re.findall(r'from\s+"\./([^"]+)"', text)
    return found


async def whole_page(hub: HubServer, **headers: str) -> dict[str, Got]:
    """The page and every file it loads, following imports, as a browser would."""
    page = await aget(hub, "/chat", **headers)
    got = {"/chat": page}
    html = gzip.decompress(page.body) if page.headers["Content-Encoding"] else page.body
    todo = referenced(html.decode())
    base = ""
    while todo:
        path = todo.pop()
        if not path.startswith("/"):
            path = base + path
        if path in got:
            continue
        base = path.rsplit("/", 1)[0] + "/"
        reply = await aget(hub, path, **headers)
        assert reply.status == 200, path
        got[path] = reply
        body = gzip.decompress(reply.body) if reply.headers["Content-Encoding"] else reply.body
        todo += [base + name for name in referenced(body.decode())]
    return got


async def test_the_root_sends_a_young_person_to_the_chat_page(hub: HubServer) -> None:
    reply = await aget(hub, "/")
    assert (reply.status, reply.headers["Location"]) == (302, "/chat")
    page = await aget(hub, "/chat")
    assert page.status == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert 'id="start"' in page.body.decode()


async def test_every_answer_carries_a_strict_policy_and_no_cookie(hub: HubServer) -> None:
    got = await whole_page(hub)
    # The one style element in the page, allowed by its hash; no style attribute anywhere.
    styles = re.findall(r"<style>(.*?)</style>", got["/chat"].body.decode(), re.S)
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    for reply in got.values():
        csp = {
            part.split()[0]: part.split()[1:]
            for part in reply.headers["Content-Security-Policy"].split(";")
        }
        assert csp["default-src"] == ["'self'"]
        assert csp["script-src"] == ["'self'"]  # no inline script, no eval
        assert (len(styles), csp["style-src"]) == (1, ["'self'", f"'sha256-{digest}'"])
        assert csp["img-src"] == ["'self'", "data:"]  # the icon, in the page
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["connect-src"] == [
            "'self'", f"ws://127.0.0.1:{hub.port}", f"wss://127.0.0.1:{hub.port}"
        ]
        assert reply.headers["Referrer-Policy"] == "no-referrer"
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert reply.headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"
        assert reply.headers["Set-Cookie"] is None


async def test_a_forged_host_header_cannot_widen_the_policy(hub: HubServer) -> None:
    reply = await aget(hub, "/chat", Host="evil.example; script-src *")
    csp = reply.headers["Content-Security-Policy"]
    assert "evil" not in csp and "connect-src 'self';" in csp


async def test_the_page_loads_nothing_from_anywhere_else(hub: HubServer) -> None:
    for path, reply in (await whole_page(hub)).items():
        text = reply.body.decode()
        if path == "/chat":  # the quick exit's address is data, never loaded by the page
            text = text.replace('data-exit-url="https://www.yr.no/"', "")
        text = text.replace('xmlns="http://www.w3.org/2000/svg"', "")  # a name, not a request
        assert not re.search(r"https?://|//[a-z]", text), path
        assert "style=" not in text and "onclick" not in text, path  # nothing inline


async def test_an_unchanged_file_is_answered_304(hub: HubServer) -> None:
    for path, reply in (await whole_page(hub)).items():
        etag = reply.headers["ETag"]
        again = await aget(hub, path, If_None_Match=f'"other", {etag}')
        assert (again.status, again.body) == (304, b""), path
        assert again.headers["ETag"] == etag
        changed = await aget(hub, path, If_None_Match='"other"')
        assert changed.status == 200


async def test_files_are_versioned_and_cached_for_a_year(hub: HubServer) -> None:
    got = await whole_page(hub)
    assert got["/chat"].headers["Cache-Control"] == "no-cache"  # the page is asked again
    assets = [path for path in got if path != "/chat"]
    # The script's modules come bundled in app.js (assets.bundle), the style sheet and the
    # icon are in the page (assets.inline_style, inline_icon): one file, one connection.
    assert {path.rsplit("/", 1)[1] for path in assets} == {"app.js"}
    for path in assets:
        assert got[path].headers["Cache-Control"] == "public, max-age=31536000, immutable"
        old = re.sub(r"/chat/v/[^/]+/", "/chat/v/000000000000/", path)
        assert (await aget(hub, old)).status == 404
    assert (await aget(hub, "/chat/v/x/../../../pyproject.toml")).status == 404


async def test_the_whole_page_weighs_at_most_60_kb_compressed(hub: HubServer) -> None:
    zipped = await whole_page(hub, Accept_Encoding="gzip, deflate, br")
    plain = await whole_page(hub)
    assert zipped.keys() == plain.keys()
    for path, reply in zipped.items():
        assert reply.headers["Content-Encoding"] == "gzip"
        assert reply.headers["Vary"] == "Accept-Encoding"
        assert plain[path].headers["Content-Encoding"] is None
        assert gzip.decompress(reply.body) == plain[path].body
    weight = sum(len(reply.body) for reply in zipped.values())
    assert weight <= PAGE_BUDGET_BYTES, f"the page weighs {weight} bytes compressed"


@pytest.mark.parametrize(
    ("header", "gzip_ok"),
    [("gzip", True), ("br, gzip;q=0.5", True), ("*", True), ("gzip;q=0", False),
     ("gzip; q=0.0", False), ("identity", False), (None, False)],
)
def test_accept_encoding_is_read_with_its_weights(header: str | None, gzip_ok: bool) -> None:
    assert accepts_gzip(header) is gzip_ok


def test_the_settings_refuse_what_would_break_the_page_or_the_policy() -> None:
    with pytest.raises(ValueError):
        ChatSettings(exit_url="javascript:alert(1)")
    with pytest.raises(ValueError):
        ChatSettings(frame_ancestors=("https://ok.example; script-src *",))
    page = ChatPage(ChatSettings(exit_url='https://vær.example/?a=1&b="2"'))
    body = page.respond(_request("/chat"))
    assert body is not None
    assert b'data-exit-url="https://v\xc3\xa6r.example/?a=1&amp;b=&quot;2&quot;"' in body.body


def test_embedding_origins_reach_frame_ancestors() -> None:
    page = ChatPage(ChatSettings(frame_ancestors=("https://www.116111.no",)))
    reply = page.respond(_request("/chat"))
    assert reply is not None
    assert "frame-ancestors https://www.116111.no;" in reply.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in reply.headers


def _request(path: str) -> Request:
    return Request(path, Headers([("Host", "127.0.0.1:1")]))


def test_the_served_hub_takes_the_exit_address_and_embedding_origins(hub_db: Path) -> None:
    command = [sys.executable, "-m", "workstation.hub.cli", "serve", "--db", str(hub_db),
               "--port", "0", "--chat-exit-url", "https://www.met.no/",
               "--chat-embed-origins", "https://www.116111.no, https://alarmtelefonen.no"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True) as proc:
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().split()[-1]
            page = fetch(int(url.rsplit(":", 1)[1]), "/chat")
        finally:
            proc.terminate()
            proc.wait(10)
            assert proc.stdout is not None
            proc.stdout.close()
    assert b'data-exit-url="https://www.met.no/"' in page.body
    assert ("frame-ancestors https://www.116111.no https://alarmtelefonen.no;"
            in page.headers["Content-Security-Policy"])


def test_a_serve_with_an_unsafe_exit_address_does_not_start(hub_db: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "workstation.hub.cli", "serve", "--db", str(hub_db),
         "--port", "0", "--chat-exit-url", "javascript:alert(1)"],
        capture_output=True, text=True, timeout=30,
    )
    assert done.returncode == 2
    assert "The quick exit must go to an http(s) address." in done.stderr


async def test_an_upgrade_from_another_sites_page_is_refused(hub: HubServer) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidStatus

    for path in ("/v1/contact", "/v1/staff"):
        with pytest.raises(InvalidStatus) as refused:
            async with connect(hub.url + path, origin="https://evil.example"):  # type: ignore[arg-type]
                pass
        assert refused.value.response.status_code == 403
    own = f"http://127.0.0.1:{hub.port}"
    for origin in (own, None):  # the hub's own page; a client that is not a browser
        async with connect(hub.url + "/v1/contact", origin=origin) as ws:  # type: ignore[arg-type]
            await ws.send('{"type":"open","id":"o1","channel":"chat"}')
            assert '"type":"ok"' in str(await ws.recv()).replace(" ", "")


def test_other_sites_may_be_allowed_to_connect() -> None:
    page = ChatPage(ChatSettings(ws_origins=("https://www.116111.no",)))
    allowed = Request("/v1/contact", Headers([("Host", "hub:1"), ("Origin", "https://www.116111.no")]))
    other = Request("/v1/contact", Headers([("Host", "hub:1"), ("Origin", "https://116111.no.evil")]))
    assert page.refuse_foreign_origin(allowed) is None
    refused = page.refuse_foreign_origin(other)
    assert refused is not None and refused.status_code == 403
    with pytest.raises(ValueError):
        ChatSettings(ws_origins=("https://www.116111.no/path",))


async def test_the_status_says_open_and_who_else_is_open_now(hub: HubServer) -> None:
    reply = await aget(hub, "/chat/status")
    assert reply.headers["Content-Type"] == "application/json"
    assert reply.headers["Cache-Control"] == "no-store"
    answer = json.loads(reply.body)
    assert (answer["open"], answer["opens_at"], answer["busy_from"]) == (True, None, 8)
    assert 1 <= len(answer["services"]) <= 3
    assert all(s["phone"] or s["web"] for s in answer["services"])
    assert answer["services"][0]["phone"] == "116 111"  # Alarmtelefonen's phone never closes


async def test_the_page_carries_the_status_and_keeps_its_etag_while_it_stays(
    hub: HubServer,
) -> None:
    page, again = await aget(hub, "/chat"), await aget(hub, "/chat")
    carried = re.search(rb'<script type="application/json" id="chat-status">(.*?)</script>',
                        page.body)
    assert carried is not None
    assert json.loads(carried.group(1)) == json.loads((await aget(hub, "/chat/status")).body)
    assert again.headers["ETag"] == page.headers["ETag"]
    revalidated = await aget(hub, "/chat", If_None_Match=page.headers["ETag"])
    assert revalidated.status == 304


def test_no_text_in_the_status_can_end_the_pages_data_block() -> None:
    from workstation.hub.webchat.assets import embed_status

    status_text = json.dumps({"name": "</script><script>alert(1)</script>"}).encode()
    page = embed_status('<script type="application/json">{{status}}</script>', status_text)
    assert page.count("</script>") == 1 and "<script>" not in page
    inner = page.removeprefix('<script type="application/json">').removesuffix("</script>")
    assert json.loads(inner) == {"name": "</script><script>alert(1)</script>"}


@pytest.mark.parametrize(
    ("hours", "at", "is_open", "opens_at"),
    [("08:00-22:00", (23, 30), False, "08.00"), ("08:00-22:00", (12, 0), True, None),
     ("22:00-02:00", (1, 0), True, None), ("22:00-02:00", (3, 0), False, "22.00")],
)
def test_chat_hours_in_oslo_time(
    hours: str, at: tuple[int, int], is_open: bool, opens_at: str | None
) -> None:
    moment = datetime(2026, 12, 4, *at, tzinfo=OSLO)
    answer = json.loads(status(ChatHours.parse(hours), 8, moment))
    assert (answer["open"], answer["opens_at"]) == (is_open, opens_at)


def test_chat_hours_are_checked() -> None:
    assert ChatHours.parse("") is None
    for wrong in ("8-22", "08:00", "25:00-26:00"):
        with pytest.raises(ValueError):
            ChatHours.parse(wrong)
