"""Return codes: the word list's rules and how a typed code is read (docs/returning.md)."""

from __future__ import annotations

import re

from workstation.hub.returning.codes import new_code, normalise
from workstation.hub.returning.words import WORDS


def test_the_word_list_is_long_short_worded_and_plain() -> None:
    assert 190 <= len(WORDS) <= 230
    assert len(set(WORDS)) == len(WORDS)
    for word in WORDS:
        assert re.fullmatch(r"[A-Z]{3,6}", word), f"{word}: A-Z only, 3 to 6 letters"


def test_a_new_code_is_two_words_and_a_number_and_reads_back() -> None:
    for _ in range(200):
        code = new_code()
        first, second, number = code.split("-")
        assert first in WORDS and second in WORDS and first != second and 10 <= int(number) <= 99
        assert normalise(code) == first + second + number


def test_typing_differences_do_not_matter() -> None:
    assert normalise("SOL-ORM-47") == "SOLORM47"
    for typed in ("sol orm 47", " Sol-Orm 47 ", "solorm47", "KODE SOL-ORM-47", "kode solorm47"):
        assert normalise(typed) == "SOLORM47", typed


def test_what_cannot_be_a_code_is_none() -> None:
    for typed in ("", "hei", "SOL-ORM", "SOL-ORM-7", "SOL-ORM-470", "SOL-XYZ-47", "47"):
        assert normalise(typed) is None, typed
