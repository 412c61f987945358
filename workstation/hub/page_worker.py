"""The chat page's own process: it answers the page's files on the hub's port, off the hub's loop.

    python -m workstation.hub.page_worker --listen-fd N --channel-fd M --settings JSON

Started by the hub (``serve --chat-page-process``; :mod:`workstation.hub.page_process`), never
by hand. The hub binds its port and gives this process the listening socket: this process
accepts every connection and reads its first request with the same front step the hub uses
(:mod:`workstation.hub.front_door`, websockets' parser, no HTTP parsed by hand). The page's
files, ``/`` and ``/chat/status`` are answered here (the status depends only on the settings
and the clock). Every other request — a WebSocket upgrade, health, metrics, the SMS gateway,
a malformed request — is passed to the hub with the connection itself (its file descriptor,
over a Unix socket) and the bytes read so far; the hub goes on from there as if it had read
them. So 100 page visits a second cost the hub's loop nothing, and the chats' messages do not
wait behind them (docs/performance.md, issue 14).

The process ends when the hub closes its end of the channel (a stopped or killed hub too),
and only then: it ignores SIGINT and SIGTERM, which reach it with its hub's (Ctrl+C in a
terminal, systemd stopping the service), so that the hub stops it in its own time and does
not see it die first and start it again.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import socket
import sys
from dataclasses import asdict
from typing import Any

from workstation.hub.front_door import Client, FrontDoor, FrontDoors
from workstation.hub.metrics import Network, parse_allow
from workstation.hub.webchat.http import ChatPage, ChatSettings
from workstation.hub.webchat.status import ChatHours

log = logging.getLogger("workstation.hub.page_worker")

#: The most bytes of a request passed on with its connection (a request head is a few
#: hundred; websockets refuses far less than this as too long).
MAX_PASSED = 64 * 1024
#: Seconds a connection's last answer may take to be written before it is passed on.
WRITE_WAIT_S = 5.0
#: Seconds the hub has to take a passed connection before this process gives up on it.
SEND_TIMEOUT_S = 5.0
#: What this process says on the channel once it accepts connections.
READY = b"ready"
#: Connections waiting to be accepted (the kernel's queue; asyncio's default is 100).
BACKLOG = 511


def settings_json(settings: ChatSettings) -> str:
    """The page's settings as the hub gives them to this process."""
    return json.dumps(asdict(settings))


def settings_from_json(text: str) -> ChatSettings:
    data: dict[str, Any] = json.loads(text)
    hours = data.pop("hours")
    fields: dict[str, Any] = {key: tuple(value) if isinstance(value, list) else value
                              for key, value in data.items()}
    return ChatSettings(**fields, hours=ChatHours(**hours) if hours else None)


class Passing:
    """Passes a connection that is not the page's to the hub, over ``channel``."""

    def __init__(self, channel: socket.socket, ended: asyncio.Future[None]) -> None:
        self._channel = channel
        self._ended = ended

    def __call__(self, door: FrontDoor, client: Client | None, raw: bytes) -> None:
        transport = door.front_transport
        if transport is None or transport.is_closing():
            return
        transport.pause_reading()  # the hub reads it from now on
        loop = asyncio.get_running_loop()
        self._when_written(transport, client, raw, loop.time() + WRITE_WAIT_S)

    def _when_written(self, transport: asyncio.Transport, client: Client | None, raw: bytes,
                      deadline: float) -> None:
        """Passes the connection once this process's answers on it are all written (a
        browser may ask for the next thing before it has read the last answer)."""
        if transport.is_closing():
            return
        loop = asyncio.get_running_loop()
        if transport.get_write_buffer_size():
            if loop.time() > deadline:
                transport.abort()
                return
            loop.call_later(0.01, self._when_written, transport, client, raw, deadline)
            return
        self._send(transport, client, raw)

    def _send(self, transport: asyncio.Transport, client: Client | None, raw: bytes) -> None:
        if len(raw) > MAX_PASSED:
            log.warning("closing a connection: its request is longer than %d bytes", MAX_PASSED)
            transport.abort()
            return
        sock = transport.get_extra_info("socket")
        payload = json.dumps({"client": client}).encode() + b"\n" + raw
        try:
            socket.send_fds(self._channel, [payload], [sock.fileno()])
        except OSError as exc:
            log.error("could not pass a connection to the hub: %s", exc)
            if isinstance(exc, BrokenPipeError | ConnectionResetError) and not self._ended.done():
                self._ended.set_result(None)  # the hub is gone
        # Only this process's descriptor closes: the connection lives on in the hub's.
        transport.abort()


async def serve_pages(listening: socket.socket, channel: socket.socket,
                      settings: ChatSettings, proxies: tuple[Network, ...]) -> None:
    """Answers the page on ``listening`` until the hub closes ``channel``."""
    loop = asyncio.get_running_loop()
    ended: asyncio.Future[None] = loop.create_future()
    doors = FrontDoors(ChatPage(settings).respond_bytes, proxies)
    doors.pass_on = Passing(channel, ended)
    channel.settimeout(SEND_TIMEOUT_S)

    def channel_readable() -> None:
        # The hub sends nothing: readable means it closed its end, or went away.
        if not ended.done():
            ended.set_result(None)

    loop.add_reader(channel.fileno(), channel_readable)
    server = await loop.create_server(lambda: FrontDoor(doors), sock=listening, backlog=BACKLOG)
    channel.sendall(READY)
    try:
        await ended
    finally:
        loop.remove_reader(channel.fileno())
        server.close()
        doors.close_all()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="workstation.hub.page_worker")
    parser.add_argument("--listen-fd", type=int, required=True)
    parser.add_argument("--channel-fd", type=int, required=True)
    parser.add_argument("--settings", required=True, help="the page's settings, as JSON")
    parser.add_argument("--proxies", default="", help="load balancers that send a PROXY header")
    args = parser.parse_args(argv)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    listening = socket.socket(fileno=args.listen_fd)
    listening.setblocking(False)
    channel = socket.socket(fileno=args.channel_fd)
    proxies = parse_allow(args.proxies) if args.proxies else ()
    asyncio.run(serve_pages(listening, channel, settings_from_json(args.settings), proxies))
    return 0


if __name__ == "__main__":
    sys.exit(main())
