"""The desk's bundle (``installer/build desk``, PyInstaller: a minute or more of one core) built
in the background from the start of a test run that includes the installer's tests, at the
lowest priority, so it uses the time other tests spend waiting (on audio, on timers, on
subprocesses) instead of adding its own; the installer's tests run last and wait for it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "installer" / "build"

_build: subprocess.Popen[bytes] | None = None
_log: Path | None = None


def start() -> None:
    """Start ``installer/build desk`` (once)."""
    global _build, _log
    if _build is not None:
        return
    fd, name = tempfile.mkstemp(prefix="desk-build-", suffix=".log")
    _log = Path(name)
    with os.fdopen(fd, "wb") as out:
        _build = subprocess.Popen(
            ["nice", "-n", "19", str(BUILD), "desk"], stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHON": sys.executable}, start_new_session=True)


def started() -> bool:
    return _build is not None


def wait(timeout: float) -> None:
    """Wait for the background build; fail with the end of its output if it failed."""
    assert _build is not None and _log is not None
    returncode = _build.wait(timeout)
    assert returncode == 0, _log.read_text(errors="replace")[-4000:]


def stop() -> None:
    """The run ends: a build still going is stopped, its log removed."""
    if _build is not None and _build.poll() is None:
        os.killpg(_build.pid, 9)
        _build.wait()
    if _log is not None:
        _log.unlink(missing_ok=True)
