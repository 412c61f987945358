"""``workstation``: the counsellor desk's entry point."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

import qasync
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMainWindow

from workstation.client.hubs import split_addresses
from workstation.client.tls import TlsOptions
from workstation.hub.telephony.sip import parse_address
from workstation.sip import BaresipMissing
from workstation.sip.control import ControlError
from workstation.sip.softphone import DeskSoftphone
from workstation.ui import excepthook
from workstation.ui.accounts import SignOutTexts, install_sign_out
from workstation.ui.calls.audio_settings import AudioSettings
from workstation.ui.calls.audio_settings import install as install_audio
from workstation.ui.calls.softphone_watch import SoftphoneWatch
from workstation.ui.calls.take_over import TakeOverButton
from workstation.ui.demo import ROLES, run_demo_hub
from workstation.ui.desk_features import install_desk_features
from workstation.ui.drafts_sync import open_draft_store
from workstation.ui.futures import settle
from workstation.ui.gui_gc import GuiThreadCollector
from workstation.ui.i18n import LANGUAGES, install_translation
from workstation.ui.keyring_store import CredentialStore, KeyringCredentialStore
from workstation.ui.login import LoginDialog, remember
from workstation.ui.main_window import MainWindow
from workstation.ui.screenshot import save_after, stage_desk
from workstation.ui.session import DeskSession, SignInFailed, sign_in
from workstation.ui.supervisor.window import SupervisorWindow, open_supervisor
from workstation.ui.trainer.window import open_trainer

log = logging.getLogger(__name__)

DEFAULT_HUB = "ws://127.0.0.1:8765"
NOTICE_MS = 15000
#: Where ``--demo --sip`` takes calls when no address is given.
DEMO_SIP = "udp:127.0.0.1:0"
#: The simulator's seed for ``--demo --screenshot``, so the docs' picture is repeatable.
SCREENSHOT_SEED = 116111


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="workstation", description="The counsellor desk.")
    parser.add_argument(
        "--hub", metavar="URL[,URL…]",
        help="the hub's address (ws:// or wss://); several hubs of one helpline separated by "
        "commas: the desk moves to the next when its hub is gone",
    )
    parser.add_argument("--user", metavar="NAME", help="the user name to sign in as")
    parser.add_argument(
        "--ca", metavar="FILE", type=Path,
        help="trust the hub's certificate if signed by these CAs (PEM) instead of the system's",
    )
    parser.add_argument(
        "--insecure", action="store_true",
        help="allow an unencrypted ws:// hub on another machine (shown in red)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="run a hub with simulated contacts in-process"
    )
    parser.add_argument(
        "--as",
        dest="role",
        choices=tuple(ROLES),
        help="with --demo: whose window to open (default counsellor); the demo plays the "
        "other desks",
    )
    parser.add_argument(
        "--screenshot", metavar="FILE", type=Path, help="save a PNG of the window, then exit"
    )
    parser.add_argument(
        "--after",
        metavar="SECONDS",
        type=float,
        default=5.0,
        help="seconds to wait before the screenshot (default 5)",
    )
    parser.add_argument(
        "--show",
        choices=("chat", "call"),
        default="chat",
        help="with --screenshot: which conversation the picture shows (default chat)",
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="nb", help="language of the desk (default nb)"
    )
    parser.add_argument(
        "--chat-page", action="store_true",
        help="with --demo: open the young person's chat page in the default browser",
    )
    parser.add_argument(
        "--sip", nargs="?", const=DEMO_SIP, metavar="udp:HOST:PORT",
        help="with --demo: take real phone calls to 116111 over SIP here (default "
        f"{DEMO_SIP}: a free port) and print where to dial; needs baresip (docs/telephony.md)",
    )
    parser.add_argument(
        "--softphone", metavar="udp:HOST:PORT",
        help="start this desk's softphone listening here for the signed-in user (port 0: a "
        "free one) and tell the hub its port (softphone_ready); it answers calls from the "
        "hub's host only; needs baresip (docs/telephony.md)",
    )
    args = parser.parse_args(argv)
    if args.after < 0:
        parser.error("--after must not be negative")
    if args.role is not None and not args.demo:
        parser.error("--as works with --demo (a real hub knows who you are from --user)")
    if args.chat_page and not args.demo:
        parser.error("--chat-page works with --demo (a real hub serves it at /chat)")
    if args.sip is not None and not args.demo:
        parser.error("--sip works with --demo (a real hub takes calls with workstation-hub "
                     "serve --sip)")
    if args.softphone is not None and args.demo:
        parser.error("--softphone is for a real hub (--demo --sip starts the demo desk's own)")
    for address in (args.sip, args.softphone):
        if address is not None:
            try:
                parse_address(address)
            except ValueError as exc:
                parser.error(str(exc))
    return args


@contextlib.asynccontextmanager
async def desk_softphone(
    listen: str | None, user: str, hub_url: str
) -> AsyncIterator[tuple[DeskSoftphone | None, str | None]]:
    """(the desk's softphone on ``listen``, or None; a sentence for the status bar when it
    did not start). It answers calls from the hub URLs' hosts only (a call transferred
    from a colleague on another hub comes from that hub)."""
    if listen is None:
        yield None, None
        return
    host, port = parse_address(listen)
    hub_host, *others = (urlsplit(url).hostname or "" for url in split_addresses(hub_url))
    audio = AudioSettings.load()
    source, player = audio.present()
    phone = DeskSoftphone(user, hub_host=hub_host, host=host, port=port,
                          source=source, player=player, volume=audio.volume,
                          other_hubs=tuple(others))
    try:
        await phone.start()
    except (BaresipMissing, ControlError):
        log.warning("the desk softphone did not start")
        yield phone, QCoreApplication.translate(
            "SoftphoneControls", "The desk phone did not start: calls carry no voice.")
        return
    try:
        yield phone, None
    finally:
        await phone.stop()


@dataclass
class SignedIn:
    """A desk session and what the person chose at the login dialog."""

    session: DeskSession
    hub_url: str
    user: str
    notice: str | None = None


async def ask_and_sign_in(
    store: CredentialStore,
    hub_url: str,
    user: str,
    tls: TlsOptions | None = None,
    error: str | None = None,
) -> SignedIn | None:
    """Ask until signed in; None when the person cancels.

    ``error`` is shown first (why the last session ended). ``notice`` is a sentence for the
    status bar when the password could not be remembered.
    """
    while True:
        answer = await LoginDialog.ask(None, store, hub_url, user, error)
        if answer is None:
            return None
        hub_url, user = answer.hub_url, answer.user
        try:
            session = await sign_in(answer.hub_url, answer.user, answer.password, tls=tls)
        except SignInFailed as failed:
            error = failed.sentence
            continue
        return SignedIn(session, hub_url, user, await remember(store, answer))


async def run_desk(
    session: DeskSession,
    args: argparse.Namespace,
    notice: str | None,
    beside: SupervisorWindow | None = None,
    softphone: DeskSoftphone | None = None,
) -> int:
    """Show the main window until it is closed (or the screenshot is taken); with
    ``softphone``, the call bar shows its state and a mute toggle."""
    window = MainWindow(session.controller)
    controls = window.conversation_panel.call_bar.softphone
    controls.attach(softphone)
    if softphone is not None:
        softphone.on_change = controls.refresh
    install_audio(window, softphone, offer=not args.demo and args.screenshot is None)
    watch = SoftphoneWatch(session.controller, softphone, window)
    take_over = TakeOverButton(session.controller, window)
    window.add_status_widget(take_over)
    for source in (watch.notice, take_over.notice):
        source.connect(lambda sentence: window.statusBar().showMessage(sentence, NOTICE_MS))
    install_desk_features(window, session)
    install_sign_out(window, session.client)
    if args.screenshot is None:  # pictures for the docs start from the default layout
        window.restore_layout(QSettings())
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    window.closed_callbacks.append(lambda: settle(closed, None))
    window.show()
    drafts = None
    if not args.demo:  # the demo's conversations vanish with it; its drafts stay in memory
        client = session.client
        drafts, why_not = await open_draft_store(
            KeyringCredentialStore(), client.url, client.credentials.user or ""
        )
        if drafts is not None:
            window.attach_draft_store(drafts)
        notice = notice or why_not
    if notice:
        window.statusBar().showMessage(notice, NOTICE_MS)
    try:
        if args.screenshot is None:
            await closed
            return 0
        staging = asyncio.ensure_future(stage_desk(window, args.show))
        try:
            await save_after(window, args.screenshot, args.after)
        finally:
            staging.cancel()
            await asyncio.gather(staging, return_exceptions=True)
        return 0
    finally:
        if beside is not None:  # its controller talks to the hub: stop it first
            await close_supervisor(beside)
        await window.save_drafts()
        await session.close()
        window.close()
        if drafts is not None:
            await asyncio.to_thread(drafts.close)


async def close_supervisor(window: SupervisorWindow) -> None:
    """Stop the supervisor window's load subscription, then close it."""
    await window.controller.stop()
    window.close()


