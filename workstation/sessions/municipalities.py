"""Norwegian municipalities (kommuner, 2024 division) with a forgiving search.

Data: ``resources/data/kommuner-2024.csv`` (columns ``nummer,navn,fylke``; numbers keep
their leading zeros). Bilingual municipalities carry parallel names in "A - B" form
("Trondheim - Tråante"); a search matches any of the parts.

Search is case-insensitive and accent-insensitive: "tromso" finds "Tromsø", "aasnes" and
"asnes" find "Åsnes", "evenassi" finds "Evenes - Evenášši".
"""

from __future__ import annotations

import csv
import itertools
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from workstation.paths import RESOURCES

__all__ = [
    "DATA_FILE",
    "Municipality",
    "all_municipalities",
    "by_number",
    "normalise",
    "search",
]

DATA_FILE: Path = RESOURCES / "data" / "kommuner-2024.csv"

# Each Norwegian letter folds to its usual ASCII spellings; the first is the primary one.
_FOLDS: dict[str, tuple[str, ...]] = {"æ": ("ae", "a"), "ø": ("o", "oe"), "å": ("aa", "a")}


@dataclass(frozen=True, slots=True)
class Municipality:
    number: str
    """Four-digit municipality number as a string, e.g. ``"0301"``."""
    name: str
    """Official name; parallel names are joined with ``" - "``."""
    county: str
    """County (fylke) name."""
    _keys: tuple[str, ...] = field(default=(), repr=False, compare=False)
    _raw: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """The individual parallel names, e.g. ``("Trondheim", "Tråante")``."""
        return tuple(part.strip() for part in self.name.split(" - "))

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Lower-case ASCII form used for matching (æ→ae, ø→o, å→aa, other accents dropped)."""
    lowered = text.strip().casefold()
    for letter, spellings in _FOLDS.items():
        lowered = lowered.replace(letter, spellings[0])
    return " ".join(_strip_marks(lowered).split())


def _variants(name: str) -> set[str]:
    """All ASCII spellings of ``name`` under the alternative folds of æ, ø and å."""
    lowered = " ".join(name.strip().casefold().split())
    letters = [letter for letter in _FOLDS if letter in lowered]
    result: set[str] = set()
    for choice in itertools.product(*(_FOLDS[letter] for letter in letters)):
        variant = lowered
        for letter, spelling in zip(letters, choice, strict=True):
            variant = variant.replace(letter, spelling)
        result.add(_strip_marks(variant))
    return result


def _raw_form(text: str) -> str:
    return " ".join(text.strip().casefold().split())


def _make(number: str, name: str, county: str) -> Municipality:
    probe = Municipality(number, name, county)
    keys = sorted(set().union(*(_variants(part) for part in probe.names)))
    raw = tuple(_raw_form(part) for part in probe.names)
    return Municipality(number, name, county, tuple(keys), raw)


@lru_cache(maxsize=1)
def all_municipalities() -> tuple[Municipality, ...]:
    """All 357 municipalities, in file order (by county, then number)."""
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(_make(row["nummer"].strip(), row["navn"].strip(), row["fylke"].strip())
                 for row in rows)


@lru_cache(maxsize=1)
def _index() -> dict[str, Municipality]:
    return {m.number: m for m in all_municipalities()}


def by_number(number: str | int) -> Municipality | None:
    """Look a municipality up by its number; ``"301"``, ``301`` and ``"0301"`` all give Oslo."""
    text = str(number).strip()
    if not text.isdigit() or len(text) > 4:
        return None
    return _index().get(text.zfill(4))


def _rank(keys: tuple[str, ...], query: str) -> int | None:
    best: int | None = None
    for key in keys:
        if key == query:
            rank = 0
        elif key.startswith(query):
            rank = 1
        elif any(word.startswith(query) for word in key.replace("-", " ").split()):
            rank = 2
        elif query in key:
            rank = 3
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best


def search(query: str, limit: int | None = None) -> list[Municipality]:
    """Municipalities matching ``query``.

    A query of digits matches number prefixes ("03" finds Oslo, "50" all of Trøndelag).
    Otherwise the query matches names: exact names first, then prefixes, word prefixes and
    finally substrings. Within a level, names that match the query as typed (with æ, ø, å)
    come before those that match only after folding ("bø" gives Bø and Bømlo before Bodø);
    remaining ties are sorted by name. An empty query gives no results.
    """
    text = query.strip()
    if not text:
        return []
    if text.isdigit():
        hits = [m for m in all_municipalities() if m.number.startswith(text)]
        hits.sort(key=lambda m: m.number)
        return hits[:limit] if limit is not None else hits
    wanted = normalise(text)
    typed = _raw_form(text)
    ranked: list[tuple[int, int, str, Municipality]] = []
    for m in all_municipalities():
        rank = _rank(m._keys, wanted)
        if rank is not None:
            raw_rank = _rank(m._raw, typed)
            ranked.append((rank, 9 if raw_rank is None else raw_rank, normalise(m.name), m))
    ranked.sort(key=lambda item: item[:3])
    hits = [item[3] for item in ranked]
    return hits[:limit] if limit is not None else hits
