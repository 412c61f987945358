"""Staff frames about the desk softphone (docs/protocol.md, "Calls"; docs/telephony.md,
"A softphone lost", "Where a desk's softphone listens")."""

from typing import Annotated

import msgspec

from workstation.protocol.frames import ObjectId, Request

#: A UDP port a desk softphone listens on.
Port = Annotated[int, msgspec.Meta(ge=1, le=65535)]


class SoftphoneReady(Request, tag="softphone_ready"):
    """The desk's softphone listens on ``port`` of the desk connection's own address."""

    port: Port


class SoftphoneLost(Request, tag="softphone_lost"):
    """The desk's softphone stopped while the desk stays connected: hold its calls."""


class CallTakeOver(Request, tag="call_take_over"):
    """A shift lead or supervisor takes over the held call of a lost desk or softphone."""

    conversation: ObjectId


FRAMES: tuple[type[Request], ...] = (SoftphoneReady, SoftphoneLost, CallTakeOver)
