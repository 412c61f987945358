"""Canned responses: ready-made Norwegian texts the counsellor can insert and edit.

Data: ``resources/canned/responses.json``. Each response has a stable ``id``
(``"<group>.<name>"``), a ``group``, a ``title`` for lists, a short unique ``keyword`` for
typing shortcuts (e.g. ``/lytt``) and the ``text``. The only placeholder is ``{navn}``, the
counsellor's display name; :func:`render` fills it in. Braces are otherwise left alone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import msgspec

from workstation.paths import RESOURCES

__all__ = [
    "DATA_FILE",
    "PLACEHOLDER",
    "CannedResponse",
    "by_group",
    "by_id",
    "by_keyword",
    "groups",
    "load_responses",
    "render",
    "responses",
    "search",
]

DATA_FILE: Path = RESOURCES / "canned" / "responses.json"
PLACEHOLDER = "{navn}"
_KEYWORD = re.compile(r"[0-9a-zæøå][0-9a-zæøå-]*")
_PLACEHOLDERS = re.compile(r"\{([^{}]*)\}")


class CannedResponse(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    group: str
    title: str
    keyword: str
    text: str

    def __post_init__(self) -> None:
        if not self.id.startswith(f"{self.group}."):
            raise ValueError(f"id {self.id!r} must start with its group {self.group!r}")
        if not _KEYWORD.fullmatch(self.keyword):
            raise ValueError(f"keyword {self.keyword!r} must be lower case, no spaces")
        unknown = [p for p in _PLACEHOLDERS.findall(self.text) if p != "navn"]
        if unknown:
            raise ValueError(f"{self.id}: unknown placeholders {unknown}")

    @property
    def needs_name(self) -> bool:
        return PLACEHOLDER in self.text


class _File(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    version: int
    placeholders: dict[str, str]
    groups: dict[str, str]
    """Group id -> Norwegian label, in display order."""
    responses: tuple[CannedResponse, ...]

    def __post_init__(self) -> None:
        for field in ("id", "keyword"):
            values = [getattr(r, field) for r in self.responses]
            duplicates = sorted({v for v in values if values.count(v) > 1})
            if duplicates:
                raise ValueError(f"duplicate {field}s: {duplicates}")
        stray = sorted({r.group for r in self.responses} - set(self.groups))
        if stray:
            raise ValueError(f"responses in undeclared groups: {stray}")


def load_responses(path: Path | None = None) -> tuple[CannedResponse, ...]:
    """Read and validate a responses file (default: the shipped one)."""
    return _load(path or DATA_FILE).responses


def _load(path: Path) -> _File:
    return msgspec.json.decode(path.read_bytes(), type=_File)


@lru_cache(maxsize=1)
def _default() -> _File:
    return _load(DATA_FILE)


def responses() -> tuple[CannedResponse, ...]:
    """All shipped responses, in file order."""
    return _default().responses


def groups() -> dict[str, str]:
    """Group id -> Norwegian label, in display order."""
    return dict(_default().groups)


def by_group(group: str) -> list[CannedResponse]:
    return [r for r in responses() if r.group == group]


def by_id(response_id: str) -> CannedResponse | None:
    return next((r for r in responses() if r.id == response_id), None)


def by_keyword(keyword: str) -> CannedResponse | None:
    """The response for a typed shortcut; a leading ``/`` is ignored."""
    wanted = keyword.strip().removeprefix("/").casefold()
    return next((r for r in responses() if r.keyword == wanted), None)


def _fold(text: str) -> str:
    lowered = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "aa")
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", _fold(text))


def _score(response: CannedResponse, term: str) -> int | None:
    """Lower is better: keyword, then title, then text; whole words before prefixes."""
    keyword = _fold(response.keyword)
    if keyword == term:
        return 0
    if keyword.startswith(term):
        return 1
    title = _words(response.title)
    if term in title:
        return 2
    if any(word.startswith(term) for word in title):
        return 3
    body = response.text.replace(PLACEHOLDER, " ")
    text = _words(body)
    if term in text:
        return 4
    if any(word.startswith(term) for word in text):
        return 5
    if term in _fold(body):
        return 6
    return None


def search(query: str, pool: tuple[CannedResponse, ...] | None = None) -> list[CannedResponse]:
    """Responses matching every word of ``query``, best first.

    Matching ignores case and accents (``"tryg"`` finds "Er du trygg nå?"). Keyword matches
    rank above title matches, which rank above text matches. An empty query returns
    everything in file order.
    """
    candidates = responses() if pool is None else pool
    terms = _words(query.removeprefix("/"))
    if not terms:
        return list(candidates)
    scored: list[tuple[int, int, CannedResponse]] = []
    for position, response in enumerate(candidates):
        total = 0
        for term in terms:
            score = _score(response, term)
            if score is None:
                break
            total += score
        else:
            scored.append((total, position, response))
    scored.sort(key=lambda item: item[:2])
    return [response for _, _, response in scored]


def render(text: str | CannedResponse, counsellor_name: str) -> str:
    """Fill in ``{navn}`` with the counsellor's display name.

    Raises ``ValueError`` if the text needs a name and ``counsellor_name`` is blank, so an
    opener never reads "Jeg heter ." in front of a child.
    """
    body = text.text if isinstance(text, CannedResponse) else text
    name = " ".join(counsellor_name.split())
    if PLACEHOLDER in body and not name:
        raise ValueError("this text needs the counsellor's display name")
    return body.replace(PLACEHOLDER, name)
