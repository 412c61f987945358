"""Real calls over SIP: call set-up to the desk, and 30 calls at once on the hub.

    .venv/bin/python bench/sip_calls.py [--setups 10] [--calls 30] [--hold-s 20] [--idle-s 20]

Starts ``workstation-hub serve --sip udp:127.0.0.1:0`` on a fresh database (docs/telephony.md).

- **Set-up:** a baresip phone dials 116111 ``--setups`` times, one call at a time; timed from
  the ``dial`` command to the ``calls`` push that shows the call ringing on a signed-in desk
  (INVITE, 200 OK, ACK, the hub's baresip's event, the conversation stored, the push).
- **Idle lines:** ``--calls`` + 2 baresip lines behind the hub's Kamailio, no call: CPU and
  resident memory per line (the cost of a pool sized for the busiest hour).
- **Load:** ``--calls`` callers at once: one baresip phone and the rest from SIPp, all held
  for ``--hold-s`` seconds while the hub plays the queue audio to each. Reported: the CPU of
  the hub (Python) and of its baresip lines and Kamailio per connected call, and the RTP
  packets the baresip phone lost (its RTCP receiver report) — lost packets are gaps in what
  the caller hears.

Not part of the test run. The machine's other load is shown ("other") as in the other benches.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import REPO, machine_busy_seconds, machine_info, percentile, process_cpu_seconds

sys.path.insert(0, str(REPO))

from tests.support.hubs import PASSWORD, make_db  # noqa: E402
from tests.support.sip import caller, free_udp, need, sip_hub  # noqa: E402
from tests.support.wire import Wire, ok  # noqa: E402

SCENARIO = REPO / "tests" / "e2e" / "sipp" / "queue_caller.xml"


def children(pid: int) -> list[int]:
    """Every process below ``pid``: the hub's baresip lines, its Kamailio and its workers."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (int(p) for p in (task / "children").read_text().split()):
            found += [child, *children(child)]
    return found


def rss_mib(pid: int) -> float:
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) / 1024
    return 0.0


def name(pid: int) -> str:
    return Path(f"/proc/{pid}/comm").read_text().strip()


async def idle(hub_pid: int, seconds: float) -> dict[str, Any]:
    """The lines with no calls: CPU and resident memory per line, and Kamailio's."""
    below = children(hub_pid)
    lines = [p for p in below if name(p) == "baresip"]
    front = [p for p in below if name(p) == "kamailio"]
    cpu0 = {p: process_cpu_seconds(p) for p in below}
    started = time.perf_counter()
    await asyncio.sleep(seconds)
    wall = time.perf_counter() - started
    cpu = {p: (process_cpu_seconds(p) - cpu0[p]) / wall for p in below}
    return {
        "lines": len(lines), "seconds": round(wall, 1),
        "cpu_pct_per_idle_line": round(sum(cpu[p] for p in lines) * 100 / len(lines), 3),
        "rss_mib_per_line": round(statistics.mean(rss_mib(p) for p in lines), 1),
        "kamailio_cpu_pct": round(sum(cpu[p] for p in front) * 100, 3),
        "kamailio_rss_mib": round(sum(rss_mib(p) for p in front), 1),
    }


async def setups(hub_url: str, target: str, folder: Path, n: int) -> list[float]:
    times = []
    async with Wire.connect(hub_url, "/v1/staff") as desk:
        ok(await desk.request("hello", user="kari", password=PASSWORD))
        await desk.expect(lambda f: f["type"] == "calls")  # the list at sign-in
        seen: set[str] = set()
        async with caller(folder) as phone:
            assert phone.control is not None
            for _ in range(n):
                started = time.perf_counter()
                await phone.control.command("dial", f"sip:116111@{target}")
                ringing = await desk.expect(
                    lambda f: f["type"] == "calls"
                    and any(i["conversation"] not in seen for i in f["items"]), 20)
                seen.update(i["conversation"] for i in ringing["items"])
                times.append((time.perf_counter() - started) * 1000)
                await phone.control.command("hangup")
                await desk.expect(lambda f: f["type"] == "calls" and not f["items"], 20)
    return times


async def load(hub_url: str, target: str, hub_pid: int, folder: Path, calls: int,
               hold_s: float) -> dict[str, Any]:
    endpoint = children(hub_pid)
    async with Wire.connect(hub_url, "/v1/staff") as desk:
        ok(await desk.request("hello", user="kari", password=PASSWORD))
        await desk.expect(lambda f: f["type"] == "calls")  # the list at sign-in
        async with caller(folder / "phone") as phone:
            assert phone.control is not None
            await phone.control.command("dial", f"sip:116111@{target}")
            sipp = await asyncio.create_subprocess_exec(
                need("sipp"), target, "-sf", str(SCENARIO), "-i", "127.0.0.1",
                "-p", str(free_udp()), "-mp", str(free_udp()), "-nostdin",
                "-m", str(calls - 1), "-l", str(calls - 1), "-r", str(calls),
                "-d", str(int(hold_s * 1000) + 10000), cwd=folder,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
            started = time.perf_counter()
            await desk.expect(lambda f: f["type"] == "calls" and len(f["items"]) == calls, 60)
            all_up_s = time.perf_counter() - started
            cpu0 = [process_cpu_seconds(p) for p in (hub_pid, *endpoint)]
            busy0, t0 = machine_busy_seconds(), time.perf_counter()
            await asyncio.sleep(hold_s)
            wall = time.perf_counter() - t0
            cpu1 = [process_cpu_seconds(p) for p in (hub_pid, *endpoint)]
            busy = machine_busy_seconds() - busy0
            rtcp = [e for e in _drain(phone) if e.get("type") == "CALL_RTCP"]
            await phone.control.command("hangup")
            await sipp.wait()
    hub_cpu = (cpu1[0] - cpu0[0]) / wall
    sip_cpu = sum(b - a for a, b in zip(cpu0[1:], cpu1[1:], strict=True)) / wall
    last = rtcp[-1]["rtcp_stats"] if rtcp else {}
    return {
        "calls": calls, "all_queued_s": round(all_up_s, 2), "held_s": round(wall, 1),
        "hub_cpu_pct": round(hub_cpu * 100, 1), "baresip_cpu_pct": round(sip_cpu * 100, 1),
        "cpu_pct_per_call": round((hub_cpu + sip_cpu) * 100 / calls, 2),
        "other_cpu_pct": round((busy / wall - hub_cpu - sip_cpu) * 100, 1),
        "phone_rtcp": last, "sipp_exit": sipp.returncode,
    }


def _drain(phone: Any) -> list[dict[str, Any]]:
    events = []
    while not phone.control.events.empty():
        event = phone.control.events.get_nowait()
        if event:
            events.append(event)
    return events


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--setups", type=int, default=10)
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--hold-s", type=float, default=20)
    parser.add_argument("--idle-s", type=float, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sip-") as name:
        folder = Path(name)
        db = make_db(folder / "hub.sqlite3")
        with sip_hub(db, folder / "hub.log", wait_minutes=3, lines=args.calls + 2) as hub:
            target = f"{hub.host}:{hub.port}"
            quiet = await idle(hub.proc.pid, args.idle_s)
            times = await setups(hub.url, target, folder / "setup", args.setups)
            result = await load(hub.url, target, hub.proc.pid, folder, args.calls, args.hold_s)
    print(json.dumps({
        "machine": machine_info(),
        "setup_ms": {"n": len(times), "median": round(statistics.median(times), 1),
                     "p90": round(percentile(times, 90), 1), "max": round(max(times), 1)},
        "idle": quiet,
        "load": result,
    }, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
