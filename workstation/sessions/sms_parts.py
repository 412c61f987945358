"""How many SMS a reply takes: GSM-7 when every character has one, else UCS-2.

The GSM 03.38 alphabet comes from the ``gsm0338`` codec (its escape characters such as ``€``
and ``{`` encode to two septets). The split follows 3GPP TS 23.040 with an 8-bit
concatenation header, as Kannel sends it: one message holds 160 septets (GSM-7) or 70 UTF-16
units (UCS-2); a long one is sent in parts of 153 septets or 67 units. An escape pair or a
surrogate pair is never cut between two parts. The desk and the hub count with this module,
so the number the counsellor sees before sending is the number that goes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

Encoding = Literal["gsm7", "ucs2"]
#: Units one single message holds, and each part of a long one, per encoding.
SINGLE = {"gsm7": 160, "ucs2": 70}
PART = {"gsm7": 153, "ucs2": 67}


@dataclass(frozen=True, slots=True)
class SmsParts:
    """Attributes:
    encoding: ``gsm7`` or ``ucs2``.
    parts: the text cut into the messages the phone receives (joined, they are the text).
    """

    encoding: Encoding
    parts: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.parts)


def encoding_of(text: str) -> Encoding:
    """``gsm7`` when every character is in the GSM 03.38 alphabet (with its extension)."""
    try:
        text.encode("gsm03.38")
    except UnicodeEncodeError:
        return "ucs2"
    return "gsm7"


def _units(char: str, encoding: Encoding) -> int:
    if encoding == "gsm7":
        return len(char.encode("gsm03.38"))  # 2 for an escape character
    return 2 if ord(char) > 0xFFFF else 1  # a surrogate pair in UTF-16


def split(text: str) -> SmsParts:
    """``text`` as the SMS parts it is sent in (an empty text is one empty message)."""
    encoding = encoding_of(text)
    units = [_units(c, encoding) for c in text]
    if sum(units) <= SINGLE[encoding]:
        return SmsParts(encoding, (text,))
    limit = PART[encoding]
    parts: list[str] = []
    start = used = 0
    for i, size in enumerate(units):
        if used + size > limit:
            parts.append(text[start:i])
            start, used = i, 0
        used += size
    parts.append(text[start:])
    return SmsParts(encoding, tuple(parts))
