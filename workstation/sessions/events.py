"""Conversation events and who may see them (PROTOCOL.md, Events and durability)."""

from dataclasses import dataclass
from typing import Any

#: Kinds a contact may ever see. Everything else (notes, flags, consultations, time
#: warnings, and any kind added later) is staff-only by default.
CONTACT_VISIBLE_KINDS = frozenset({"opened", "message", "assigned", "closed"})

#: Fields never shown to a contact, whatever the kind (staff user names).
_STAFF_ONLY_FIELDS = frozenset({"user"})


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of a conversation's append-only log.

    Attributes:
        conversation: the conversation id.
        seq: 1, 2, 3 … within the conversation.
        at: wire time (ISO 8601 UTC with Z) when it was stored.
        kind: ``opened``, ``message``, ``assigned``, ``note``, …
        fields: the kind's own fields.
    """

    conversation: str
    seq: int
    at: str
    kind: str
    fields: dict[str, Any]

    def to_wire(self) -> dict[str, Any]:
        """The event as staff receive it."""
        return {  # the envelope wins over a field of the same name (an event's own seq)
            **self.fields,
            "type": "event",
            "conversation": self.conversation,
            "seq": self.seq,
            "at": self.at,
            "kind": self.kind,
        }

    def for_contact(self) -> dict[str, Any] | None:
        """The event as the contact receives it, or ``None`` when they must never see it."""
        if self.kind not in CONTACT_VISIBLE_KINDS:
            return None
        wire = self.to_wire()
        for name in _STAFF_ONLY_FIELDS:
            wire.pop(name, None)
        return wire


def message_fields(
    sender: str, text: str, client_id: str, author: str | None = None, user: str | None = None
) -> dict[str, Any]:
    """Fields of a ``message`` event; ``author`` and ``user`` only for staff messages."""
    fields: dict[str, Any] = {"from": sender, "text": text, "client_id": client_id}
    if author is not None:
        fields["author"] = author
    if user is not None:
        fields["user"] = user
    return fields
