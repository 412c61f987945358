"""Staff frames for "same counsellor again" codes (see docs/returning.md, docs/protocol.md)."""

from typing import Annotated

import msgspec

from workstation.protocol.frames import ObjectId, Request


class ReturnCodeOffer(Request, tag="return_code_offer"):
    """Give the young person of ``conversation`` a code that brings them back to this
    counsellor. Answered ``ok`` with ``code`` and ``expires_at``; the code is pushed to the
    young person's chat page (``return_code``) and never stored in the clear. Offering again
    for the same conversation revokes the earlier code (one live code per conversation)."""

    conversation: ObjectId
    #: An agreed time for a follow-up conversation (ISO 8601 UTC), within the chat's opening
    #: hours; the code opens it, the counsellor is reminded, a missed time is released.
    follow_up_at: Annotated[str, msgspec.Meta(max_length=40)] | None = None


class ReturnCodeRevoke(Request, tag="return_code_revoke"):
    """Revoke the live code of ``conversation``: its counsellor, a shift lead or supervisor."""

    conversation: ObjectId


class FollowUpTimes(Request, tag="follow_up_times"):
    """The follow-up times this counsellor may offer (``return_code_offer``'s
    ``follow_up_at``): answered ``ok`` with ``times`` (ISO 8601 UTC, soonest first) within
    the opening hours and her shifts in the roster, and ``roster`` (false: nobody has a shift
    registered, so the opening hours alone decide)."""


FRAMES: tuple[type[Request], ...] = (ReturnCodeOffer, ReturnCodeRevoke, FollowUpTimes)
