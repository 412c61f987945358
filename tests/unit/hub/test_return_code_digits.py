"""A return code's digit form for the phone menu: the keypad's letters, then the number; a
digit form names at most one live code (docs/returning.md, "By phone")."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.hubs import make_db
from workstation.hub.returning import rows
from workstation.hub.returning.codes import (
    digit_form,
    new_code,
    normalise_digits,
    spoken_digits,
)
from workstation.hub.returning.words import WORDS

KEYPAD = {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS", "8": "TUV",
          "9": "WXYZ"}


def test_the_brief_example() -> None:
    assert digit_form("SOL-ORM-47") == "76567647"
    assert digit_form("sol orm 47") == "76567647"  # typed differences do not matter
    assert spoken_digits("SOL-ORM-47") == "765 676 47"


def test_every_code_round_trips_through_its_digits() -> None:
    for _ in range(500):
        code = new_code()
        digits = digit_form(code)
        assert normalise_digits(digits) == digits, code
        assert spoken_digits(code).replace(" ", "") == digits
        words = code.split("-")
        # Each digit is the key printed with the letter on every phone (ITU E.161).
        for letter, key in zip(words[0] + words[1], digits, strict=False):
            assert letter in KEYPAD[key], (code, letter, key)
        assert digits.endswith(words[2])


def test_every_word_can_be_typed() -> None:
    for word in WORDS:
        assert digit_form(f"{word}-{WORDS[0] if word != WORDS[0] else WORDS[1]}-10").isdigit()


def test_what_cannot_be_a_digit_form_is_none() -> None:
    for typed in ("", "1234567", "123456789012345", "7656764#", "abc12345", "7656 7647"):
        assert normalise_digits(typed) is None, typed


def test_the_word_list_has_twins_so_the_store_must_refuse_them() -> None:
    """Why the digit form's keyed hash is stored: words and pairs share digits."""
    assert digit_form("KANO-SOL-10") == digit_form("LAMM-SOL-10")
    assert digit_form("ANKER-BIE-10") == digit_form("BOK-DRAGE-10")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    with contextlib.closing(sqlite3.connect(make_db(tmp_path / "hub.sqlite3"))) as conn:
        yield conn


NOW, LATER, END = "2026-12-05T06:00:00.000Z", "2026-12-06T06:00:00.000Z", "2027-01-04T06:00:00.000Z"


def test_a_code_whose_digit_form_is_live_is_refused_until_that_code_ends(
    db: sqlite3.Connection,
) -> None:
    assert rows.issue(db, "hash-kano", "digits-5266", "kari", "c1", NOW, END)
    # The twin (LAMM for KANO): another code, the same digit form: refused, nothing changed.
    assert not rows.issue(db, "hash-lamm", "digits-5266", "ola", "c2", NOW, END)
    assert db.execute("SELECT code FROM return_codes").fetchall() == [("hash-kano",)]
    found = rows.live_by_digits(db, "digits-5266", LATER)
    assert found is not None and (found.counsellor, found.conversation) == ("kari", "c1")
    # Once the first is revoked, its twin may be given; the digits then name only the twin.
    assert rows.revoke(db, "c1", "kari", LATER) == 1
    assert rows.issue(db, "hash-lamm", "digits-5266", "ola", "c2", LATER, END)
    found = rows.live_by_digits(db, "digits-5266", LATER)
    assert found is not None and found.counsellor == "ola"


def test_a_code_given_before_is_never_given_again(db: sqlite3.Connection) -> None:
    assert rows.issue(db, "hash-sol", "digits-a", "kari", "c1", NOW, LATER)
    assert not rows.issue(db, "hash-sol", "digits-a", "kari", "c2", END, "2027-02-01T00:00:00.000Z")


def test_codes_from_before_the_digit_form_still_open_by_their_words(
    db: sqlite3.Connection,
) -> None:
    db.execute("INSERT INTO return_codes (code, counsellor, conversation, created_at, "
               "expires_at) VALUES ('hash-old', 'kari', 'c0', ?, ?)", (NOW, END))
    found = rows.live(db, "hash-old", LATER)
    assert found is not None and found.counsellor == "kari"
    assert rows.issue(db, "hash-new", "digits-x", "kari", "c1", NOW, END)
