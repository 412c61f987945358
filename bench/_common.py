"""Shared helpers for the benchmarks: server processes, CPU time, machine facts, percentiles."""

from __future__ import annotations

import os
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parent.parent
_TICKS = os.sysconf("SC_CLK_TCK")
READY = ("listening on ws://", "listening on wss://")
#: ``serve`` options for a load test from one address: the limits against abuse are off.
LIMITS_OFF = ["--open-per-address", "0", "--open-total", "0", "--send-per-contact", "0",
              "--send-total", "0", "--contact-connections-per-address", "0"]


class ServerProcess:
    """A server started as a child process that prints ``listening on ws://H:P`` (or
    ``wss://``) when ready."""

    def __init__(self, name: str, argv: Sequence[str], log_path: Path) -> None:
        self.name = name
        self.argv = list(argv)
        self.log_path = log_path
        self.url = ""
        self.proc: subprocess.Popen[str] | None = None
        self._log: IO[str] | None = None

    def start(self, timeout_s: float = 30.0) -> str:
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            self.argv,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert self.proc.stdout is not None
        deadline = time.monotonic() + timeout_s
        line = ""
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line.startswith(READY) or not line:
                break
        if not line.startswith(READY):
            self.stop()
            raise RuntimeError(f"{self.name} did not start: {line!r}; see {self.log_path}")
        self.url = line.split()[-1]
        return self.url

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process so far (all its threads)."""
        return process_cpu_seconds(self.pid)

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(15)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(5)
            if self.proc.stdout is not None:
                self.proc.stdout.close()
        if self._log is not None:
            self._log.close()
            self._log = None


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (all its threads); NaN when gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / _TICKS


def machine_busy_seconds() -> float:
    """CPU seconds spent busy on all cores since boot (everything but idle and iowait)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / _TICKS


def machine_info() -> dict[str, str]:
    import websockets

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": str(os.cpu_count()),
        "cpu": model or platform.processor() or "?",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "websockets": websockets.__version__,
        "executable": sys.executable,
    }


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of ``values`` (``q`` in 0..100); NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def served_hub(
    db: Path, folder: Path, *options: str, launcher: Path | None = None
) -> ServerProcess:
    """``workstation-hub serve`` on ``db``, a free port and the limits against abuse of
    young people lifted (everything in a benchmark comes from this machine); not started.
    ``launcher``: a script run instead of ``-m workstation.hub.cli`` (to instrument it)."""
    start = [str(launcher)] if launcher is not None else ["-m", "workstation.hub.cli"]
    argv = [sys.executable, *start, "serve", "--db", str(db),
            "--port", "0", *LIMITS_OFF, *options]
    return ServerProcess("hub", argv, folder / "hub.log")
