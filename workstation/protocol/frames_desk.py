"""Staff frames of the desk feature (see docs/protocol.md)."""

from workstation.protocol.frames import Request

FRAMES: tuple[type[Request], ...] = ()
