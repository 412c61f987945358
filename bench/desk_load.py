"""The desk under load: GUI event-loop stalls, transcript append cost, memory.

    .venv/bin/python bench/desk_load.py [--seconds 10] [--rate 200] [--conversations 12]

1. **Stalls.** A real hub runs in-process on a temporary database; ``--conversations`` raw
   contacts (plain websockets on ``/v1/contact``) open chats that one counsellor accepts, then
   send ``--rate`` messages per second in total. A QTimer probe fires every 5 ms on the GUI
   loop and records how late each tick is. Measured twice in the same run: the **baseline**
   (the same client, hub and load, no window) and the **desk** (the real ``MainWindow``
   offscreen, one conversation open, the overview ticking). Targets: desk p99 ≤ 16 ms, max ≤ 50 ms.
2. **Transcript.** A ``TranscriptModel`` shown in the desk's ``TranscriptView`` (offscreen):
   the cost of one more append (model + layout + paint) at 100, 1,000 and 10,000 rows.
   Target: it does not grow with length (10k / 100 ≤ 2).
3. **Memory.** RSS of this process (hub included) with the desk holding the conversations of
   phase 1, before and after the window; target ≤ 300 MB.

Prints the figures, the ratios and PASS/MISS; exits 1 on a MISS.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import qasync  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from bench._common import percentile  # noqa: E402
from workstation.hub.server import serve_hub  # noqa: E402
from workstation.protocol import encode  # noqa: E402
from workstation.protocol.times import format_time, utc_now  # noqa: E402
from workstation.store import open_store  # noqa: E402
from workstation.ui.gui_gc import GuiThreadCollector  # noqa: E402
from workstation.ui.main_window import MainWindow  # noqa: E402
from workstation.ui.session import DeskSession, sign_in  # noqa: E402
from workstation.ui.transcript_model import TranscriptModel  # noqa: E402
from workstation.ui.transcript_view import TranscriptView  # noqa: E402

PASSWORD = "bench-passord-116111"
PROBE_MS = 5


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Probe:
    """A 5 ms QTimer; ``lateness`` holds how late each tick came (ms)."""

    def __init__(self) -> None:
        self.lateness: list[float] = []
        self._last = 0.0
        self.timer = QTimer()
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.lateness.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.lateness.append(max(0.0, (now - self._last) * 1000 - PROBE_MS))
        self._last = now


async def contact(
    url: str,
    opened: asyncio.Queue[str],
    go: asyncio.Event,
    stop: asyncio.Event,
    rate: float,
    sent: list[int],
) -> None:
    async with connect(url + "/v1/contact", max_size=None) as ws:
        await ws.send(encode({"type": "open", "id": "o", "channel": "chat"}))

        async def drain() -> None:
            async for raw in ws:
                if '"re":"o"' in str(raw) or '"re": "o"' in str(raw):
                    import json

                    frame = json.loads(raw)
                    if frame.get("type") == "ok":
                        await opened.put(frame["conversation"])

        reader = asyncio.create_task(drain())
        await go.wait()
        start = time.perf_counter()
        n = 0
        while not stop.is_set():
            n += 1
            await ws.send(encode({"type": "send", "id": f"m{n}", "text": f"melding {n} " * 6}))
            sent[0] += 1
            delay = start + n / rate - time.perf_counter()
            if delay > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
        reader.cancel()


async def stall_phase(url: str, args: argparse.Namespace, with_window: bool) -> dict[str, Any]:
    session: DeskSession = await sign_in(url, "kari", PASSWORD)
    window = None
    try:
        opened: asyncio.Queue[str] = asyncio.Queue()
        go, stop = asyncio.Event(), asyncio.Event()
        sent = [0]
        per_contact = args.rate / args.conversations
        tasks = [
            asyncio.create_task(contact(url, opened, go, stop, per_contact, sent))
            for _ in range(args.conversations)
        ]
        conversations = [await opened.get() for _ in range(args.conversations)]
        for conversation in conversations:
            await session.client.request(
                {"type": "accept", "conversation": conversation, "over_capacity": True}
            )
        rss_before = rss_mb()
        if with_window:
            window = MainWindow(session.controller)
            window.resize(1280, 800)
            window.show()
            window.conversation_list.select(conversations[0])
        await asyncio.sleep(1.0)
        probe = Probe()
        go.set()
        await asyncio.sleep(1.0)  # warm-up, not counted
        probe.start()
        await asyncio.sleep(args.seconds)
        probe.stop()
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        lateness = probe.lateness
        received = sum(session.controller.transcript(c).rowCount() for c in conversations)
        return {
            "p50": percentile(lateness, 50),
            "p99": percentile(lateness, 99),
            "max": max(lateness),
            "ticks": len(lateness),
            "sent": sent[0],
            "rows": received,
            "rss_before": rss_before,
            "rss": rss_mb(),
        }
    finally:
        if window is not None:
            window.close()
            window.deleteLater()
        await session.close()


def transcript_phase() -> dict[int, float]:
    app = QApplication.instance()
    assert app is not None
    model = TranscriptModel("bench")
    view = TranscriptView()
    view.resize(700, 600)
    view.setModel(model)
    view.show()
    seq = 0

    def append(n: int) -> None:
        nonlocal seq
        for _ in range(n):
            seq += 1
            sender = "contact" if seq % 2 else "staff"
            model.append_event(
                {
                    "conversation": "bench",
                    "seq": seq,
                    "kind": "message",
                    "at": format_time(utc_now()),
                    "from": sender,
                    "text": f"Melding nummer {seq}, litt tekst som bryter linjen "
                    "av og til når den blir lang nok til det.",
                }
            )

    results = {}
    for size in (100, 1_000, 10_000):
        append(size - seq)
        app.processEvents()
        samples = []
        for _ in range(120):
            started = time.perf_counter()
            append(1)
            app.processEvents()
            samples.append((time.perf_counter() - started) * 1e6)
        results[size] = percentile(samples, 50)
    view.close()
    view.deleteLater()
    return results


async def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="desk-bench-") as folder:
        db = Path(folder) / "hub.sqlite3"
        store = open_store(db)
        store.add_user("kari", PASSWORD, ["counsellor"], "Kari")
        store.close_blocking()
        async with serve_hub(db) as hub:
            base = await stall_phase(hub.url, args, with_window=False)
            desk = await stall_phase(hub.url, args, with_window=True)
    appends = transcript_phase()
    print(
        f"load: {args.conversations} conversations, {args.rate:.0f} msg/s for {args.seconds} s,"
        f" probe every {PROBE_MS} ms"
    )
    print("| phase | stall p50 | stall p99 | stall max | ticks | sent | rows seen | RSS |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in (("baseline (no window)", base), ("desk window", desk)):
        print(
            f"| {name} | {r['p50']:.2f} ms | {r['p99']:.2f} ms | {r['max']:.1f} ms | "
            f"{r['ticks']} | {r['sent']} | {r['rows']} | {r['rss']:.0f} MB |"
        )
    print(
        f"ratio desk/baseline: p99 {desk['p99'] / max(base['p99'], 0.01):.2f}, "
        f"max {desk['max'] / max(base['max'], 0.01):.2f}"
    )
    print("| transcript rows | one more append (model + layout + paint), median |")
    print("|---|---|")
    for size, micros in appends.items():
        print(f"| {size:,} | {micros:.0f} µs |")
    growth = appends[10_000] / appends[100]
    print(f"ratio 10k/100: {growth:.2f}")
    rss = desk["rss"]
    print(
        f"RSS with the desk window and {args.conversations} conversations: {rss:.0f} MB "
        f"(before the window: {desk['rss_before']:.0f} MB)"
    )
    verdicts = [
        ("stall p99 ≤ 16 ms", desk["p99"] <= 16),
        ("stall max ≤ 50 ms", desk["max"] <= 50),
        ("append cost 10k/100 ≤ 2", growth <= 2),
        ("RSS ≤ 300 MB", rss <= 300),
    ]
    for name, passed in verdicts:
        print(f"{'PASS' if passed else 'MISS'}  {name}")
    return 0 if all(passed for _, passed in verdicts) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--conversations", type=int, default=12)
    args = parser.parse_args()
    app = QApplication([])
    app.setQuitOnLastWindowClosed(False)
    collector = GuiThreadCollector(app)  # as in the desk: GC on the GUI thread, each second
    collector.start()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        return int(loop.run_until_complete(run(args)))


if __name__ == "__main__":
    sys.exit(main())
