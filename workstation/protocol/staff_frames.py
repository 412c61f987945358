"""Every frame a staff client may send: the core plus each feature's own."""

from typing import Union

from workstation.protocol import (
    frames_account,
    frames_care,
    frames_consult,
    frames_desk,
    frames_policy,
    frames_replay,
    frames_report,
    frames_return,
    frames_softphone,
    frames_supervision,
    frames_webchat,
)
from workstation.protocol.frames import CORE_STAFF_FRAMES, Request

STAFF_FRAME_TYPES: tuple[type[Request], ...] = (
    *CORE_STAFF_FRAMES,
    *frames_consult.FRAMES,
    *frames_policy.FRAMES,
    *frames_supervision.FRAMES,
    *frames_replay.FRAMES,
    *frames_report.FRAMES,
    *frames_desk.FRAMES,
    *frames_account.FRAMES,
    *frames_webchat.FRAMES,
    *frames_care.FRAMES,
    *frames_return.FRAMES,
    *frames_softphone.FRAMES,
)

#: A tagged union msgspec can decode (built at run time from the tuple above).
StaffRequestType = Union[STAFF_FRAME_TYPES]  # type: ignore[valid-type]  # noqa: UP007
