from typing import Any

import pytest

from workstation.client.events import EventTracker


def ev(conversation: str, seq: int, **fields: Any) -> dict[str, Any]:
    return {"type": "event", "conversation": conversation, "seq": seq, "kind": "message", **fields}


def test_each_event_is_admitted_once() -> None:
    tracker = EventTracker()
    assert tracker.admit(ev("c1", 1))
    assert tracker.admit(ev("c1", 2))
    assert not tracker.admit(ev("c1", 2))
    assert not tracker.admit(ev("c1", 1))
    assert tracker.last_seq == {"c1": 2}
    assert tracker.dropped == 2


def test_conversations_are_tracked_apart() -> None:
    tracker = EventTracker()
    assert tracker.admit(ev("a", 5))
    assert tracker.admit(ev("b", 1))
    assert tracker.admit(ev("a", 6))
    assert tracker.last_seq == {"a": 6, "b": 1}


def test_gaps_are_allowed_because_some_kinds_are_hidden() -> None:
    tracker = EventTracker()
    assert tracker.admit(ev("c", 1))
    assert tracker.admit(ev("c", 4))
    assert tracker.last_seq["c"] == 4


def test_a_backlog_overlapping_live_events_yields_only_the_new_in_order() -> None:
    tracker = EventTracker()
    tracker.admit(ev("c", 1))
    tracker.admit(ev("c", 2))
    backlog = [ev("c", 4), ev("c", 2), ev("c", 3), ev("d", 2), ev("d", 1)]
    admitted = tracker.admit_batch(backlog)
    assert [(e["conversation"], e["seq"]) for e in admitted] == [
        ("c", 3),
        ("c", 4),
        ("d", 1),
        ("d", 2),
    ]
    assert tracker.admit_batch(backlog) == []


def test_a_backlog_skips_entries_that_are_not_events() -> None:
    tracker = EventTracker()
    backlog = [{"offset_ms": 0, "kind": "message"}, ev("c", 1), {"conversation": "c", "seq": True}]
    assert tracker.admit_batch(backlog) == [ev("c", 1)]


@pytest.mark.parametrize(
    "frame",
    [
        {"type": "event", "seq": 1},
        {"type": "event", "conversation": "c"},
        {"type": "event", "conversation": "c", "seq": "1"},
        {"type": "event", "conversation": 3, "seq": 1},
    ],
)
def test_a_malformed_event_is_refused(frame: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        EventTracker().admit(frame)
