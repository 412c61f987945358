"""``workstation --demo --screenshot``: the one command the docs and checks rely on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workstation.ui.app import parse_args


def test_arguments_have_the_documented_defaults() -> None:
    args = parse_args(["--demo", "--screenshot", "x.png"])
    assert (args.demo, args.screenshot, args.after, args.lang) == (True, Path("x.png"), 5.0, "nb")
    with pytest.raises(SystemExit):
        parse_args(["--lang", "sv"])


@pytest.mark.slow
@pytest.mark.timeout(90)
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_demo_screenshot_is_saved_and_exits_zero(tmp_path: Path, lang: str) -> None:
    picture = tmp_path / "desk.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "workstation.ui.app",
            "--demo",
            "--lang",
            lang,
            "--screenshot",
            str(picture),
            "--after",
            "3",
        ],
        capture_output=True,
        text=True,
        timeout=80,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Traceback" not in result.stderr
