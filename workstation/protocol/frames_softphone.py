"""Staff frames about the desk softphone (docs/protocol.md, "Calls"; docs/telephony.md,
"A softphone lost")."""

from workstation.protocol.frames import ObjectId, Request


class SoftphoneLost(Request, tag="softphone_lost"):
    """The desk's softphone stopped while the desk stays connected: hold its calls."""


class CallTakeOver(Request, tag="call_take_over"):
    """A shift lead or supervisor takes over the held call of a lost desk or softphone."""

    conversation: ObjectId


FRAMES: tuple[type[Request], ...] = (SoftphoneLost, CallTakeOver)