async def run_until_closed(
    window: QMainWindow, session: DeskSession, screenshot: Path | None = None, after: float = 0
) -> int:
    """Keep a non-desk window (trainer, supervisor) open until it is closed, or until the
    ``screenshot`` is saved ``after`` seconds."""
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    watch = _CloseWatch(window, closed)
    window.installEventFilter(watch)
    if not window.isVisible():  # closed while it was starting
        settle(closed, None)
    try:
        if screenshot is not None:
            await save_after(window, screenshot, after)
        else:
            await closed
        return 0
    finally:
        if isinstance(window, SupervisorWindow):
            await close_supervisor(window)
        await session.close()
        window.removeEventFilter(watch)
        window.close()


class _CloseWatch(QObject):
    def __init__(self, parent: QObject, closed: asyncio.Future[None]) -> None:
        super().__init__(parent)
        self.closed = closed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Close:
            settle(self.closed, None)
        return False


def windows_for(roles: set[str]) -> tuple[str, ...]:
    """Which windows a person with ``roles`` gets: trainers and trainees (not counsellors) the
    trainer window; supervisors the supervisor window, beside the desk when they are
    counsellors too; everyone else the desk."""
    if roles & {"trainer", "trainee"} and "counsellor" not in roles:
        return ("trainer",)
    if "supervisor" in roles:
        return ("supervisor", "desk") if "counsellor" in roles else ("supervisor",)
    return ("desk",)


