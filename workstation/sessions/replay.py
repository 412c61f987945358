"""Anonymised replays of closed conversations, for training. Pure Python, no I/O.

A replay keeps *when* things happened (milliseconds from the first event) and *what* was
written, with personal data replaced by tags and staff shown only by role ("Veileder",
"Vaktleder"). It never holds a user name, a display name, a clock time or a conversation id.

The wire form (``replay_get``) and the export file are the same JSON object; see
``docs/protocol.md`` (Replays). :func:`decode` validates one strictly (a file from a USB stick
is untrusted input).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from workstation.protocol.times import parse_time
from workstation.sessions.anonymiser.staff import staff_name_scrubber
from workstation.sessions.events import Event

FORMAT = "workstation-replay"
VERSION = 1

COUNSELLOR_ROLE = "Veileder"
SHIFT_LEAD_ROLE = "Vaktleder"

#: Close reasons kept as they are; any other word becomes ``other`` (a reason is free-form).
CLOSE_REASONS = frozenset({"contact_left", "staff_closed", "timeout"})
#: Consultation events that become ``consultation`` markers, with their detail word.
CONSULT_MARKERS = {
    "consult_requested": "requested",
    "consult_joined": "joined",
    "consult_taken_over": "taken_over",
    "consult_ended": "ended",
}
#: Fields that carry a staff member's display name in the raw log.
_NAME_FIELDS = ("author", "counsellor", "consultant", "observer")
#: Fields that carry a staff user name in the raw log.
_USER_FIELDS = ("user", "to")
#: Event kinds that may carry a contact summary with ``categories``.
SUMMARY_KINDS = frozenset({"summary", "contact_summary", "summary_saved"})

Anonymise = Callable[[str], str]


# --- the replay as data ---------------------------------------------------------------------


class ReplayEvent(msgspec.Struct, frozen=True, kw_only=True):
    """One line of the transcript: ``from`` is ``contact``, ``staff`` or ``system``;
    ``role`` is set on staff lines, ``detail`` on system lines (``null`` otherwise)."""

    offset_ms: int
    kind: str
    sender: str = msgspec.field(name="from")
    text: str = ""
    role: str | None = None
    detail: str | None = None


class Marker(msgspec.Struct, frozen=True, kw_only=True):
    """A point on the timeline: ``flag``, ``consultation`` or ``time_warning``."""

    offset_ms: int
    kind: str
    detail: str = ""


class Annotation(msgspec.Struct, frozen=True, kw_only=True):
    """A trainer's comment at a moment of the replay."""

    offset_ms: int
    text: str
    annotation: str | None = None


class Replay(msgspec.Struct, kw_only=True):
    """A whole replay: what ``replay_get`` answers and what an export file holds."""

    replay: str | None = None
    format: str = FORMAT
    version: int = VERSION
    channel: str = "chat"
    duration_s: int = 0
    categories: list[str] = msgspec.field(default_factory=list)
    events: list[ReplayEvent] = msgspec.field(default_factory=list)
    markers: list[Marker] = msgspec.field(default_factory=list)
    annotations: list[Annotation] = msgspec.field(default_factory=list)

    @property
    def duration_ms(self) -> int:
        last = max((e.offset_ms for e in self.events), default=0)
        return max(self.duration_s * 1000, last)


class BadReplay(ValueError):
    """The data is not a replay this program can read."""


def encode(replay: Replay) -> dict[str, Any]:
    """The replay as plain JSON-compatible data."""
    data: dict[str, Any] = msgspec.to_builtins(replay)
    return data


def decode(data: Any) -> Replay:
    """A replay from JSON data (an export file or a ``replay_get`` answer); strict."""
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k not in ("type", "re")}
        data.setdefault("format", FORMAT)
    try:
        replay = msgspec.convert(data, Replay)
    except msgspec.ValidationError as exc:
        raise BadReplay(f"not a replay: {exc}") from None
    if replay.format != FORMAT or replay.version > VERSION:
        raise BadReplay("not a replay of a version this program reads")
    if any(e.offset_ms < 0 for e in replay.events) or replay.duration_s < 0:
        raise BadReplay("negative times")
    replay.events.sort(key=lambda e: e.offset_ms)
    return replay


def summary(replay_id: str, replay: Replay) -> dict[str, Any]:
    """One row of ``replay_list``."""
    return {
        "replay": replay_id,
        "channel": replay.channel,
        "duration_s": replay.duration_s,
        "categories": list(replay.categories),
        "marker_count": len(replay.markers),
        "message_count": sum(1 for e in replay.events if e.kind == "message"),
        "annotation_count": len(replay.annotations),
    }


# --- building one from the raw log ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StaffInfo:
    """What the builder needs to know about a staff member who took part."""

    display_name: str
    roles: tuple[str, ...]


def staff_user_names(events: Iterable[Event]) -> set[str]:
    """User names of every staff member named in the log (to look up their roles)."""
    names: set[str] = set()
    for event in events:
        for field in _USER_FIELDS:
            value = event.fields.get(field)
            if isinstance(value, str) and value:
                names.add(value)
    return names


