"""Staff names in replays: masked as whole names, and word by word only where a word is a name.

A staff display name such as "Vaktleder Demo" or "Vera Vaktleder-Berg" is masked wherever it
is written whole, in any case. A single word of it is masked alone only when it is a listed
given name or surname ("Vera", "Berg"); a listed name that is also an ordinary word ("Per",
"Berg", "Liv") only when it is written with a capital letter. So "jeg vil snakke med en
vaktleder" keeps its "vaktleder", and "to ganger per uke" its "per".

User names (log-in ids) are handled the same way: "kari.n" is masked, "vaktleder" is not.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from .lexicon import Lexicon

_PLAIN_WORD = re.compile(r"[^\W\d_]+")
# A name is whole when no letter or hyphen touches it: "Anne" is not masked inside "Anne-Mette".
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![\w-])", r"(?![\w-])"


@functools.cache
def default_lexicon() -> Lexicon:
    """The shipped word lists, loaded once per process."""
    from workstation.paths import RESOURCES

    return Lexicon.load(RESOURCES)


def _is_listed(low: str, lex: Lexicon) -> bool:
    return low in lex.given or low in lex.surnames


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def staff_name_scrubber(
    names: Iterable[str], lexicon: Lexicon | None = None
) -> Callable[[str], str]:
    """A function replacing the given staff names by ``[NAVN]`` (see the module docstring)."""
    lex = lexicon or default_lexicon()
    any_case: set[str] = set()
    capitalised: set[str] = set()

    def add_word(word: str) -> None:
        low = word.lower()
        if not _is_listed(low, lex):
            return
        if low in lex.ambiguous:
            capitalised.add(word[:1].upper() + word[1:].lower())
        else:
            any_case.add(word)

    for name in names:
        name = name.strip()
        if not name:
            continue
        if _PLAIN_WORD.fullmatch(name):
            add_word(name)  # one word: a name only if it is one ("Kari", not "vaktleder")
            continue
        any_case.add(name)  # "Vaktleder Demo", "kari.n", "Anne-Lise"
        for word in name.split():
            parts = [p for p in word.split("-") if p]
            if len(parts) > 1 and all(_is_listed(p.lower(), lex) for p in parts):
                any_case.add(word)  # "Anne-Lise" alone
            for part in parts:
                if len(part) >= 2 and _PLAIN_WORD.fullmatch(part):
                    add_word(part)
    patterns: list[re.Pattern[str]] = []
    if any_case:
        alternatives = _alternation(any_case)
        patterns.append(re.compile(_EDGE_BEFORE + f"(?:{alternatives})" + _EDGE_AFTER, re.I))
    if capitalised:
        alternatives = _alternation(capitalised)
        patterns.append(re.compile(_EDGE_BEFORE + f"(?:{alternatives})" + _EDGE_AFTER))
    if not patterns:
        return lambda text: text

    def scrub(text: str) -> str:
        for pattern in patterns:
            text = pattern.sub("[NAVN]", text)
        return text

    return scrub
