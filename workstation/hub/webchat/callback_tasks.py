"""Call-back tasks: the number read and checked, and the task the hub keeps in memory (its
rows' SQL: :mod:`workstation.hub.webchat.callback_store`).

The number is read with ``phonenumbers`` (Norway when no country code is given), kept only
sealed under the hub key (purpose :data:`PURPOSE`) and emptied (a zero-length blob, with
``secure_delete`` on) as soon as the task is done; the 48-hour purge deletes the row.
What a desk may see is the masked form (``+47 ** ** ** 12``), kept beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import phonenumbers

from workstation.hub.telephony.numbers import DEFAULT_REGION, mask

#: The hub-key purpose the numbers are sealed under (workstation/hub/keys.py).
PURPOSE = "callback"


def callable_number(text: str) -> str | None:
    """The E.164 form of a number a counsellor can ring, or ``None`` when it is not one."""
    try:
        parsed = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def readable(e164: str) -> str:
    """``+47 912 34 512``: the international form, grouped for reading aloud and dialling."""
    parsed = phonenumbers.parse(e164)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@dataclass
class Task:
    """An open call-back task, as the hub keeps it in memory (no number in it).

    Attributes:
        taken_by: the user name of the counsellor who took it, or ``None`` while open.
        taken_name: that counsellor's display name (for the other desks).
    """

    id: str
    requested_at: str
    masked: str
    window: str
    may_say_who: bool
    lang: str | None
    attempts: int = 0
    taken_by: str | None = None
    taken_name: str | None = None
    taken_at: str | None = None

    def to_wire(self) -> dict[str, Any]:
        return {
            "callback": self.id,
            "channel": "phone",
            "number": self.masked,
            "window": self.window,
            "may_say_who": self.may_say_who,
            "lang": self.lang,
            "requested_at": self.requested_at,
            "attempts": self.attempts,
            "taken_by": self.taken_name,
            "taken_user": self.taken_by,
        }

    @classmethod
    def new(
        cls, task_id: str, at: str, e164: str, window: str, may_say_who: bool, lang: str | None
    ) -> Task:
        return cls(task_id, at, mask(e164) or "", window, may_say_who, lang)
