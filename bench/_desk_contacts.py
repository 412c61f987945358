"""Load generator for ``desk_load.py``, run as its own process (young people are not in the desk).

    python bench/_desk_contacts.py URL CONVERSATIONS RATE

Opens ``CONVERSATIONS`` chats on ``URL/v1/contact`` and prints ``conversation <id>`` for each,
then waits for a line ``go`` on standard input and sends ``RATE`` messages per second in
total until a line ``stop`` (or end of input), and prints ``sent <n>``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time

from websockets.asyncio.client import ClientConnection, connect


async def _opened(ws: ClientConnection) -> str:
    await ws.send(json.dumps({"type": "open", "id": "o", "channel": "chat"}))
    async for raw in ws:
        frame = json.loads(raw)
        if frame.get("re") == "o" and frame.get("type") == "ok":
            return str(frame["conversation"])
    raise ConnectionError("the hub closed before the chat opened")


async def _drain(ws: ClientConnection) -> None:
    async for _ in ws:
        pass


async def _send(ws: ClientConnection, rate: float, stop: asyncio.Event, sent: list[int]) -> None:
    start = time.perf_counter()
    n = 0
    while not stop.is_set():
        n += 1
        await ws.send(json.dumps({"type": "send", "id": f"m{n}", "text": f"melding {n} " * 6}))
        sent[0] += 1
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)


async def _stdin_line() -> str:
    return (await asyncio.to_thread(sys.stdin.readline)).strip()


async def main(url: str, conversations: int, rate: float) -> None:
    sockets = [await connect(url + "/v1/contact", max_size=None) for _ in range(conversations)]
    for ws in sockets:
        print(f"conversation {await _opened(ws)}", flush=True)
    drains = [asyncio.create_task(_drain(ws)) for ws in sockets]
    while await _stdin_line() not in ("go", ""):
        pass
    stop, sent = asyncio.Event(), [0]
    senders = [asyncio.create_task(_send(ws, rate / conversations, stop, sent)) for ws in sockets]
    while await _stdin_line() not in ("stop", ""):
        pass
    stop.set()
    await asyncio.gather(*senders)
    print(f"sent {sent[0]}", flush=True)
    for task in drains:
        task.cancel()
    for ws in sockets:
        await ws.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3])))
