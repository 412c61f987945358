"""Load test of the hub against a bare WebSocket relay, on loopback, in one run.

    .venv/bin/python bench/hub_load.py [--contacts 200] [--counsellors 20] [--steady-s 20]
                                       [--burst-s 10] [--procs 1]

For each target (the real hub on a fresh SQLite database, then ``bench/bare_relay.py``), each a
process of its own: C contacts open conversations, S counsellors say hello and accept them
round-robin. Then

* steady: each contact sends one message per second (starts staggered over the first second);
  latency is from the contact's send to the counsellor's receipt of the ``message`` event
  (both ends live in the same generator process, so one clock);
* burst: closed loop, each contact sends its next message as soon as the previous one is
  acknowledged (``ok``); throughput is acknowledged messages per second.

The load generator runs in ``--procs`` worker processes (contacts and counsellors split evenly;
a counsellor only holds conversations of its own process). CPU use of the server and of the
generator is reported per phase, to tell whether the server or the generator was the limit.
Not part of the test run. Targets (2 cores, 200 contacts, 20 counsellors): steady p99 <= 25 ms
on the hub, burst throughput of the hub >= 0.5 x the bare relay.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import multiprocessing.connection
import shutil
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
from _common import (
    LIMITS_OFF,
    REPO,
    ServerProcess,
    machine_busy_seconds,
    machine_info,
    percentile,
    process_cpu_seconds,
)
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

sys.path.insert(0, str(REPO))

PASSWORD = "bench passord for belastning"
STEADY_P99_TARGET_MS = 25.0
BURST_RATIO_TARGET = 0.5
#: Steady-phase messages sent in the first seconds are not counted (connections warming up).
STEADY_WARMUP_S = 2.0
#: Pause between phases, for in-flight messages to arrive.
GAP_S = 2.0
TEXT_PAD = "Hei, jeg vet ikke helt hvem jeg skal snakke med om dette, men jeg prøver her."

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder().decode


# --- the load generator (one per worker process) ------------------------------------------


class Link:
    """One WebSocket connection: requests by id, and a hook for pushed events."""

    def __init__(self, ws: ClientConnection, on_event: Any = None) -> None:
        self.ws = ws
        self.on_event = on_event
        self.waiting: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.errors = 0
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                frame = _decode(raw)
                kind = frame.get("type")
                if kind == "event":
                    if self.on_event is not None:
                        self.on_event(frame)
                elif kind in ("ok", "error"):
                    if kind == "error":
                        self.errors += 1
                    future = self.waiting.pop(frame.get("re"), None)
                    if future is not None and not future.done():
                        future.set_result(frame)
        except ConnectionClosed:
            pass
        finally:
            for future in self.waiting.values():
                if not future.done():
                    future.set_exception(ConnectionError("connection closed"))
            self.waiting.clear()

    async def send(self, rid: str, frame: dict[str, Any]) -> asyncio.Future[dict[str, Any]]:
        """Send a request; the returned future resolves with its answer."""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiting[rid] = future
        await self.ws.send(_encode({**frame, "id": rid}).decode())
        return future

    async def request(self, rid: str, frame: dict[str, Any], timeout: float = 30.0) -> Any:
        answer = await asyncio.wait_for(await self.send(rid, frame), timeout)
        if answer.get("type") != "ok":
            raise RuntimeError(f"request {frame.get('type')} failed: {answer}")
        return answer

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()


class Generator:
    """Contacts and counsellors of one worker process, and what they measured."""

    def __init__(self, url: str, contact_ids: list[int], counsellors: list[str],
                 total_contacts: int) -> None:
        self.url = url
        self.contact_ids = contact_ids
        self.counsellor_names = counsellors
        self.total_contacts = total_contacts
        self.contacts: list[tuple[int, Link, str]] = []
        self.counsellors: list[Link] = []
        # client id -> perf_counter_ns at send; popped when the counsellor receives it
        self.sent: dict[str, int] = {}
        self.steady_counted_from = 0
        self.latency_ms: dict[str, list[float]] = {"s": [], "b": []}
        self.received: dict[str, int] = {"s": 0, "b": 0}
        self.sent_count: dict[str, int] = {"s": 0, "b": 0}
        self.acked: dict[str, int] = {"s": 0, "b": 0}
        self.burst_window_acks = 0
        self.lag_ms: list[float] = []
        self.failures: list[str] = []
        self.drained = asyncio.Event()

    # setup

    async def setup(self) -> None:
        url = self.url
        limit = asyncio.Semaphore(32)

        async def open_contact(index: int) -> tuple[int, Link, str]:
            async with limit:
                ws = await connect(url + "/v1/contact", max_size=None, compression=None)
                link = Link(ws)
                answer = await link.request(f"o{index}", {"type": "open", "channel": "chat"})
                return index, link, str(answer["conversation"])

        async with asyncio.TaskGroup() as group:
            opened = [group.create_task(open_contact(i)) for i in self.contact_ids]
        self.contacts = [task.result() for task in opened]

        async def login(name: str) -> Link:
            ws = await connect(url + "/v1/staff", max_size=None, compression=None)
            link = Link(ws, self._on_staff_event)
            await link.request(f"h{name}", {"type": "hello", "user": name, "password": PASSWORD},
                               timeout=60.0)
            return link

        async with asyncio.TaskGroup() as group:
            logins = [group.create_task(login(name)) for name in self.counsellor_names]
        self.counsellors = [task.result() for task in logins]

        async def accept_all(slot: int, counsellor: Link) -> None:
            mine = self.contacts[slot :: len(self.counsellors)]
            for index, _link, conv in mine:
                # The bench gives a counsellor ~C/S conversations, beyond the desk's default
                # capacity: take them anyway, as the desk's "take it anyway" does.
                await counsellor.request(f"a{index}", {"type": "accept", "conversation": conv,
                                                       "over_capacity": True})

        async with asyncio.TaskGroup() as group:
            for slot, counsellor in enumerate(self.counsellors):
                group.create_task(accept_all(slot, counsellor))

    def _on_staff_event(self, frame: dict[str, Any]) -> None:
        if frame.get("kind") != "message":
            return
        client_id = frame.get("client_id")
        sent_at = self.sent.pop(client_id, None) if isinstance(client_id, str) else None
        if sent_at is None:
            return
        if not self.sent:
            self.drained.set()
        phase = str(client_id)[0]
        self.received[phase] += 1
        if phase == "b" or sent_at >= self.steady_counted_from:
            self.latency_ms[phase].append((time.perf_counter_ns() - sent_at) / 1e6)

    # phases

    async def steady(self, start_ns: int, seconds: float) -> None:
        self.steady_counted_from = start_ns + int(STEADY_WARMUP_S * 1e9)
        end_ns = start_ns + int(seconds * 1e9)
        pending: list[asyncio.Future[dict[str, Any]]] = []

        async def contact(index: int, link: Link) -> None:
            first = start_ns + int(index * 1e9 / self.total_contacts)
            for k in range(int(seconds) + 1):
                due = first + k * 1_000_000_000
                if due >= end_ns:
                    return
                await asyncio.sleep(max(0.0, (due - time.perf_counter_ns()) / 1e9))
                rid = f"s{index}.{k}"
                now = time.perf_counter_ns()
                self.lag_ms.append((now - due) / 1e6)
                self.sent[rid] = now
                self.sent_count["s"] += 1
                try:
                    pending.append(await link.send(rid, _message(rid)))
                except ConnectionClosed as exc:
                    self.failures.append(f"steady send: {exc!r}")
                    return

        await asyncio.gather(*(contact(index, link) for index, link, _ in self.contacts))
        if pending:
            await asyncio.wait(pending, timeout=GAP_S)
        self.acked["s"] = sum(1 for f in pending if f.done() and not f.exception()
                              and f.result().get("type") == "ok")

    async def burst(self, start_ns: int, seconds: float) -> None:
        end_ns = start_ns + int(seconds * 1e9)
        await asyncio.sleep(max(0.0, (start_ns - time.perf_counter_ns()) / 1e9))

        async def contact(index: int, link: Link) -> None:
            k = 0
            while time.perf_counter_ns() < end_ns:  # bounded by the clock
                rid = f"b{index}.{k}"
                k += 1
                self.sent[rid] = time.perf_counter_ns()
                self.sent_count["b"] += 1
                try:
                    answer = await asyncio.wait_for(await link.send(rid, _message(rid)), 10.0)
                except (ConnectionClosed, ConnectionError, TimeoutError) as exc:
                    self.failures.append(f"burst send: {exc!r}")
                    return
                if answer.get("type") != "ok":
                    self.failures.append(f"burst answer: {answer}")
                    continue
                self.acked["b"] += 1
                if time.perf_counter_ns() <= end_ns:
                    self.burst_window_acks += 1

        await asyncio.gather(*(contact(index, link) for index, link, _ in self.contacts))

    async def drain(self, seconds: float) -> None:
        """Wait (bounded) for the counsellors to receive what is still in flight."""
        if not self.sent:
            return
        self.drained.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.drained.wait(), seconds)

    async def close(self) -> None:
        links = [link for _, link, _ in self.contacts] + self.counsellors
        await asyncio.gather(*(link.close() for link in links), return_exceptions=True)


def _message(rid: str) -> dict[str, Any]:
    return {"type": "send", "text": f"{TEXT_PAD} ({rid})"}


def _perf_ns_at(wall_s: float) -> int:
    """A wall-clock moment (``time.time()``) on this process's ``perf_counter_ns`` clock."""
    return time.perf_counter_ns() + int((wall_s - time.time()) * 1e9)


