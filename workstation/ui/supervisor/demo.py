"""``python -m workstation.ui.supervisor.demo``: the supervisor window on a busy simulated
shift — an in-process hub with four weeks of past contacts, the simulator, and counsellor
desks (plain clients) taking contacts. ``--screenshot FILE --after S`` saves a PNG.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from pathlib import Path

from workstation.client import Credentials, HubError, StaffClient
from workstation.hub.server import serve_hub
from workstation.protocol.times import utc_now
from workstation.sim import run_simulator
from workstation.store import open_store
from workstation.ui.supervisor.demo_desks import DeskBot
from workstation.ui.supervisor.demo_history import seed_history
from workstation.ui.supervisor.thresholds import Thresholds

log = logging.getLogger(__name__)

PASSWORD = "demo-passord-116111"
#: (user, display name, roles, how many conversations the desk takes at most).
STAFF: tuple[tuple[str, str, tuple[str, ...], int], ...] = (
    ("kari", "Kari Nordmann", ("counsellor",), 2),
    ("ola", "Ola Hansen", ("counsellor",), 2),
    ("aisha", "Aisha Berg", ("counsellor",), 1),
    ("vera", "Vera Lund", ("counsellor", "shift_lead"), 1),
)
SUPERVISOR = ("siri", "Siri Supervisor", ("supervisor",))


def make_db(path: Path) -> None:
    store = open_store(path)
    for name, display, roles, _ in STAFF:
        store.add_user(name, PASSWORD, list(roles), display)
    name, display, roles = SUPERVISOR
    store.add_user(name, PASSWORD, list(roles), display)
    store.close_blocking()


async def prepare(db: Path) -> None:
    await asyncio.to_thread(make_db, db)
    async with serve_hub(db):
        pass  # the features create their tables
    count = await asyncio.to_thread(seed_history, db, utc_now())
    log.info("seeded %d past contacts", count)


async def run(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    from workstation.ui.futures import settle
    from workstation.ui.supervisor.window import SupervisorWindow

    with tempfile.TemporaryDirectory(prefix="supervisor-demo-") as folder:
        db = Path(folder) / "hub.sqlite3"
        await prepare(db)
        async with serve_hub(db) as hub:
            tasks = [asyncio.ensure_future(
                run_simulator(hub.url, args.contacts, speed=args.speed, interval_s=4.0, seed=7)
            )]
            bots = [DeskBot(hub.url, name, PASSWORD, most) for name, _, _, most in STAFF]
            tasks += [asyncio.ensure_future(bot.run()) for bot in bots]
            client = StaffClient(hub.url, Credentials(user=SUPERVISOR[0], password=PASSWORD))
            tasks.append(asyncio.ensure_future(client.run()))
            await client.wait_connected()
            await set_demo_policies(client, realistic=args.tab == "limits")
            # The simulator runs faster than life, and so do the demo's thresholds.
            window = SupervisorWindow(client, thresholds=Thresholds(*args.thresholds))
            window.show()
            await window.start()
            if args.tab == "limits":
                window.tabs.setCurrentIndex(2)
            elif args.tab == "figures":
                window.tabs.setCurrentIndex(1)
            try:
                if args.screenshot:
                    await asyncio.sleep(args.after)
                    if args.tab == "figures":
                        await window.refresh_figures()
                    await asyncio.sleep(0.3)  # let the charts and tables paint
                    window.grab().save(str(args.screenshot))
                    log.info("saved %s", args.screenshot)
                else:
                    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                    app = QApplication.instance()
                    assert isinstance(app, QApplication)
                    app.lastWindowClosed.connect(lambda: settle(closed, None))
                    await closed
            finally:
                window.close()
                window.deleteLater()
                await client.close()
                for bot in bots:
                    await bot.close()
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
    return 0


async def set_demo_policies(client: StaffClient, realistic: bool) -> None:
    """Short limits so the demo shows hard-limit alerts within seconds (or real-life ones)."""
    policies = [("chat", 6, 9, 1), ("phone", 40 * 60, 60 * 60, 2)]
    if realistic:
        policies = [("chat", 45 * 60, 60 * 60, 3), ("sms", 45 * 60, 75 * 60, 3),
                    ("phone", 20 * 60, 30 * 60, 2)]
    for channel, soft, hard, min_queue in policies:
        try:
            await client.request({"type": "policy_set", "channel": channel, "soft_s": soft,
                                  "hard_s": hard, "min_queue": min_queue})
        except HubError as error:
            log.warning("policy_set refused: %s", error.code)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--screenshot", type=Path, help="save a PNG of the window and quit")
    parser.add_argument("--after", type=float, default=10.0, help="seconds before the screenshot")
    parser.add_argument("--tab", choices=("now", "figures", "limits"), default="now")
    parser.add_argument("--contacts", type=int, default=12)
    parser.add_argument(
        "--thresholds",
        type=lambda text: tuple(float(part) for part in text.split(",")),
        default=(2.0, 4.0, 6.0),
        help="queue colour thresholds in seconds (default 2,4,6: the simulator is fast)",
    )
    parser.add_argument("--speed", type=float, default=4.0)
    parser.add_argument("--lang", default="nb", choices=("nb", "en"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    import qasync
    from PySide6.QtWidgets import QApplication

    from workstation.ui.i18n import install_translation

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    translators = install_translation(app, args.lang)  # noqa: F841  (kept alive)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        return int(loop.run_until_complete(run(args)))
    finally:
        loop.close()


if __name__ == "__main__":
    sys.exit(main())
