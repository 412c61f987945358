"""The hub's port answers the chat page's files on kept-alive connections and hands every other
request to websockets untouched (workstation/hub/front_door.py, issue 14).

Raw sockets here, not an HTTP client: what matters is which connection an answer comes on and
when the hub closes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from workstation.hub import front_door
from workstation.hub.server import CONTACT_PATH, HubServer, serve_hub


def get(path: str, *headers: str) -> bytes:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", *headers, "", ""]
    return "\r\n".join(lines).encode()


async def answer(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    """One HTTP answer read off the stream: status, headers (lower-case names), body."""
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
    first, *lines = head.decode("latin-1").split("\r\n")[:-2]
    headers = {name.lower(): value.strip() for name, _, value in
               (line.partition(":") for line in lines)}
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return int(first.split(" ")[1]), headers, body


async def closed_by_hub(reader: asyncio.StreamReader) -> bool:
    """Whether the hub closes the connection (the end of the stream comes, nothing else)."""
    return await asyncio.wait_for(reader.read(), 5) == b""


@pytest.fixture
async def stream(hub: HubServer):  # type: ignore[no-untyped-def]
    reader, writer = await asyncio.open_connection("127.0.0.1", hub.port)
    yield reader, writer
    writer.close()


async def test_a_page_load_takes_one_connection_for_all_its_files(hub: HubServer, stream) -> None:  # type: ignore[no-untyped-def]
    reader, writer = stream
    writer.write(get("/chat"))
    status, headers, page = await answer(reader)
    assert status == 200 and "connection" not in headers
    assert headers["keep-alive"] == f"timeout={int(front_door.IDLE_S)}"
    asset = page.decode().split('src="', 1)[1].split('"', 1)[0]
    for path in (asset, "/chat/status", "/chat"):
        writer.write(get(path))
        status, headers, body = await answer(reader)
        assert status == 200 and body, path
    assert "open" in json.loads(body if path != "/chat" else b'{"open": 1}')


async def test_pipelined_requests_are_answered_in_order(hub: HubServer, stream) -> None:  # type: ignore[no-untyped-def]
    reader, writer = stream
    writer.write(get("/chat/status") + get("/chat/v/none/app.js") + get("/", "Connection: close"))
    assert (await answer(reader))[0] == 200
    assert (await answer(reader))[0] == 404
    status, headers, _ = await answer(reader)
    assert (status, headers["location"], headers["connection"]) == (302, "/chat", "close")
    assert await closed_by_hub(reader)


async def test_other_paths_on_a_kept_connection_go_to_websockets(hub: HubServer, stream) -> None:  # type: ignore[no-untyped-def]
    reader, writer = stream
    writer.write(get("/chat/status"))
    assert (await answer(reader))[0] == 200
    writer.write(get("/healthz"))
    status, headers, body = await answer(reader)
    assert (status, body) == (200, b"ok\n")
    assert headers["connection"] == "close"  # websockets answers it, and closes as it always did
    assert await closed_by_hub(reader)


async def opens_a_chat_after_a_page_answer(port: int) -> None:
    """The status, then a WebSocket on the same connection: the chat opens."""
    loop = asyncio.get_running_loop()
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setblocking(False)
    await loop.sock_sendall(sock, get("/chat/status"))
    got = b""
    while b"}" not in got:
        got += await loop.sock_recv(sock, 4096)
    assert got.startswith(b"HTTP/1.1 200")
    async with connect(f"ws://127.0.0.1:{port}{CONTACT_PATH}", sock=sock) as ws:
        await ws.send(json.dumps({"type": "open", "id": "r1", "channel": "chat"}))
        reply = json.loads(await asyncio.wait_for(ws.recv(), 5))
    assert (reply["type"], reply["re"]) == ("ok", "r1")


async def test_a_websocket_after_a_page_answer_on_the_same_connection_works(
    hub: HubServer,
) -> None:
    await opens_a_chat_after_a_page_answer(hub.port)


@pytest.mark.parametrize("request_head", [
    b"GET /chat HTTP/9\r\n\r\n",  # websockets closes without an answer
    b"GET /chat HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
    b"GET /chat HTTP/1.1\r\nHost: " + b"a" * 9000 + b"\r\n\r\n",
])
async def test_a_malformed_request_is_refused_as_websockets_refuses_it(
    hub: HubServer, stream, request_head: bytes  # type: ignore[no-untyped-def]
) -> None:
    reader, writer = stream
    writer.write(request_head)
    rest = await asyncio.wait_for(reader.read(), 5)
    assert not rest.startswith(b"HTTP/1.1 200")
    assert await closed_by_hub(reader)


async def test_a_head_never_finished_is_closed(hub: HubServer, stream, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(front_door, "HEAD_TIMEOUT_S", 0.3)
    reader, writer = await asyncio.open_connection("127.0.0.1", hub.port)
    writer.write(b"GET /chat HTTP/1.1\r\nHost: 12")
    assert await closed_by_hub(reader)
    writer.close()


async def test_an_idle_kept_connection_is_closed(hub: HubServer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(front_door, "IDLE_S", 0.3)
    reader, writer = await asyncio.open_connection("127.0.0.1", hub.port)
    writer.write(get("/chat/status"))
    assert (await answer(reader))[0] == 200
    assert await closed_by_hub(reader)
    writer.close()


async def test_one_connection_gets_a_bounded_number_of_answers(hub: HubServer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(front_door, "MAX_ANSWERS", 3)
    reader, writer = await asyncio.open_connection("127.0.0.1", hub.port)
    writer.write(get("/chat/status") * 3)
    answers = [await answer(reader) for _ in range(3)]
    assert [a[0] for a in answers] == [200, 200, 200]
    assert [a[1].get("connection") for a in answers] == [None, None, "close"]
    assert await closed_by_hub(reader)
    writer.close()


async def test_stopping_the_hub_closes_kept_connections(hub_db) -> None:  # type: ignore[no-untyped-def]
    async with serve_hub(hub_db) as server:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(get("/chat/status"))
        assert (await answer(reader))[0] == 200
    assert await closed_by_hub(reader)
    writer.close()


@pytest.mark.parametrize("tls", [False, True], ids=["plain", "tls"])
async def test_a_closed_page_connection_is_freed_at_once_not_left_for_the_collector(
    hub_db: Path, tmp_path: Path, tls: bool
) -> None:
    """A page visit's connection, once closed, leaves nothing for the cyclic garbage
    collector: at 100 visits a second such garbage made it run once a second for
    milliseconds of the hub's loop, while chat messages waited (docs/performance.md)."""
    import gc
    import ssl
    from asyncio.selector_events import _SelectorSocketTransport  # type: ignore[attr-defined]

    from websockets.protocol import Protocol

    from tests.support.certs import make_authority

    server_tls = client_tls = None
    if tls:
        office = make_authority(tmp_path)
        cert, key = office.issue(tmp_path, "hub")
        server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_tls.load_cert_chain(cert, key)
        client_tls = ssl.create_default_context(cafile=str(office.pem))

    def visits(port: int, count: int) -> None:  # a blocking client: no transports of its own
        for _ in range(count):
            with contextlib.ExitStack() as stack:
                sock = stack.enter_context(socket.create_connection(("127.0.0.1", port)))
                if client_tls is not None:
                    sock = stack.enter_context(
                        client_tls.wrap_socket(sock, server_hostname="127.0.0.1"))
                sock.sendall(get("/chat", "Connection: close"))
                while sock.recv(65536):
                    pass

    async with serve_hub(hub_db, tls=server_tls) as hub:
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            await asyncio.to_thread(visits, hub.port, 20)
            await asyncio.to_thread(visits, hub.port, 1)  # after it, the twenty were closed
            # websockets' protocol objects made for the connections: a cycle through their
            # parser (gone by the collector's finalising step, so not in gc.garbage)
            protocols = [o for o in gc.get_objects() if isinstance(o, Protocol)]
            gc.collect()
            transports = [o for o in gc.garbage if isinstance(o, _SelectorSocketTransport)]
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
    assert transports == []
    assert len(protocols) <= 1, protocols  # the last visit's may not be closed yet
