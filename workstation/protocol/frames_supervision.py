"""Staff frames of supervision: live load, observation, shift figures (see docs/protocol.md)."""

from typing import Annotated

import msgspec

from workstation.protocol.frames import ObjectId, Request


class WatchLoad(Request, tag="watch_load"):
    pass


class UnwatchLoad(Request, tag="unwatch_load"):
    pass


class Observe(Request, tag="observe"):
    conversation: ObjectId


class Unobserve(Request, tag="unobserve"):
    conversation: ObjectId


class Stats(Request, tag="stats"):
    """Anonymous per-contact rows between two times (for charts and the shift export)."""

    since: Annotated[str, msgspec.Meta(max_length=40)]
    until: Annotated[str, msgspec.Meta(max_length=40)] | None = None


FRAMES: tuple[type[Request], ...] = (WatchLoad, UnwatchLoad, Observe, Unobserve, Stats)
