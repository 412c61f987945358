"""The variables a template sees, built from a :class:`Report`.

Everything is plain data (dicts, lists, strings, numbers, ``None``), never a Python object with
methods. Every string has its control characters removed and its line breaks replaced by
:data:`SOFT_BREAK`, so a chat message can neither start a new line of the document nor forge the
markers that make titles, headings and quotations. The variables are listed in
``docs/reports.md``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import jinja2

from workstation.sessions.clock import format_clock, format_date, format_short_date
from workstation.sessions.reports.followup import follow_up_date
from workstation.sessions.reports.model import Report, to_dict
from workstation.sessions.reports.templates import SOFT_BREAK, TemplateInfo

__all__ = ["OSLO", "UNKNOWN", "build_context", "clean_text", "format_date", "ukjent"]

UNKNOWN = "ukjent"
OSLO = ZoneInfo("Europe/Oslo")

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NEWLINES = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")


def ukjent(value: Any, text: str = UNKNOWN) -> Any:
    """``value``, or ``text`` ("ukjent") when it is missing, empty or undefined."""
    if isinstance(value, jinja2.StrictUndefined):
        str(value)  # raises UndefinedError: strict checking wants to hear about it
    if value is None or isinstance(value, jinja2.Undefined):
        return text
    if isinstance(value, str) and not value.strip():
        return text
    return value


def clean_text(value: str) -> str:
    """``value`` with line breaks as :data:`SOFT_BREAK` and other control characters dropped.

    Tabs become spaces, and bidirectional overrides are dropped, so the printed text reads in
    the order it was stored. Everything else (emoji, joiners, accents) is kept verbatim.
    """
    text = _NEWLINES.sub("\n", value.replace("\t", "    "))
    kept = "".join(
        ch
        for ch in text
        if ch == "\n" or (unicodedata.category(ch) not in ("Cc", "Cs") and ch not in _BIDI)
    )
    return kept.replace("\n", SOFT_BREAK)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        text = clean_text(value)
        return text if text.replace(SOFT_BREAK, "").strip() else None
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


def _local(moment: datetime) -> datetime:
    return moment.astimezone(OSLO)


def _time(moment: datetime) -> str:
    return format_clock(moment)


def _moment(moment: datetime | None) -> dict[str, str] | None:
    if moment is None:
        return None
    local = _local(moment)
    return {
        "date": format_date(local.date()),
        "short_date": format_short_date(local),
        "time": _time(local),
        "text": f"{format_date(local.date())} kl. {_time(local)}",
        "iso": moment.isoformat(),
    }


def _quotes(report: Report, data: list[dict[str, Any]]) -> list[dict[str, Any]]:
    first_day = _local(report.created_at).date()
    result = []
    for quote, item in zip(report.quotes, data, strict=True):
        local = _local(quote.at)
        same_day = local.date() == first_day
        day = format_short_date(local)
        when = f"kl. {_time(local)}" if same_day else f"{day} kl. {_time(local)}"
        result.append({**item, "time": _time(local), "date": day, "when": when})
    return result


def build_context(report: Report, info: TemplateInfo) -> dict[str, Any]:
    """The template variables for ``report`` rendered with the template ``info``."""
    data: dict[str, Any] = _clean(to_dict(report))
    sent = report.sent_at or report.created_at
    follow_up = follow_up_date(sent)
    return {
        **data,
        "report": data,
        "quotes": _quotes(report, data["quotes"]),
        "created": _moment(report.created_at),
        "sent": _moment(report.sent_at),
        "follow_up": {
            "date": format_date(follow_up),
            "weekday_date": format_date(follow_up, weekday=True),
            "iso": follow_up.isoformat(),
        },
        "template": {
            "name": info.name,
            "title": clean_text(info.title),
            "version": info.version,
        },
    }
