"""Render a report with a template in Jinja's immutable sandbox.

Text from a chat only ever reaches Jinja as a *value* in the context: Jinja prints values, it
never compiles them, so ``{{ 7*7 }}`` in a message stays ``{{ 7*7 }}``. The sandbox guards
against the templates themselves (they are edited by admins): no attribute starting with ``_``,
no mutation of the context, ``range`` capped, and huge powers or repetitions refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from workstation.sessions.reports.context import UNKNOWN, build_context, ukjent
from workstation.sessions.reports.model import Report
from workstation.sessions.reports.templates import (
    MARK_HEADING,
    MARK_QUOTE,
    MARK_TITLE,
    SOFT_BREAK,
    TEMPLATE_DIR,
    MarkedFileSystemLoader,
    TemplateInfo,
    template_info,
)

__all__ = [
    "Block",
    "RenderedReport",
    "TemplateRenderError",
    "check_template",
    "content_hash",
    "render",
    "render_text",
]

BlockKind = Literal["title", "heading", "quote", "text", "blank"]

_MAX_POWER_RESULT_BITS = 4096
_MAX_REPEAT = 100_000


class TemplateRenderError(RuntimeError):
    """A template failed to compile or render; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Block:
    """One line of the rendered document; ``text`` may hold ``\\n`` from a multi-line value."""

    kind: BlockKind
    text: str


@dataclass(frozen=True, slots=True)
class RenderedReport:
    template: TemplateInfo
    blocks: tuple[Block, ...]
    text: str
    """The plain text, for pasting into a municipality's digital form."""
    sha256: str
    """:func:`content_hash` of :attr:`text`."""


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, also refusing ``**`` and ``*`` that would exhaust memory."""

    intercepted_binops = frozenset({"**", "*"})

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "**" and _too_big_power(left, right):
            raise SecurityError("power too large for a report template")
        if operator == "*" and _too_big_repeat(left, right):
            raise SecurityError("repetition too large for a report template")
        return super().call_binop(context, operator, left, right)


def _too_big_power(base: Any, exponent: Any) -> bool:
    if not isinstance(base, int) or not isinstance(exponent, int) or abs(base) < 2:
        return False
    return exponent * abs(base).bit_length() > _MAX_POWER_RESULT_BITS


def _too_big_repeat(left: Any, right: Any) -> bool:
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(count, int):
            return len(seq) * count > _MAX_REPEAT
    return False


def _finalize(value: Any) -> Any:
    """What ``{{ value }}`` prints: missing values as "ukjent", lists joined by commas."""
    if isinstance(value, list | tuple):
        return ", ".join(str(_finalize(item)) for item in value) or UNKNOWN
    if isinstance(value, jinja2.StrictUndefined):
        str(value)  # raises UndefinedError: strict checking wants to hear about it
    if value is None or isinstance(value, jinja2.Undefined):
        return UNKNOWN
    return value


@lru_cache(maxsize=8)
def _environment(directory: Path, strict: bool) -> jinja2.Environment:
    env = _Sandbox(
        loader=MarkedFileSystemLoader(str(directory), encoding="utf-8"),
        autoescape=False,
        undefined=jinja2.StrictUndefined if strict else jinja2.ChainableUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=True,
    )
    env.filters["ukjent"] = ukjent
    return env


def content_hash(text: str) -> str:
    """The SHA-256 of ``text`` encoded as UTF-8, as 64 lower-case hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _blocks(output: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for line in output.replace("\r\n", "\n").split("\n"):
        kind: BlockKind = "text"
        if line[:1] == MARK_TITLE:
            kind = "title"
        elif line[:1] == MARK_HEADING:
            kind = "heading"
        elif line[:1] == MARK_QUOTE:
            kind = "quote"
        body = line[1:] if kind != "text" else line
        body = body.replace(SOFT_BREAK, " " if kind in ("title", "heading") else "\n").rstrip()
        if not body.strip():
            if blocks and blocks[-1].kind != "blank":
                blocks.append(Block("blank", ""))
            continue
        blocks.append(Block(kind, body))
    while blocks and blocks[-1].kind == "blank":
        blocks.pop()
    return tuple(blocks)


def _plain(blocks: tuple[Block, ...]) -> str:
    lines: list[str] = []
    for block in blocks:
        if block.kind == "title":
            lines += [block.text, "=" * len(block.text)]
        elif block.kind == "heading":
            lines += [block.text, "-" * len(block.text)]
        elif block.kind == "quote":
            lines += ["    " + part for part in block.text.split("\n")]
        else:
            lines += block.text.split("\n")
    return "\n".join(lines) + "\n"


def _render_output(
    info: TemplateInfo, context: Mapping[str, Any], directory: Path, strict: bool
) -> str:
    env = _environment(directory.resolve(), strict)
    try:
        return env.get_template(info.path.name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateRenderError(f"{info.path.name}, line {exc.lineno}: {exc.message}") from None
    except (jinja2.TemplateError, ArithmeticError, TypeError, ValueError) as exc:
        raise TemplateRenderError(f"{info.path.name}: {type(exc).__name__}: {exc}") from None


def render(template_name: str, report: Report, *, directory: Path | None = None) -> RenderedReport:
    """Render ``report`` with the named template; structure, plain text and hash.

    Raises :class:`~workstation.sessions.reports.templates.UnknownTemplateError` or
    :class:`TemplateRenderError`.
    """
    folder = directory or TEMPLATE_DIR
    info = template_info(template_name, folder)
    output = _render_output(info, build_context(report, info), folder, strict=False)
    blocks = _blocks(output)
    text = _plain(blocks)
    return RenderedReport(template=info, blocks=blocks, text=text, sha256=content_hash(text))


def render_text(template_name: str, report: Report, *, directory: Path | None = None) -> str:
    """The plain text of ``report`` rendered with the named template."""
    return render(template_name, report, directory=directory).text


def check_template(template_name: str, report: Report, *, directory: Path | None = None) -> None:
    """Render strictly: a misspelt variable raises :class:`TemplateRenderError`.

    Use a report with every field filled in (see :func:`~.sample.full_sample_report`), since
    strict rendering also refuses the missing values that normal rendering prints as "ukjent".
    """
    folder = directory or TEMPLATE_DIR
    info = template_info(template_name, folder)
    _render_output(info, build_context(report, info), folder, strict=True)
