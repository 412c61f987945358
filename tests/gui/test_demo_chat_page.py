"""``workstation --demo`` tells where the young person's chat page is, and it is served there."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from workstation.ui.app import parse_args


def test_chat_page_goes_with_demo_only() -> None:
    assert parse_args(["--demo", "--chat-page"]).chat_page
    with pytest.raises(SystemExit):
        parse_args(["--chat-page"])


@pytest.mark.slow
@pytest.mark.timeout(90)
def test_the_demo_prints_the_chat_page_a_person_can_open(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "workstation.ui.app", "--demo",
               "--screenshot", str(tmp_path / "desk.png"), "--after", "4"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True, env=env) as demo:
        assert demo.stdout is not None
        line = demo.stdout.readline()
        assert line.startswith("Chat page for young people: http://127.0.0.1:"), line
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(line.split()[-1], timeout=10) as page:
            assert page.status == 200
            assert b'id="start"' in page.read()
        demo.stdout.read()
        assert demo.wait(80) == 0
