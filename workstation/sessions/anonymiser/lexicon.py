"""Word lists the anonymiser looks words up in, loaded once from the resources folder."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


def _lines(path: Path) -> list[str]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def _municipality_names(path: Path) -> list[str]:
    """All names of all municipalities: "Rana - Raane" gives both; "(Nordland)" is dropped."""
    names: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            full = row["navn"].split("(", 1)[0].strip()
            names.extend(part.strip() for part in full.split(" - ") if part.strip())
    return names


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Lower-cased word sets. Multi-word places are kept as tuples of lower-cased words."""

    given: frozenset[str]
    surnames: frozenset[str]
    places: frozenset[str]
    multiword_places: frozenset[tuple[str, ...]]
    ambiguous: frozenset[str]
    function_words: frozenset[str]

    @property
    def names(self) -> frozenset[str]:
        return self.given | self.surnames

    @classmethod
    def load(cls, resources: Path) -> Lexicon:
        """Read ``data/navn.txt``, ``data/kommuner-2024.csv`` and ``anonymiser/*.txt``."""
        data, own = resources / "data", resources / "anonymiser"
        given: set[str] = set()
        surnames: set[str] = set()
        for line in _lines(data / "navn.txt") + _lines(own / "ekstra-navn.txt"):
            kind, _, name = line.partition(":")
            target = given if kind == "given" else surnames
            target.add(name.strip().lower())
        places: set[str] = set()
        multi: set[tuple[str, ...]] = set()
        for name in _municipality_names(data / "kommuner-2024.csv") + _lines(own / "steder.txt"):
            words = tuple(name.lower().split())
            if len(words) == 1:
                places.add(words[0])
            else:
                multi.add(words)
        return cls(
            given=frozenset(given),
            surnames=frozenset(surnames),
            places=frozenset(places),
            multiword_places=frozenset(multi),
            ambiguous=frozenset(w.lower() for w in _lines(own / "vanlige-ord.txt")),
            function_words=frozenset(w.lower() for w in _lines(own / "funksjonsord.txt")),
        )
