"""The data in a concern report (bekymringsmelding) and its JSON form.

Every field a helpline may not know is optional; templates print a missing value as "ukjent".
The JSON data format is documented in ``docs/reports.md``; :func:`load` and :func:`to_dict`
convert between that format and :class:`Report`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

__all__ = [
    "FORMAT_VERSION",
    "Channel",
    "Child",
    "ChildInformed",
    "Municipality",
    "Organisation",
    "Parent",
    "Quote",
    "Report",
    "ReportDataError",
    "Reporter",
    "Speaker",
    "Urgency",
    "load",
    "loads",
    "to_dict",
]

#: Version of the JSON data format; bump it when a field changes meaning.
FORMAT_VERSION = 1

Channel = Literal["chat", "sms", "phone", "email"]
Urgency = Literal["ordinary", "urgent", "acute"]
Speaker = Literal["contact", "staff"]
InformedStatus = Literal["yes", "no", "not_possible"]

#: A timestamp that must carry a UTC offset ("2027-03-14T21:14:00+01:00").
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
_Text = Annotated[str, msgspec.Meta(max_length=20_000)]


class _Base(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    pass


class Reporter(_Base, frozen=True):
    """The person who writes the report (public bodies cannot report anonymously)."""

    name: str
    role: str | None = None


class Organisation(_Base, frozen=True):
    """The service that reports, and who the child-welfare service can call back."""

    name: str
    phone: str
    contact_person: str | None = None
    address: str | None = None
    email: str | None = None


class Child(_Base, frozen=True):
    """What is known about the child; a helpline often knows little."""

    name: str | None = None
    age: Annotated[int, msgspec.Meta(ge=0, le=25)] | None = None
    birth_year: Annotated[int, msgspec.Meta(ge=1990, le=2100)] | None = None
    address: str | None = None
    phone: str | None = None


class Parent(_Base, frozen=True):
    """A parent or guardian (forelder/foresatt)."""

    name: str | None = None
    relation: str | None = None
    address: str | None = None
    phone: str | None = None


class Municipality(_Base, frozen=True):
    """The municipality where the child lives, which receives the report."""

    number: str | None = None
    name: str | None = None


class Quote(_Base, frozen=True):
    """One chat message quoted verbatim."""

    at: AwareDatetime
    from_: Speaker = msgspec.field(name="from")
    text: _Text


class ChildInformed(_Base, frozen=True):
    """Whether the child has been told that a report is sent, and if not, why."""

    status: InformedStatus
    reason: str | None = None


class Report(_Base, frozen=True):
    """A concern report as the desk drafts it and a template renders it."""

    created_at: AwareDatetime
    reporter: Reporter
    organisation: Organisation
    channel: Channel = "chat"
    urgency: Urgency = "ordinary"
    child: Child = msgspec.field(default_factory=Child)
    parents: list[Parent] = msgspec.field(default_factory=list)
    municipality: Municipality = msgspec.field(default_factory=Municipality)
    categories: list[str] = msgspec.field(default_factory=list)
    flags: list[str] = msgspec.field(default_factory=list)
    quotes: list[Quote] = msgspec.field(default_factory=list)
    concern: _Text | None = None
    actions_taken: list[str] = msgspec.field(default_factory=list)
    child_informed: ChildInformed | None = None
    anonymity_broken_reason: _Text | None = None
    discussed_with: str | None = None
    sent_at: AwareDatetime | None = None
    reference: str | None = None
    template: str | None = None
    template_version: int | None = None
    format: int = FORMAT_VERSION


class ReportDataError(ValueError):
    """The data does not match the report format; the message names the field."""


def load(data: Any) -> Report:
    """A :class:`Report` from decoded JSON (a dict); raises :class:`ReportDataError`."""
    try:
        report = msgspec.convert(data, Report)
    except msgspec.ValidationError as exc:
        raise ReportDataError(_sentence(str(exc))) from None
    if report.format > FORMAT_VERSION:
        raise ReportDataError(
            f"data format {report.format} is newer than this program understands"
            f" ({FORMAT_VERSION}) - at `$.format`"
        )
    return report


def loads(raw: bytes | str) -> Report:
    """A :class:`Report` from JSON text; raises :class:`ReportDataError`."""
    try:
        data = msgspec.json.decode(raw)
    except msgspec.DecodeError as exc:
        raise ReportDataError(f"not valid JSON: {exc}") from None
    return load(data)


def to_dict(report: Report) -> dict[str, Any]:
    """The JSON-ready form of ``report`` (timestamps as ISO 8601 strings)."""
    result: dict[str, Any] = msgspec.to_builtins(report)
    return result


def _sentence(message: str) -> str:
    # msgspec: "Object contains unknown field `x`" has no path at the top level.
    if " - at `" not in message and "unknown field" in message:
        return f"{message} - at `$`"
    return message
