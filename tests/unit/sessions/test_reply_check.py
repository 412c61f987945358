"""Which /keywords the reply box expands or refuses, and when a reply counts as long."""

from __future__ import annotations

import pytest

from workstation.sessions.canned import by_keyword, render, responses
from workstation.sessions.reply_check import LONG_CHARS, expand_keywords, first_match, is_long

POOL = responses()
LYTT = "Vil du at jeg bare lytter, eller vil du ha råd?"


def test_a_keyword_alone_or_in_a_sentence_becomes_its_text() -> None:
    assert expand_keywords("/lytt", POOL, "Kari").text == LYTT
    done = expand_keywords("Takk. /lytt, og /trygg!", POOL, "Kari")
    assert done.text == f"Takk. {LYTT}, og Er du trygg akkurat nå?!"
    assert done.expanded == ("/lytt", "/trygg") and not done.blocked


def test_the_exact_keyword_wins_over_a_longer_one() -> None:
    hei = by_keyword("hei")
    assert first_match("/hei", POOL) is hei and hei is not None
    assert expand_keywords("/HEI", POOL, "Kari").text == render(hei, "Kari")


def test_without_an_exact_keyword_the_first_search_result_is_used() -> None:
    assert first_match("/fortsat", POOL) is by_keyword("fortsatt")


@pytest.mark.parametrize(
    "text",
    [
        "Vi er her 24/7.",
        "mamma og/eller pappa",
        "Se https://www.ung.no/oss og www.ung.no/ok",
        "1/2 time",
        "skriv / eller ikke",
        "",
    ],
)
def test_a_slash_inside_a_word_or_alone_is_not_a_keyword(text: str) -> None:
    done = expand_keywords(text, POOL, "Kari")
    assert done.text == text and not done.changed and not done.blocked


def test_an_unknown_keyword_blocks_and_is_left_as_typed() -> None:
    done = expand_keywords("Hei /qwxz og /lytt", POOL, "Kari")
    assert done.unknown == ("/qwxz",) and done.blocked
    assert done.text == f"Hei /qwxz og {LYTT}"


def test_a_response_needing_the_name_blocks_while_the_name_is_unknown() -> None:
    done = expand_keywords("/hei", POOL, "  ")
    assert done.nameless == ("/hei",) and done.blocked and done.text == "/hei"


def test_long_means_more_than_the_box_shows() -> None:
    assert not is_long("x" * LONG_CHARS) and is_long("x" * (LONG_CHARS + 1))
    assert not is_long("\n".join(["linje"] * 20)) and is_long("\n".join(["linje"] * 21))
