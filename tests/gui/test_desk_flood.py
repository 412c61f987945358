"""A flood of messages: the desk shows them all, but repaints a few times, not once per message."""

from __future__ import annotations

import gc
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QObject
from pytestqt.qtbot import QtBot

from workstation.protocol.times import format_time
from workstation.ui.conversation_model import UNREAD_ROLE, ConversationListModel
from workstation.ui.gui_gc import GuiThreadCollector, settle
from workstation.ui.transcript_model import TranscriptModel
from workstation.ui.transcript_view import TranscriptView

NOW = datetime(2026, 12, 4, 22, 0, tzinfo=UTC)


def ev(conversation: str, seq: int, kind: str, **fields: Any) -> dict[str, Any]:
    at = format_time(NOW - timedelta(seconds=60 - seq * 0.01))
    return {"conversation": conversation, "seq": seq, "at": at, "kind": kind, **fields}


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_a_burst_of_messages_updates_the_overview_once(qtbot: QtBot) -> None:
    model = ConversationListModel(clock=lambda: NOW)
    model.me = "kari"
    for conv in ("a", "b", "c"):
        model.apply_event(ev(conv, 1, "opened", channel="chat"))
        model.apply_event(ev(conv, 2, "assigned", user="kari", counsellor="Kari"))
    told: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom, *_: told.append((top.row(), bottom.row())))
    with qtbot.waitSignal(model.dataChanged, timeout=2000):
        for seq in range(3, 63):
            for conv in ("a", "b", "c"):
                model.apply_event(ev(conv, seq, "message", **{"from": "contact", "text": "hei"}))
        # The numbers are current at once, for anyone who asks ...
        assert [model.index(row, 0).data(UNREAD_ROLE) for row in range(3)] == [60, 60, 60]
        assert told == []  # ... but 180 messages have not meant 180 repaints
    assert told == [(0, 2)]  # one update covering the three rows
    assert model.index(0, 0).data().endswith("60 nye")


def test_a_flood_in_the_open_transcript_repaints_a_few_times_and_ends_at_the_bottom(
    qtbot: QtBot,
) -> None:
    model = TranscriptModel("a")
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    counter = PaintCounter()
    view.viewport().installEventFilter(counter)
    seq = 0
    for _burst in range(5):  # five bursts, each within one turn of the event loop
        for _ in range(20):
            seq += 1
            model.append_event(ev("a", seq, "message", **{"from": "contact", "text": f"m {seq}"}))
        qtbot.wait(1)  # the loop turns between bursts, as with messages off the network
    last = view.model().index(view.model().rowCount() - 1, 0)

    def last_row_in_sight() -> None:
        assert view.viewport().rect().contains(view.visualRect(last).center())

    qtbot.waitUntil(last_row_in_sight, timeout=3000)
    qtbot.waitUntil(lambda: counter.paints >= 1, timeout=3000)
    assert counter.paints <= 3  # not one per message, nor one per burst


def test_what_the_desk_built_is_left_out_of_later_collections_only_in_the_desk(
    unfrozen: None, qtbot: QtBot
) -> None:
    settle()  # tests run without the desk's collector: nothing is frozen
    assert gc.get_freeze_count() == 0
    collector = GuiThreadCollector()
    collector.start()
    try:
        settle()
        assert gc.get_freeze_count() > 0
        assert not gc.isenabled()  # collected on the GUI thread by the timer instead
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0 and gc.isenabled()
