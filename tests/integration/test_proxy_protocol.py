"""A hub behind a load balancer that sends the PROXY protocol header (``--proxy-protocol-from``):
the address in the header is the one the per-address limits count."""

from __future__ import annotations

import asyncio
import ssl
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from websockets.exceptions import InvalidHandshake

from tests.support.addresses import wire_from
from tests.support.certs import make_authority
from tests.support.proxied import get_after, open_socket, tls_get_after, v2_header, wire_after
from tests.support.wire import Wire, ok
from workstation.hub import cli, front_door
from workstation.hub.limits import TOO_MANY_CODE, LimitSettings
from workstation.hub.metrics import parse_allow
from workstation.hub.server import serve_hub
from workstation.hub.tls import TlsFiles

#: The "load balancer" is 127.0.0.1; 127.0.0.2 is a stranger.
BALANCER = parse_allow("127.0.0.1/32")
SETTINGS = LimitSettings(contact_connections_per_address=1)
#: The header read by the hub itself, and by its chat page process (serve --chat-page-process),
#: which passes the client's address on with the connection.
BOTH_WAYS = pytest.mark.parametrize("page_process", [False, True], ids=["hub", "page-process"])


def behind_balancer(hub_db: Path, page_process: bool,
                    limits: LimitSettings | None = SETTINGS):  # type: ignore[no-untyped-def]
    """A hub whose connections from :data:`BALANCER` start with a PROXY header."""
    return serve_hub(hub_db, limits=limits, proxies=BALANCER, page_process=page_process)


async def refused(wire: Wire) -> bool:
    await wire.closed.wait()
    return wire.ws.close_code == TOO_MANY_CODE


@BOTH_WAYS
async def test_each_client_address_in_the_header_has_its_own_limit(
    hub_db: Path, page_process: bool
) -> None:
    async with behind_balancer(hub_db, page_process) as hub, AsyncExitStack() as stack:
        first = await stack.enter_async_context(
            wire_after(hub.url, "/v1/contact", v2_header("198.51.100.1", 40001)))
        ok(await first.request("open", channel="chat"))
        # From the same balancer, another young person: her own address, her own limit.
        line = b"PROXY TCP4 198.51.100.2 10.0.0.1 40002 8765\r\n"  # v1 works too
        second = await stack.enter_async_context(wire_after(hub.url, "/v1/contact", line))
        ok(await second.request("open", channel="chat"))
        # The first one's address again: over its limit of one connection.
        again = await stack.enter_async_context(
            wire_after(hub.url, "/v1/contact", v2_header("198.51.100.1", 40003)))
        assert await refused(again)
        assert not second.closed.is_set()


@BOTH_WAYS
async def test_a_balancer_connection_without_a_header_is_closed(
    hub_db: Path, page_process: bool
) -> None:
    async with behind_balancer(hub_db, page_process, limits=None) as hub:
        with pytest.raises(InvalidHandshake):
            async with Wire.connect(hub.url, "/v1/contact"):
                pass
        # A LOCAL header (HAProxy's health check) carries no client: the health page answers.
        local = v2_header("127.0.0.1", 1, command=0)
        answer = await get_after(hub.url, local + b"GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 200")


@BOTH_WAYS
async def test_a_header_from_an_address_not_listed_is_not_believed(
    hub_db: Path, page_process: bool
) -> None:
    async with behind_balancer(hub_db, page_process) as hub, AsyncExitStack() as stack:
        # websockets reads it as a malformed request: no handshake, no upgrade.
        with pytest.raises(InvalidHandshake):
            async with wire_after(hub.url, "/v1/contact", v2_header("198.51.100.9", 1),
                                  local="127.0.0.2"):
                pass
        answer = await get_after(hub.url, b"PROXY TCP4 198.51.100.9 10.0.0.1 1 2\r\n"
                            b"GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n", local="127.0.0.2")
        assert answer == b""  # closed unanswered (believed, the health page would answer)
        # Without a header the stranger is served, limited by its own address.
        plain = await stack.enter_async_context(wire_from(hub.url, "/v1/contact", "127.0.0.2"))
        ok(await plain.request("open", channel="chat"))
        second = await stack.enter_async_context(wire_from(hub.url, "/v1/contact", "127.0.0.2"))
        assert await refused(second)


async def test_a_header_that_never_comes_is_given_up(
    hub_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(front_door, "PROXY_HEADER_TIMEOUT_S", 0.3)
    async with serve_hub(hub_db, proxies=BALANCER) as hub:
        loop = asyncio.get_running_loop()
        sock = await open_socket(hub.url)
        await loop.sock_sendall(sock, v2_header("198.51.100.1", 1)[:10])  # and no more
        async with asyncio.timeout(5):
            assert await loop.sock_recv(sock, 100) == b""  # closed by the hub
        sock.close()


async def test_the_header_comes_before_the_hubs_own_tls(hub_db: Path, tmp_path: Path) -> None:
    """HAProxy passes the hub's TLS through: the header is in clear, TLS follows it."""
    office = make_authority(tmp_path)
    trust = ssl.create_default_context(cafile=office.pem)
    tls = TlsFiles(*office.issue(tmp_path, "hub"))
    async with serve_hub(hub_db, tls=tls.context, limits=SETTINGS, proxies=BALANCER) as hub, \
            AsyncExitStack() as stack:
        assert hub.url.startswith("wss://")
        first = await stack.enter_async_context(wire_after(
            hub.url, "/v1/contact", v2_header("198.51.100.1", 1), tls=trust))
        ok(await first.request("open", channel="chat"))
        again = await stack.enter_async_context(wire_after(
            hub.url, "/v1/contact", v2_header("198.51.100.1", 2), tls=trust))
        assert await refused(again)
        # The header and the ClientHello in one piece; and the health check's LOCAL header.
        head = b"GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n"
        for header in (v2_header("198.51.100.2", 3), v2_header("127.0.0.1", 1, command=0)):
            answer = await tls_get_after(hub.url, header, head, trust)
            assert answer.startswith(b"HTTP/1.1 200"), answer
        # From elsewhere, no header: TLS at once, limited by its own address.
        other = await stack.enter_async_context(wire_after(
            hub.url, "/v1/contact", b"", local="127.0.0.2", tls=trust))
        ok(await other.request("open", channel="chat"))
        # TLS refused (not trusted by the client): the connection is gone, nothing left open.
        with pytest.raises(ssl.SSLCertVerificationError):
            await tls_get_after(hub.url, v2_header("198.51.100.3", 4), head,
                                ssl.create_default_context())


def test_serve_says_which_balancer_address_it_cannot_read(
    hub_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["serve", "--db", str(hub_db), "--proxy-protocol-from", "haproxy"]) == 2
    assert "--proxy-protocol-from: 'haproxy' is not an address" in capsys.readouterr().err
