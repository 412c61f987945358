"""Check digits of Norwegian national identity numbers (fødselsnummer and D-nummer)."""

from __future__ import annotations

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    rest = sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    check = 0 if rest == 0 else 11 - rest
    return None if check == 10 else check


def check_digits(first_nine: str) -> str | None:
    """The two mod-11 check digits for nine leading digits, or None if none exist."""
    digits = [int(c) for c in first_nine]
    k1 = _check_digit(digits, _W1)
    if k1 is None:
        return None
    k2 = _check_digit([*digits, k1], _W2)
    if k2 is None:
        return None
    return f"{k1}{k2}"


def is_identity_number(number: str) -> bool:
    """True for an 11-digit fødselsnummer or D-nummer with a plausible date and valid checks.

    A D-nummer has 4 added to the first digit of the day (41-71 instead of 01-31).
    """
    return has_birth_date(number) and check_digits(number[:9]) == number[9:]


def has_birth_date(number: str) -> bool:
    """True for 11 digits that start with a plausible DDMMYY (day + 40 for a D-nummer)."""
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return False
    day, month = int(number[0:2]), int(number[2:4])
    if day > 40:
        day -= 40
    return 1 <= day <= 31 and 1 <= month <= 12


def is_d_number(number: str) -> bool:
    """True for a valid D-nummer (a valid identity number whose first digit is 4-7)."""
    return is_identity_number(number) and number[0] in "4567"
