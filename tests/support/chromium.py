"""Debian's Chromium driven by Selenium for the chat page's tests, and a neutral site.

Nothing is downloaded: the browser and its driver are the Debian packages ``chromium`` and
``chromium-driver`` (``./dev setup`` installs them as root), passed to Selenium by path, and
Selenium Manager is told to stay offline. Selenium's calls block, so tests call them through
:func:`asyncio.to_thread` while the hub runs on the test's event loop.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync", "--disable-default-apps", "--disable-extensions",
)
T = TypeVar("T")


@contextmanager
def chromium(profile: Path, width: int = 1280, height: int = 800, flags: tuple[str, ...] = ()
             ) -> Iterator[Any]:
    """A headless Chromium with a fresh profile in ``profile``; quit at the end. ``flags``:
    more command-line switches (e.g. which certificate to trust)."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        pytest.fail(
            f"Debian's Chromium is not installed ({', '.join(missing)} missing): run "
            "./dev setup as root, or apt-get install -y chromium chromium-driver",
            pytrace=False,
        )
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download a browser
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}", *flags):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # driver.get_log("browser")
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        if not getattr(driver, QUIT_MARK, False):
            driver.quit()


#: Set on a driver :func:`quit_first` quit, so that :func:`chromium` does not quit it again.
QUIT_MARK = "_quit_before_its_hub"


def quit_first(driver: Any) -> None:
    """Quit the browser now, before the hub it talks to stops. Chromium keeps sockets open to
    the page's server that never send a request (it connects ahead); a hub stopping while it
    runs waits for each of them for its 10 s opening timeout."""
    if not getattr(driver, QUIT_MARK, False):
        setattr(driver, QUIT_MARK, True)
        driver.quit()


async def run(call: Callable[..., T], *args: Any) -> T:
    """A blocking Selenium call, off the loop the hub runs on."""
    return await asyncio.to_thread(call, *args)


class _Neutral(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        body = "<!doctype html><title>Været</title><h1>Været i dag</h1>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextmanager
def neutral_site() -> Iterator[str]:
    """Another origin on loopback standing in for the weather page a quick exit goes to."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Neutral)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
