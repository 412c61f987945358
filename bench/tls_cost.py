"""TLS cost: the hub's handshakes and burst throughput over wss:// against ws://, in one run.

    .venv/bin/python bench/tls_cost.py [--contacts 50] [--burst-s 5] [--rounds 2]

Each round starts ``workstation-hub serve`` twice on a fresh database, once plain and once with
a certificate from a throw-away CA (the order alternates between rounds), with the abuse limits
off (one address opens every conversation). Then C anonymous contacts connect one after
another (the handshake: TCP, TLS, WebSocket upgrade, timed at the client) and open a chat; then
each sends its next message as soon as the previous one is acknowledged, for ``--burst-s``
seconds. Reported per mode: handshake median and p99, acknowledged messages per second, and
the hub's CPU per acknowledged message (which isolates the hub's share of the TLS cost from the
generator's, both on the same cores). Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import ssl
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import (
    LIMITS_OFF,
    REPO,
    ServerProcess,
    machine_info,
    percentile,
    process_cpu_seconds,
)
from websockets.asyncio.client import ClientConnection, connect

sys.path.insert(0, str(REPO))

from tests.support.certs import make_authority  # noqa: E402

TEXT = "Hei, jeg vet ikke helt hvem jeg skal snakke med om dette, men jeg prøver her."


async def _ask(ws: ClientConnection, frame: dict[str, Any]) -> dict[str, Any]:
    await ws.send(json.dumps(frame))
    while True:  # pushes (queue positions, events) come between: skip to the answer
        answer: dict[str, Any] = json.loads(await ws.recv())
        if answer.get("re") == frame["id"]:
            return answer


async def _measure(url: str, context: ssl.SSLContext | None, contacts: int, burst_s: float,
                   hub_pid: int) -> dict[str, float]:
    extra: dict[str, Any] = {"ssl": context} if context else {}
    links: list[ClientConnection] = []
    handshakes: list[float] = []
    for index in range(contacts):
        started = time.perf_counter()
        ws = await connect(url + "/v1/contact", max_size=None, compression=None, **extra)
        handshakes.append((time.perf_counter() - started) * 1000)
        links.append(ws)
        assert (await _ask(ws, {"type": "open", "id": f"o{index}", "channel": "chat"}))[
            "type"] == "ok"
    acks = 0
    deadline = time.perf_counter() + burst_s

    async def burst(ws: ClientConnection) -> None:
        nonlocal acks
        n = 0
        while time.perf_counter() < deadline:
            n += 1
            answer = await _ask(ws, {"type": "send", "id": f"s{n}", "text": TEXT})
            assert answer["type"] == "ok", answer
            acks += 1

    cpu_before = process_cpu_seconds(hub_pid)
    await asyncio.gather(*(burst(ws) for ws in links))
    hub_cpu = process_cpu_seconds(hub_pid) - cpu_before
    for ws in links:
        await ws.close()
    return {
        "handshake_p50_ms": percentile(handshakes, 50),
        "handshake_p99_ms": percentile(handshakes, 99),
        "rate": acks / burst_s,
        "hub_us_per_msg": hub_cpu / acks * 1e6 if acks else float("nan"),
    }


def _run_once(folder: Path, tls: bool, args: argparse.Namespace, round_no: int
              ) -> dict[str, float]:
    authority = make_authority(folder, f"Bench CA {round_no}")
    cert, key = authority.issue(folder, f"hub{round_no}")
    tls_args = ["--cert", str(cert), "--key", str(key)] if tls else []
    name = f"{'tls' if tls else 'plain'}-{round_no}"
    server = ServerProcess(name, [sys.executable, "-m", "workstation.hub.cli", "serve", "--db",
                                  str(folder / f"{name}.sqlite3"), "--port", "0",
                                  *LIMITS_OFF, *tls_args], folder / f"{name}.log")
    url = server.start()
    try:
        context = ssl.create_default_context(cafile=authority.pem) if tls else None
        return asyncio.run(_measure(url, context, args.contacts, args.burst_s, server.pid))
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--contacts", type=int, default=50)
    parser.add_argument("--burst-s", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    results: dict[bool, list[dict[str, float]]] = {False: [], True: []}
    with tempfile.TemporaryDirectory(prefix="tls-cost-") as tmp:
        for round_no in range(args.rounds):
            for tls in ((False, True) if round_no % 2 == 0 else (True, False)):
                results[tls].append(_run_once(Path(tmp), tls, args, round_no))
    print(" ".join(f"{k}={v}" for k, v in machine_info().items()))
    print(f"contacts={args.contacts} burst_s={args.burst_s:g} rounds={args.rounds}")
    print(f"{'mode':6} {'handshake p50 ms':>17} {'p99 ms':>7} {'msgs/s':>8} {'hub us/msg':>11}")
    for tls, rows in results.items():
        for row in rows:
            print(f"{'wss' if tls else 'ws':6} {row['handshake_p50_ms']:17.2f} "
                  f"{row['handshake_p99_ms']:7.2f} {row['rate']:8.0f} "
                  f"{row['hub_us_per_msg']:11.0f}")
    plain = sum(r["rate"] for r in results[False]) / len(results[False])
    secure = sum(r["rate"] for r in results[True]) / len(results[True])
    print(f"burst throughput wss/ws = {secure / plain:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
