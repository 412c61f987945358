"""The state of one conversation as the hub routes it. Pure data, no I/O."""

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    QUEUED = "queued"
    ASSIGNED = "assigned"
    CLOSED = "closed"


@dataclass(slots=True)
class Conversation:
    """Attributes:
    id: opaque conversation id.
    channel: ``chat``, ``sms``, ``phone`` or ``email``.
    created_at: wire time of ``opened``; the contact has waited since then while queued.
    status: queued, assigned or closed.
    assigned_user: the counsellor's user name while assigned.
    assigned_at: wire time of the latest ``assigned`` event.
    flags: flags raised so far (``risk`` …).
    """

    id: str
    channel: str
    created_at: str
    status: Status = Status.QUEUED
    assigned_user: str | None = None
    assigned_at: str | None = None
    flags: set[str] = field(default_factory=set)

    @property
    def is_open(self) -> bool:
        return self.status is not Status.CLOSED