async def _work(conn: multiprocessing.connection.Connection, url: str, contact_ids: list[int],
                counsellors: list[str], total: int, steady_s: float, burst_s: float
                ) -> dict[str, Any]:
    gen = Generator(url, contact_ids, counsellors, total)
    began = time.monotonic()
    await gen.setup()
    conn.send(("ready", time.monotonic() - began))
    start_wall: float = await asyncio.to_thread(conn.recv)
    steady_ns = _perf_ns_at(start_wall)
    burst_wall = start_wall + steady_s + GAP_S
    burst_ns = _perf_ns_at(burst_wall)
    await asyncio.sleep(max(0.0, (steady_ns - time.perf_counter_ns()) / 1e9))
    await gen.steady(steady_ns, steady_s)
    await gen.drain(max(0.0, (burst_ns - time.perf_counter_ns()) / 1e9 - 0.1))
    steady_lost = sum(1 for rid in gen.sent if rid[0] == "s")
    for rid in [rid for rid in gen.sent if rid[0] == "s"]:
        del gen.sent[rid]
    await asyncio.sleep(max(0.0, (burst_ns - time.perf_counter_ns()) / 1e9))
    await gen.burst(burst_ns, burst_s)
    await gen.drain(5.0)
    burst_lost = len(gen.sent)
    errors = sum(link.errors for _, link, _ in gen.contacts) + sum(
        link.errors for link in gen.counsellors)
    await gen.close()
    return {
        "steady_latency_ms": gen.latency_ms["s"],
        "burst_latency_ms": gen.latency_ms["b"],
        "sent": gen.sent_count,
        "acked": gen.acked,
        "received": gen.received,
        "lost": {"s": steady_lost, "b": burst_lost},
        "burst_window_acks": gen.burst_window_acks,
        "lag_ms": gen.lag_ms,
        "errors": errors,
        "failures": gen.failures[:5],
    }


