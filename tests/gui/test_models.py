"""The desk's Qt models on their own: qtmodeltester, row identity, no doubled events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QPersistentModelIndex, Qt

from workstation.protocol.times import format_time
from workstation.ui.conversation_model import ConversationListModel
from workstation.ui.queue_model import QueueModel
from workstation.ui.transcript_model import Role, TranscriptModel

NOW = datetime(2024, 11, 5, 22, 30, tzinfo=UTC)


def waiting(conversation: str, position: int, seconds_ago: int) -> dict[str, Any]:
    return {
        "conversation": conversation,
        "channel": "chat",
        "waiting_since": format_time(NOW - timedelta(seconds=seconds_ago)),
        "position": position,
    }


def event(seq: int, kind: str, **fields: Any) -> dict[str, Any]:
    return {
        "type": "event",
        "conversation": "c1",
        "seq": seq,
        "at": format_time(NOW),
        "kind": kind,
        **fields,
    }


def test_queue_model_passes_qtmodeltester(qtmodeltester: Any) -> None:
    model = QueueModel(clock=lambda: NOW)
    model.set_items([waiting("a", 1, 125), waiting("b", 2, 40)])
    qtmodeltester.check(model, force_py=True)
    assert [model.index(0, c).data() for c in range(3)] == ["1", "Chat", "2 min"]
    assert model.index(1, 2).data() == "40 s"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Ventet"


def test_queue_keeps_row_identity_when_others_leave() -> None:
    model = QueueModel(clock=lambda: NOW)
    model.set_items([waiting("a", 1, 60), waiting("b", 2, 30), waiting("c", 3, 5)])
    kept = QPersistentModelIndex(model.index(2, 0))
    model.set_items([waiting("c", 1, 5), waiting("d", 2, 1)])
    assert kept.row() == 0
    assert [model.conversation_at(row) for row in range(2)] == ["c", "d"]
    model.remove("c")
    assert model.rowCount() == 1


def test_transcript_model_passes_qtmodeltester(qtmodeltester: Any) -> None:
    model = TranscriptModel("c1")
    model.append_event(event(1, "opened", channel="chat"))
    model.append_event(event(2, "message", **{"from": "contact", "text": "hei"}))
    model.add_pending("r1", "hei, jeg heter Kari", "Kari")
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, 0).data() == "Samtale startet (Chat)"
    assert model.index(2, 0).data(Role.PENDING) is True


def test_transcript_ignores_replayed_events_and_replaces_pending() -> None:
    model = TranscriptModel("c1")
    model.append_event(event(1, "opened", channel="chat"))
    model.add_pending("r1", "svar", "Kari")
    assert not model.append_event(event(1, "opened", channel="chat"))
    model.append_event(event(2, "message", **{"from": "contact", "text": "hei"}))
    assert model.rowCount() == 3 and model.entry(2).pending
    model.acknowledge("r1", 3)
    assert model.entry(2).pending
    model.append_event(event(3, "message", **{"from": "staff", "text": "svar", "client_id": "r1"}))
    assert model.rowCount() == 3
    assert [model.entry(r).pending for r in range(3)] == [False, False, False]
    assert model.pending_count == 0


def test_acknowledged_after_its_event_drops_the_pending_row() -> None:
    model = TranscriptModel("c1")
    model.add_pending("r9", "svar", "Kari")
    model.append_event(event(1, "message", **{"from": "staff", "text": "svar"}))
    assert model.rowCount() == 2
    model.acknowledge("r9", 1)
    assert model.rowCount() == 1 and not model.entry(0).pending


def test_conversation_list_model_passes_qtmodeltester(qtmodeltester: Any) -> None:
    model = ConversationListModel(clock=lambda: NOW + timedelta(seconds=90))
    assert model.apply_event(event(1, "opened", channel="chat"))
    assert not model.apply_event(event(2, "message", **{"from": "contact", "text": "hei"}))
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, 0).data() == "Chat 1\nventer på deg 1:30 · 1 ny"
    model.mark_read("c1")
    model.apply_event(event(3, "message", **{"from": "staff", "text": "hei"}))
    assert model.index(0, 0).data() == "Chat 1\ndu skrev sist"
    model.apply_event(event(4, "closed", reason="contact_left"))
    assert model.index(0, 0).data() == "Chat 1\navsluttet"
