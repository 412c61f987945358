"""``workstation``: the counsellor desk's entry point."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from workstation.ui import excepthook
from workstation.ui.demo import run_demo_hub
from workstation.ui.desk_features import install_desk_features
from workstation.ui.futures import settle
from workstation.ui.gui_gc import GuiThreadCollector
from workstation.ui.i18n import LANGUAGES, install_translation
from workstation.ui.keyring_store import CredentialStore, KeyringCredentialStore
from workstation.ui.login import LoginDialog, remember
from workstation.ui.main_window import MainWindow
from workstation.ui.screenshot import save_after, stage_conversation
from workstation.ui.session import DeskSession, SignInFailed, sign_in

log = logging.getLogger(__name__)

DEFAULT_HUB = "ws://127.0.0.1:8765"
NOTICE_MS = 15000
#: The simulator's seed for ``--demo --screenshot``, so the docs' picture is repeatable.
SCREENSHOT_SEED = 116111


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="workstation", description="The counsellor desk.")
    parser.add_argument("--hub", metavar="URL", help="the hub's address (ws:// or wss://)")
    parser.add_argument("--user", metavar="NAME", help="the user name to sign in as")
    parser.add_argument(
        "--demo", action="store_true", help="run a hub with simulated contacts in-process"
    )
    parser.add_argument(
        "--screenshot", metavar="FILE", type=Path, help="save a PNG of the main window, then exit"
    )
    parser.add_argument(
        "--after",
        metavar="SECONDS",
        type=float,
        default=5.0,
        help="seconds to wait before the screenshot (default 5)",
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="nb", help="language of the desk (default nb)"
    )
    args = parser.parse_args(argv)
    if args.after < 0:
        parser.error("--after must not be negative")
    return args


@dataclass
class SignedIn:
    """A desk session and what the person chose at the login dialog."""

    session: DeskSession
    hub_url: str
    user: str
    notice: str | None = None


async def ask_and_sign_in(store: CredentialStore, hub_url: str, user: str) -> SignedIn | None:
    """Ask until signed in; None when the person cancels.

    ``notice`` is a sentence for the status bar when the password could not be remembered.
    """
    error: str | None = None
    while True:
        answer = await LoginDialog.ask(None, store, hub_url, user, error)
        if answer is None:
            return None
        hub_url, user = answer.hub_url, answer.user
        try:
            session = await sign_in(answer.hub_url, answer.user, answer.password)
        except SignInFailed as failed:
            error = failed.sentence
            continue
        return SignedIn(session, hub_url, user, await remember(store, answer))


async def run_desk(session: DeskSession, args: argparse.Namespace, notice: str | None) -> int:
    """Show the main window until it is closed (or the screenshot is taken)."""
    window = MainWindow(session.controller)
    install_desk_features(window, session)
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    window.closed_callbacks.append(lambda: settle(closed, None))
    window.show()
    if notice:
        window.statusBar().showMessage(notice, NOTICE_MS)
    try:
        if args.screenshot is None:
            await closed
            return 0
        staging = asyncio.ensure_future(stage_conversation(session.controller))
        try:
            await save_after(window, args.screenshot, args.after)
        finally:
            staging.cancel()
            await asyncio.gather(staging, return_exceptions=True)
        return 0
    finally:
        await session.close()
        window.close()


async def run(args: argparse.Namespace) -> int:
    if args.demo:
        seed = SCREENSHOT_SEED if args.screenshot is not None else None
        async with run_demo_hub(seed=seed) as demo:
            session = await sign_in(demo.url, demo.user, demo.password)
            return await run_desk(session, args, None)
    settings = QSettings()
    hub_url = args.hub or str(settings.value("login/hub", DEFAULT_HUB))
    user = args.user or str(settings.value("login/user", ""))
    signed_in = await ask_and_sign_in(KeyringCredentialStore(), hub_url, user)
    if signed_in is None:
        return 0
    settings.setValue("login/hub", signed_in.hub_url)
    settings.setValue("login/user", signed_in.user)
    return await run_desk(signed_in.session, args, signed_in.notice)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = cast(QApplication, QApplication.instance() or QApplication([sys.argv[0]]))
    app.setOrganizationName("116111")
    app.setApplicationName("workstation")
    translators = install_translation(app, args.lang)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    excepthook.install(loop)
    collector = GuiThreadCollector(app)
    collector.start()
    app.setQuitOnLastWindowClosed(False)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            return int(loop.run_until_complete(run(args)))
        return 130
    finally:
        del translators
        loop.close()


if __name__ == "__main__":
    sys.exit(main())
