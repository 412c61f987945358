"""Staff frames for the young person's chat page (see docs/protocol.md, "/v1/contact")."""

from workstation.protocol.frames import ObjectId, Request

#: The least time between two typing pushes to one conversation's young person (the hub
#: forwards no more often; the desk sends no more often).
TYPING_EVERY_S = 2.0


class Typing(Request, tag="typing"):
    """The assigned counsellor is writing: shown on the young person's page, never stored."""

    conversation: ObjectId


FRAMES: tuple[type[Request], ...] = (Typing,)
