"""Staff frames of the replay feature (see docs/protocol.md)."""

from workstation.protocol.frames import Request

FRAMES: tuple[type[Request], ...] = ()
