"""The chat page told of its sibling hubs (``serve --peer-url``): the status lists them, the
CSP lets the page connect to them and nothing else, and their pages pass this hub's Origin
check (docs/deploy.md). No browser here: test_chat_page_failover.py moves a real page."""

from __future__ import annotations

import json

import pytest
from websockets.datastructures import Headers
from websockets.http11 import Request

from workstation.hub.webchat import ChatPage, ChatSettings

PEERS = ("wss://hub-b.116111.no:8765", "ws://127.0.0.1:9002")


def _get(page: ChatPage, path: str, **headers: str) -> tuple[int, Headers, bytes]:
    response = page.respond(Request(path, Headers([("Host", "hub-a.116111.no:8765"),
                                                   *headers.items()])))
    assert response is not None
    return response.status_code, response.headers, response.body


def _upgrade(page: ChatPage, origin: str) -> int | None:
    request = Request("/v1/contact", Headers([("Host", "hub-a.116111.no:8765"),
                                               ("Origin", origin)]))
    refused = page.refuse_foreign_origin(request)
    return None if refused is None else refused.status_code


def test_the_status_tells_the_page_the_other_hubs() -> None:
    page = ChatPage(ChatSettings(peer_urls=PEERS))
    code, _, body = _get(page, "/chat/status")
    assert code == 200 and json.loads(body)["peers"] == list(PEERS)
    _, _, alone = _get(ChatPage(ChatSettings()), "/chat/status")
    assert json.loads(alone)["peers"] == []


def test_the_policy_lets_the_page_connect_to_its_sibling_hubs_only() -> None:
    _, headers, _ = _get(ChatPage(ChatSettings(peer_urls=PEERS)), "/chat")
    policy = {part.split()[0]: part.split()[1:]
              for part in headers["Content-Security-Policy"].split(";")}
    assert policy["connect-src"] == [
        "'self'", "ws://hub-a.116111.no:8765", "wss://hub-a.116111.no:8765", *PEERS]
    assert policy["script-src"] == ["'self'"] and policy["default-src"] == ["'self'"]


def test_a_sibling_hubs_page_may_connect_here_and_no_other_site() -> None:
    page = ChatPage(ChatSettings(peer_urls=PEERS))
    assert _upgrade(page, "https://hub-b.116111.no:8765") is None
    assert _upgrade(page, "http://127.0.0.1:9002") is None
    assert _upgrade(page, "http://hub-b.116111.no:8765") == 403  # not the scheme it serves
    assert _upgrade(page, "https://evil.example") == 403
    assert _upgrade(ChatPage(ChatSettings()), "https://hub-b.116111.no:8765") == 403


@pytest.mark.parametrize("bad", ["https://hub-b:8765", "wss://hub-b:8765/v1/contact",
                                 "wss://hub b", "wss://hub-b;script-src *"])
def test_a_peer_is_a_hub_address_and_nothing_more(bad: str) -> None:
    with pytest.raises(ValueError):
        ChatSettings(peer_urls=(bad,))
