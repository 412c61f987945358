"""Staff frames for "same counsellor again" codes (see docs/returning.md, docs/protocol.md)."""

from workstation.protocol.frames import ObjectId, Request


class ReturnCodeOffer(Request, tag="return_code_offer"):
    """Give the young person of ``conversation`` a code that brings them back to this
    counsellor. Answered ``ok`` with ``code`` and ``expires_at``; the code is pushed to the
    young person's chat page (``return_code``) and never stored in the clear. Offering again
    for the same conversation revokes the earlier code (one live code per conversation)."""

    conversation: ObjectId


class ReturnCodeRevoke(Request, tag="return_code_revoke"):
    """Revoke the live code of ``conversation``: its counsellor, a shift lead or supervisor."""

    conversation: ObjectId


FRAMES: tuple[type[Request], ...] = (ReturnCodeOffer, ReturnCodeRevoke)
