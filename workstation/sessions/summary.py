"""The contact summary the counsellor fills in at wrap-up.

The summary is internal: it feeds statistics (by the categories of
:mod:`workstation.sessions.categories`) and is never shown to the contact. Keep the free text
short and free of identifying details. A contact that said nothing gets
:func:`silent_summary`.

Wire form: :func:`to_dict` / :func:`from_dict` (plain JSON-compatible dicts, strict
validation of types and enumerations on the way in).
"""

from __future__ import annotations

from typing import Any, Literal, get_args

import msgspec

from workstation.sessions import categories as _categories

__all__ = [
    "MAX_TEXT_LENGTH",
    "Action",
    "AgeBand",
    "ContactBy",
    "ContactSummary",
    "Gender",
    "Problem",
    "Wanted",
    "from_dict",
    "is_valid",
    "silent_summary",
    "to_dict",
    "validate",
]

MAX_TEXT_LENGTH = 1000

ContactBy = Literal["child_self", "adult_about_child", "other", "unknown"]
AgeBand = Literal["0-9", "10-12", "13-15", "16-17", "18+", "unknown"]
Gender = Literal["girl", "boy", "other", "unknown"]
Wanted = Literal["listened_to", "advice", "information", "to_report", "unknown"]
Action = Literal["advice", "referral", "concern_report", "emergency_services", "none"]


class ContactSummary(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """What the counsellor records about one contact."""

    contact_by: ContactBy = "unknown"
    """Who made contact: the child, an adult worried about a child, someone else, unknown."""
    age_band: AgeBand = "unknown"
    """Age band of the child the contact is about."""
    gender: Gender = "unknown"
    categories: tuple[str, ...] = ()
    """Category or subcategory ids from ``resources/categories.json``."""
    wanted: tuple[Wanted, ...] = ()
    """What the young person wanted from the conversation (one or more)."""
    actions: tuple[Action, ...] = ()
    """What the counsellor did; ``"none"`` stands alone."""
    text: str = ""
    """A short internal summary, at most :data:`MAX_TEXT_LENGTH` characters."""
    silent: bool = False
    """The contact said nothing; categories and wanted are then optional."""


class Problem(msgspec.Struct, frozen=True):
    """One thing the counsellor must fix before the summary can be saved."""

    field: str
    kind: Literal["missing", "invalid", "too_long", "conflict"]
    message: str
    """Norwegian Bokmål, written for the counsellor."""


_CHOICES: dict[str, tuple[str, ...]] = {
    "contact_by": get_args(ContactBy),
    "age_band": get_args(AgeBand),
    "gender": get_args(Gender),
}
_FIELD_NAMES = {
    "contact_by": "hvem som tok kontakt",
    "age_band": "aldersgruppe",
    "gender": "kjønn",
    "wanted": "hva den unge ønsket",
    "actions": "tiltak",
}


def validate(summary: ContactSummary) -> list[Problem]:
    """Everything that stops ``summary`` from being saved; an empty list means it is fine."""
    problems: list[Problem] = []
    for name, allowed in _CHOICES.items():
        value = getattr(summary, name)
        if value not in allowed:
            problems.append(
                Problem(name, "invalid", f"Ugyldig verdi for {_FIELD_NAMES[name]}: «{value}».")
            )

    if not summary.categories and not summary.silent:
        problems.append(
            Problem(
                "categories",
                "missing",
                "Velg minst én kategori som beskriver hva samtalen handlet om.",
            )
        )
    for unknown in _categories.invalid_ids(summary.categories):
        problems.append(
            Problem(
                "categories",
                "invalid",
                f"Kategorien «{unknown}» finnes ikke. Velg en kategori fra listen.",
            )
        )

    if not summary.wanted and not summary.silent:
        problems.append(
            Problem(
                "wanted",
                "missing",
                "Fyll inn hva den unge ønsket seg av samtalen, for eksempel å bli lyttet til "
                "eller å få råd. Velg «vet ikke» hvis det ikke kom fram.",
            )
        )
    problems += _check_choices("wanted", summary.wanted, get_args(Wanted))
    problems += _check_choices("actions", summary.actions, get_args(Action))
    if "none" in summary.actions and len(set(summary.actions)) > 1:
        problems.append(
            Problem(
                "actions",
                "conflict",
                "«Ingen tiltak» kan ikke kombineres med andre tiltak. Fjern det ene.",
            )
        )

    if len(summary.text) > MAX_TEXT_LENGTH:
        problems.append(
            Problem(
                "text",
                "too_long",
                f"Oppsummeringen er {len(summary.text)} tegn lang. "
                f"Kort den ned til høyst {MAX_TEXT_LENGTH} tegn.",
            )
        )
    return problems


def _check_choices(name: str, values: tuple[str, ...], allowed: tuple[str, ...]) -> list[Problem]:
    return [
        Problem(name, "invalid", f"Ugyldig verdi for {_FIELD_NAMES[name]}: «{value}».")
        for value in values
        if value not in allowed
    ]


def is_valid(summary: ContactSummary) -> bool:
    return not validate(summary)


def silent_summary() -> ContactSummary:
    """A complete, valid summary for a contact that said nothing."""
    return ContactSummary(
        silent=True,
        categories=("other.silent",),
        wanted=("unknown",),
        actions=("none",),
    )


def to_dict(summary: ContactSummary) -> dict[str, Any]:
    """A JSON-compatible dict with every field (tuples become lists)."""
    data = msgspec.json.decode(msgspec.json.encode(summary))
    assert isinstance(data, dict)
    return data


def from_dict(data: dict[str, Any]) -> ContactSummary:
    """Build a summary from its wire form.

    Missing fields take their defaults; unknown fields, wrong types and values outside the
    enumerations raise :class:`msgspec.ValidationError` (a ``ValueError``). Category ids and
    the length of the text are not checked here; use :func:`validate`.
    """
    return msgspec.convert(data, ContactSummary)
