"""Two ``workstation-hub serve`` processes on one PostgreSQL behind Debian's real HAProxy in TCP
mode with ``send-proxy-v2`` (docs/deploy.md "Hubs behind HAProxy"): the young people's own
addresses reach the per-address limits, and a young person whose hub is SIGKILLed comes back
through HAProxy to the other hub and resumes with nothing lost."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.support.addresses import wire_from
from tests.support.certs import Authority, make_authority
from tests.support.failover import Desk, logged_messages, logged_seqs
from tests.support.haproxy import Haproxy, HaproxyMissing
from tests.support.hubs import PASSWORD, HubProcess
from tests.support.wire import Wire, ok
from workstation.client import ConnectionState, Credentials, StaffClient
from workstation.client.contact import ContactClient
from workstation.hub.limits import TOO_MANY_CODE

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)

#: HAProxy connects to the hubs from 127.0.0.1: only it may send a PROXY header.
BEHIND = ("--proxy-protocol-from", "127.0.0.1")
WAIT_S = 30.0


@asynccontextmanager
async def behind_haproxy(
    hub_db: str, tmp_path: Path, args: tuple[str, ...], balance: str = "roundrobin",
    office: Authority | None = None, at_haproxy: bool = False,
) -> AsyncIterator[tuple[Haproxy, HubProcess, HubProcess]]:
    """Hubs A and B behind HAProxy; with ``office``, they serve TLS with its certificate
    and HAProxy passes it through, or with ``at_haproxy`` HAProxy does the TLS with it and
    the hubs are plain."""
    terminate = None
    if office is not None:
        cert, key = office.issue(tmp_path, "hub-tls")  # hub.key: the hub's own keys
        if at_haproxy:
            terminate = tmp_path / "haproxy.pem"
            terminate.write_bytes(cert.read_bytes() + key.read_bytes())
        else:
            args = (*args, "--cert", str(cert), "--key", str(key))
    a, b = HubProcess(hub_db, args=(*BEHIND, *args)), HubProcess(hub_db, args=(*BEHIND, *args))
    try:
        await asyncio.to_thread(a.start)
        await asyncio.to_thread(b.start)
        try:
            proxy = Haproxy(tmp_path, [("127.0.0.1", a.port), ("127.0.0.1", b.port)], balance,
                            ca=office.pem if office is not None and not at_haproxy else None,
                            terminate=terminate)
        except HaproxyMissing as missing:
            pytest.fail(str(missing), pytrace=False)
        try:
            await asyncio.to_thread(proxy.start)
            # The health checks come with a PROXY header too (check-send-proxy): both UP.
            await asyncio.to_thread(proxy.wait_for, {"hub1": "UP", "hub2": "UP"})
            yield proxy, a, b
        finally:
            proxy.stop()
    finally:
        a.stop()
        b.stop()


def https_get(port: int, path: str, trust: ssl.SSLContext | None) -> bytes:
    """One GET through HAProxy's TLS, read to the end."""
    assert trust is not None
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw, \
            trust.wrap_socket(raw, server_hostname="127.0.0.1") as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                     "Connection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data


async def refused(wire: Wire) -> bool:
    await wire.closed.wait()
    return wire.ws.close_code == TOO_MANY_CODE


@pytest.mark.parametrize("tls", ["", "passed", "page-process"],
                         ids=["plain", "tls-passed-through", "tls-at-haproxy-page-process"])
async def test_young_people_are_limited_by_their_own_address(
    hub_db: str, tmp_path: Path, tls: str
) -> None:
    """``page-process``: HAProxy does the TLS, and each hub serves the page from its page
    process, which reads the PROXY header and passes the address on (docs/deploy.md)."""
    # One connection per address on each hub: a crowd behind HAProxy's one address would
    # get two connections in all (one per hub); here each address gets its own.
    limits = ("--contact-connections-per-address", "1")
    paged = tls == "page-process"
    if paged:
        limits = (*limits, "--chat-page-process")
    office = make_authority(tmp_path) if tls else None
    trust = ssl.create_default_context(cafile=office.pem) if office is not None else None
    async with behind_haproxy(hub_db, tmp_path, limits, office=office,
                              at_haproxy=paged) as (proxy, _, _), \
            AsyncExitStack() as stack:
        if paged:  # the page through HAProxy's TLS, from a page process
            page = await asyncio.to_thread(https_get, proxy.port, "/chat", trust)
            assert page.startswith(b"HTTP/1.1 200") and b'id="chat-status"' in page
        from_two = [await stack.enter_async_context(
            wire_from(proxy.url, "/v1/contact", "127.0.0.2", trust)) for _ in range(3)]
        answers = await asyncio.gather(
            *(wire.request("open", channel="chat") for wire in from_two),
            return_exceptions=True)
        admitted = [w for w, a in zip(from_two, answers, strict=True) if isinstance(a, dict)]
        # Three from one address onto two hubs: one hub has two of them and refuses one.
        assert len(admitted) <= 2
        assert any([await refused(w) for w in from_two if w not in admitted])
        # Everyone else has an address of her own, not counted with 127.0.0.2's.
        for n in range(3, 9):
            other = await stack.enter_async_context(
                wire_from(proxy.url, "/v1/contact", f"127.0.0.{n}", trust))
            ok(await other.request("open", channel="chat"))


