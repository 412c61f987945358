"""Staff frames of the time-limit feature (see docs/protocol.md, Time limits).

A limit only ever warns the counsellor; nothing here can close a conversation.
"""

from typing import Annotated, Literal

import msgspec

from workstation.protocol.frames import Channel, ObjectId, Request
from workstation.protocol.limits import MAX_SHORT_TEXT_CHARS

#: The longest limit a policy may set: one day.
MAX_LIMIT_S = 24 * 3600
#: A queue condition above this is a typo, not a policy.
MAX_MIN_QUEUE = 1000

LimitSeconds = Annotated[int, msgspec.Meta(ge=1, le=MAX_LIMIT_S)]
QueueLength = Annotated[int, msgspec.Meta(ge=0, le=MAX_MIN_QUEUE)]
ContinueReason = Literal["risk", "disclosure", "crisis", "other"]

CONTINUE_REASONS: tuple[str, ...] = ("risk", "disclosure", "crisis", "other")


class PolicySet(Request, tag="policy_set"):
    """Set (replace) the time-limit policy of one channel. Supervisors only."""

    channel: Channel
    soft_s: LimitSeconds
    hard_s: LimitSeconds
    min_queue: QueueLength
    enabled: bool = True

    def __post_init__(self) -> None:
        if self.hard_s < self.soft_s:
            raise ValueError("hard_s must be at least soft_s")


class PolicyGet(Request, tag="policy_get"):
    """Every channel's policy. Any staff member."""


class TimeContinue(Request, tag="time_continue"):
    """The assigned counsellor decides this conversation goes on: no more warnings for it."""

    conversation: ObjectId
    reason: ContinueReason
    text: Annotated[str, msgspec.Meta(max_length=MAX_SHORT_TEXT_CHARS)] | None = None


FRAMES: tuple[type[Request], ...] = (PolicySet, PolicyGet, TimeContinue)
