"""Staff names in replays are masked as whole names; single words only where they are names."""

from __future__ import annotations

from workstation.sessions.anonymiser import Anonymiser
from workstation.sessions.anonymiser.staff import staff_name_scrubber
from workstation.sessions.events import Event
from workstation.sessions.replay import StaffInfo, build


def test_a_staff_name_goes_whole_but_its_ordinary_words_stay() -> None:
    scrub = staff_name_scrubber(["Vaktleder Demo", "vaktleder"])
    assert scrub("Vaktleder Demo sa hei") == "[NAVN] sa hei"
    assert scrub("hei vaktleder demo!") == "hei [NAVN]!"
    assert scrub("jeg vil snakke med en vaktleder") == "jeg vil snakke med en vaktleder"
    assert scrub("Vaktleder, kan du hjelpe?") == "Vaktleder, kan du hjelpe?"
    assert scrub("en demo av appen") == "en demo av appen"


def test_a_real_given_name_or_surname_goes_alone_too() -> None:
    scrub = staff_name_scrubber(["Kari Nordmann", "Ingrid Vaktleder-Berg", "Per Olsen"])
    assert scrub("spør kari") == "spør [NAVN]"
    assert scrub("Ingrid sa det") == "[NAVN] sa det"
    assert scrub("olsen vet") == "[NAVN] vet"
    assert scrub("Berg sa det") == "[NAVN] sa det"  # a surname that is also a word: capitalised
    assert scrub("vi gikk opp på et berg") == "vi gikk opp på et berg"
    assert scrub("Per sa det") == "[NAVN] sa det"
    assert scrub("to ganger per uke") == "to ganger per uke"
    assert scrub("nordmann og vaktleder") == "nordmann og vaktleder"  # neither is a listed name


def test_user_names_with_dots_or_digits_go_plain_words_stay() -> None:
    scrub = staff_name_scrubber(["kari.n", "trener", "ola2", "  ", ""])
    assert scrub("kari.n skrev") == "[NAVN] skrev"
    assert scrub("ola2 skrev til en trener") == "[NAVN] skrev til en trener"
    assert staff_name_scrubber([])("uendret") == "uendret"


def test_a_replay_keeps_the_word_vaktleder_and_drops_the_shift_leads_name() -> None:
    staff = {"vaktleder": StaffInfo("Demo Vaktleder", ("counsellor", "shift_lead"))}
    events = [
        Event("c1", 1, "2026-12-04T20:00:00Z", "opened", {"channel": "chat"}),
        Event("c1", 2, "2026-12-04T20:00:05Z", "assigned",
              {"counsellor": "Demo Vaktleder", "user": "vaktleder"}),
        Event("c1", 3, "2026-12-04T20:00:10Z", "message",
              {"from": "contact", "text": "jeg vil snakke med en vaktleder, ikke Demo Vaktleder"}),
    ]
    built = build(events, staff, Anonymiser.default().anonymise)
    texts = [e.text for e in built.events if e.kind == "message"]
    assert texts == ["jeg vil snakke med en vaktleder, ikke [NAVN]"]
