"""What the reply box may send: ``/keywords`` expanded first, long pastes confirmed.

A counsellor who types ``/hei`` and presses Enter means the canned response, never the
characters "/hei". :func:`expand_keywords` finds every ``/word`` standing on its own (start
of the text or after a space, followed by a space, punctuation or the end; ``24/7`` and
``og/eller`` are not keywords) and replaces it with the first matching response: the one
with exactly that keyword, else the first result of :func:`workstation.sessions.canned.search`
(what the canned panel would put first). A keyword with no match is reported, not sent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from workstation.sessions.canned import CannedResponse, render, search

__all__ = [
    "LONG_CHARS",
    "LONG_LINES",
    "Expansion",
    "expand_keywords",
    "first_match",
    "is_long",
]

#: A reply longer than this (characters or lines) is more than the reply box shows at once.
LONG_CHARS = 1500
LONG_LINES = 20

_TOKEN = re.compile(r"(?<!\S)/([0-9a-zæøå][0-9a-zæøå-]*)(?=[\s.,!?;:)]|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Expansion:
    """The text with its keywords replaced, and which keywords could not be.

    Attributes:
        text: the text with every known keyword replaced by its response.
        expanded: the keywords replaced (as typed, with their ``/``).
        unknown: keywords no response matches.
        nameless: keywords whose response needs the counsellor's name, which is not known.
    """

    text: str
    expanded: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    nameless: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.expanded)

    @property
    def blocked(self) -> bool:
        """True when a keyword is left that must not reach the young person."""
        return bool(self.unknown or self.nameless)


def first_match(keyword: str, pool: Sequence[CannedResponse]) -> CannedResponse | None:
    """The response with exactly ``keyword``, else the best search result, else None."""
    wanted = keyword.removeprefix("/").casefold()
    exact = next((item for item in pool if item.keyword == wanted), None)
    if exact is not None:
        return exact
    found = search(wanted, tuple(pool))
    return found[0] if found else None


def expand_keywords(text: str, pool: Sequence[CannedResponse], counsellor_name: str) -> Expansion:
    """Replace each ``/keyword`` in ``text`` with its response (``{navn}`` filled in)."""
    expanded: list[str] = []
    unknown: list[str] = []
    nameless: list[str] = []

    def replace(match: re.Match[str]) -> str:
        typed = match.group(0)
        item = first_match(match.group(1), pool)
        if item is None:
            unknown.append(typed)
            return typed
        try:
            body = render(item, counsellor_name)
        except ValueError:
            nameless.append(typed)
            return typed
        expanded.append(typed)
        return body

    result = _TOKEN.sub(replace, text)
    return Expansion(result, tuple(expanded), tuple(unknown), tuple(nameless))


def is_long(text: str) -> bool:
    """More than the reply box shows: worth a question before it goes out."""
    return len(text) > LONG_CHARS or text.count("\n") + 1 > LONG_LINES
