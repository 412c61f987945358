"""Building a replay from a raw log: offsets, roles instead of names, markers, the file form."""

from __future__ import annotations

import json

import pytest

from workstation.sessions import replay
from workstation.sessions.anonymiser import Anonymiser
from workstation.sessions.events import Event
from workstation.sessions.replay import StaffInfo, build, decode, encode, name_scrubber

STAFF = {
    "kari": StaffInfo("Kari Nordmann", ("counsellor",)),
    "vera": StaffInfo("Vera Vaktleder-Berg", ("counsellor", "shift_lead")),
    "ola": StaffInfo("Ola", ("counsellor",)),
}


@pytest.fixture(scope="module")
def anon() -> Anonymiser:
    return Anonymiser.default()


def ev(seq: int, second: float, kind: str, **fields: object) -> Event:
    ms = int(second * 1000)
    at = f"2026-11-26T22:{ms // 60000:02d}:{(ms // 1000) % 60:02d}.{ms % 1000:03d}Z"
    return Event("c0123", seq, at, kind, dict(fields))


def log() -> list[Event]:
    return [
        ev(1, 0, "opened", channel="sms"),
        ev(2, 3.5, "message", **{"from": "contact", "text": "jeg heter Emma, 41234567"}),
        ev(3, 10, "assigned", counsellor="Kari Nordmann", user="kari"),
        ev(4, 12, "message", **{"from": "staff", "text": "Hei Emma! Kari her.",
                                "author": "Kari Nordmann", "user": "kari"}),
        ev(5, 20, "note", text="Emma virker redd", author="Kari Nordmann", user="kari"),
        ev(6, 25, "flagged", flag="risk", author="Kari Nordmann", user="kari"),
        ev(7, 30, "consult_requested", **{"from": "Kari Nordmann", "user": "kari", "to": "vera"}),
        ev(8, 31, "consult_joined", consultant="Vera Vaktleder-Berg", user="vera"),
        ev(9, 33, "consult_message", text="Spør Emma om hun er trygg, Kari",
           author="Vera Vaktleder-Berg", user="vera"),
        ev(10, 40, "consult_ended", user="vera"),
        ev(11, 50, "time_warning", level="soft", elapsed_s=600),
        ev(12, 55, "observer_joined", observer="Siri", user="sup"),
        ev(13, 58, "assigned", counsellor="Ola", user="ola"),
        ev(14, 59, "summary", summary={"categories": ["violence.physical", "nonsense!"]}),
        ev(15, 62.25, "closed", reason="my_own_reason"),
    ]


def test_offsets_kinds_and_metadata(anon: Anonymiser) -> None:
    built = build(log(), STAFF, anon.anonymise, known_category=lambda c: "!" not in c)
    assert built.channel == "sms" and built.duration_s == 62
    assert built.categories == ["violence.physical"]
    assert [e.offset_ms for e in built.events][:3] == [0, 3500, 10000]
    assert built.events[-1].offset_ms == 62250 and built.events[-1].detail == "other"
    kinds = [e.kind for e in built.events]
    assert "note" not in kinds and "consult_message" not in kinds
    assert "observer_joined" not in kinds and "summary" not in kinds
    assert [(m.kind, m.detail) for m in built.markers] == [
        ("flag", "risk"),
        ("consultation", "requested"),
        ("consultation", "joined"),
        ("consultation", "ended"),
        ("time_warning", "soft"),
    ]


def test_staff_become_roles_and_names_go(anon: Anonymiser) -> None:
    built = build(log(), STAFF, anon.anonymise, include_staff_notes=True)
    roles = [(e.kind, e.role) for e in built.events if e.role]
    assert roles == [
        ("assigned", "Veileder"),
        ("message", "Veileder"),
        ("note", "Veileder"),
        ("consult_message", "Vaktleder"),
        ("assigned", "Veileder 2"),
    ]
    text = json.dumps(encode(built), ensure_ascii=False).lower()
    for word in ("emma", "kari", "nordmann", "vera", "berg", "ola", "siri", "sup", "41234567",
                 "c0123", "22:"):
        assert word not in text, word
    staff_line = next(e for e in built.events if e.kind == "message" and e.sender == "staff")
    assert staff_line.text == "Hei [NAVN]! [NAVN] her."


def test_unknown_staff_is_still_only_a_role(anon: Anonymiser) -> None:
    built = build(log(), {}, anon.anonymise)
    assert {e.role for e in built.events if e.role} == {"Veileder", "Veileder 2"}


def test_name_scrubber_matches_whole_words_in_any_case() -> None:
    scrub = name_scrubber(["Anne-Lise Aas", ""])
    assert scrub("anne-lise og AAS, men ikke Aasen") == "[NAVN] og [NAVN], men ikke Aasen"
    assert name_scrubber([])("uendret") == "uendret"


def test_the_file_form_round_trips_and_is_checked(anon: Anonymiser) -> None:
    built = build(log(), STAFF, anon.anonymise)
    built.replay = "r1"
    data = json.loads(json.dumps(encode(built)))
    assert data["format"] == "workstation-replay" and data["version"] == 1
    assert data["events"][0] == {
        "offset_ms": 0, "kind": "opened", "from": "system", "text": "", "role": None,
        "detail": "sms",
    }
    assert decode(data) == built
    assert decode({"type": "ok", "re": "x", **data}) == built  # a replay_get answer too
    for bad in (
        [],
        {**data, "format": "something-else"},
        {**data, "version": 99},
        {**data, "events": [{"offset_ms": -1, "kind": "message", "from": "contact"}]},
        {**data, "duration_s": "long"},
    ):
        with pytest.raises(replay.BadReplay):
            decode(bad)


def test_summary_row() -> None:
    built = build(log(), STAFF, lambda t: t)
    row = replay.summary("r9", built)
    assert row == {
        "replay": "r9", "channel": "sms", "duration_s": 62,
        "categories": ["nonsense!", "violence.physical"], "marker_count": 5,
        "message_count": 2, "annotation_count": 0,
    }


def test_empty_log_gives_an_empty_replay() -> None:
    assert build([], STAFF, lambda t: t).events == []
