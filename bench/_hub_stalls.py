"""Run ``workstation.hub.cli`` and record what holds its event loop (a ``--hub-launcher``).

    HUB_STALLS_OUT=stalls.txt python bench/_hub_stalls.py serve --db … --port 0

Every callback the loop runs is timed (``asyncio.events.Handle._run``), and so is every
turn of the loop without its wait in ``select`` (a turn runs all callbacks that were ready at
once: a young person's message that arrives then waits for the whole turn). Every 5 s and at
exit the file named by ``HUB_STALLS_OUT`` gets the longest turns with their biggest callbacks,
the collector's pauses, and the callbacks by total time. A task's callback is named by its
coroutine (where it stood).
Overhead: about a microsecond per callback.
"""

from __future__ import annotations

import asyncio.base_events
import asyncio.events
import atexit
import contextlib
import gc
import os
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0, 0.0, 0.0])  # total, count, max, cpu
_turn: list[tuple[float, str]] = []
_turns: list[tuple[float, float, list[tuple[float, str]]]] = []  # (ms, at, top callbacks)
_original_run = asyncio.events.Handle._run
_original_once = asyncio.base_events.BaseEventLoop._run_once
_select_ms = [0.0]
_gc: dict[int, list[float]] = defaultdict(lambda: [0.0, 0, 0.0])  # generation: total, n, max
_gc_began = [0.0]


def _on_gc(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _gc_began[0] = time.perf_counter()
        return
    ms = (time.perf_counter() - _gc_began[0]) * 1000
    entry = _gc[info["generation"]]
    entry[0] += ms
    entry[1] += 1
    entry[2] = max(entry[2], ms)
    if ms > 0.2:
        _turn.append((ms, f"gc generation {info['generation']}"))


def _name(handle: asyncio.events.Handle) -> str:
    callback = handle._callback
    task = getattr(callback, "__self__", None)
    if isinstance(task, asyncio.Task):
        coro = task.get_coro()
        frame = getattr(coro, "cr_frame", None)
        inner = coro
        while getattr(inner, "cr_await", None) is not None and hasattr(inner.cr_await, "cr_frame"):
            inner = inner.cr_await
        where = getattr(inner, "cr_frame", None) or frame
        code = getattr(coro, "__qualname__", "?")
        if where is not None:
            return f"task {code} at {where.f_code.co_qualname}:{where.f_lineno}"
        return f"task {code}"
    return getattr(callback, "__qualname__", repr(callback))[:120]


def _timed_run(self: asyncio.events.Handle) -> None:
    before = _name(self)
    started, cpu = time.perf_counter(), time.thread_time()
    try:
        _original_run(self)
    finally:
        ms = (time.perf_counter() - started) * 1000
        if ms > 0.2:
            cpu_ms = (time.thread_time() - cpu) * 1000
            name = f"{before} -> {_name(self).split(' at ')[-1]}"
            entry = _totals[name]
            entry[0] += ms
            entry[1] += 1
            entry[2] = max(entry[2], ms)
            entry[3] += cpu_ms
            _turn.append((ms, f"(cpu {cpu_ms:.1f}) {name}"))


def _timed_once(self: asyncio.base_events.BaseEventLoop) -> None:
    selector = self._selector  # type: ignore[attr-defined]
    original_select = selector.select

    def select(timeout: float | None = None) -> list[object]:
        began = time.perf_counter()
        try:
            return original_select(timeout)
        finally:
            _select_ms[0] = (time.perf_counter() - began) * 1000

    selector.select = select
    _turn.clear()
    _select_ms[0] = 0.0
    began = time.perf_counter()
    try:
        _original_once(self)
    finally:
        selector.select = original_select
        ms = (time.perf_counter() - began) * 1000 - _select_ms[0]
        if ms > 5:
            _turns.append((ms, time.time(), sorted(_turn, reverse=True)[:6]))
            _turns.sort(reverse=True)
            del _turns[200:]


def _report() -> None:
    out = os.environ.get("HUB_STALLS_OUT")
    if not out:
        return
    lines = ["longest loop turns (ms, callbacks over 0.2 ms: ms name)"]
    for ms, at, top in sorted(list(_turns), reverse=True)[:40]:
        lines.append(f"{ms:7.1f} ms at {at:.3f}")
        lines += [f"      {c_ms:6.1f} {name}" for c_ms, name in top]
    lines.append("")
    lines.append(f"turns over 5 ms: {len(_turns)}; over 20 ms: "
                 f"{sum(1 for t in _turns if t[0] > 20)}")
    for generation, (total, count, longest) in sorted(list(_gc.items())):
        lines.append(f"gc generation {generation}: {int(count)} collections, {total:.1f} ms in all,"
                     f" longest {longest:.1f} ms")
    lines.append("callbacks over 0.2 ms by total: total ms, cpu ms, count, max ms, name")
    for name, (total, count, longest, cpu) in sorted(
        list(_totals.items()), key=lambda kv: kv[1][0], reverse=True
    )[:40]:
        lines.append(f"{total:9.1f} {cpu:9.1f} {int(count):7d} {longest:7.1f}  {name}")
    Path(out).write_text("\n".join(lines) + "\n")


asyncio.events.Handle._run = _timed_run  # type: ignore[method-assign]
asyncio.base_events.BaseEventLoop._run_once = _timed_once  # type: ignore[method-assign]
atexit.register(_report)
gc.callbacks.append(_on_gc)


def _keep_reporting() -> None:  # a hub killed after SIGTERM writes nothing at exit
    while True:
        time.sleep(5)
        with contextlib.suppress(RuntimeError):  # a dict changed size while read: next time
            _report()


threading.Thread(target=_keep_reporting, name="stalls-report", daemon=True).start()

if __name__ == "__main__":
    from workstation.hub.cli import main

    sys.argv[0] = "workstation-hub"
    main()
