"""The load snapshot from plain values."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from workstation.sessions.load import Assigned, StaffMember, Waiting, load_snapshot

NOW = datetime(2026, 11, 26, 23, 0, 0, tzinfo=UTC)


def test_waits_positions_and_per_person_counts() -> None:
    snapshot = load_snapshot(
        NOW,
        [Waiting("c1", "chat", "2026-11-26T22:55:00.000Z"),
         Waiting("c2", "sms", "2026-11-26T22:59:30.000Z")],
        [Assigned("c3", "chat", "kari", "2026-11-26T22:15:00.000Z", frozenset({"risk"})),
         Assigned("c4", "phone", "kari", "2026-11-26T22:50:00.000Z"),
         Assigned("c5", "chat", "ola", "2026-11-26T22:58:00.000Z")],
        [StaffMember("ola", "Ola", ("counsellor",), "available"),
         StaffMember("kari", "Kari", ("counsellor",), "away"),
         StaffMember("vera", "Vera", ("counsellor", "shift_lead"), "available")],
        {"vera": {"consultations": 1}},
    )
    assert snapshot["queue_length"] == 2 and snapshot["longest_wait_s"] == 300.0
    assert [q["waiting_s"] for q in snapshot["queue"]] == [300.0, 30.0]
    assert snapshot["open_conversations"] == 3
    people = {p["user"]: p for p in snapshot["staff"]}
    assert [p["user"] for p in snapshot["staff"]] == ["kari", "ola", "vera"]
    assert people["kari"]["conversations"] == 2
    assert people["kari"]["by_channel"] == {"chat": 1, "phone": 1}
    assert people["kari"]["longest_conversation_s"] == 2700.0
    assert people["kari"]["risk"] == 1 and people["kari"]["status"] == "away"
    assert people["vera"]["conversations"] == 0 and people["vera"]["consultations"] == 1
    assert snapshot["shift_leads_online"] == 1
    # As the supervisor's desk receives it.
    wire = msgspec.json.decode(msgspec.json.encode(snapshot))
    detail = {d["conversation"]: d for d in wire["conversations_detail"]}
    assert list(detail) == ["c3", "c4", "c5"]
    assert detail["c3"] == {
        "conversation": "c3", "channel": "chat", "user": "kari",
        "assigned_at": "2026-11-26T22:15:00.000Z", "assigned_s": 2700.0, "flags": ["risk"],
    }
    assert detail["c5"]["flags"] == [] and detail["c5"]["assigned_s"] == 120.0


def test_an_empty_shift() -> None:
    snapshot = load_snapshot(NOW, [], [], [])
    assert (snapshot["queue_length"], snapshot["longest_wait_s"], snapshot["staff"]) == (0, 0.0, [])
    assert snapshot["conversations_detail"] == []


def test_a_long_queue_listed_by_its_first_with_counts_of_all() -> None:
    first = [Waiting("c1", "chat", "2026-11-26T22:55:00.000Z")]
    snapshot = load_snapshot(
        NOW, first, [], [], queue_length=1_234, queue_by_channel={"chat": 1_200, "sms": 34}
    )
    assert snapshot["queue_length"] == 1_234 and len(snapshot["queue"]) == 1
    assert snapshot["queue_by_channel"] == {"chat": 1_200, "sms": 34}
    assert snapshot["longest_wait_s"] == 300.0
    # Without counts, the list is the whole queue.
    assert load_snapshot(NOW, first, [], [])["queue_by_channel"] == {"chat": 1}
