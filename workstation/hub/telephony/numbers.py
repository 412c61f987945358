"""Phone numbers: normalise with ``phonenumbers``, then keep only what a desk may show.

A full number is never stored or logged by the hub. Calls show a masked number with the
country code and the last two digits (``+47 ** ** ** 12``); SMS threads are told apart by a
keyed hash of the normalised number (:func:`thread_hash`).
"""

from __future__ import annotations

import hashlib
import hmac

import phonenumbers

#: Numbers without a country code are read as Norwegian.
DEFAULT_REGION = "NO"
#: How many trailing digits a masked number keeps.
VISIBLE_DIGITS = 2


def normalise(number: str | None) -> str | None:
    """The E.164 form (``+4791234512``), or ``None`` for a withheld or unreadable number."""
    if not number or not number.strip():
        return None
    try:
        parsed = phonenumbers.parse(number, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mask(number: str | None) -> str | None:
    """``+47 ** ** ** 12`` for ``+47 912 34 512``; ``None`` when withheld or unreadable.

    Digits are masked in pairs from the right, so the grouping tells the length (the kind of
    number) but nothing else.
    """
    e164 = normalise(number)
    if e164 is None:
        return None
    parsed = phonenumbers.parse(e164)
    national = str(parsed.national_number)
    shown = national[-VISIBLE_DIGITS:]
    hidden = len(national) - len(shown)
    groups = ["**"] * (hidden // 2)
    if hidden % 2:
        groups.insert(0, "*")
    return " ".join([f"+{parsed.country_code}", *groups, shown])


def thread_hash(number: str, salt: bytes) -> str | None:
    """A stable pseudonym for a number: HMAC-SHA256 of its E.164 form under ``salt``.

    The salt must be secret and kept out of the hub's database: Norwegian numbers are few
    enough (10⁸) to try them all against a known salt. ``None`` for an unreadable number.
    """
    e164 = normalise(number)
    if e164 is None:
        return None
    return hmac.new(salt, e164.encode(), hashlib.sha256).hexdigest()[:32]
