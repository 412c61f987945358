"""The Anonymiser: runs every finder, resolves overlaps, replaces spans by tags."""

from __future__ import annotations

import re
from pathlib import Path

from . import patterns
from .lexicon import Lexicon
from .spans import Span, resolve
from .words import WordFinder

# Cheap pre-checks: each finder runs only on lines that could hold what it finds. Substring
# tests on one lower-cased copy are C-speed; a case-insensitive alternation is ten times slower.
_DIGIT = re.compile(r"\d")
_SCHOOL_WORDS = ("skole", "skule", "vgs", "videreg", "vidareg", "gymnas")
_HANDLE_WORDS = ("snap", "insta", "tik", "discord", "kik", "twit", "bruker", "user")
_SHORT_HANDLE_WORD = re.compile(r"\b(?:sc|ig)\b")
_STREET_HINT = re.compile(r"\bbo")
_LETTER_DIGITS = re.compile(r"[^\W\d_]\d\d")


def _may_name_a_club(text: str, low: str) -> bool:
    """True if a club may be named: "Kolbotn IL", "tromsø fk" ("Lyn G14" has a digit)."""
    return (
        " il" in low or " if" in low or " fk" in low or " bk" in low or " SK" in text
    ) or " IK" in text


def _may_hold_handle(text: str, low: str) -> bool:
    return (
        "@" in text
        or "_" in text
        or any(word in low for word in _HANDLE_WORDS)
        or _SHORT_HANDLE_WORD.search(low) is not None
    )


class Anonymiser:
    """Replaces personal data in Norwegian chat text by bracketed category tags.

    Build it once (``Anonymiser.default()``) and reuse it: the word lists are loaded and all
    patterns compiled at construction. It is stateless afterwards and safe to share.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._words = WordFinder(lexicon)

    @classmethod
    def from_resources(cls, resources: Path) -> Anonymiser:
        return cls(Lexicon.load(resources))

    @classmethod
    def default(cls) -> Anonymiser:
        """The anonymiser with the word lists shipped in ``workstation.paths.RESOURCES``."""
        from workstation.paths import RESOURCES

        return cls.from_resources(RESOURCES)

    def find(self, text: str) -> list[Span]:
        """Non-overlapping spans of personal data, sorted by start."""
        lex = self.lexicon
        found: list[Span] = []
        # Cheap C-level pre-checks skip finders that cannot match (most chat lines have no
        # digits, no "@" and no school word).
        low = text.lower()
        if "@" in text:
            found += patterns.find_email(text)
        if _may_hold_handle(text, low):
            found += patterns.find_handles(text, lex)
        digit = _DIGIT.search(text) is not None
        if "xx" in low or (digit and _LETTER_DIGITS.search(text)):
            found += patterns.find_bare_handles(text, lex)
        if digit:
            found += patterns.find_identity_numbers(text)
            found += patterns.find_phones(text)
            found += patterns.find_addresses(text, lex)
        elif _STREET_HINT.search(low):
            found += patterns.find_street_without_number(text, lex)
        # A shouted line ("JEG HETER EMMA OG BOR I BERG") carries no capital-letter hints:
        # the word and school finders read it in lower case (same offsets).
        words = low if text.isupper() and len(low) == len(text) else text
        if any(word in low for word in _SCHOOL_WORDS):
            found += patterns.find_schools(words, lex)
        if digit or _may_name_a_club(text, low):
            found += patterns.find_teams(words, lex)
        found += self._words.find(words)
        return resolve(found)

    def anonymise(self, text: str) -> str:
        """``text`` with every found span replaced by its tag, e.g. ``[NAVN]``."""
        spans = self.find(text)
        if not spans:
            return text
        parts: list[str] = []
        pos = 0
        for span in spans:
            parts.append(text[pos : span.start])
            parts.append(span.tag.marker)
            pos = span.end
        parts.append(text[pos:])
        return "".join(parts)