def worker_main(conn: multiprocessing.connection.Connection, url: str, contact_ids: list[int],
                counsellors: list[str], total: int, steady_s: float, burst_s: float) -> None:
    try:
        result = asyncio.run(_work(conn, url, contact_ids, counsellors, total, steady_s, burst_s))
        conn.send(("done", result))
    except BaseException:
        conn.send(("failed", traceback.format_exc()))
    finally:
        conn.close()


# --- the coordinator ------------------------------------------------------------------------


def _receive(conn: multiprocessing.connection.Connection, timeout_s: float, what: str) -> Any:
    if not conn.poll(timeout_s):
        raise RuntimeError(f"a generator worker did not report {what} within {timeout_s:.0f} s")
    status, value = conn.recv()
    if status == "failed":
        raise RuntimeError(f"a generator worker failed:\n{value}")
    return value


def run_load(server: ServerProcess, args: argparse.Namespace, counsellors: list[str]
             ) -> dict[str, Any]:
    """Drive one target with the generator workers; return the merged measurements."""
    procs = args.procs
    ctx = multiprocessing.get_context("spawn")
    workers: list[tuple[Any, multiprocessing.connection.Connection]] = []
    for p in range(procs):
        contact_ids = list(range(p * args.contacts // procs, (p + 1) * args.contacts // procs))
        names = counsellors[p * len(counsellors) // procs : (p + 1) * len(counsellors) // procs]
        parent, child = ctx.Pipe()
        proc = ctx.Process(
            target=worker_main,
            args=(child, server.url, contact_ids, names, args.contacts, args.steady_s,
                  args.burst_s),
            daemon=True,
        )
        proc.start()
        child.close()
        workers.append((proc, parent))
    try:
        setup_s = max(_receive(conn, 180.0, "set-up") for _, conn in workers)
        start = time.time() + 1.0
        for _, conn in workers:
            conn.send(start)
        marks = [start, start + args.steady_s, start + args.steady_s + GAP_S,
                 start + args.steady_s + GAP_S + args.burst_s]
        samples = []  # (server, generator, whole machine) CPU seconds at each mark
        for mark in marks:
            time.sleep(max(0.0, mark - time.time()))
            samples.append((server.cpu_seconds(),
                            sum(process_cpu_seconds(p.pid) for p, _ in workers),
                            machine_busy_seconds()))
        results = [_receive(conn, args.steady_s + args.burst_s + 60.0, "results")
                   for _, conn in workers]
    finally:
        for proc, conn in workers:
            proc.join(10)
            if proc.is_alive():
                proc.terminate()
                proc.join(5)
            conn.close()

    def cores(first: int, last: int, seconds: float) -> dict[str, float]:
        server_s, gen_s, busy_s = (samples[last][i] - samples[first][i] for i in range(3))
        return {"server": server_s / seconds, "generator": gen_s / seconds,
                "other": max(0.0, busy_s - server_s - gen_s) / seconds}

    steady_lat = [x for r in results for x in r["steady_latency_ms"]]
    burst_lat = [x for r in results for x in r["burst_latency_ms"]]
    lag = [x for r in results for x in r["lag_ms"]]

    def total(key: str, phase: str) -> int:
        return sum(r[key][phase] for r in results)

    return {
        "setup_s": setup_s,
        "steady": {
            "p50": percentile(steady_lat, 50), "p99": percentile(steady_lat, 99),
            "max": max(steady_lat, default=float("nan")), "n": len(steady_lat),
            "sent": total("sent", "s"), "acked": total("acked", "s"),
            "received": total("received", "s"), "lost": total("lost", "s"),
            "lag_p99": percentile(lag, 99), "lag_max": max(lag, default=float("nan")),
        },
        "burst": {
            "rate": sum(r["burst_window_acks"] for r in results) / args.burst_s,
            "p50": percentile(burst_lat, 50), "p99": percentile(burst_lat, 99),
            "sent": total("sent", "b"), "acked": total("acked", "b"),
            "received": total("received", "b"), "lost": total("lost", "b"),
        },
        "cpu": {"steady": cores(0, 1, args.steady_s), "burst": cores(2, 3, args.burst_s)},
        "errors": sum(r["errors"] for r in results),
        "failures": [f for r in results for f in r["failures"]],
    }


def make_hub_db(path: Path, counsellors: list[str]) -> float:
    """A fresh hub database with the bench counsellors; returns the seconds it took."""
    from workstation.store import open_store

    began = time.monotonic()
    store = open_store(path)
    for number, name in enumerate(counsellors, 1):
        store.add_user(name, PASSWORD, ["counsellor"], f"Veileder {number}")
    store.close_blocking()
    return time.monotonic() - began


def _fmt(value: float, digits: int = 1) -> str:
    return "n/a" if value != value else f"{value:.{digits}f}"


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if not ordered:
        return float("nan")
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _us_per_msg(result: dict[str, Any]) -> float:
    """Server CPU per acknowledged message in the burst, in microseconds."""
    rate = result["burst"]["rate"]
    return result["cpu"]["burst"]["server"] / rate * 1e6 if rate else float("nan")


def background_cores(seconds: float = 1.0) -> float:
    """How many cores other processes keep busy right now (measured over ``seconds``)."""
    before = machine_busy_seconds()
    time.sleep(seconds)
    return (machine_busy_seconds() - before) / seconds


def wait_for_quiet(limit_s: float, threshold: float = 0.3) -> float:
    """Wait (at most ``limit_s``) until other processes use less than ``threshold`` cores."""
    deadline = time.monotonic() + limit_s
    load = background_cores()
    while load >= threshold and time.monotonic() < deadline:
        load = background_cores(2.0)
    return load


def report(runs: list[tuple[str, dict[str, Any]]], args: argparse.Namespace,
           info: dict[str, str], db_dir: Path) -> bool:
    print()
    print(f"hub load benchmark — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {info['cores']} cores ({info['cpu']}), {info['os']}, Python {info['python']},"
          f" websockets {info['websockets']}")
    print(f"load: {args.contacts} contacts, {args.counsellors} counsellors, steady {args.steady_s}"
          f" s (first {STEADY_WARMUP_S:.0f} s not counted), burst {args.burst_s} s,"
          f" {args.procs} generator process(es), {args.rounds} round(s);"
          f" hub database in {db_dir}")
    print("CPU columns: cores busy in the phase (steady / burst) — server, load generator, and"
          " other processes on the machine; µs/msg: server CPU per burst message")
    print()
    header = (f"{'target':<7} {'steady p50':>10} {'p99':>7} {'max':>7} {'n':>6}  "
              f"{'burst msg/s':>11} {'p50':>7} {'p99':>7}  "
              f"{'server':>11} {'generator':>11} {'other':>11} {'µs/msg':>7}")
    print(header)
    print("-" * len(header))
    for name, r in runs:
        s, b, c = r["steady"], r["burst"], r["cpu"]
        cpu = "  ".join(f"{c['steady'][k]:>5.2f}/{c['burst'][k]:<5.2f}"
                        for k in ("server", "generator", "other"))
        print(f"{name:<7} {_fmt(s['p50']):>8}ms {_fmt(s['p99']):>5}ms {_fmt(s['max']):>5}ms "
              f"{s['n']:>6}  {b['rate']:>11.0f} {_fmt(b['p50']):>5}ms {_fmt(b['p99']):>5}ms  "
              f"{cpu} {_us_per_msg(r):>7.0f}")
    hub = [r for name, r in runs if name.startswith("hub")]
    bare = [r for name, r in runs if name.startswith("bare")]
    hub_p99 = _median([r["steady"]["p99"] for r in hub])
    hub_rate = _median([r["burst"]["rate"] for r in hub])
    bare_rate = _median([r["burst"]["rate"] for r in bare])
    ratio = hub_rate / bare_rate if bare_rate else 0.0
    steady_ok = hub_p99 <= STEADY_P99_TARGET_MS
    burst_ok = ratio >= BURST_RATIO_TARGET
    over = "median over rounds; " if len(hub) > 1 else ""
    hub_us = _median([_us_per_msg(r) for r in hub])
    bare_us = _median([_us_per_msg(r) for r in bare])
    print()
    print(f"steady p99 hub {_fmt(hub_p99)} ms ({over}target <= {STEADY_P99_TARGET_MS:.0f} ms):"
          f" {'PASS' if steady_ok else 'MISS'}")
    print(f"burst hub/bare {hub_rate:.0f}/{bare_rate:.0f} msg/s = {ratio:.2f} ({over}target >="
          f" {BURST_RATIO_TARGET}): {'PASS' if burst_ok else 'MISS'}")
    print(f"server CPU per burst message: hub {hub_us:.0f} µs, bare {bare_us:.0f} µs; at equal CPU"
          f" the hub would carry {bare_us / hub_us:.2f} x the relay's messages (less sensitive to"
          " other load than the throughput ratio; for information)")
    print()
    for name, r in runs:
        s, b = r["steady"], r["burst"]
        print(f"{name}: background before {r['background']:.2f} cores; set-up {r['setup_s']:.1f}"
              f" s; steady sent {s['sent']} acked {s['acked']} received {s['received']} lost"
              f" {s['lost']}; generator lag p99 {_fmt(s['lag_p99'])} ms max {_fmt(s['lag_max'])}"
              f" ms; burst sent {b['sent']} acked {b['acked']} received {b['received']} lost"
              f" {b['lost']}; error answers {r['errors']}")
        for failure in r["failures"]:
            print(f"  failure: {failure}")
    busy = max(max(r["cpu"]["steady"]["other"], r["cpu"]["burst"]["other"]) for _, r in runs)
    if busy > 0.2:
        print(f"\nnote: other processes kept up to {busy:.2f} cores busy during a phase; the"
              " figures are pessimistic (run again on a quiet machine).")
    return steady_ok and burst_ok


def run_target(target: str, args: argparse.Namespace, counsellors: list[str], tmp: Path,
               label: str) -> dict[str, Any]:
    if target == "hub":
        db = tmp / f"{label}.sqlite3"
        took = make_hub_db(db, counsellors)
        print(f"{label}: database with {len(counsellors)} users in {took:.1f} s", flush=True)
        launcher = [str(args.hub_launcher)] if args.hub_launcher else ["-m", "workstation.hub.cli"]
        argv = [sys.executable, *launcher, "serve", "--db", str(db), "--port", "0",
                *LIMITS_OFF]
    else:
        argv = [sys.executable, str(REPO / "bench" / "bare_relay.py"), "--port", "0"]
    background = wait_for_quiet(args.quiet_wait_s)
    server = ServerProcess(target, argv, tmp / f"{label}.log")
    server.start()
    print(f"{label}: {server.url} (pid {server.pid}), background {background:.2f} cores;"
          " running…", flush=True)
    try:
        result = run_load(server, args, counsellors)
    finally:
        server.stop()
    result["background"] = background
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=200)
    parser.add_argument("--counsellors", type=int, default=20)
    parser.add_argument("--steady-s", type=int, default=20)
    parser.add_argument("--burst-s", type=int, default=10)
    parser.add_argument("--procs", type=int, default=1, help="load generator processes")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run hub and bare this many times, alternating; medians are judged")
    parser.add_argument("--quiet-wait-s", type=float, default=30.0,
                        help="before each target, wait up to this long for other processes on"
                        " the machine to go quiet (< 0.3 cores busy)")
    parser.add_argument("--db-dir", type=Path, default=None,
                        help="where the hub's temporary database goes (default: system temp)")
    parser.add_argument("--only", choices=("hub", "bare"), default=None,
                        help="run one target only and print its raw figures (for profiling)")
    parser.add_argument("--hub-launcher", type=Path, default=None,
                        help="a Python script run instead of `-m workstation.hub.cli` with the"
                        " same arguments (to instrument or profile the hub)")
    args = parser.parse_args(argv)
    if not 1 <= args.procs <= args.counsellors <= args.contacts:
        parser.error("need 1 <= procs <= counsellors <= contacts")
    if args.steady_s <= STEADY_WARMUP_S or args.burst_s < 1 or not 1 <= args.rounds <= 10:
        parser.error(f"steady must be longer than {STEADY_WARMUP_S:.0f} s, burst at least 1 s,"
                     " rounds 1 to 10")
    info = machine_info()
    counsellors = [f"veileder{n:03d}" for n in range(1, args.counsellors + 1)]
    tmp = Path(tempfile.mkdtemp(prefix="hub-load-", dir=args.db_dir))
    runs: list[tuple[str, dict[str, Any]]] = []
    try:
        if args.only:
            result = run_target(args.only, args, counsellors, tmp, args.only)
            print(msgspec.json.format(msgspec.json.encode(result)).decode())
            return 0
        for number in range(1, args.rounds + 1):
            order = ("hub", "bare") if number % 2 else ("bare", "hub")
            for target in order:
                label = target if args.rounds == 1 else f"{target}#{number}"
                runs.append((label, run_target(target, args, counsellors, tmp, label)))
        return 0 if report(runs, args, info, tmp.parent) else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
