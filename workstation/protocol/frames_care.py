"""Staff frames of care for the line and its counsellors: abusive contacts and blocks
(see docs/protocol.md, Abusive contacts and blocks; docs/care.md)."""

from typing import Annotated

import msgspec

from workstation.protocol.frames import ObjectId, Request
from workstation.protocol.limits import MAX_SHORT_TEXT_CHARS

#: The shortest block is an hour, the longest about six months.
MIN_BLOCK_HOURS = 1
MAX_BLOCK_HOURS = 24 * 183

Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_SHORT_TEXT_CHARS)]
BlockHours = Annotated[int, msgspec.Meta(ge=MIN_BLOCK_HOURS, le=MAX_BLOCK_HOURS)]
Day = Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class AbuseMark(Request, tag="abuse_mark"):
    """The counsellor (or a joined consultant) marks an open contact as abusive or a prank."""

    conversation: ObjectId
    reason: Reason


class BlockAdd(Request, tag="block_add"):
    """Block the identifier behind a conversation for ``hours``. Shift leads and supervisors."""

    conversation: ObjectId
    hours: BlockHours
    reason: Reason


class BlockList(Request, tag="block_list"):
    """The blocks in force now, with their expiry. Shift leads and supervisors."""


class BlockLift(Request, tag="block_lift"):
    """End a block before its expiry. Shift leads and supervisors."""

    block: ObjectId
    reason: Reason


class BlockStats(Request, tag="block_stats"):
    """Refused attempts per day (Oslo date) and channel, from ``since`` on. Supervisors."""

    since: Day


#: A pause after a hard contact: 1 to 60 minutes.
PauseMinutes = Annotated[int, msgspec.Meta(ge=1, le=60)]
#: The break reminder: after 30 minutes to 8 hours without a break.
BreakMinutes = Annotated[int, msgspec.Meta(ge=30, le=8 * 60)]


class HardMark(Request, tag="hard_mark"):
    """The counsellor's own "this was hard" on a conversation (staff only)."""

    conversation: ObjectId


class PauseStart(Request, tag="pause_start"):
    """No new contacts for me for ``minutes``; the queue and the shift lead are told."""

    minutes: PauseMinutes
    #: The hard conversation the pause follows, if any (for the shift lead's alert).
    after: ObjectId | None = None


class PauseEnd(Request, tag="pause_end"):
    """Back before the pause's end."""


class BreakPolicySet(Request, tag="break_policy_set"):
    """Remind shift leads when someone has worked ``minutes`` without a break. Supervisors."""

    minutes: BreakMinutes


class BreakPolicyGet(Request, tag="break_policy_get"):
    """The break reminder's limit in minutes. Shift leads and supervisors."""


class DebriefRequest(Request, tag="debrief_request"):
    """Ask the shift leads on shift for a debrief: a consultation without a conversation."""

    #: The hard conversation it follows, if any (the shift lead may read its summary).
    after: ObjectId | None = None
    urgent: bool = False


class DebriefAccept(Request, tag="debrief_accept"):
    debrief: ObjectId


class DebriefDecline(Request, tag="debrief_decline"):
    debrief: ObjectId


class DebriefCancel(Request, tag="debrief_cancel"):
    debrief: ObjectId


FRAMES: tuple[type[Request], ...] = (
    AbuseMark, BlockAdd, BlockList, BlockLift, BlockStats,
    HardMark, PauseStart, PauseEnd, BreakPolicySet, BreakPolicyGet,
    DebriefRequest, DebriefAccept, DebriefDecline, DebriefCancel,
)
