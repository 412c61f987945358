"""Staff frames for the young person's chat page (see docs/protocol.md, "/v1/contact")."""

from typing import Literal

from workstation.protocol.frames import ObjectId, Request

#: The least time between two typing pushes to one conversation's young person (the hub
#: forwards no more often; the desk sends no more often).
TYPING_EVERY_S = 2.0


class Typing(Request, tag="typing"):
    """The assigned counsellor is writing: shown on the young person's page, never stored."""

    conversation: ObjectId


#: What happened when a counsellor rang back: ``no_answer`` puts the task back for a retry.
CallbackOutcome = Literal["reached", "no_answer", "unreachable"]


class CallbackTake(Request, tag="callback_take"):
    """Take a call-back task (decided once in the hub, like ``accept``)."""

    callback: ObjectId


class CallbackNumber(Request, tag="callback_number"):
    """The full number of a task this counsellor took (audited, never stored in an answer)."""

    callback: ObjectId


class CallbackDone(Request, tag="callback_done"):
    """The outcome of a call-back; ``reached``/``unreachable`` delete the number at once."""

    callback: ObjectId
    outcome: CallbackOutcome


FRAMES: tuple[type[Request], ...] = (Typing, CallbackTake, CallbackNumber, CallbackDone)
