"""Plain records the store hands out."""

import json
from dataclasses import dataclass
from typing import Any

from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event


@dataclass(frozen=True, slots=True)
class UserRecord:
    name: str
    display_name: str
    roles: tuple[str, ...]
    password_hash: str
    #: A disabled user cannot sign in (``workstation-hub user disable``).
    disabled: bool = False


class PreconditionFailed(Exception):
    """``append(expect=…)``: the conversation's row was not as expected (another hub, or
    another request, changed it first); nothing was written. ``found``: the columns as they
    are (e.g. ``{"status": "assigned"}``)."""

    def __init__(self, conversation: str, found: dict[str, Any]) -> None:
        super().__init__(conversation)
        self.conversation = conversation
        self.found = found


@dataclass(frozen=True, slots=True)
class AppendResult:
    """Attributes:
    event: the stored event (the original one for a repeated request).
    duplicate: True when the request repeated one already stored; nothing new was written.
    then: the event ``append(then=…)`` wrote right after ``event`` in the same transaction
        (``None`` without ``then``, and for a repeated request: it is ``event.seq + 1``).
    """

    event: Event
    duplicate: bool
    then: Event | None = None

    def events(self) -> list[Event]:
        """The events this append wrote (none for a repeated request), in ``seq`` order."""
        if self.duplicate:
            return []
        return [self.event] if self.then is None else [self.event, self.then]


def event_from_row(conversation: str, row: tuple[Any, ...]) -> Event:
    seq, at, kind, data = row
    return Event(conversation, int(seq), str(at), str(kind), json.loads(data))


def conversation_from_row(row: tuple[Any, ...]) -> Conversation:
    """A :class:`Conversation` from the columns id, channel, created_at, status,
    assigned_user, assigned_at, flags (in that order)."""
    conv_id, channel, created_at, status, assigned_user, assigned_at, flags = row
    return Conversation(
        id=conv_id,
        channel=channel,
        created_at=created_at,
        status=Status(status),
        assigned_user=assigned_user,
        assigned_at=assigned_at,
        flags=set(json.loads(flags or "[]")),
    )
