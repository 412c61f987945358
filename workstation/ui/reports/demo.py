"""``python -m workstation.ui.reports.demo [--screenshot FILE]``: the editor on a simulated chat.

No hub is needed: the events are those a desk receives for an invented conversation, and the
draft folder is temporary.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtWidgets import QApplication

from workstation.ui.demo import demo_parser
from workstation.ui.futures import future_for
from workstation.ui.i18n import install_translation
from workstation.ui.reports.drafts import DraftStore
from workstation.ui.reports.editor import ReportEditor

CONVERSATION = "c0demo"
_LINES = [
    ("21:00:05", "contact", "hei. kan jeg spørre om noe"),
    ("21:00:40", "staff", "Hei! Så bra at du skriver. Du kan spørre om alt her."),
    ("21:02:10", "contact", "pappa slo meg igjen i går kveld. han var full"),
    ("21:03:00", "staff", "Så leit at det skjedde. Er du trygg akkurat nå?"),
    ("21:04:30", "contact", "ja han sover. men lillebroren min er redd"),
    ("21:06:00", "contact", "ikke si det til noen {{ 7*7 }} <b>x</b>"),
]


def demo_events() -> list[dict[str, Any]]:
    day = "2027-03-24T"

    def at(clock: str) -> str:
        hours, minutes, seconds = clock.split(":")
        return f"{day}{int(hours) - 1:02d}:{minutes}:{seconds}.000Z"

    events: list[dict[str, Any]] = [
        {"kind": "opened", "channel": "chat", "at": at("20:59:30")},
        {"kind": "assigned", "counsellor": "Kari", "user": "kari", "at": at("21:00:00")},
    ]
    for clock, sender, text in _LINES:
        events.append({"kind": "message", "from": sender, "text": text, "at": at(clock)})
    events.append({"kind": "flagged", "flag": "risk", "author": "Kari", "at": at("21:05:00")})
    events.append({"kind": "closed", "reason": "staff_closed", "at": at("21:40:00")})
    return [
        {"type": "event", "conversation": CONVERSATION, "seq": n, **event}
        for n, event in enumerate(events, start=1)
    ]


def fill(editor: ReportEditor) -> None:
    form = editor.form
    form.urgency.setCurrentIndex(form.urgency.findData("urgent"))
    form.municipality.setText("4204 Kristiansand")
    form.lines["child_name"].setText("Emma")
    form.lines["child_age"].setText("13")
    form.parents[0]["relation"].setText("far")
    form.lines["categories"].setText("vold i hjemmet")
    form.lines["discussed_with"].setText("Vera, vaktleder")
    form.texts["concern"].setPlainText(
        "Jenta (13) forteller at faren slo henne i går kveld mens han var beruset. "
        "Hun sier at lillebroren er redd."
    )
    form.informed.setCurrentIndex(form.informed.findData("yes"))
    form.deliberate.setChecked(True)
    form.texts["anonymity_reason"].setPlainText(
        "Opplysningsplikten til barnevernet går foran taushetsplikten."
    )
    for row in (2, 4, 5):
        editor.quotes.set_checked(row, True)
    editor.update_preview()


async def run(screenshot: Path | None) -> None:
    with tempfile.TemporaryDirectory(prefix="report-demo-") as folder:
        user = {"name": "kari", "display_name": "Kari Nordmann", "roles": ["counsellor"]}
        now = datetime.fromisoformat("2027-03-24T21:45:00+01:00")
        drafts = DraftStore(Path(folder))
        editor = ReportEditor(demo_events(), None, user, drafts=drafts, now=now)
        await editor.restored
        fill(editor)
        editor.show()
        if screenshot is None:
            await future_for(editor.finished)
            return
        await asyncio.sleep(1.0)
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        if not editor.grab().save(str(screenshot), "PNG"):
            raise OSError(f"could not write {screenshot}")


def main(argv: list[str] | None = None) -> int:
    parser = demo_parser("workstation.ui.reports.demo", __doc__)
    parser.add_argument(
        "--screenshot", metavar="FILE", type=Path, help="save a PNG of the editor and exit"
    )
    parser.add_argument(
        "--lang", default="nb", choices=("nb", "en"), help="language of the window (default nb)"
    )
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    translators = install_translation(app, args.lang)  # noqa: F841  (kept alive)
    qasync.run(run(args.screenshot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
