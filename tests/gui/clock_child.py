"""A child process for test_clock_tz: the times the desk's windows show, as JSON on stdout.

Run under different ``TZ`` values; the output must not change. It renders the real models and
delegates offscreen (the transcript's headers and tooltips, the consultation thread, the
supervisor's "Tidsgrenser", a report's conversation line, a follow-up reminder) for fixed
moments, and says which UTC offset the machine itself has, so the test knows ``TZ`` took effect.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from workstation.protocol.times import parse_time  # noqa: E402
from workstation.ui.consult.thread import ThreadView  # noqa: E402
from workstation.ui.i18n import install_translation  # noqa: E402
from workstation.ui.reports.prefill import Message  # noqa: E402
from workstation.ui.reports.quotes_model import QuoteModel  # noqa: E402
from workstation.ui.reports_desk import ReminderModel  # noqa: E402
from workstation.ui.supervisor.labels import clock  # noqa: E402
from workstation.ui.supervisor.policy_panel import TimeLimitsPanel  # noqa: E402
from workstation.ui.transcript_model import TranscriptModel  # noqa: E402
from workstation.ui.transcript_view import TranscriptView  # noqa: E402

#: 23.00, 23.04.30 and, after midnight in Oslo, 00.30 on 5 December (UTC: 4 December).
EVENTS: list[dict[str, Any]] = [
    {"seq": 1, "kind": "opened", "channel": "chat", "at": "2026-12-04T22:00:00.000Z"},
    {
        "seq": 2,
        "kind": "message",
        "from": "contact",
        "text": "hei",
        "at": "2026-12-04T22:04:30.000Z",
    },
    {
        "seq": 3,
        "kind": "message",
        "from": "staff",
        "author": "Kari",
        "text": "hei!",
        "at": "2026-12-04T23:30:00.000Z",
    },
    {"seq": 4, "kind": "note", "author": "Kari", "text": "notat", "at": "2026-12-04T23:31:00.000Z"},
]


def headers(view: TranscriptView) -> list[str]:
    model = view.model()
    delegate: Any = view.itemDelegate()
    return [delegate._header(model.index(row, 0)) for row in range(model.rowCount())]


def shown() -> dict[str, Any]:
    transcript = TranscriptModel("c1")
    for event in EVENTS:
        transcript.append_event({"conversation": "c1", **event})
    view = TranscriptView()
    view.setModel(transcript)
    thread = ThreadView("kari")
    thread.setModel(transcript)
    tooltips = [transcript.index(row, 0).data(3) for row in range(transcript.rowCount())]
    panel = TimeLimitsPanel(save=None)  # type: ignore[arg-type]
    panel.set_names({"sup": "Siri Supervisor"})
    policy = {"channel": "chat", "updated_at": "2026-12-04T23:30:00.000Z", "updated_by": "sup"}
    quotes = QuoteModel((Message(3, EVENTS[2]["at"], "contact", "hei!"),))
    reminder = {"id": "r1", "title": "Følg opp", "due": "2026-12-04", "overdue": True}
    reminders = ReminderModel()
    return {
        "machine_utc_offset_h": datetime.now().astimezone().utcoffset().total_seconds() / 3600,
        "transcript": headers(view),
        "tooltips": tooltips,
        "thread": [h for h in headers(thread) if h.startswith("Kari")],
        "supervisor_clock": clock(parse_time(EVENTS[1]["at"])),
        "time_limits": panel.changed_text(policy),
        "quote": quotes.index(0, 0).data(),
        "reminder": reminders.display(reminder),
    }


def main() -> None:
    app = QApplication.instance() or QApplication([])
    translators = install_translation(app, "nb", cache_dir=Path(sys.argv[1]))  # type: ignore[arg-type]
    print(json.dumps(shown(), ensure_ascii=False))
    del translators


if __name__ == "__main__":
    main()
