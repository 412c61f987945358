"""``python -m workstation.ui.trainer.demo``: the trainer window on replays made from
simulated conversations. ``--screenshot FILE`` saves a PNG.

By default it runs in classroom mode (no hub). ``--answers`` shows it as a trainer on a hub
sees it, with practice answers from two made-up trainees beside the originals; ``--empty``
shows a hub with no replays yet. Both use an in-memory stand-in for the hub.

The conversations are synthetic, with names, a phone number and a school in them, so the
replays show what the anonymiser and the role labels do.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workstation.protocol.times import format_time
from workstation.sessions.anonymiser import Anonymiser
from workstation.sessions.events import Event
from workstation.sessions.replay import Annotation, Replay, StaffInfo, build

if TYPE_CHECKING:
    from workstation.ui.trainer.window import TrainerWindow
from workstation.ui.demo import demo_parser

STAFF = {
    "kari": StaffInfo("Kari Nordmann", ("counsellor",)),
    "vera": StaffInfo("Vera Berg", ("counsellor", "shift_lead")),
}
K = {"user": "kari", "author": "Kari Nordmann"}
CONTACT = "contact"

#: (seconds from the start, kind, fields) — a chat about violence at home.
CHAT: list[tuple[float, str, dict[str, Any]]] = [
    (0, "opened", {"channel": "chat"}),
    (8, "message", {"from": CONTACT, "text": "hei"}),
    (41, "assigned", {"counsellor": "Kari Nordmann", "user": "kari"}),
    (55, "message", {"from": "staff", "text": "Hei, du har kommet til Alarmtelefonen. Jeg heter "
                     "Kari. Så fint at du skriver. Hva har du lyst til å snakke om?", **K}),
    (92, "message", {"from": CONTACT, "text": "jeg heter Emma og går på Nordstrand skole"}),
    (118, "message", {"from": CONTACT, "text": "pappa blir så sint når han drikker. i går "
                      "kasta han en stol mot meg"}),
    (170, "message", {"from": "staff", "text": "Takk for at du forteller meg dette. Det høres "
                      "skremmende ut. Er du trygg akkurat nå?", **K}),
    (214, "message", {"from": CONTACT, "text": "er på rommet mitt. mamma er på jobb"}),
    (230, "flagged", {"flag": "risk", **K}),
    (262, "consult_requested", {"from": "Kari Nordmann", "user": "kari", "to": "vera"}),
    (281, "consult_joined", {"consultant": "Vera Berg", "user": "vera"}),
    (300, "message", {"from": "staff", "text": "Det er godt at du er på rommet ditt. Har du "
                      "noen voksne du stoler på som du kan ringe?", **K}),
    (352, "message", {"from": CONTACT, "text": "tante Lise kanskje. nummeret hennes er "
                      "412 34 567"}),
    (390, "consult_ended", {"user": "vera"}),
    (410, "message", {"from": "staff", "text": "Det høres lurt ut. Vil du at vi sammen finner "
                      "ut hva du kan si til henne?", **K}),
    (470, "message", {"from": CONTACT, "text": "ja"}),
    (900, "time_warning", {"level": "soft", "elapsed_s": 859}),
    (930, "message", {"from": "staff", "text": "Du har vært modig i dag. Du kan skrive til oss "
                      "igjen når som helst, dag og natt.", **K}),
    (980, "message", {"from": CONTACT, "text": "takk. jeg skal ringe tante nå"}),
    (1012, "closed", {"reason": "contact_left"}),
]

SHORT: list[tuple[float, str, dict[str, Any]]] = [
    (0, "opened", {"channel": "sms"}),
    (5, "message", {"from": CONTACT, "text": "noen i klassen lager snap-grupper om meg"}),
    (30, "assigned", {"counsellor": "Kari Nordmann", "user": "kari"}),
    (60, "message", {"from": "staff", "text": "Hei! Så leit å høre. Hvor lenge har det "
                     "holdt på?", **K}),
    (140, "message", {"from": CONTACT, "text": "siden jul. snap: emma_2010 hvis du vil se"}),
    (200, "message", {"from": "staff", "text": "Det er ikke din skyld. Har du fortalt det "
                      "til noen voksne på skolen?", **K}),
    (420, "closed", {"reason": "staff_closed"}),
]


def events_of(script: list[tuple[float, str, dict[str, Any]]]) -> list[Event]:
    start = datetime(2026, 11, 26, 22, 14, tzinfo=UTC)
    return [
        Event("demo", seq, format_time(start + timedelta(seconds=second)), kind, fields)
        for seq, (second, kind, fields) in enumerate(script, start=1)
    ]


def demo_replays() -> list[Replay]:
    anonymiser = Anonymiser.default()
    replays = []
    for number, script in enumerate((CHAT, SHORT), start=1):
        replay = build(events_of(script), STAFF, anonymiser.anonymise)
        replay.replay = f"demo-{number}"
        replay.categories = ["violence.physical"] if number == 1 else ["bullying.online"]
        if number == 1:
            replay.annotations = [
                Annotation(annotation="a1", offset_ms=170_000, text="Anerkjenner først, "
                           "spør så om tryggheten nå. Legg merke til at hun ikke gir råd."),
                Annotation(annotation="a2", offset_ms=262_000, text="Risiko: hun tar inn "
                           "vaktleder straks. Når ville du gjort det?"),
            ]
        replays.append(replay)
    return replays


async def stage(window: TrainerWindow, args: argparse.Namespace) -> None:
    """Open the first replay and put the player where the options ask (nothing for --empty)."""
    if args.empty:
        return
    window.select_row(0)
    await window.open_replay("demo-1")
    panel = window.player_panel
    if args.answers:
        panel.seek(args.at * 1000)
        window.tabs.setCurrentWidget(window.attempts_panel)
    elif args.practice:
        panel.set_speed(8)
        panel.set_practice(True)
        panel.seek(200_000)
        panel.play()
        panel.advance(20_000)
        panel.practice_panel.editor.setPlainText(
            "Så bra at du sier fra. Er du redd for å gå ut av rommet nå?"
        )
        panel.practice_panel.on_show_clicked()
    else:
        panel.set_speed(2)
        panel.seek(args.at * 1000)


async def run(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    from workstation.ui.futures import settle
    from workstation.ui.trainer.demo_source import DemoHubSource
    from workstation.ui.trainer.files import write_replay
    from workstation.ui.trainer.window import TrainerWindow

    source = None
    if args.answers or args.empty:
        source = DemoHubSource([] if args.empty else demo_replays())
        source.add_demo_answers()
    window = TrainerWindow(source)
    window.show()
    with tempfile.TemporaryDirectory(prefix="trainer-demo-") as folder:
        if source is None:
            for replay in demo_replays():
                path = Path(folder) / f"{replay.replay}.replay.json"
                await asyncio.to_thread(write_replay, path, replay)
                await window.import_file(path)
        await window.load_list()
        await stage(window, args)
        if args.screenshot:
            await asyncio.sleep(0.3)
            QApplication.processEvents()
            window.grab().save(str(args.screenshot))
            window.close()
            return 0
        closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.lastWindowClosed.connect(lambda: settle(closed, None))
        await closed
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = demo_parser("workstation.ui.trainer.demo", __doc__)
    parser.add_argument(
        "--screenshot", metavar="FILE", type=Path, help="save a PNG of the window and exit"
    )
    parser.add_argument(
        "--practice", action="store_true", help="show practice mode: an answer beside the original"
    )
    parser.add_argument("--answers", action="store_true",
                        help="as a trainer on a hub: practice answers beside the originals")
    parser.add_argument("--empty", action="store_true", help="a hub with no replays yet")
    parser.add_argument(
        "--at", metavar="S", type=int, default=420, help="seconds into the replay (default 420)"
    )
    parser.add_argument(
        "--lang", default="nb", choices=("nb", "en"), help="language of the window (default nb)"
    )
    args = parser.parse_args(argv)

    import qasync
    from PySide6.QtWidgets import QApplication

    from workstation.ui.i18n import install_translation

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    translators = install_translation(app, args.lang)  # noqa: F841  (kept alive)
    return int(qasync.run(run(args)))


if __name__ == "__main__":
    sys.exit(main())
