"""Two desks during a consultation, then a desk with time cues — in one process, on a
temporary hub, with scripted young people.

    python -m workstation.ui.consult.demo                          # look at it; close to quit
    python -m workstation.ui.consult.demo --screenshot-dir DIR     # save three PNGs and exit

The PNGs: ``consult-counsellor.png`` (the asking counsellor), ``consult-shift-lead.png``
(the shift lead who joined) and ``time-cues.png`` (a hard cue on screen, a soft one on the
other conversation).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import qasync
from PySide6.QtWidgets import QApplication, QSplitter

from workstation.client.contact import ContactClient
from workstation.hub.server import serve_hub
from workstation.protocol.times import utc_now
from workstation.ui.consult.install import ConsultFeature
from workstation.ui.demo import create_demo_users, demo_parser
from workstation.ui.desk_features import install_desk_features
from workstation.ui.futures import settle
from workstation.ui.i18n import install_translation
from workstation.ui.main_window import MainWindow
from workstation.ui.session import DeskSession, sign_in
from workstation.ui.timecues.install import TimeCueFeature

log = logging.getLogger(__name__)

SIZE = (1360, 820)
CHILD_LINES = (
    "hei. jeg vet ikke helt om jeg skal skrive her",
    "pappa har drukket igjen og han ble sint på mamma",
    "han slo i døra og jeg er redd han kommer inn på rommet mitt",
)


async def wait_for(check: Callable[[], Any], timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise TimeoutError(f"demo step did not happen: {check}")
        await asyncio.sleep(0.05)


def open_window(session: DeskSession, x: int) -> MainWindow:
    window = MainWindow(session.controller)
    install_desk_features(window, session)
    window.resize(*SIZE)
    window.move(x, 0)
    splitter = window.centralWidget()
    if isinstance(splitter, QSplitter):
        splitter.setSizes([270, 600, 490])
    window.show()
    return window


def feature(window: MainWindow) -> ConsultFeature:
    found = window.findChild(ConsultFeature)
    assert found is not None
    return found


async def child_says(child: ContactClient, lines: tuple[str, ...]) -> None:
    for line in lines:
        await child.send(line)
        await asyncio.sleep(0.15)


async def consultation(
    counsellor: DeskSession, lead: DeskSession, desk: MainWindow, lead_desk: MainWindow, url: str
) -> ContactClient:
    """Kari's chat, her urgent question, the shift lead joining and advising."""
    child = ContactClient(url)
    await child.__aenter__()
    opened = await child.open("chat")
    await counsellor.controller.accept(opened.conversation)
    await child_says(child, CHILD_LINES[:2])
    counsellor.controller.send(opened.conversation, "Så bra at du skriver. Hvor er du nå?")
    await child_says(child, CHILD_LINES[2:])
    asking, joining = feature(desk), feature(lead_desk)
    await wait_for(lambda: asking.state.assigned_to_me(opened.conversation))
    await asking.state.ask(
        opened.conversation, None, "Avvergeplikt? Far drikker og slår, barnet er redd nå", True
    )
    await wait_for(lambda: joining.state.offers.rowCount() == 1)
    consult = await joining.state.accept(str(joining.state.offers.consult_at(0)))
    joining.session.show_consult(consult.consult)
    asking.session.show_consult(consult.consult)
    asking.show_panel()
    joining.show_panel()
    await joining.state.send(
        consult.consult, "Spør om hun er trygg akkurat nå, og om mor er hjemme."
    )
    await asking.state.send(consult.consult, "Mor er hjemme. Hun har låst døra til rommet sitt.")
    await joining.state.send(
        consult.consult, "Bra. Vi ringer barnevernvakta i kommunen hennes nå. Jeg tar det."
    )
    counsellor.controller.send(opened.conversation, "Er du trygg akkurat nå, der du er?")
    await child.send("ja tror det. døra er låst")
    await asyncio.sleep(0.8)
    return child


async def time_cues(counsellor: DeskSession, supervisor: DeskSession, url: str) -> ContactClient:
    """A second chat; then a policy so short that the first is past hard and this one past soft."""
    child = ContactClient(url)
    await child.__aenter__()
    opened = await child.open("chat")
    await asyncio.sleep(2.5)
    await counsellor.controller.accept(opened.conversation)
    await child.send("hei, kan jeg spørre om noe om en venninne?")
    await asyncio.sleep(1.2)
    await supervisor.client.request(
        {"type": "policy_set", "channel": "chat", "soft_s": 1, "hard_s": 3, "min_queue": 0}
    )
    return child


async def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="workstation-consult-demo-") as folder:
        db = Path(folder) / "hub.db"
        passwords = await asyncio.to_thread(create_demo_users, db)
        async with serve_hub(db) as hub:
            counsellor = await sign_in(hub.url, "demo", passwords["demo"])
            lead = await sign_in(hub.url, "vaktleder", passwords["vaktleder"])
            supervisor = await sign_in(hub.url, "leder", passwords["leder"])
            desk = open_window(counsellor, 0)
            lead_desk = open_window(lead, SIZE[0] + 20)
            children = []
            try:
                children.append(await consultation(counsellor, lead, desk, lead_desk, hub.url))
                if args.screenshot_dir:
                    save(desk, args.screenshot_dir / "consult-counsellor.png")
                    save(lead_desk, args.screenshot_dir / "consult-shift-lead.png")
                children.append(await time_cues(counsellor, supervisor, hub.url))
                cues = desk.findChild(TimeCueFeature)
                assert cues is not None
                await wait_for(lambda: len(cues.cues.all_showing()) == 2)
                await wait_for(lambda: any(c.level == "hard" for c in cues.cues.all_showing()))
                hard = next(c for c in cues.cues.all_showing() if c.level == "hard")
                desk.conversation_list.select(hard.conversation)
                # The hub's limits were seconds; show the minutes a real shift would see.
                cues.banner.clock = lambda: utc_now() + timedelta(minutes=62)
                cues.banner.refresh()
                cues.banner.suggest_button.click()
                desk.side_panels.setCurrentIndex(0)
                await asyncio.sleep(0.5)
                if args.screenshot_dir:
                    save(desk, args.screenshot_dir / "time-cues.png")
                    return 0
                closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                desk.closed_callbacks.append(lambda: settle(closed, None))
                await closed
                return 0
            finally:
                for child in children:
                    await child.close()
                for session in (counsellor, lead, supervisor):
                    await session.close()
                desk.close()
                lead_desk.close()


def save(window: MainWindow, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    log.info("saved %s", path)


def main(argv: list[str] | None = None) -> int:
    parser = demo_parser("workstation.ui.consult.demo", __doc__)
    parser.add_argument(
        "--screenshot-dir", metavar="DIR", type=Path, help="save the three PNGs here and exit"
    )
    parser.add_argument(
        "--lang", default="nb", choices=("nb", "en"), help="language of the window (default nb)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = cast(QApplication, QApplication.instance() or QApplication([sys.argv[0]]))
    app.setQuitOnLastWindowClosed(False)
    translators = install_translation(app, args.lang)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        return int(loop.run_until_complete(run(args)))
    finally:
        del translators
        loop.close()


if __name__ == "__main__":
    sys.exit(main())
