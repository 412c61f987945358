"""``workstation --demo --sip``: the demo hub takes real calls beside its simulated ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.sip import MASKED, caller, need
from tests.support.wire import Wire, ok
from workstation.ui.demo import run_demo_hub


@pytest.mark.slow
async def test_the_demo_hub_takes_a_real_call(tmp_path: Path) -> None:
    need("baresip")
    async with run_demo_hub(contacts=0, stream=False, sip="udp:127.0.0.1:0") as demo:
        assert demo.sip is not None and demo.sip.startswith("udp:127.0.0.1:")
        async with Wire.connect(demo.url, "/v1/staff") as desk, caller(tmp_path) as phone:
            ok(await desk.request("hello", user=demo.user, password=demo.password))
            assert phone.control is not None
            await phone.control.command("dial", f"sip:116111@{demo.sip.removeprefix('udp:')}")
            ringing = await desk.expect(
                lambda f: f["type"] == "calls" and any(i["number"] == MASKED for i in f["items"]),
                20)
            assert ringing


def test_demo_sip_needs_demo_and_an_address() -> None:
    for args, said in ((["--sip"], "--sip works with --demo"),
                       (["--demo", "--sip", "tcp:x:1"], "is not udp:HOST:PORT")):
        done = subprocess.run([sys.executable, "-m", "workstation.ui.app", *args],
                              capture_output=True, text=True, timeout=60,
                              env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        assert done.returncode == 2 and said in done.stderr, done

