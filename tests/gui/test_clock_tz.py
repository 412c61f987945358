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


def shown_under(zone: str, cache: Path) -> dict[str, Any]:
    env = {**os.environ, "TZ": zone, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, str(CHILD), str(cache)],
        capture_output=True,
        text=True,
        timeout=50,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.timeout(120)
def test_times_are_oslo_times_whatever_the_machines_zone(tmp_path: Path) -> None:
    utc = shown_under("UTC", tmp_path / "a")
    new_york = shown_under("America/New_York", tmp_path / "b")
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
