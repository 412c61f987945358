"""Return codes: two easy words and a number ("SOL-ORM-47"), and how a typed code is read.

The hub never stores a code, only its keyed hash (``HubKeys.pseudonym("return-code", …)``
of the normalised form), so a copied database tells nobody which codes exist.
"""

from __future__ import annotations

import re
import secrets

from workstation.hub.returning.words import WORDS

#: The keyed-hash purpose of return codes.
PURPOSE = "return-code"
#: The number part: 10 … 99 (two digits are said and typed without thinking).
_NUMBERS = range(10, 100)


def new_code() -> str:
    """A fresh code such as ``SOL-ORM-47`` (two different words: about 3.7 million codes)."""
    first = secrets.choice(WORDS)
    second = secrets.choice([word for word in WORDS if word != first])
    return f"{first}-{second}-{secrets.choice(_NUMBERS)}"


def normalise(typed: str) -> str | None:
    """The form of a typed code that is hashed (``SOLORM47``), or ``None`` when it cannot be
    a code. Case, spaces, dashes and dots do not matter, and a leading ``KODE`` (the SMS
    keyword) is dropped; the letters must split into two words of the list."""
    text = re.sub(r"[\s.\-_]+", "", typed.upper())
    if text.startswith("KODE") and not _splits(text[:-2]):
        text = text[4:]
    match = re.fullmatch(r"([A-Z]{6,12})(\d{2})", text)
    if match is None or not _splits(match[1]):
        return None
    return text


def _splits(letters: str) -> bool:
    return any(
        letters[:cut] in _WORDSET and letters[cut:] in _WORDSET
        for cut in range(3, len(letters) - 2)
    )


_WORDSET = frozenset(WORDS)
