"""Scoring the anonymiser against a labelled corpus (used by the tests and the benchmark).

A corpus line is ``{"text": ..., "spans": [[start, end, "TAG"], ...]}``.

- **Recall** (overall): share of labelled spans whose every character is redacted (any tag).
- **Recall** (per category): share of labelled spans fully covered by spans of the same tag.
- **Precision** (per category): share of found spans that overlap a labelled span of that tag.
- **Over-redaction**: share of ordinary words (words outside every labelled span) that overlap
  a found span, i.e. non-personal words the anonymiser removed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .engine import Anonymiser
from .spans import Span, Tag

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    spans: tuple[Span, ...]


@dataclass(slots=True)
class Counts:
    gold: int = 0
    gold_found: int = 0
    predicted: int = 0
    predicted_right: int = 0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.predicted_right / self.predicted if self.predicted else 1.0


@dataclass(slots=True)
class Score:
    per_tag: dict[Tag, Counts] = field(default_factory=lambda: {t: Counts() for t in Tag})
    gold: int = 0
    gold_redacted: int = 0
    ordinary_words: int = 0
    ordinary_removed: int = 0
    missed: list[tuple[str, Span]] = field(default_factory=list)
    over: list[tuple[str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.gold_redacted / self.gold if self.gold else 1.0

    @property
    def over_redaction(self) -> float:
        return self.ordinary_removed / self.ordinary_words if self.ordinary_words else 0.0

    @property
    def precision(self) -> float:
        predicted = sum(c.predicted for c in self.per_tag.values())
        right = sum(c.predicted_right for c in self.per_tag.values())
        return right / predicted if predicted else 1.0


def load_corpus(path: Path) -> list[Example]:
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            spans = tuple(Span(int(s), int(e), Tag(t)) for s, e, t in obj["spans"])
            examples.append(Example(obj["text"], spans))
    return examples


def _covered(span: Span, found: Iterable[Span]) -> bool:
    need = set(range(span.start, span.end))
    for f in found:
        need.difference_update(range(f.start, f.end))
    return not need


def score(anonymiser: Anonymiser, examples: Iterable[Example]) -> Score:
    result = Score()
    for ex in examples:
        found = anonymiser.find(ex.text)
        for gold in ex.spans:
            counts = result.per_tag[gold.tag]
            counts.gold += 1
            result.gold += 1
            if _covered(gold, found):
                result.gold_redacted += 1
            else:
                result.missed.append((ex.text, gold))
            if _covered(gold, [f for f in found if f.tag == gold.tag]):
                counts.gold_found += 1
        for f in found:
            counts = result.per_tag[f.tag]
            counts.predicted += 1
            if any(g.tag == f.tag and g.start < f.end and f.start < g.end for g in ex.spans):
                counts.predicted_right += 1
        for m in _WORD.finditer(ex.text):
            if any(g.start < m.end() and m.start() < g.end for g in ex.spans):
                continue
            result.ordinary_words += 1
            if any(f.start < m.end() and m.start() < f.end for f in found):
                result.ordinary_removed += 1
                result.over.append((ex.text, m.group()))
    return result
