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
#: The keyed-hash purpose of a code's digit form (what a caller types on the phone menu).
DIGITS_PURPOSE = "return-code-digits"
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


# --- the digit form: what a caller types on a phone's keypad -------------------------------

#: The letters on a phone's keys (ITU E.161), as every keypad prints them.
_KEYPAD = {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS", "8": "TUV",
           "9": "WXYZ"}
_LETTER_KEY = {letter: key for key, letters in _KEYPAD.items() for letter in letters}


def digit_form(code: str) -> str:
    """What a caller types for ``code`` on the phone menu: each letter's key, then the number
    (``SOL-ORM-47`` → ``76567647``). Several codes can share a digit form (``KANO`` and
    ``LAMM`` are both ``5266``; ``ANKER-BIE`` and ``BOK-DRAGE`` are both ``26537243``), so the
    hub refuses to give a code whose digit form belongs to a code that still opens."""
    return _keys(normalise(code) or "")


def spoken_digits(code: str) -> str:
    """The digit form in groups a counsellor reads out: ``SOL-ORM-47`` → ``765 676 47``."""
    return " ".join(_keys(part) for part in code.upper().split("-"))


def _keys(text: str) -> str:
    return "".join(_LETTER_KEY.get(char, char) for char in text)


def normalise_digits(typed: str) -> str | None:
    """The form of typed digits that is hashed, or ``None`` when they cannot be a code's
    digit form (two words of 3 to 6 letters and two digits: 8 to 14 digits)."""
    return typed if re.fullmatch(r"\d{8,14}", typed) else None
