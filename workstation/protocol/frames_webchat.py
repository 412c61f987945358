"""Staff frames for the young person's chat page (see docs/protocol.md, "/v1/contact")."""

from workstation.protocol.frames import ObjectId, Request


class Typing(Request, tag="typing"):
    """The assigned counsellor is writing: shown on the young person's page, never stored."""

    conversation: ObjectId


FRAMES: tuple[type[Request], ...] = (Typing,)
