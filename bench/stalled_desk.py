"""Hub memory while one desk stops reading and young people keep writing.

    .venv/bin/python bench/stalled_desk.py [--contacts 200] [--seconds 600] [--rate 1]

A served hub (limits against abuse off: everything comes from this machine) on a fresh
database; one counsellor takes every contact and then stops reading its socket (a tiny receive
buffer, nothing read); each contact sends ``--rate`` messages a second of 1,000 characters.
Every 5 seconds it prints the hub's resident memory and whether the stalled desk is still
connected. The hub should close the stalled desk (4008) once 8 MiB wait for it, and its memory
should stay flat. Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, ServerProcess, rss_mb, served_hub
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

PASSWORD = "bench passord for belastning"
TEXT = ("Jeg vet ikke helt hvem jeg skal snakke med om dette. " * 20)[:1000]


async def ask(ws: ClientConnection, frame: dict[str, object]) -> dict[str, object]:
    await ws.send(json.dumps(frame))
    while True:
        answer = json.loads(await ws.recv())
        if answer.get("re") == frame["id"]:
            return dict(answer)


async def open_contact(url: str) -> tuple[ClientConnection, str]:
    ws = await connect(url + "/v1/contact")
    answer = await ask(ws, {"type": "open", "id": "o", "channel": "chat"})
    return ws, str(answer["conversation"])


async def write(ws: ClientConnection, stop: asyncio.Event, rate: float) -> int:
    sent = 0
    drain = asyncio.create_task(_drain(ws))
    while not stop.is_set():
        await ws.send(json.dumps({"type": "send", "id": f"m{sent}", "text": TEXT}))
        sent += 1
        await asyncio.sleep(1 / rate)
    drain.cancel()
    await ws.close()
    return sent


async def _drain(ws: ClientConnection) -> None:
    async for _ in ws:
        pass


async def stalled_desk(url: str) -> ClientConnection:
    host, port = url.removeprefix("ws://").rsplit(":", 1)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((host, int(port)))
    sock.setblocking(False)
    ws = await connect(url + "/v1/staff", sock=sock, max_queue=1, max_size=None)
    await ask(ws, {"type": "hello", "id": "h", "user": "kari", "password": PASSWORD})
    return ws


async def staff_connections(port: int) -> int:
    """The hub's ``hub_connections{kind="staff"}`` from ``/metrics`` (read from loopback)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
                 .encode())
    body = (await reader.read()).decode(errors="replace")
    writer.close()
    for line in body.splitlines():
        if line.startswith('hub_connections{kind="staff"}'):
            return int(float(line.split()[-1]))
    return -1


async def run(server: ServerProcess, args: argparse.Namespace) -> None:
    url = server.url
    stop = asyncio.Event()
    desk = await stalled_desk(url)
    contacts = await asyncio.gather(*(open_contact(url) for _ in range(args.contacts)))
    for number, (_, conv) in enumerate(contacts):
        await ask(desk, {"type": "accept", "id": f"a{number}", "conversation": conv,
                         "over_capacity": True})
    writers = [asyncio.create_task(write(ws, stop, args.rate)) for ws, _ in contacts]
    began = time.monotonic()
    print(f"t=0 s: {args.contacts} contacts writing, the desk has stopped reading;"
          f" hub {rss_mb(server.pid):.0f} MB", flush=True)
    port = int(url.rsplit(":", 1)[1])
    closed_at: float | None = None
    while time.monotonic() - began < args.seconds:
        await asyncio.sleep(5)
        staff = await staff_connections(port)
        now = time.monotonic() - began
        if staff == 0 and closed_at is None:
            closed_at = now
        print(f"t={now:.0f} s: hub {rss_mb(server.pid):.0f} MB, staff connections {staff}",
              flush=True)
    print("the stalled desk was " + (f"closed by the hub between t={closed_at - 5:.0f} and "
                                     f"t={closed_at:.0f} s" if closed_at is not None
                                     else "still connected at the end"))
    stop.set()
    sent = sum(await asyncio.gather(*writers))
    print(f"messages sent: {sent}")
    try:
        while True:
            await desk.recv()
    except ConnectionClosed as closed:
        frame = closed.rcvd
        print("the desk's close: " + (f"{frame.code} {frame.reason}" if frame is not None
                                       else "no close frame (the connection was dropped)"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--rate", type=float, default=1.0, help="messages a second each")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from workstation.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "hub.sqlite3"
        store = open_store(db)
        store.add_user("kari", PASSWORD, ["counsellor"], "Kari")
        store.close_blocking()
        server = served_hub(db, Path(folder))
        server.start()
        try:
            asyncio.run(run(server, args))
        finally:
            server.stop()
            for line in server.log_path.read_text().splitlines():
                if "WARNING" in line or "does not keep up" in line:
                    print(f"hub log: {line}")


if __name__ == "__main__":
    main()
