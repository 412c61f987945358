"""Contact categories: a Norwegian adaptation of Child Helpline International's data framework.

Data: ``resources/categories.json``. Each top-level category has a stable English id
(``"violence"``) and subcategories whose ids are ``"<category>.<sub>"``
(``"violence.physical"``). Ids are stored in contact summaries and statistics and must never
be renamed; labels may be reworded freely. Labels exist in Norwegian Bokmål (``nb``) and
English (``en``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal

import msgspec

from workstation.paths import RESOURCES

__all__ = [
    "DATA_FILE",
    "Category",
    "Subcategory",
    "all_ids",
    "categories",
    "get",
    "invalid_ids",
    "is_valid",
    "label",
    "load_categories",
    "parent_id",
]

DATA_FILE: Path = RESOURCES / "categories.json"
Lang = Literal["nb", "en"]
_ID = re.compile(r"[a-z][a-z0-9_]*")


class Subcategory(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    nb: str
    en: str


class Category(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    nb: str
    en: str
    subcategories: tuple[Subcategory, ...] = ()

    def __post_init__(self) -> None:
        if not _ID.fullmatch(self.id):
            raise ValueError(f"bad category id {self.id!r}")
        for sub in self.subcategories:
            parent, dot, rest = sub.id.partition(".")
            if parent != self.id or not dot or not _ID.fullmatch(rest):
                raise ValueError(f"subcategory id {sub.id!r} must be '{self.id}.<name>'")


class _File(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    version: int
    source: str
    categories: tuple[Category, ...]

    def __post_init__(self) -> None:
        ids = [c.id for c in self.categories] + [
            s.id for c in self.categories for s in c.subcategories
        ]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate category ids: {duplicates}")


def load_categories(path: Path | None = None) -> tuple[Category, ...]:
    """Read and validate a categories file (default: the shipped one)."""
    data = (path or DATA_FILE).read_bytes()
    return msgspec.json.decode(data, type=_File).categories


@lru_cache(maxsize=1)
def categories() -> tuple[Category, ...]:
    """The shipped top-level categories, in display order."""
    return load_categories()


@lru_cache(maxsize=1)
def _index() -> dict[str, Category | Subcategory]:
    index: dict[str, Category | Subcategory] = {}
    for category in categories():
        index[category.id] = category
        for sub in category.subcategories:
            index[sub.id] = sub
    return index


def all_ids() -> tuple[str, ...]:
    """Every valid id, categories and subcategories, in display order."""
    return tuple(_index())


def get(category_id: str) -> Category | Subcategory | None:
    """The category or subcategory with this id, or ``None``."""
    return _index().get(category_id)


def is_valid(category_id: str) -> bool:
    return category_id in _index()


def invalid_ids(ids: Iterable[str]) -> list[str]:
    """The ids in ``ids`` that are not known, in the order given."""
    return [i for i in ids if not is_valid(i)]


def parent_id(category_id: str) -> str:
    """The top-level category id of ``category_id`` (itself for a top-level id)."""
    if not is_valid(category_id):
        raise KeyError(category_id)
    return category_id.partition(".")[0]


def label(category_id: str, lang: Lang = "nb", *, with_parent: bool = False) -> str:
    """Display label; ``with_parent`` gives e.g. ``"Vold: Fysisk vold"``."""
    item = get(category_id)
    if item is None:
        raise KeyError(category_id)
    text = item.nb if lang == "nb" else item.en
    if with_parent and "." in category_id:
        parent = get(parent_id(category_id))
        assert parent is not None
        return f"{parent.nb if lang == 'nb' else parent.en}: {text}"
    return text
