"""Who sees which event."""

from __future__ import annotations

from workstation.sessions.events import Event, message_fields


def event(kind: str, **fields: object) -> Event:
    return Event("c1", 4, "2026-11-26T02:00:00.000Z", kind, dict(fields))


def test_contact_sees_messages_without_staff_user_names() -> None:
    msg = event("message", **message_fields("staff", "Hei", "k1", author="Kari", user="kari"))
    seen = msg.for_contact()
    assert seen is not None
    assert seen["author"] == "Kari" and "user" not in seen
    assert msg.to_wire()["user"] == "kari"


def test_assigned_shows_the_display_name_only_to_the_contact() -> None:
    seen = event("assigned", counsellor="Kari", user="kari").for_contact()
    assert seen == {
        "type": "event", "conversation": "c1", "seq": 4, "at": "2026-11-26T02:00:00.000Z",
        "kind": "assigned", "counsellor": "Kari",
    }


def test_staff_only_kinds_never_reach_the_contact() -> None:
    for kind in ("note", "flagged", "time_warning", "consult_message", "consult_requested",
                 "something_new_later"):
        assert event(kind, text="hemmelig").for_contact() is None
