"""One clock: the desk shows Oslo time whatever the machine's zone.

The same rendering runs in two processes, one with ``TZ=UTC`` and one with
``TZ=America/New_York``; every time the windows show must be the same, and Oslo's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CHILD = Path(__file__).with_name("clock_child.py")
ROOT = Path(__file__).resolve().parents[2]


def start_under(zone: str, cache: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "TZ": zone, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(CHILD), str(cache)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def shown(child: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = child.communicate(timeout=50)
    assert child.returncode == 0, err[-2000:]
    return dict(json.loads(out.strip().splitlines()[-1]))


@pytest.mark.timeout(120)
def test_times_are_oslo_times_whatever_the_machines_zone(tmp_path: Path) -> None:
    # Both at once (each starts Qt and renders for some seconds): nothing is shared but the
    # code, each has its own cache folder.
    children = start_under("UTC", tmp_path / "a"), start_under("America/New_York", tmp_path / "b")
    try:
        utc, new_york = (shown(child) for child in children)
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.communicate()
    # The machines really disagree about the time…
    assert (utc.pop("machine_utc_offset_h"), new_york.pop("machine_utc_offset_h")) == (0, -5)
    # …and the windows do not.
    assert utc == new_york
    assert utc["transcript"][1:] == [
        "Ung person · 23.04",
        "Kari · 00.30",
        "Notat, bare ansatte ser det · Kari · 00.31",
    ]
    assert utc["tooltips"] == ["23.00.00", "23.04.30", "00.30.00", "00.31.00"]
    assert utc["thread"] == ["Kari · 00.30", "Kari · 00.31"]
    assert utc["supervisor_clock"] == "23.04.30"
    assert utc["time_limits"] == "av Siri Supervisor, 5. desember 2026 kl. 00.30"
    assert utc["quote"].startswith("00.30 ")
    assert utc["reminder"].endswith("forfalt siden 4. desember 2026")
