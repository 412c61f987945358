"""Word-level finder for names ([NAVN]) and places ([STED]) using the lexicon and cues.

Rules, in order, for each word:

1. A known multi-word place ("Mo i Rana", "Nordre Follo") is a place.
2. After a strong cue ("jeg heter", "navnet mitt er") any word that is not a function word is a
   name, even one missing from the name list.
3. After a relation cue ("broren min", "mamma", "læreren min") a listed name in any case, or any
   capitalised word, is a name.
4. A listed place after a place cue ("bor i", "fra", "på") is a place; an ambiguous one
   ("sola", "time") only when capitalised or after a strong place cue ("bor i").
5. A listed name that is not an ordinary word is a name in any case ("emma", "Hansen").
   An ambiguous one ("Per", "Liv", "Bakken") only when capitalised and not first in a sentence,
   or first in a sentence but followed by a name or a verb like "sa", "slo".
6. A listed place that is not an ordinary word is a place in any case; an ambiguous one only
   when capitalised and not first in a sentence.

A name is extended over the following words that are names or capitalised ("Emma Kowalski").
"""

from __future__ import annotations

import re

from .cues import (
    FILLERS,
    NAME_CUE_LAST,
    NAME_VERBS,
    PRONOUN_CUES,
    RELATION_CUES,
    RELATION_WORDS,
    STRONG_NAME_CUES,
    STRONG_PLACE_CUES,
    WEAK_PLACE_CUES,
)
from .lexicon import Lexicon
from .spans import Span, Tag

#: Ordinary words that end like a name glued to "sin" ("emmasin mamma" is Emma's mother).
_NOT_GLUED_SIN = frozenset({"bensin", "medisin", "rosin", "kusin", "musin", "pusin"})

_FROM = frozenset({"fra", "frå", "ifra", "ifrå"})
_AND = frozenset({"og", "å", "o", "eller", "and", "+", "&"})

WORD = re.compile(r"\[[A-ZÆØÅ-]+\]|[^\W\d_]+(?:-[^\W\d_]+)*")
_SOFT_GAP = re.compile(r"[ \t,:;\"'()\-–]*")  # between words of one sentence


