"""Is a staff password strong enough? Length, then zxcvbn's guess-count estimate."""

from __future__ import annotations

from collections.abc import Iterable

from zxcvbn import zxcvbn  # maintained, pure Python

MIN_LENGTH = 12
#: zxcvbn's score 0–4; 3 is "safely unguessable" (about 10^10 guesses).
MIN_SCORE = 3
#: Words an attacker would try first for this service.
SERVICE_WORDS = ("alarmtelefonen", "116111", "hjelpetelefon", "barn", "unge", "veileder")


def password_problem(password: str, user_words: Iterable[str] = ()) -> str | None:
    """A sentence saying why ``password`` is too weak, or ``None`` when it will do."""
    if len(password) < MIN_LENGTH:
        return f"The password is too short: use at least {MIN_LENGTH} characters."
    words = [word for word in (*user_words, *SERVICE_WORDS) if word]
    estimate = zxcvbn(password[:100], user_inputs=words)
    if estimate["score"] >= MIN_SCORE:
        return None
    warning = str(estimate["feedback"].get("warning") or "").strip()
    reason = f" ({warning.rstrip('.')})" if warning else ""
    return (f"The password is too easy to guess{reason}: use several unrelated words, "
            "or a longer mix of letters, digits and signs.")
