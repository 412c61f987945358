"""SMS parts: GSM-7 vs UCS-2 and where a long reply is cut."""

from __future__ import annotations

import pytest

from workstation.sessions.sms_parts import split


@pytest.mark.parametrize(
    ("text", "encoding", "sizes"),
    [
        ("", "gsm7", [0]),
        ("a" * 160, "gsm7", [160]),
        ("a" * 161, "gsm7", [153, 8]),
        ("a" * 400, "gsm7", [153, 153, 94]),
        ("æøå ÆØÅ " * 21, "gsm7", [153, 15]),  # Norwegian letters are in the GSM alphabet
        ("ø" * 70 + "€", "gsm7", [71]),  # '€' is GSM too (an escape: two septets)
        ("a" * 100 + "ł", "ucs2", [67, 34]),  # one non-GSM letter makes the whole text UCS-2
        ("ł" * 70, "ucs2", [70]),
        ("ł" * 71, "ucs2", [67, 4]),
        ("hei 😀" * 20, "ucs2", [56, 44]),  # an emoji is two UTF-16 units
    ],
)
def test_sizes(text: str, encoding: str, sizes: list[int]) -> None:
    parts = split(text)
    assert parts.encoding == encoding
    assert "".join(parts.parts) == text
    assert [len(p) for p in parts.parts] == sizes
    assert parts.count == len(sizes)


def test_an_escape_character_counts_twice_and_is_never_cut() -> None:
    assert split("€" * 80).count == 1  # 160 septets
    parts = split("a" + "€" * 80)  # 161 septets: 1 + 76*2 = 153, then the rest
    assert [len(p) for p in parts.parts] == [77, 4]
    assert parts.encoding == "gsm7"


def test_a_surrogate_pair_is_never_cut() -> None:
    parts = split("ł" * 66 + "😀" * 3)  # 66 units, then the emoji (2) would make 68 > 67
    assert parts.encoding == "ucs2"
    assert parts.parts[0] == "ł" * 66
    assert parts.parts[1] == "😀" * 3
