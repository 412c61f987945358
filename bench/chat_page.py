"""The chat page: its weight, and the time from opening it to being in the queue.

    .venv/bin/python bench/chat_page.py [--runs 10]

Starts ``workstation-hub serve`` (abuse limits off) on a fresh database and Debian's Chromium
(headless, as in the tests). Weight: the page and every file it loads, gzip as served, and
plain. Time: ``driver.get(/chat)`` until the load event, then a click on "Start chat" until the
queue position shows — first with an empty cache, then warm (the versioned files come from the
cache, the page is revalidated with its ETag), on loopback and with Chromium's network
emulation at "slow 3G" (400 ms latency, 400 kbit/s each way). Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import LIMITS_OFF, REPO, ServerProcess, machine_info, percentile

sys.path.insert(0, str(REPO))

from tests.e2e.test_chat_page_http import whole_page  # noqa: E402
from tests.support.chromium import chromium  # noqa: E402
from tests.support.hubs import make_db  # noqa: E402

SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 50_000,
           "uploadThroughput": 50_000}


class _Port:
    def __init__(self, port: int) -> None:
        self.port = port


def weight(port: int) -> dict[str, int]:
    zipped = asyncio.run(whole_page(_Port(port), Accept_Encoding="gzip"))  # type: ignore[arg-type]
    plain = asyncio.run(whole_page(_Port(port)))  # type: ignore[arg-type]
    return {"files": len(zipped), "gzip_bytes": sum(len(r.body) for r in zipped.values()),
            "plain_bytes": sum(len(r.body) for r in plain.values())}


def to_queue(driver: Any, url: str) -> tuple[float, float]:
    """Seconds to the load event, and from opening to the queue position shown."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("try { sessionStorage.clear() } catch (e) {}")  # about:blank has none
    started = time.perf_counter()
    driver.get(url)
    loaded = time.perf_counter() - started
    driver.find_element("id", "start").click()
    WebDriverWait(driver, 60, poll_frequency=0.005).until(
        lambda d: d.find_element("id", "queue-position").text.isdigit())
    return loaded, time.perf_counter() - started


def measure(driver: Any, url: str, runs: int, network: dict[str, Any] | None) -> dict[str, Any]:
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    if network:
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", network)
    driver.get("about:blank")
    cold = to_queue(driver, url)
    warm = [to_queue(driver, url) for _ in range(runs)]
    queued = [w[1] * 1000 for w in warm]
    return {"cold_load_ms": round(cold[0] * 1000), "cold_queue_ms": round(cold[1] * 1000),
            "warm_queue_p50_ms": round(percentile(queued, 50)),
            "warm_queue_max_ms": round(max(queued))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = make_db(Path(tmp) / "hub.sqlite3")
        hub = ServerProcess("hub", [sys.executable, "-m", "workstation.hub.cli", "serve",
                                    "--db", str(db), "--port", "0", *LIMITS_OFF],
                            Path(tmp) / "hub.log")
        hub.start()
        try:
            port = int(hub.url.rsplit(":", 1)[1])
            url = f"http://127.0.0.1:{port}/chat"
            result: dict[str, Any] = {"machine": machine_info(), "weight": weight(port)}
            for name, network in (("loopback", None), ("slow_3g", SLOW_3G)):
                with chromium(Path(tmp) / f"profile-{name}") as driver:
                    result[name] = measure(driver, url, args.runs, network)
        finally:
            hub.stop()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
