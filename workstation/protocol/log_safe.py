"""Exceptions as log text without their messages: a message may quote a value (a young
person's words, a name, a number), while the traceback's files, lines and code never do."""

from __future__ import annotations

import traceback


def traceback_without_values(exc: BaseException) -> str:
    """The traceback (with causes) as ``exc_info`` would log it, each exception reduced to
    its type: ``invalid literal for int() with base 10: 'Iben'`` becomes ``ValueError``."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        parts.append(f"Traceback (most recent call last):\n{frames}{type(current).__qualname__}")
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return "\n\nwhile handling, or caused by:\n".join(reversed(parts))
