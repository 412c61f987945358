"""Staff frames of the replay feature (see docs/protocol.md, Replays).

Trainers, supervisors and trainees read anonymised replays of closed conversations; trainers
annotate them; trainers and supervisors delete them; trainees save practice attempts; an admin
sets how long raw transcripts and replays are kept.
"""

from typing import Annotated

import msgspec

from workstation.protocol.frames import ObjectId, Request
from workstation.protocol.limits import MAX_SHORT_TEXT_CHARS, MAX_TEXT_CHARS

#: Longest retention an admin may set (ten years).
MAX_RETENTION_DAYS = 3650
Days = Annotated[int, msgspec.Meta(ge=1, le=MAX_RETENTION_DAYS)]
#: Longest an admin may keep final concern reports.
MAX_REPORT_RETENTION_YEARS = 30
Years = Annotated[int, msgspec.Meta(ge=1, le=MAX_REPORT_RETENTION_YEARS)]
Offset = Annotated[int, msgspec.Meta(ge=0, le=7 * 24 * 3600 * 1000)]


class ReplayList(Request, tag="replay_list"):
    pass


class ReplayGet(Request, tag="replay_get"):
    replay: ObjectId


class ReplayAnnotate(Request, tag="replay_annotate"):
    """A trainer's comment at ``offset_ms``, saved with the replay."""

    replay: ObjectId
    offset_ms: Offset
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_SHORT_TEXT_CHARS)]


class ReplayDelete(Request, tag="replay_delete"):
    """Delete a replay with its annotations and practice attempts (audited)."""

    replay: ObjectId


class PracticeSave(Request, tag="practice_save"):
    """A trainee's own answer at a practice stop: the counsellor message at ``event``."""

    replay: ObjectId
    #: Index of the counsellor message in the replay's ``events``.
    event: Annotated[int, msgspec.Meta(ge=0, le=100_000)]
    offset_ms: Offset
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_TEXT_CHARS)]


class PracticeList(Request, tag="practice_list"):
    """Practice attempts at one replay: the trainee's own, or everyone's for a trainer."""

    replay: ObjectId


class RetentionGet(Request, tag="retention_get"):
    pass


class RetentionSet(Request, tag="retention_set"):
    """Change any of the settings; a field left out keeps its value."""

    transcripts_days: Days | None = None
    replays_days: Days | None = None
    replay_staff_notes: bool | None = None
    reports_years: Years | None = None


FRAMES: tuple[type[Request], ...] = (
    ReplayList,
    ReplayGet,
    ReplayAnnotate,
    ReplayDelete,
    PracticeSave,
    PracticeList,
    RetentionGet,
    RetentionSet,
)
