"""Report templates on disk: discovery, front matter and the line markers.

A template is ``resources/templates/<name>.j2``. It opens with a Jinja comment holding its
front matter, one ``key: value`` a line::

    {#
    title: Bekymringsmelding til barneverntjenesten
    version: 3
    header: Taushetsbelagt
    description: Ordinary concern report to the municipality
    #}

``title`` and ``version`` (a positive whole number) are required. Files whose name starts with
``_`` hold shared macros and are not listed.

Three line prefixes in a template's *source* give structure that the PDF writer shows and the
plain text keeps readable: ``# `` a title, ``## `` a heading, ``> `` a quotation. They are turned
into control characters before Jinja sees the source. Text from a chat is passed only as data
and has every control character removed, so it can never make a heading or a quotation.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from workstation.paths import RESOURCES

__all__ = [
    "MARK_HEADING",
    "MARK_QUOTE",
    "MARK_TITLE",
    "SOFT_BREAK",
    "TEMPLATE_DIR",
    "MarkedFileSystemLoader",
    "TemplateInfo",
    "TemplateMetadataError",
    "UnknownTemplateError",
    "list_templates",
    "read_info",
    "template_info",
]

TEMPLATE_DIR: Path = RESOURCES / "templates"
SUFFIX = ".j2"

MARK_TITLE = "\x1d"
MARK_HEADING = "\x1e"
MARK_QUOTE = "\x1c"
#: A line break inside one value (a multi-line chat message); never starts a new block.
SOFT_BREAK = "\x1f"

_MARKS = {"#": MARK_TITLE, "##": MARK_HEADING, ">": MARK_QUOTE}
_MARKED_LINE = re.compile(r"^[ \t]*(##|#|>)[ \t]+", re.MULTILINE)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_KEYS = frozenset({"title", "version", "header", "description"})


class TemplateMetadataError(ValueError):
    """A template's front matter is missing or malformed."""


class UnknownTemplateError(KeyError):
    """No template has the requested name."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(name)
        self.name = name
        self.known = known

    def __str__(self) -> str:
        return f"unknown template {self.name!r} (known: {', '.join(self.known) or 'none'})"


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    name: str
    """File name without ``.j2``; what ``--template`` takes."""
    title: str
    """Norwegian title, printed at the top of the document and in the page footer."""
    version: int
    """Raised by the admin on every edit; stored with each rendered report."""
    path: Path
    source_sha256: str
    """Hash of the file as it was read, to notice edits made without a new version."""
    header: str = ""
    """Optional line printed at the top of every PDF page (e.g. a confidentiality mark)."""
    description: str = ""


def mark_lines(source: str) -> str:
    """Replace the ``# ``, ``## `` and ``> `` line prefixes by their control characters."""
    return _MARKED_LINE.sub(lambda m: _MARKS[m.group(1)], source)


def _front_matter(source: str, path: Path) -> dict[str, str]:
    text = source.lstrip("\ufeff")
    if not text.startswith("{#"):
        raise TemplateMetadataError(f"{path.name}: must start with a {{# ... #}} front matter")
    end = text.find("#}")
    if end < 0:
        raise TemplateMetadataError(f"{path.name}: front matter is not closed with #}}")
    fields: dict[str, str] = {}
    for number, raw in enumerate(text[2:end].strip("-").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or key not in _KEYS:
            raise TemplateMetadataError(
                f"{path.name}, line {number}: front matter expects one of"
                f" {', '.join(sorted(_KEYS))} followed by ':'"
            )
        fields[key] = value.strip()
    return fields


def read_info(path: Path) -> TemplateInfo:
    """Read one template's front matter; raises :class:`TemplateMetadataError`."""
    raw = path.read_bytes()
    source = raw.decode("utf-8")
    fields = _front_matter(source, path)
    title = fields.get("title", "")
    version = fields.get("version", "")
    if not title:
        raise TemplateMetadataError(f"{path.name}: front matter needs a title")
    if not version.isdigit() or int(version) < 1:
        raise TemplateMetadataError(f"{path.name}: version must be a whole number from 1")
    return TemplateInfo(
        name=path.name.removesuffix(SUFFIX),
        title=title,
        version=int(version),
        path=path,
        source_sha256=hashlib.sha256(raw).hexdigest(),
        header=fields.get("header", ""),
        description=fields.get("description", ""),
    )


def _template_paths(directory: Path) -> list[Path]:
    return sorted(
        path for path in directory.glob(f"*{SUFFIX}") if _NAME.match(path.name.removesuffix(SUFFIX))
    )


def list_templates(directory: Path | None = None) -> list[TemplateInfo]:
    """The report templates in ``directory`` (default: the shipped ones), by name."""
    return [read_info(path) for path in _template_paths(directory or TEMPLATE_DIR)]


def template_info(name: str, directory: Path | None = None) -> TemplateInfo:
    """The front matter of template ``name``; raises :class:`UnknownTemplateError`."""
    folder = directory or TEMPLATE_DIR
    if _NAME.match(name):
        path = folder / f"{name}{SUFFIX}"
        if path.is_file():
            return read_info(path)
    raise UnknownTemplateError(name, [p.name.removesuffix(SUFFIX) for p in _template_paths(folder)])


class MarkedFileSystemLoader(jinja2.FileSystemLoader):
    """A file loader that applies :func:`mark_lines` to every template it reads."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        return mark_lines(source), filename, uptodate