async def run_for_roles(session: DeskSession, args: argparse.Namespace, notice: str | None,
                        softphone: DeskSoftphone | None = None) -> int:
    """Open the windows :func:`windows_for` gives the signed-in person's roles."""
    windows = windows_for(set((session.client.user or {}).get("roles") or []))
    if windows == ("trainer",):
        trainer = await open_trainer(session.client)
        install_sign_out(trainer, session.client)
        trainer.show()
        return await run_until_closed(trainer, session, args.screenshot, args.after)
    supervisor = await open_supervisor(session.client) if "supervisor" in windows else None
    if supervisor is not None:
        install_sign_out(supervisor, session.client)
    if supervisor is not None and "desk" not in windows:
        return await run_until_closed(supervisor, session, args.screenshot, args.after)
    return await run_desk(session, args, notice, supervisor, softphone)


async def run(args: argparse.Namespace) -> int:
    if args.demo:
        seed = SCREENSHOT_SEED if args.screenshot is not None else None
        async with run_demo_hub(
            seed=seed, user=ROLES[args.role or "counsellor"], sip=args.sip
        ) as demo:
            session = await sign_in(demo.url, demo.user, demo.password)
            show_chat_page(demo.url, args.chat_page)
            if demo.sip is not None:
                host_port = demo.sip.removeprefix("udp:")
                print(f"Phone line: dial sip:116111@{host_port} (sip on {demo.sip})", flush=True)
            if demo.softphone is not None:
                print(f"Desk softphone: {demo.softphone.address} (answers the hub only)",
                      flush=True)
            return await run_for_roles(session, args, None, demo.softphone)
    settings = QSettings()
    hub_url = args.hub or str(settings.value("login/hub", DEFAULT_HUB))
    user = args.user or str(settings.value("login/user", ""))
    tls = TlsOptions(args.ca, args.insecure)
    why: str | None = None
    while True:  # back to the login dialog after a logout or being signed out
        signed_in = await ask_and_sign_in(KeyringCredentialStore(), hub_url, user, tls, why)
        if signed_in is None:
            return 0
        settings.setValue("login/hub", signed_in.hub_url)
        settings.setValue("login/user", signed_in.user)
        hub_url, user = signed_in.hub_url, signed_in.user
        async with desk_softphone(args.softphone, signed_in.user, hub_url) as (phone, why_not):
            code = await run_for_roles(signed_in.session, args, signed_in.notice or why_not,
                                       phone)
        reason = signed_in.session.client.signed_out
        if reason is None:
            return code
        why = SignOutTexts().sentence(reason)


def show_chat_page(hub_url: str, open_it: bool) -> None:
    """Print the demo hub's chat page for young people (``ws://h:p`` → ``http://h:p/chat``);
    with ``open_it``, open it in the default browser too."""
    page = hub_url.replace("ws", "http", 1) + "/chat"
    print(f"Chat page for young people: {page}", flush=True)
    if open_it:
        QDesktopServices.openUrl(QUrl(page))


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
