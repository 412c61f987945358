"""A young person's message to her counsellor's desk: one hub on SQLite, one hub on
PostgreSQL, and two hubs on one PostgreSQL with the young people on hub A and the desks on
hub B (every message crosses hubs: NOTIFY, then a read on B; docs/deploy.md "Several hubs at
once").

    PYTHONPATH=. python bench/two_hubs.py [--contacts 40] [--seconds 10] [--rate 1] [--rounds 1]

Each young person writes ``--rate`` messages a second for ``--seconds`` (steady: each on her
own schedule, the starts spread evenly over one period, the first two seconds not counted, as
in ``hub_load.py``), then all write ten at once (burst). Reported: p50 and p99 of send → the
desk's event, and the burst's messages a second, each as a ratio to one hub on SQLite. Two
layouts of two hubs: young people on A and desks on B (every message crosses hubs), and both
spread over A and B as a balancer would (half of them cross). Real ``workstation-hub serve``
processes; a durable PostgreSQL (initdb in a temporary directory), ``--rounds`` times each.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

from bench._common import process_cpu_seconds
from tests.support.hubs import PASSWORD, HubProcess, make_db
from tests.support.postgres import PostgresServer
from tests.support.wire import Wire, ok
from workstation.hub.keys import KEY_FILE_ENV

#: The steady phase's first seconds are not counted (connections warming up), as in hub_load.py.
WARM_UP_S = 2.0
COUNSELLORS = ("kari", "ola", "lead", "lead2")
NO_LIMITS = ("--send-per-contact", "0", "--send-total", "0", "--open-per-address", "0",
             "--open-total", "0", "--contact-connections-per-address", "1000")


async def measure(contact_urls: list[str], desk_urls: list[str], contacts: int, seconds: float,
                  rate: float, hub_pids: list[int], postmaster: int) -> Measured:
    sent: dict[str, float] = {}
    latencies: list[float] = []
    async with AsyncExitStack() as stack:
        desks = [await stack.enter_async_context(
                     Wire.connect(desk_urls[d % len(desk_urls)], "/v1/staff"))
                 for d in range(len(COUNSELLORS))]
        for desk, user in zip(desks, COUNSELLORS, strict=True):
            ok(await desk.request("hello", user=user, password=PASSWORD))
        wires = [await stack.enter_async_context(
                     Wire.connect(contact_urls[n % len(contact_urls)], "/v1/contact"))
                 for n in range(contacts)]
        convs = []
        for n, wire in enumerate(wires):
            conv = ok(await wire.request("open", channel="chat"))["conversation"]
            # young person n is on hub n % hubs, her desk on hub (n // 2) % hubs: with two hubs
            # half the conversations cross, as behind a balancer that spreads both
            desk = desks[(n // 2) % len(desks)]
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
                    order.append(key)
                    latencies.append(desk.received_at[index] - sent[key])

        done: set[str] = set()
        order: list[str] = []

        async def writer(n: int, wire: Wire, count: int, every: float, start: float) -> None:
            for i in range(count):
                if every:  # on its own schedule: young people do not all press Enter at once
                    await asyncio.sleep(max(0.0, start + i * every - time.monotonic()))
                key = f"m{n}-{i}-{every}"
                sent[key] = time.monotonic()
                if every and sent[key] < start_all + WARM_UP_S:
                    warming.add(key)
                await wire.send({"type": "send", "id": key, "text": f"melding {i}"})

        warming: set[str] = set()
        start_all = time.monotonic() + 0.1
        spacing = 1 / (rate * contacts)  # the steady phase's starts spread over one period
        await asyncio.gather(*(writer(n, w, int((seconds + WARM_UP_S) * rate), 1 / rate,
                                      start_all + n * spacing)
                               for n, w in enumerate(wires)))
        await asyncio.sleep(1.0)
        for desk in desks:
            arrived(desk)
        steady = [latency for key, latency in zip(order, latencies, strict=True)
                  if key not in warming]
        latencies.clear()
        order.clear()
        started = time.monotonic()
        cpu0 = [process_cpu_seconds(pid) for pid in hub_pids]
        own0, pg0 = process_cpu_seconds(os.getpid()), postgres_cpu(postmaster)
        await asyncio.gather(*(writer(n, w, 10, 0, 0.0) for n, w in enumerate(wires)))
        want = len(done) + 10 * contacts
        async with asyncio.timeout(60):
            while len(done) < want:
                await asyncio.sleep(0.02)
                for desk in desks:
                    arrived(desk)
        burst_rate = 10 * contacts / (time.monotonic() - started)
        per_k = 1000 / (10 * contacts)  # CPU seconds → ms per 1,000 messages
        hubs = [(process_cpu_seconds(pid) - c0) * per_k * 1000
                for pid, c0 in zip(hub_pids, cpu0, strict=True)]
        own = (process_cpu_seconds(os.getpid()) - own0) * per_k * 1000
        pg_now = postgres_cpu(postmaster)
        pg = sum(v - pg0.get(pid, 0.0) for pid, v in pg_now.items()) * per_k * 1000
    return Measured(steady, burst_rate, hubs, own, pg)


def postgres_cpu(postmaster: int) -> dict[int, float]:
    """CPU seconds so far of the cluster's processes: the postmaster and its children."""
    seconds = {postmaster: process_cpu_seconds(postmaster)}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == postmaster:
            seconds[int(stat.parent.name)] = process_cpu_seconds(int(stat.parent.name))
    return seconds