class WordFinder:
    """Finds names and places word by word. Built once per lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.names = lex.names
        self.given = lex.given
        self.surnames = lex.surnames
        self.places = lex.places
        self.ambiguous = lex.ambiguous
        self.function_words = lex.function_words
        self.multi_first = frozenset(m[0] for m in lex.multiword_places)
        self.max_multi = max((len(m) for m in lex.multiword_places), default=1)
        #: "emmasin", "dagsin": a given name glued to "sin" (chat for "Emma sin", Emma's).
        self.glued_sin = frozenset(
            g + "sin" for g in self.given if len(g) > 2 and g + "sin" not in _NOT_GLUED_SIN
        )
        self.interesting = self.names | self.places | self.multi_first | self.glued_sin
        # After the last word of a strong cue any word may be a name; after one that ends only
        # relation cues ("min", "meg", "han": very common words) only a capitalised one that is
        # not listed (listed words are candidates anyway).
        self.cue_prev = frozenset(c[-1] for c in STRONG_NAME_CUES) | FILLERS
        self.relation_prev = NAME_CUE_LAST - self.cue_prev

    # -- helpers ------------------------------------------------------------------------

    def _name_like(self, low: str) -> tuple[bool, bool]:
        """(is a listed name, is ambiguous) for a lower-cased word, incl. "anne-lise", "emmas"."""
        if low in self.names:
            return True, low in self.ambiguous
        if "-" in low:
            parts = low.split("-")
            if all(p in self.names for p in parts):
                return True, all(p in self.ambiguous for p in parts)
            return False, False
        if len(low) > 3 and low[-1] == "s" and low[:-1] in self.names and low not in self.places:
            return True, low[:-1] in self.ambiguous or low in self.function_words
        if low in self.glued_sin:
            return True, False  # "dagsin" is no word; "dag sin" would be Dag's
        return False, False

    @staticmethod
    def _soft(text: str, a: int, b: int) -> bool:
        """True if text[a:b] holds only spaces and light punctuation (same sentence)."""
        m = _SOFT_GAP.fullmatch(text, a, b)
        return m is not None

    # -- main ---------------------------------------------------------------------------

    def find(self, text: str) -> list[Span]:
        toks = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
        if not toks:
            return []
        lows = [t[2].lower() for t in toks]
        names, interesting, cue_prev = self.names, self.interesting, self.cue_prev
        # Only words that are listed, hyphenated, possessive or follow a cue can start a find.
        cands = {
            i
            for i, low in enumerate(lows)
            if low in interesting or "-" in low or (low[-1] == "s" and low[:-1] in names)
        }
        cands.update(i + 1 for i, low in enumerate(lows[:-1]) if low in cue_prev)
        relation_prev = self.relation_prev
        if not relation_prev.isdisjoint(lows):
            cands.update(
                i + 1
                for i, low in enumerate(lows[:-1])
                if low in relation_prev and toks[i + 1][2][0].isupper()
            )
        spans: list[Span] = []
        free = 0  # first word not yet inside a find
        for i in sorted(cands):
            if i < free:
                continue
            tag, end_i = self._classify(text, toks, lows, i)
            if tag is None:
                continue
            if tag is Tag.NAVN:
                end_i = self._extend_name(text, toks, lows, end_i)
                start_i = max(free, self._extend_back(text, toks, lows, i))
            else:
                start_i = i
            spans.append(Span(toks[start_i][0], toks[end_i][1], tag))
            free = end_i + 1
        if spans:
            spans = self._coordinated_names(text, toks, lows, spans)
            spans = self._home_places(toks, lows, spans)
        return spans

    def _home_places(
        self, toks: list[tuple[int, int, str]], lows: list[str], spans: list[Span]
    ) -> list[Span]:
        """A person and a home: "Frode fra osen", "kai frå Fyresdal" (one side found, the other
        an ambiguous place or name)."""
        if _FROM.isdisjoint(lows):
            return spans
        names_end = {s.end for s in spans if s.tag is Tag.NAVN}
        places_start = {s.start for s in spans if s.tag is Tag.STED}
        taken = {s.start for s in spans} | {s.end for s in spans}
        added = []
        for k in range(1, len(toks) - 1):
            if lows[k] not in _FROM:
                continue
            who, where = toks[k - 1], toks[k + 1]
            if who[1] in names_end and lows[k + 1] in self.places and where[0] not in taken:
                added.append(Span(where[0], where[1], Tag.STED))
            elif (
                where[0] in places_start
                and who[1] not in taken
                and lows[k - 1] in self.ambiguous
                and lows[k - 1] in self.given
            ):
                added.append(Span(who[0], who[1], Tag.NAVN))
        return sorted(spans + added) if added else spans

    def _coordinated_names(
        self, text: str, toks: list[tuple[int, int, str]], lows: list[str], spans: list[Span]
    ) -> list[Span]:
        """An ambiguous name joined by "og" to a found name is a name: "Trine og Emma"."""
        if _AND.isdisjoint(lows) or self.ambiguous.isdisjoint(lows):
            return spans
        joins = [k for k, low in enumerate(lows) if low in _AND]
        starts = {s.start for s in spans if s.tag is Tag.NAVN}
        ends = {s.end for s in spans if s.tag is Tag.NAVN}
        added: list[Span] = []
        for k in joins:
            # "Trine og [Emma]" / "[Emma] og Trine": the neighbour on the other side is a name.
            for i, other in ((k - 1, k + 1), (k + 1, k - 1)):
                if not (0 <= i < len(toks) and 0 <= other < len(toks)):
                    continue
                if (toks[other][0] not in starts) if other > i else (toks[other][1] not in ends):
                    continue
                a, b = toks[i][0], toks[i][1]
                if lows[i] not in self.ambiguous or not self._name_like(lows[i])[0]:
                    continue
                if any(s.start < b and a < s.end for s in spans + added):
                    continue
                added.append(Span(a, b, Tag.NAVN))
        return sorted(spans + added) if added else spans

    def _sentence_start(self, text: str, toks: list[tuple[int, int, str]], i: int) -> bool:
        if i == 0:
            return not text[: toks[0][0]].strip(" \t\"'(")
        return not self._soft(text, toks[i - 1][1], toks[i][0])

    def _cue(
        self,
        text: str,
        toks: list[tuple[int, int, str]],
        lows: list[str],
        i: int,
        cues: frozenset[tuple[str, ...]],
        fillers: frozenset[str] = frozenset(),
    ) -> bool:
        """True if a cue from ``cues`` ends right before word i (in the same sentence)."""
        j = i
        while j > 0 and lows[j - 1] in fillers and self._soft(text, toks[j - 1][1], toks[j][0]):
            j -= 1
        if j == 0 or not self._soft(text, toks[j - 1][1], toks[j][0]):
            return False
        for k in (1, 2, 3):
            if j - k < 0:
                break
            if tuple(lows[j - k : j]) in cues:
                return all(
                    self._soft(text, toks[m][1], toks[m + 1][0]) for m in range(j - k, j - 1)
                )
        return False

    def _classify(
        self, text: str, toks: list[tuple[int, int, str]], lows: list[str], i: int
    ) -> tuple[Tag | None, int]:
        word, low = toks[i][2], lows[i]
        if word[0] == "[":
            return None, i
        cap = word[0].isupper()
        fw = low in self.function_words
        # 1. multi-word places
        if low in self.multi_first:
            for k in range(min(self.max_multi, len(toks) - i), 1, -1):
                if tuple(lows[i : i + k]) in self.lex.multiword_places and all(
                    self._soft(text, toks[m][1], toks[m + 1][0]) for m in range(i, i + k - 1)
                ):
                    return Tag.STED, i + k - 1
        prev = lows[i - 1] if i else ""
        is_name, amb_name = self._name_like(low)
        is_place = low in self.places
        amb_place = low in self.ambiguous
        # 2./3. name cues
        if prev in NAME_CUE_LAST or (i > 1 and prev in FILLERS):
            if not fw and self._cue(text, toks, lows, i, STRONG_NAME_CUES, FILLERS):
                return Tag.NAVN, i
            # After "han"/"ho" alone only a name that is no ordinary word: "han vilde ikke".
            listed = is_name and not (amb_name and not cap and prev in PRONOUN_CUES)
            unlisted = cap and not fw and not is_place and low not in RELATION_WORDS
            if (listed or unlisted) and self._cue(
                text, toks, lows, i, RELATION_CUES
            ):
                return Tag.NAVN, i
        # 4. places after a place cue
        if is_place:
            soft_prev = i > 0 and self._soft(text, toks[i - 1][1], toks[i][0])
            strong = soft_prev and self._cue(text, toks, lows, i, STRONG_PLACE_CUES)
            weak = soft_prev and prev in WEAK_PLACE_CUES
            if strong or (weak and (cap or not amb_place)):
                return Tag.STED, i
        # 5. names
        if is_name and not (is_place and low not in self.given):
            if not amb_name:
                return (Tag.NAVN, i) if not fw or cap else (None, i)
            if (
                i + 1 < len(toks)
                and lows[i + 1] in self.surnames
                and lows[i + 1] not in self.ambiguous
                and self._soft(text, toks[i][1], toks[i + 1][0])
                and low in self.given
            ):
                return Tag.NAVN, i  # "line svendsen": a surname after it makes it a name
            if not cap and i + 1 < len(toks) and self._sentence_start(text, toks, i):
                # "per sa at ...": a lower-case sentence that starts with a name and a verb.
                nxt = lows[i + 1]
                if nxt in NAME_VERBS and self._soft(text, toks[i][1], toks[i + 1][0]):
                    return Tag.NAVN, i
            if cap and word[1:2].islower() or cap and len(word) > 1 and word.isupper():
                if not self._sentence_start(text, toks, i):
                    return Tag.NAVN, i
                if i + 1 < len(toks) and self._soft(text, toks[i][1], toks[i + 1][0]):
                    nxt = lows[i + 1]
                    if nxt in NAME_VERBS or (toks[i + 1][2][0].isupper() and nxt in self.names):
                        return Tag.NAVN, i
                    if (
                        nxt == "og"
                        and i + 2 < len(toks)
                        and toks[i + 2][2][0].isupper()
                        and lows[i + 2] in self.names
                        and lows[i + 2] not in self.ambiguous
                    ):
                        return Tag.NAVN, i
            return None, i
        # 6. places
        if is_place:
            if not amb_place:
                return Tag.STED, i
            if cap and not self._sentence_start(text, toks, i):
                return Tag.STED, i
        return None, i

    def _extend_name(
        self, text: str, toks: list[tuple[int, int, str]], lows: list[str], j: int
    ) -> int:
        """Extend a name over following names or capitalised words ("Emma Sofie Hansen")."""
        while j + 1 < len(toks):
            a, b = toks[j][1], toks[j + 1][0]
            if b - a > 2 or text[a:b].strip(" "):
                break
            word, low = toks[j + 1][2], lows[j + 1]
            if word[0] == "[" or low in self.function_words or len(word) < 2:
                break
            is_name, amb = self._name_like(low)
            cap = word[0].isupper()
            # A listed surname right after a name is the surname, even "emma berg" in lower case.
            surname = low in self.surnames
            if (is_name and (cap or not amb or surname)) or (cap and low not in self.places):
                j += 1
                continue
            break
        return j

    def _extend_back(
        self, text: str, toks: list[tuple[int, int, str]], lows: list[str], i: int
    ) -> int:
        """Take in an unlisted capitalised first name before a listed surname ("Zofia Hansen")."""
        if i == 0 or lows[i] not in self.surnames:
            return i
        a, b = toks[i - 1][1], toks[i][0]
        word, low = toks[i - 1][2], lows[i - 1]
        if b - a > 2 or text[a:b].strip(" ") or word[0] == "[" or not word[0].isupper():
            return i
        if low in self.function_words or low in self.places or len(word) < 2:
            return i
        return i - 1
