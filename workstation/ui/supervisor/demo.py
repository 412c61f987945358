"""``python -m workstation.ui.supervisor.demo``: the supervisor window on a busy simulated
shift.

An in-process hub with four weeks of past contacts (for the figures), simulated young people,
and four simulated counsellors taking, answering and closing contacts. Thresholds and time
limits are the real-life defaults (minutes), so the queue turns yellow only when a contact
really waits. ``--screenshot FILE --after S`` saves a PNG and exits; without it the window
stays open until closed. ``workstation --demo --as supervisor`` opens the same window on the
desk demo's hub (without the four weeks of history).
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
from workstation.sim.colleague import Habits, run_colleague
from workstation.store import open_store
from workstation.ui.demo import demo_parser
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
            tasks = [
                asyncio.ensure_future(
                    run_simulator(hub.url, args.contacts, speed=args.speed, interval_s=4.0, seed=7)
                )
            ]
            tasks += [
                asyncio.ensure_future(run_colleague(hub.url, name, PASSWORD, desk_habits(most)))
                for name, _, _, most in STAFF
            ]
            client = StaffClient(hub.url, Credentials(user=SUPERVISOR[0], password=PASSWORD))
            tasks.append(asyncio.ensure_future(client.run()))
            await client.wait_connected()
            await set_demo_policies(client)
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
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
    return 0


def desk_habits(most: int) -> Habits:
    """A busy desk: takes a contact within seconds, holds up to ``most``, flags some as risk."""
    return Habits(take_after_s=1.0, capacity=most, reply_s=(2.0, 8.0), flag_risk=0.2)


async def set_demo_policies(client: StaffClient) -> None:
    """Real-life time limits (minutes): a demo must not paint every conversation red."""
    policies = [
        ("chat", 45 * 60, 60 * 60, 3),
        ("sms", 45 * 60, 75 * 60, 3),
        ("phone", 20 * 60, 30 * 60, 2),
    ]
    for channel, soft, hard, min_queue in policies:
        try:
            await client.request(
                {
                    "type": "policy_set",
                    "channel": channel,
                    "soft_s": soft,
                    "hard_s": hard,
                    "min_queue": min_queue,
                }
            )
        except HubError as error:
            log.warning("policy_set refused: %s", error.code)


def main(argv: list[str] | None = None) -> int:
    parser = demo_parser("workstation.ui.supervisor.demo", __doc__)
    parser.add_argument(
        "--screenshot", metavar="FILE", type=Path, help="save a PNG of the window and exit"
    )
    parser.add_argument(
        "--after",
        metavar="S",
        type=float,
        default=10.0,
        help="seconds before the screenshot (default 10)",
    )
    parser.add_argument(
        "--tab",
        choices=("now", "figures", "limits"),
        default="now",
        help="the tab to show (default now)",
    )
    parser.add_argument(
        "--contacts",
        metavar="N",
        type=int,
        default=12,
        help="how many simulated young people arrive (default 12)",
    )
    defaults = Thresholds()
    parser.add_argument(
        "--thresholds",
        metavar="S,S,S",
        type=lambda text: tuple(float(part) for part in text.split(",")),
        default=(defaults.notice_s, defaults.warn_s, defaults.alert_s),
        help="seconds of waiting before the queue turns yellow, orange and red "
        "(default 60,180,300, as in real life)",
    )
    parser.add_argument(
        "--speed",
        type=float,
        default=4.0,
        help="how much faster than life the young people write (default 4)",
    )
    parser.add_argument(
        "--lang", default="nb", choices=("nb", "en"), help="language of the window (default nb)"
    )
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
