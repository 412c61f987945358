"""How long one supervisor load snapshot takes: 1,000 open conversations, 200 staff online.

Target (issue: supervisor view): ≤ 5 ms per snapshot on the 2-core machine. The baseline in
the same run is a bare pass that only counts the same lists, to show what the snapshot adds.

    .venv/bin/python bench/load_snapshot.py
"""

from __future__ import annotations

import platform
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from workstation.protocol.times import format_time
from workstation.sessions.load import Assigned, StaffMember, Waiting, load_snapshot

OPEN, STAFF, WAITING, ROUNDS = 1000, 200, 60, 200
TARGET_MS = 5.0


def fixture() -> tuple[datetime, list[Waiting], list[Assigned], list[StaffMember]]:
    rng = random.Random(7)
    now = datetime(2026, 11, 26, 23, 0, tzinfo=UTC)
    staff = [StaffMember(f"u{i}", f"Veileder {i}", ("counsellor",), "available")
             for i in range(STAFF)]
    assigned = [
        Assigned(f"c{i}", rng.choice(["chat", "chat", "sms", "phone"]), f"u{i % STAFF}",
                 format_time(now - timedelta(seconds=rng.randint(10, 5000))),
                 frozenset({"risk"}) if i % 17 == 0 else frozenset())
        for i in range(OPEN)
    ]
    waiting = [Waiting(f"q{i}", "chat", format_time(now - timedelta(seconds=600 - i * 10)))
               for i in range(WAITING)]
    return now, waiting, assigned, staff


def timed(fn, rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    now, waiting, assigned, staff = fixture()
    snapshot = timed(lambda: load_snapshot(now, waiting, assigned, staff), ROUNDS)

    def baseline() -> None:
        counts: dict[str, int] = {}
        for conv in assigned:
            counts[conv.user] = counts.get(conv.user, 0) + 1
        _ = [counts.get(m.user, 0) for m in staff], len(waiting)

    base = timed(baseline, ROUNDS)
    p50, p99 = statistics.median(snapshot), sorted(snapshot)[int(ROUNDS * 0.99) - 1]
    print(f"machine: {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}")
    print(f"load snapshot, {OPEN} open conversations, {STAFF} staff, {WAITING} waiting, "
          f"{ROUNDS} rounds")
    print(f"  snapshot   p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   max {max(snapshot):6.2f} ms")
    print(f"  baseline   p50 {statistics.median(base):6.2f} ms (counting only)")
    print(f"  ratio snapshot/baseline p50: {p50 / statistics.median(base):.1f}x")
    print(f"  target p99 <= {TARGET_MS} ms: {'PASS' if p99 <= TARGET_MS else 'MISS'}")


if __name__ == "__main__":
    main()