async def test_a_young_person_resumes_on_the_other_hub_when_hers_is_killed(
    hub_db: str, tmp_path: Path
) -> None:
    seen: list[dict[str, Any]] = []
    arrived = asyncio.Event()

    def on_event(event: dict[str, Any]) -> None:
        seen.append(event)
        arrived.set()

    def last_seen() -> int:
        return max((e["seq"] for e in seen if e.get("type") == "event"), default=0)

    # ``balance first``: everyone lands on hub 1 while it is up, so the test knows which to kill.
    async with behind_haproxy(hub_db, tmp_path, (), balance="first") as (proxy, a, _), \
            desk_through(proxy.url) as (client, desk), \
            ContactClient([proxy.url], on_event=on_event, max_backoff_s=0.3) as contact:
        conv = (await contact.open("chat")).conversation
        assert conv is not None
        await desk.until(lambda: any(i["conversation"] == conv for i in desk.queue))
        await client.accept(conv)
        acked = [await contact.send("Hei, er det noen der?")]
        acked.append(await asyncio.wait_for(
            client.send_message(conv, "Hei, du snakker med Kari.").future, WAIT_S))

        on_the_way = asyncio.create_task(contact.send("Jeg skrev dette akkurat nå."))
        await asyncio.to_thread(a.kill)
        later = asyncio.gather(contact.send("Er du der?"), contact.send("Hallo?"))
        acked += [await asyncio.wait_for(on_the_way, WAIT_S),
                  *await asyncio.wait_for(later, WAIT_S)]
        await asyncio.to_thread(proxy.wait_for, {"hub1": "DOWN", "hub2": "UP"})
        reply = client.send_message(conv, "Jeg er her fortsatt.")
        acked.append(await asyncio.wait_for(reply.future, WAIT_S))
        last = max(acked)
        await desk.until(lambda: client.state is ConnectionState.CONNECTED)
        async with asyncio.timeout(WAIT_S):
            while last_seen() < last:
                arrived.clear()
                await arrived.wait()

        # The desk (through HAProxy too): every event once, none missing.
        await desk.until(lambda: max(desk.seqs(conv), default=0) >= last)
        counted = Counter(desk.seqs(conv))
        assert sorted(counted) == list(range(1, last + 1)) and set(counted.values()) == {1}
        # The young person: every event once, in order, none missing.
        seqs = [e["seq"] for e in seen if e.get("type") == "event"]
        assert seqs == sorted(set(seqs)) and set(acked) <= set(seqs)
        assert seqs == list(range(1, last + 1))
        # The log: every acknowledged message once, with its own seq.
        logged = logged_messages(hub_db, conv)
        assert logged_seqs(hub_db, conv) == list(range(1, last + 1))
        texts = Counter(text for _, _, text in logged)
        assert all(n == 1 for n in texts.values()), texts
        assert {seq for seq, _, _ in logged} == set(acked)


@asynccontextmanager
async def desk_through(url: str) -> AsyncIterator[tuple[StaffClient, Desk]]:
    """Kari's desk, connected through HAProxy."""
    client = StaffClient([url], Credentials(user="kari", password=PASSWORD),
                         backoff_initial=0.05, backoff_max=0.5)
    desk = Desk()
    client.add_listener(desk)
    runner = asyncio.create_task(client.run())
    try:
        await client.wait_connected(WAIT_S)
        yield client, desk
    finally:
        await client.close()
        await asyncio.wait_for(runner, WAIT_S)
