"""Staff frames of the replay feature (see docs/protocol.md, Replays).

Trainers and supervisors read anonymised replays of closed conversations; trainers annotate
them; an admin sets how long raw transcripts and replays are kept.
"""

from typing import Annotated

import msgspec

from workstation.protocol.frames import ObjectId, Request
from workstation.protocol.limits import MAX_SHORT_TEXT_CHARS

#: Longest retention an admin may set (ten years).
MAX_RETENTION_DAYS = 3650
Days = Annotated[int, msgspec.Meta(ge=1, le=MAX_RETENTION_DAYS)]
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


class RetentionGet(Request, tag="retention_get"):
    pass


class RetentionSet(Request, tag="retention_set"):
    """Change any of the settings; a field left out keeps its value."""

    transcripts_days: Days | None = None
    replays_days: Days | None = None
    replay_staff_notes: bool | None = None


FRAMES: tuple[type[Request], ...] = (
    ReplayList,
    ReplayGet,
    ReplayAnnotate,
    RetentionGet,
    RetentionSet,
)