class _Roles:
    """Hands out role labels, numbering a second person with the same role ("Veileder 2")."""

    def __init__(self, staff: Mapping[str, StaffInfo]) -> None:
        self._staff = staff
        self._given: dict[str, str] = {}
        self._count: dict[str, int] = {}

    def of(self, user: Any) -> str:
        key = user if isinstance(user, str) else ""
        if key in self._given:
            return self._given[key]
        info = self._staff.get(key)
        base = SHIFT_LEAD_ROLE if info and "shift_lead" in info.roles else COUNSELLOR_ROLE
        number = self._count.get(base, 0) + 1
        self._count[base] = number
        label = base if number == 1 else f"{base} {number}"
        self._given[key] = label
        return label


def name_scrubber(names: Iterable[str]) -> Anonymise:
    """A function replacing staff names: whole names, and a single word of one only where it
    is a listed name ("Vaktleder Demo" goes, the word "vaktleder" stays; see anonymiser.staff)."""
    return staff_name_scrubber(names)


def _names_in(events: Sequence[Event], staff: Mapping[str, StaffInfo]) -> set[str]:
    names = {info.display_name for info in staff.values()} | set(staff)
    for event in events:
        for field in _NAME_FIELDS:
            value = event.fields.get(field)
            if isinstance(value, str):
                names.add(value)
        if event.kind.startswith("consult_") and isinstance(event.fields.get("from"), str):
            names.add(event.fields["from"])  # consult_requested: the requester's display name
    return names


def categories_of(events: Sequence[Event], known: Callable[[str], bool]) -> list[str]:
    """The categories of the last contact summary in ``events`` (valid ids only)."""
    found: list[str] = []
    for event in events:
        if event.kind not in SUMMARY_KINDS:
            continue
        source = event.fields.get("summary", event.fields)
        values = source.get("categories") if isinstance(source, dict) else None
        if isinstance(values, list):
            found = [v for v in values if isinstance(v, str) and known(v)]
    return sorted(set(found))


def build(
    events: Sequence[Event],
    staff: Mapping[str, StaffInfo],
    anonymise: Anonymise,
    *,
    include_staff_notes: bool = False,
    known_category: Callable[[str], bool] = lambda _: True,
) -> Replay:
    """The anonymised replay of one conversation's full log (in ``seq`` order).

    Text is first stripped of the participating staff's names, then anonymised. Notes and
    consultation messages are left out unless ``include_staff_notes``; then they are
    anonymised like everything else. Kinds not listed here are left out (a whitelist).
    """
    if not events:
        return Replay()
    scrub = name_scrubber(_names_in(events, staff))

    def clean(text: Any) -> str:
        return anonymise(scrub(text)) if isinstance(text, str) else ""

    start = parse_time(events[0].at)
    roles = _Roles(staff)
    out: list[ReplayEvent] = []
    markers: list[Marker] = []
    channel = "chat"
    for event in events:
        at = int((parse_time(event.at) - start).total_seconds() * 1000)
        f = event.fields
        kind = event.kind
        if kind == "opened":
            channel = str(f.get("channel", channel))
            out.append(ReplayEvent(offset_ms=at, kind=kind, sender="system", detail=channel))
        elif kind == "message":
            if f.get("from") == "contact":
                out.append(ReplayEvent(offset_ms=at, kind=kind, sender="contact",
                                       text=clean(f.get("text"))))
            else:
                out.append(ReplayEvent(offset_ms=at, kind=kind, sender="staff",
                                       text=clean(f.get("text")), role=roles.of(f.get("user"))))
        elif kind in ("note", "consult_message"):
            if include_staff_notes:
                out.append(ReplayEvent(offset_ms=at, kind=kind, sender="staff",
                                       text=clean(f.get("text")), role=roles.of(f.get("user"))))
        elif kind == "assigned":
            out.append(ReplayEvent(offset_ms=at, kind=kind, sender="system",
                                   role=roles.of(f.get("user"))))
        elif kind == "flagged":
            flag = clean(f.get("flag"))
            markers.append(Marker(offset_ms=at, kind="flag", detail=flag))
            out.append(ReplayEvent(offset_ms=at, kind=kind, sender="system", detail=flag))
        elif kind == "time_warning":
            level = "hard" if f.get("level") == "hard" else "soft"
            markers.append(Marker(offset_ms=at, kind="time_warning", detail=level))
            out.append(ReplayEvent(offset_ms=at, kind=kind, sender="system", detail=level))
        elif kind in CONSULT_MARKERS:
            detail = CONSULT_MARKERS[kind]
            markers.append(Marker(offset_ms=at, kind="consultation", detail=detail))
            out.append(ReplayEvent(offset_ms=at, kind="consultation", sender="system",
                                   detail=detail))
        elif kind == "closed":
            reason = f.get("reason")
            detail = reason if reason in CLOSE_REASONS else "other"
            out.append(ReplayEvent(offset_ms=at, kind=kind, sender="system", detail=detail))
    duration = int((parse_time(events[-1].at) - start).total_seconds())
    return Replay(
        channel=channel,
        duration_s=max(0, duration),
        categories=categories_of(events, known_category),
        events=out,
        markers=markers,
    )
