"""Category tags, found spans, and how overlapping finds are resolved."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Tag(StrEnum):
    """A category of personal data; the text is replaced by ``[<value>]``."""

    NAVN = "NAVN"
    TELEFON = "TELEFON"
    EPOST = "E-POST"
    FNR = "FNR"
    ADRESSE = "ADRESSE"
    STED = "STED"
    SKOLE = "SKOLE"
    BRUKERNAVN = "BRUKERNAVN"

    @property
    def marker(self) -> str:
        """The bracketed replacement text, e.g. ``[NAVN]``."""
        return f"[{self.value}]"


class Span(NamedTuple):
    """Half-open character range ``text[start:end]`` holding personal data of one category."""

    start: int
    end: int
    tag: Tag


#: When two finds overlap, the one whose tag comes first here wins (then the longer one).
#: Structured patterns beat lexicon look-ups: "Nordstrand skole" is a school, not a place.
PRIORITY: dict[Tag, int] = {
    Tag.EPOST: 0,
    Tag.BRUKERNAVN: 1,
    Tag.FNR: 2,
    Tag.TELEFON: 3,
    Tag.ADRESSE: 4,
    Tag.SKOLE: 5,
    Tag.NAVN: 6,
    Tag.STED: 7,
}


def resolve(spans: list[Span]) -> list[Span]:
    """Return non-overlapping spans sorted by start, dropping the weaker of each overlap."""
    if len(spans) <= 1:
        return list(spans)
    ranked = sorted(spans, key=lambda s: (PRIORITY[s.tag], s.start - s.end, s.start))
    taken: list[Span] = []
    for span in ranked:
        if all(span.end <= t.start or span.start >= t.end for t in taken):
            taken.append(span)
    taken.sort()
    # Fuse spans of the same category that touch, so one item gets one tag.
    fused: list[Span] = []
    for span in taken:
        if fused and fused[-1].tag == span.tag and fused[-1].end == span.start:
            fused[-1] = Span(fused[-1].start, span.end, span.tag)
        else:
            fused.append(span)
    return fused