def p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else 0.0


@dataclass
class Measured:
    steady: list[float]
    burst: float  # messages a second
    #: CPU ms per 1,000 burst messages: each hub, the bench's clients, PostgreSQL (the
    #: cluster's processes; nothing in the SQLite run)
    hub_cpu: list[float]
    client_cpu: float
    postgres_cpu: float


LAYOUTS = ("SQLite, one hub", "PostgreSQL, one hub", "PostgreSQL, two hubs (A to B)",
           "PostgreSQL, two hubs (spread)")


async def one_round(args: argparse.Namespace, folder: Path, server: PostgresServer,
                    results: dict[str, list[Measured]]) -> None:
    async def run_on(name: str, hubs: list[HubProcess], contacts_on: list[HubProcess],
                     desks_on: list[HubProcess]) -> None:
        try:
            for hub in hubs:
                hub.start()
            m = await measure([h.url for h in contacts_on], [h.url for h in desks_on],
                              args.contacts, args.seconds, args.rate,
                              [h.proc.pid for h in hubs if h.proc is not None],
                              int((server.data / "postmaster.pid").read_text().split()[0]))
            results.setdefault(name, []).append(m)
            hub_cpu = " + ".join(f"{c:.0f}" for c in m.hub_cpu)
            print(f"  {name:32} steady p50 {p(m.steady, 50):6.1f} ms  p99 {p(m.steady, 99):6.1f} ms"
                  f"  burst {m.burst:6.0f}/s  CPU ms per 1,000: hub {hub_cpu}, clients "
                  f"{m.client_cpu:.0f}, PostgreSQL {m.postgres_cpu:.0f}", flush=True)
        finally:
            for hub in hubs:
                hub.stop()

    sqlite = HubProcess(make_db(folder / f"hub{len(results.get(LAYOUTS[0], []))}.sqlite3"),
                        args=NO_LIMITS)
    await run_on(LAYOUTS[0], [sqlite], [sqlite], [sqlite])
    alone = HubProcess(make_db(server.create_database()), args=NO_LIMITS)
    await run_on(LAYOUTS[1], [alone], [alone], [alone])
    dsn = make_db(server.create_database())
    a, b = HubProcess(dsn, args=NO_LIMITS), HubProcess(dsn, args=NO_LIMITS)
    await run_on(LAYOUTS[2], [a, b], [a], [b])  # every message crosses hubs
    dsn = make_db(server.create_database())
    a, b = HubProcess(dsn, args=NO_LIMITS), HubProcess(dsn, args=NO_LIMITS)
    await run_on(LAYOUTS[3], [a, b], [a, b], [a, b])  # half of them cross


async def main_async(args: argparse.Namespace) -> None:
    results: dict[str, list[Measured]] = {}
    with tempfile.TemporaryDirectory() as folder:
        os.environ[KEY_FILE_ENV] = str(Path(folder) / "hub.key")
        server = PostgresServer(durable=True).start()  # fsync on, as in production
        try:
            for round_ in range(args.rounds):
                print(f"round {round_ + 1}", flush=True)
                await one_round(args, Path(folder), server, results)
        finally:
            server.stop()

    def pooled(name: str) -> tuple[list[float], float]:
        steady = [v for m in results[name] for v in m.steady]
        return steady, statistics.median(m.burst for m in results[name])

    base_steady, base_burst = pooled(LAYOUTS[0])
    print(f"pooled over {args.rounds} round(s); burst: median of the rounds")
    for name in LAYOUTS:
        steady, burst = pooled(name)
        print(f"{name:32} steady p50 {p(steady, 50):6.1f} ms  p99 {p(steady, 99):6.1f} ms "
              f"(x{p(steady, 99) / max(p(base_steady, 99), 1e-9):.2f})  burst {burst:6.0f}/s "
              f"(x{burst / base_burst:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=1.0, help="messages a second each")
    parser.add_argument("--rounds", type=int, default=1, help="every layout this many times")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
