"""The hub's canned responses as the panel lists them (no Qt here).

``canned_list`` answers and ``canned`` pushes carry ``groups`` (id → label, in order) and
``items`` (``{id, group, title, keyword, text, origin}``). :func:`catalogue_from_frame` reads
them into :class:`~workstation.sessions.canned.CannedResponse` values; :func:`rows` lays them
out for the list: grouped with headings when nothing is searched, ranked by
:func:`workstation.sessions.canned.search` otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from workstation.sessions import canned

_FIELDS = ("id", "group", "title", "keyword", "text")


@dataclass(frozen=True)
class Catalogue:
    """The responses a desk knows, with the group labels in display order."""

    groups: dict[str, str] = field(default_factory=dict)
    items: tuple[canned.CannedResponse, ...] = ()

    def by_keyword(self, typed: str) -> canned.CannedResponse | None:
        """The response whose keyword is ``typed`` (a leading ``/`` is ignored)."""
        wanted = typed.strip().removeprefix("/").casefold()
        return next((item for item in self.items if item.keyword == wanted), None)

    def by_id(self, item_id: str) -> canned.CannedResponse | None:
        return next((item for item in self.items if item.id == item_id), None)


def catalogue_from_frame(frame: dict[str, Any]) -> Catalogue:
    """Read an answer or push; items that break the rules are skipped, not fatal."""
    raw_groups = frame.get("groups")
    groups = {str(k): str(v) for k, v in raw_groups.items()} if isinstance(raw_groups, dict) else {}
    items: list[canned.CannedResponse] = []
    for raw in frame.get("items") or ():
        if not isinstance(raw, dict):
            continue
        try:
            items.append(canned.CannedResponse(**{name: str(raw[name]) for name in _FIELDS}))
        except (KeyError, ValueError):
            continue
    return Catalogue(groups, tuple(items))


@dataclass(frozen=True)
class Row:
    """One line of the list: a group heading (``item`` None) or a response."""

    label: str
    item: canned.CannedResponse | None = None


def rows(catalogue: Catalogue, query: str = "") -> list[Row]:
    """Headings and responses for an empty query; the ranked matches otherwise."""
    if query.strip().removeprefix("/").strip():
        return [Row(item.title, item) for item in canned.search(query, catalogue.items)]
    out: list[Row] = []
    order = list(catalogue.groups) + sorted(
        {item.group for item in catalogue.items} - set(catalogue.groups)
    )
    for group in order:
        members = [item for item in catalogue.items if item.group == group]
        if members:
            out.append(Row(catalogue.groups.get(group, group)))
            out += [Row(item.title, item) for item in members]
    return out


def new_id(group: str, title: str, taken: set[str]) -> str:
    """A fresh ``"<group>.<name>"`` id for a response added in the editor."""
    folded = title.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "aa")
    plain = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    words = re.findall(r"[0-9a-z]+", plain) or ["svar"]
    base = f"{group}.{'_'.join(words)[:40]}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    return candidate
