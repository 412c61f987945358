"""Unit tests for the Norwegian anonymiser (workstation.sessions.anonymiser)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workstation.sessions.anonymiser import Anonymiser, Span, Tag
from workstation.sessions.anonymiser.checksums import check_digits, is_d_number, is_identity_number
from workstation.sessions.anonymiser.evaluate import load_corpus, score

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "anonymiser.jsonl"


@pytest.fixture(scope="module")
def anon() -> Anonymiser:
    return Anonymiser.default()


def fnr(first_nine: str) -> str:
    checks = check_digits(first_nine)
    assert checks is not None
    return first_nine + checks


# -- identity numbers ------------------------------------------------------------------------


def test_valid_fodselsnummer_and_d_nummer() -> None:
    number = fnr("150310123")
    assert is_identity_number(number)
    assert not is_d_number(number)
    d = fnr("550310123")  # day 15 + 40
    assert is_identity_number(d)
    assert is_d_number(d)


@pytest.mark.parametrize("position", [9, 10])
def test_wrong_check_digit_is_rejected(position: int) -> None:
    number = fnr("150310123")
    wrong = number[:position] + str((int(number[position]) + 1) % 10) + number[position + 1 :]
    assert not is_identity_number(wrong)


def test_impossible_dates_are_rejected() -> None:
    assert not is_identity_number("32131012345")
    assert not is_identity_number("1503101234")  # 10 digits
    assert not is_identity_number("1503101234a")


def test_fnr_is_tagged_only_when_valid(anon: Anonymiser) -> None:
    good, d = fnr("010112345"), fnr("410112345")
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert anon.anonymise(f"fnr {good}") == "fnr [FNR]"
    assert anon.anonymise(f"d-nummer {d}") == "d-nummer [FNR]"
    assert anon.anonymise(f"fnr {good[:6]} {good[6:]}") == "fnr [FNR]"
    assert anon.anonymise(f"ordre {bad}") == f"ordre {bad}"


# -- the categories --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ring 912 34 567", "ring [TELEFON]"),
        ("ring 91234567", "ring [TELEFON]"),
        ("ring +47 91234567", "ring [TELEFON]"),
        ("ring 0047 91 23 45 67", "ring [TELEFON]"),
        ("ring 12 34 56 78 nå", "ring [TELEFON] nå"),
        ("ring 22 33 44 55", "ring [TELEFON]"),
        ("ring 116 111 eller 112", "ring 116 111 eller 112"),
        ("det var 2019 2020", "det var 2019 2020"),
        ("født 12.03.2010", "født 12.03.2010"),
    ],
)
def test_phone_numbers(anon: Anonymiser, text: str, expected: str) -> None:
    assert anon.anonymise(text) == expected


def test_email(anon: Anonymiser) -> None:
    assert anon.anonymise("mail: emma.h_12@gmail.com.") == "mail: [E-POST]."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("følg @emma_2010 da", "følg [BRUKERNAVN] da"),
        ("snap: kari.b", "snap: [BRUKERNAVN]"),
        ("insta er jonas_xo", "insta er [BRUKERNAVN]"),
        ("snapen min er lilemma", "snapen min er [BRUKERNAVN]"),
        ("han sendte det på snap i går", "han sendte det på snap i går"),
    ],
)
def test_handles(anon: Anonymiser, text: str, expected: str) -> None:
    assert anon.anonymise(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jeg bor i Storgata 12", "jeg bor i [ADRESSE]"),
        ("Kongens gate 5B er adressa", "[ADRESSE] er adressa"),
        ("bor i solbakken 3", "bor i [ADRESSE]"),
        ("Bjørkevegen 7, 0150 Oslo", "[ADRESSE], [ADRESSE]"),
        ("i barnehagen 3 ganger", "i barnehagen 3 ganger"),
    ],
)
def test_addresses(anon: Anonymiser, text: str, expected: str) -> None:
    assert anon.anonymise(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jeg går på Nordstrand skole", "jeg går på [SKOLE]"),
        ("går på Åsane vgs", "går på [SKOLE]"),
        ("Haugerud ungdomsskole er dritt", "[SKOLE] er dritt"),
        ("jeg går på hundsund barneskole", "jeg går på [SKOLE]"),
        ("må bytte skole", "må bytte skole"),
        ("jeg hater skolen", "jeg hater skolen"),
    ],
)
def test_schools(anon: Anonymiser, text: str, expected: str) -> None:
    assert anon.anonymise(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jeg bor i Bergen", "jeg bor i [STED]"),
        ("vi flytta til tromsø", "vi flytta til [STED]"),
        ("mormor bor i Mo i Rana", "mormor bor i [STED]"),
        ("bor i sola", "bor i [STED]"),
        ("vi var i Sola", "vi var i [STED]"),
        ("jeg sitter i sola", "jeg sitter i sola"),
    ],
)
def test_places(anon: Anonymiser, text: str, expected: str) -> None:
    assert anon.anonymise(text) == expected


# -- names: cues, case, ambiguity ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jeg heter Emma", "jeg heter [NAVN]"),
        ("jeg heter emma hansen", "jeg heter [NAVN]"),
        ("navnet mitt er Tindra", "navnet mitt er [NAVN]"),
        ("eg heiter egentlig zyx", "eg heiter egentlig [NAVN]"),
        ("broren min bjørn slår meg", "broren min [NAVN] slår meg"),
        ("søstera mi liv er lei", "søstera mi [NAVN] er lei"),
        ("mamma Liv drikker", "mamma [NAVN] drikker"),
        ("pappa per er sint", "pappa [NAVN] er sint"),
        ("læreren min Berg er streng", "læreren min [NAVN] er streng"),
        ("kari og jonas mobber meg", "[NAVN] og [NAVN] mobber meg"),
        ("i dag sa Per at jeg lyver", "i dag sa [NAVN] at jeg lyver"),
        ("Per slo meg", "[NAVN] slo meg"),
        ("Emma Kowalski er snill", "[NAVN] er snill"),
        ("Emmas mamma ringte", "[NAVN] mamma ringte"),
    ],
)
def test_names(anon: Anonymiser, text: str, expected: str) -> None:
    assert anon.anonymise(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "per dag får jeg lite mat",
        "hele livet mitt er kaos",
        "Hans mamma er snill",
        "jeg vil ikke bo hjemme",
        "han dytta meg i bakken",
        "finn ut hva jeg skal gjøre",
        "Dag etter dag er det likt",
        "Stein og grus",
        "jeg heter ikke noe",
        "de andre i klassen",
        "i mai er det eksamen",
    ],
)
def test_ambiguous_words_left_alone(anon: Anonymiser, text: str) -> None:
    assert anon.anonymise(text) == text


# -- API contract ----------------------------------------------------------------------------


def test_find_returns_sorted_non_overlapping_spans(anon: Anonymiser) -> None:
    text = "jeg heter Emma, bor i Storgata 12 i Oslo, ring 91234567"
    spans = anon.find(text)
    assert [s.tag for s in spans] == [Tag.NAVN, Tag.ADRESSE, Tag.STED, Tag.TELEFON]
    assert all(isinstance(s, Span) for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    assert text[spans[0].start : spans[0].end] == "Emma"


def test_tags_are_bracketed() -> None:
    assert {t.marker for t in Tag} == {
        "[NAVN]",
        "[TELEFON]",
        "[E-POST]",
        "[FNR]",
        "[ADRESSE]",
        "[STED]",
        "[SKOLE]",
        "[BRUKERNAVN]",
    }


def test_empty_and_plain_text(anon: Anonymiser) -> None:
    assert anon.anonymise("") == ""
    assert anon.find("hei 😊") == []


def test_idempotent_on_whole_corpus(anon: Anonymiser) -> None:
    for example in load_corpus(CORPUS):
        once = anon.anonymise(example.text)
        assert anon.anonymise(once) == once, once


# -- the labelled corpus ---------------------------------------------------------------------


def test_corpus_is_well_formed() -> None:
    examples = load_corpus(CORPUS)
    assert len(examples) >= 400
    assert sum(len(e.spans) for e in examples) >= 600
    assert {s.tag for e in examples for s in e.spans} == set(Tag)
    assert sum(1 for e in examples if not e.spans) >= 50
    for e in examples:
        for s in e.spans:
            assert 0 <= s.start < s.end <= len(e.text)
            assert e.text[s.start : s.end].strip() == e.text[s.start : s.end]


def test_corpus_recall_and_over_redaction(anon: Anonymiser) -> None:
    result = score(anon, load_corpus(CORPUS))
    assert result.recall >= 0.98, result.missed
    assert result.over_redaction <= 0.02, result.over
