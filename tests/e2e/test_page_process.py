"""The chat page from a process of its own (``serve --chat-page-process``, issue 14): it accepts
on the hub's port, answers the page, and passes every other connection to the hub, which goes
on with it as if it had accepted it (workstation/hub/page_worker.py, page_process.py)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from tests.e2e.test_front_door import (
    answer,
    closed_by_hub,
    get,
    opens_a_chat_after_a_page_answer,
)
from tests.support.hubs import HubProcess
from tests.support.wire import Wire, ok
from workstation.hub.page_process import PageProcessError
from workstation.hub.server import CONTACT_PATH, HubServer, serve_hub


@pytest.fixture
async def paged(hub_db: Path) -> HubServer:  # type: ignore[misc]
    async with serve_hub(hub_db, page_process=True) as hub:
        yield hub


def blocking_get(port: int, path: str, timeout: float) -> tuple[int, dict[str, str], bytes]:
    """A GET that holds the calling thread (here: the hub's own event loop) until answered."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as reply:
        return reply.status, dict(reply.headers), reply.read()


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


async def until(check, seconds: float = 10) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not within the time"
        await asyncio.sleep(0.02)


async def test_the_page_loads_while_the_hubs_own_loop_is_busy(paged: HubServer) -> None:
    # This test's thread is the hub's event loop: while it waits here, the hub does nothing.
    status, headers, page = blocking_get(paged.port, "/chat", timeout=10)
    assert status == 200
    assert b'id="chat-status"' in page and b"<script" in page
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "no-referrer"


async def test_without_the_page_process_the_page_waits_for_the_hubs_loop(hub: HubServer) -> None:
    """What the test above would meet if the hub answered the page itself."""
    with pytest.raises((TimeoutError, urllib.error.URLError)):
        blocking_get(hub.port, "/chat", timeout=1)


async def test_a_chat_opened_on_the_page_process_port_reaches_the_desk(paged: HubServer) -> None:
    async with AsyncExitStack() as stack:
        kari = await stack.enter_async_context(Wire.connect(paged.url, "/v1/staff"))
        from tests.conftest import staff_login

        await staff_login(kari, "kari")
        young = await stack.enter_async_context(Wire.connect(paged.url, CONTACT_PATH))
        conv = ok(await young.request("open", channel="chat"))["conversation"]
        await kari.expect(lambda f: f.get("type") == "queue"
                          and any(i["conversation"] == conv for i in f["items"]))
        ok(await kari.request("accept", conversation=conv))
        ok(await young.request("send", text="hei, er det noen der?", client_id="c1"))
        got = await kari.event(str(conv), "message")
        assert got["text"] == "hei, er det noen der?"


async def test_a_kept_page_connection_goes_on_to_the_hub_for_a_websocket(
    paged: HubServer,
) -> None:
    await opens_a_chat_after_a_page_answer(paged.port)


async def test_health_and_malformed_requests_are_answered_by_the_hub(paged: HubServer) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", paged.port)
    writer.write(get("/chat/status") + get("/healthz"))
    assert (await answer(reader))[0] == 200  # the page process
    status, headers, body = await answer(reader)  # the hub, on the same connection
    assert (status, body, headers["connection"]) == (200, b"ok\n", "close")
    assert await closed_by_hub(reader)
    writer.close()
    reader, writer = await asyncio.open_connection("127.0.0.1", paged.port)
    writer.write(b"GET /chat HTTP/1.1\r\nHost: " + b"a" * 9000 + b"\r\n\r\n")
    rest = await asyncio.wait_for(reader.read(), 5)
    # websockets' refusal, from the hub (before websockets 16: closed without an answer)
    assert rest == b"" or rest.startswith(b"HTTP/1.1 4")
    writer.close()


async def test_a_killed_page_process_is_started_again_and_open_chats_go_on(
    paged: HubServer,
) -> None:
    assert paged.pages is not None and paged.pages.pid is not None
    async with Wire.connect(paged.url, CONTACT_PATH) as young:
        ok(await young.request("open", channel="chat"))
        first = paged.pages.pid
        os.kill(first, signal.SIGKILL)
        await until(lambda: paged.pages is not None and paged.pages.restarts == 1)
        assert paged.pages.pid != first and gone(first)
        ok(await young.request("send", text="fortsatt her", client_id="c1"))
        status, _, _ = await asyncio.to_thread(blocking_get, paged.port, "/chat", 10)
        assert status == 200
        _, _, metrics = await asyncio.to_thread(blocking_get, paged.port, "/metrics", 10)
        assert b"hub_chat_page_process_restarts_total 1.0" in metrics  # for the office's alert


async def test_stopping_the_hub_ends_the_page_process(hub_db: Path) -> None:
    async with serve_hub(hub_db, page_process=True) as hub:
        assert hub.pages is not None and hub.pages.pid is not None
        pid = hub.pages.pid
        reader, writer = await asyncio.open_connection("127.0.0.1", hub.port)
        writer.write(get("/chat/status"))
        assert (await answer(reader))[0] == 200
    assert gone(pid)
    assert await closed_by_hub(reader)  # its kept-alive page connection was closed
    writer.close()


def page_process_of(pid: int) -> int:
    """The pid of a hub process's page process."""
    child = int(Path(f"/proc/{pid}/task/{pid}/children").read_text().split()[0])
    assert b"page_worker" in Path(f"/proc/{child}/cmdline").read_bytes()
    return child


def test_sigterm_to_the_hub_and_its_page_process_at_once_stops_both_cleanly(
    hub_db: Path, tmp_path: Path
) -> None:
    """As systemd stops the service (every process of it at once) or Ctrl+C in a terminal:
    the hub ends its page process itself, and does not start it again first."""
    log = tmp_path / "hub.log"
    with log.open("w") as errors:
        hub = subprocess.Popen(
            [sys.executable, "-m", "workstation.hub.cli", "serve", "--db", str(hub_db),
             "--port", "0", "--chat-page-process"],
            stdout=subprocess.PIPE, stderr=errors, text=True)
    try:
        assert hub.stdout is not None and hub.stdout.readline().startswith("listening on")
        pages = page_process_of(hub.pid)
        status = Path(f"/proc/{pages}/status").read_text()
        ignored = int(status.split("SigIgn:")[1].split()[0], 16)
        for signum in (signal.SIGINT, signal.SIGTERM):  # its hub's to stop, not theirs
            assert ignored & (1 << (signum - 1)), signum.name
        os.kill(pages, signal.SIGTERM)
        hub.send_signal(signal.SIGTERM)
        assert hub.wait(20) == 0
    finally:
        if hub.poll() is None:
            hub.kill()
        assert hub.stdout is not None
        hub.stdout.close()
    text = log.read_text()
    assert "hub stopped" in text
    assert "starting it again" not in text
    deadline = time.monotonic() + 10
    while not gone(pages):
        assert time.monotonic() < deadline, "the page process outlived its hub"
        time.sleep(0.05)


def test_a_killed_hub_leaves_no_page_process(hub_db: Path) -> None:
    hub = HubProcess(hub_db, args=("--chat-page-process",))
    hub.start()
    try:
        assert hub.proc is not None
        pid = page_process_of(hub.proc.pid)
        hub.proc.kill()
        hub.proc.wait(10)
        deadline = time.monotonic() + 10
        while not gone(pid):  # it is the hub's no more: init reaps it once it ends
            assert time.monotonic() < deadline, "the page process outlived its hub"
            time.sleep(0.05)
    finally:
        hub.stop()


async def test_the_page_process_refuses_tls_with_a_sentence(hub_db: Path, tmp_path: Path) -> None:
    import ssl

    from tests.support.certs import make_authority

    office = make_authority(tmp_path)
    cert, key = office.issue(tmp_path, "hub")
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    with pytest.raises(PageProcessError, match="plain HTTP"):
        async with serve_hub(hub_db, tls=tls, page_process=True):
            pass
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "workstation.hub.cli", "serve", "--db", str(hub_db),
         "--port", "0", "--cert", str(cert), "--key", str(key), "--chat-page-process"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert "--chat-page-process serves plain HTTP" in done.stderr
