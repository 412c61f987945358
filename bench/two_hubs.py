"""A young person's message to her counsellor's desk: one hub on SQLite, one hub on
PostgreSQL, and two hubs on one PostgreSQL with the young people on hub A and the desks on
hub B (every message crosses hubs: NOTIFY, then a read on B; docs/deploy.md "Several hubs at
once").

    PYTHONPATH=. python bench/two_hubs.py [--contacts 40] [--seconds 10] [--rate 1]

Each young person writes ``--rate`` messages a second for ``--seconds`` (steady), then all
write ten at once (burst). Reported: p50 and p99 of send → the desk's event, and the burst's
messages a second, each as a ratio to one hub on SQLite. Real ``workstation-hub serve``
processes; the tests' PostgreSQL (initdb in a temporary directory).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path

from tests.support.hubs import PASSWORD, HubProcess, make_db
from tests.support.postgres import PostgresServer
from tests.support.wire import Wire, ok
from workstation.hub.keys import KEY_FILE_ENV

COUNSELLORS = ("kari", "ola", "lead", "lead2")
NO_LIMITS = ("--send-per-contact", "0", "--send-total", "0", "--open-per-address", "0",
             "--open-total", "0", "--contact-connections-per-address", "1000")


async def measure(contact_url: str, desk_url: str, contacts: int, seconds: float,
                  rate: float) -> tuple[list[float], float]:
    sent: dict[str, float] = {}
    latencies: list[float] = []
    async with AsyncExitStack() as stack:
        desks = [await stack.enter_async_context(Wire.connect(desk_url, "/v1/staff"))
                 for _ in COUNSELLORS]
        for desk, user in zip(desks, COUNSELLORS, strict=True):
            ok(await desk.request("hello", user=user, password=PASSWORD))
        wires = [await stack.enter_async_context(Wire.connect(contact_url, "/v1/contact"))
                 for _ in range(contacts)]
        convs = []
        for n, wire in enumerate(wires):
            conv = ok(await wire.request("open", channel="chat"))["conversation"]
            desk = desks[n % len(desks)]
            async with asyncio.timeout(10):
                while True:  # the queue may reach the desk's hub a moment later
                    answer = await desk.request("accept", conversation=conv, over_capacity=True)
                    if answer["type"] == "ok":
                        break
                    await asyncio.sleep(0.01)
            convs.append(conv)

        def arrived(desk: Wire) -> None:
            for index in range(len(desk.frames)):
                frame = desk.frames[index]
                key = frame.get("client_id") if frame.get("kind") == "message" else None
                if key in sent and key not in done:
                    done.add(key)
                    latencies.append(desk.received_at[index] - sent[key])

        done: set[str] = set()

        async def writer(n: int, wire: Wire, count: int, every: float) -> None:
            for i in range(count):
                key = f"m{n}-{i}-{every}"
                sent[key] = time.monotonic()
                await wire.send({"type": "send", "id": key, "text": f"melding {i}"})
                if every:
                    await asyncio.sleep(every)

        await asyncio.gather(*(writer(n, w, int(seconds * rate), 1 / rate)
                               for n, w in enumerate(wires)))
        await asyncio.sleep(1.0)
        for desk in desks:
            arrived(desk)
        steady = list(latencies)
        latencies.clear()
        started = time.monotonic()
        await asyncio.gather(*(writer(n, w, 10, 0) for n, w in enumerate(wires)))
        want = len(done) + 10 * contacts
        async with asyncio.timeout(60):
            while len(done) < want:
                await asyncio.sleep(0.02)
                for desk in desks:
                    arrived(desk)
        burst_rate = 10 * contacts / (time.monotonic() - started)
    return steady, burst_rate


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else 0.0


async def main_async(args: argparse.Namespace) -> None:
    results: dict[str, tuple[list[float], float]] = {}

    async def run_on(name: str, first: HubProcess, second: HubProcess | None = None) -> None:
        """Young people on ``first``, desks on ``second`` (or ``first`` too)."""
        started = [first] if second is None else [first, second]
        try:
            for hub in started:
                hub.start()
            results[name] = await measure(first.url, started[-1].url, args.contacts,
                                          args.seconds, args.rate)
        finally:
            for hub in started:
                hub.stop()

    with tempfile.TemporaryDirectory() as folder:
        os.environ[KEY_FILE_ENV] = str(Path(folder) / "hub.key")
        await run_on("SQLite, one hub",
                     HubProcess(make_db(Path(folder) / "hub.sqlite3"), args=NO_LIMITS))
        server = PostgresServer(durable=True).start()  # fsync on, as in production
        try:
            await run_on("PostgreSQL, one hub",
                         HubProcess(make_db(server.create_database()), args=NO_LIMITS))
            dsn = make_db(server.create_database())
            await run_on("PostgreSQL, two hubs (A to B)",
                         HubProcess(dsn, args=NO_LIMITS), HubProcess(dsn, args=NO_LIMITS))
        finally:
            server.stop()
    base_steady, base_burst = results["SQLite, one hub"]
    for name, (steady, burst) in results.items():
        print(f"{name:32} steady p50 {p(steady, 50):6.1f} ms  p99 {p(steady, 99):6.1f} ms "
              f"(x{p(steady, 99) / max(p(base_steady, 99), 1e-9):.2f})  burst {burst:6.0f}/s "
              f"(x{burst / base_burst:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=1.0, help="messages a second each")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
