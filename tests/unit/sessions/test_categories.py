import json
from pathlib import Path

import msgspec
import pytest

from workstation.sessions.categories import (
    DATA_FILE,
    Category,
    Subcategory,
    all_ids,
    categories,
    get,
    invalid_ids,
    is_valid,
    label,
    load_categories,
    parent_id,
)

REQUIRED = (
    "violence", "abuse", "neglect", "mental_health", "family", "peers", "bullying", "school",
    "sexuality_gender", "physical_health", "substance_use", "discrimination", "online_safety",
    "legal", "basic_needs", "other",
)


def test_required_top_level_categories() -> None:
    assert tuple(c.id for c in categories()) == REQUIRED


def test_required_subcategories() -> None:
    for needed in (
        "abuse.sexual", "mental_health.self_harm", "mental_health.suicidal_thoughts",
        "basic_needs.homelessness", "other.silent",
    ):
        assert is_valid(needed), needed


def test_every_entry_has_both_labels() -> None:
    for category in categories():
        assert category.nb and category.en and category.subcategories
        for sub in category.subcategories:
            assert sub.nb and sub.en
            assert parent_id(sub.id) == category.id


def test_lookup_and_labels() -> None:
    violence = get("violence")
    assert isinstance(violence, Category)
    assert isinstance(get("violence.physical"), Subcategory)
    assert get("nope") is None
    assert label("mental_health") == "Psykisk helse"
    assert label("mental_health", "en") == "Mental health"
    assert label("abuse.sexual") == "Seksuelle overgrep"
    assert label("abuse.sexual", with_parent=True) == "Overgrep: Seksuelle overgrep"
    assert label("abuse.sexual", "en", with_parent=True) == "Abuse: Sexual abuse"
    with pytest.raises(KeyError):
        label("nope")
    with pytest.raises(KeyError):
        parent_id("nope.x")


def test_validation_helpers() -> None:
    assert invalid_ids(["violence", "bogus", "abuse.sexual", "abuse.bogus"]) == [
        "bogus",
        "abuse.bogus",
    ]
    assert len(all_ids()) == len(set(all_ids()))
    assert all_ids()[0] == "violence"


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "categories.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_loader_rejects_bad_files(tmp_path: Path) -> None:
    good = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert len(load_categories(_write(tmp_path, good))) == len(REQUIRED)

    wrong_parent = json.loads(json.dumps(good))
    wrong_parent["categories"][0]["subcategories"][0]["id"] = "abuse.physical"
    duplicate = json.loads(json.dumps(good))
    duplicate["categories"].append(duplicate["categories"][0])
    missing_label = json.loads(json.dumps(good))
    del missing_label["categories"][0]["nb"]
    for bad in (wrong_parent, duplicate, missing_label):
        with pytest.raises(msgspec.ValidationError):
            load_categories(_write(tmp_path, bad))
