import json

import msgspec
import pytest

from workstation.sessions.summary import (
    MAX_TEXT_LENGTH,
    ContactSummary,
    Problem,
    from_dict,
    is_valid,
    silent_summary,
    to_dict,
    validate,
)


def complete() -> ContactSummary:
    return ContactSummary(
        contact_by="child_self",
        age_band="13-15",
        gender="girl",
        categories=("violence.physical", "family"),
        wanted=("listened_to",),
        actions=("advice", "referral"),
        text="Forteller om slag hjemme. Fikk råd om å snakke med helsesykepleier.",
    )


def fields(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.field, p.kind) for p in problems]


def test_a_complete_summary_is_valid() -> None:
    assert validate(complete()) == []
    assert is_valid(complete())


def test_empty_summary_needs_categories_and_wanted() -> None:
    problems = validate(ContactSummary())
    assert fields(problems) == [("categories", "missing"), ("wanted", "missing")]
    assert problems[0].message == "Velg minst én kategori som beskriver hva samtalen handlet om."
    assert "hva den unge ønsket" in problems[1].message
    assert "lyttet til" in problems[1].message


def test_silent_contacts_need_neither() -> None:
    assert validate(ContactSummary(silent=True)) == []


def test_silent_summary_is_valid_and_marked() -> None:
    summary = silent_summary()
    assert summary.silent
    assert validate(summary) == []
    assert summary.categories == ("other.silent",)
    assert summary.actions == ("none",)


def test_unknown_category_ids_are_reported() -> None:
    summary = msgspec.structs.replace(complete(), categories=("violence", "fiction.madeup"))
    problems = validate(summary)
    assert fields(problems) == [("categories", "invalid")]
    assert "«fiction.madeup» finnes ikke" in problems[0].message


def test_text_length_limit() -> None:
    ok = msgspec.structs.replace(complete(), text="x" * MAX_TEXT_LENGTH)
    assert validate(ok) == []
    long = msgspec.structs.replace(complete(), text="x" * (MAX_TEXT_LENGTH + 5))
    problems = validate(long)
    assert fields(problems) == [("text", "too_long")]
    assert problems[0].message == (
        "Oppsummeringen er 1005 tegn lang. Kort den ned til høyst 1000 tegn."
    )


def test_none_cannot_be_combined_with_other_actions() -> None:
    summary = msgspec.structs.replace(complete(), actions=("none", "referral"))
    assert fields(validate(summary)) == [("actions", "conflict")]


def test_values_outside_the_enumerations_are_reported() -> None:
    # Python does not check Literal types at runtime; validate() does.
    summary = ContactSummary(
        contact_by="robot",  # type: ignore[arg-type]
        categories=("other",),
        wanted=("pizza",),  # type: ignore[arg-type]
    )
    problems = validate(summary)
    assert fields(problems) == [("contact_by", "invalid"), ("wanted", "invalid")]
    assert problems[0].message == "Ugyldig verdi for hvem som tok kontakt: «robot»."


def test_wire_round_trip() -> None:
    summary = complete()
    data = to_dict(summary)
    assert data["categories"] == ["violence.physical", "family"]
    assert json.loads(json.dumps(data)) == data
    assert from_dict(data) == summary
    assert from_dict(to_dict(silent_summary())) == silent_summary()


def test_from_dict_defaults_and_strictness() -> None:
    assert from_dict({}) == ContactSummary()
    assert from_dict({"silent": True}).silent
    with pytest.raises(msgspec.ValidationError):
        from_dict({"gender": "martian"})
    with pytest.raises(msgspec.ValidationError):
        from_dict({"name": "Ola"})  # unknown fields (e.g. identifying ones) are refused
    with pytest.raises(ValueError):
        from_dict({"silent": "yes"})
