"""Messages and notes typed at the desk that the hub has not acknowledged yet. No I/O.

Each item keeps the ``id`` it was created with for its whole life, so a resend after a
reconnect is recognised by the hub (same id, same ``seq``, nothing new stored). Within one
conversation, items go out one at a time in the order they were typed: the next is sent only
when the previous is acknowledged, so the transcript keeps the order the person typed in.
"""

import asyncio
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

OutboxKind = Literal["send", "note"]


def new_id() -> str:
    """A request id unique across reconnects and restarts of the desk (the hub dedups by id)."""
    return uuid.uuid4().hex


@dataclass(eq=False)
class OutboxItem:
    """One message or note on its way to the hub.

    Attributes:
        id: the request id, chosen once; resends reuse it.
        conversation: the conversation it belongs to.
        kind: ``send`` (a message the young person sees) or ``note`` (staff only).
        text: what was typed.
        sign: an e-mail answer signed with the counsellor's name (``send`` field ``sign``).
        future: resolves to the event ``seq`` once the hub acknowledged it; fails with
            :class:`~workstation.client.errors.HubError` if the hub refuses it.
    """

    id: str
    conversation: str
    kind: OutboxKind
    text: str
    future: "asyncio.Future[int]" = field(repr=False)
    #: An e-mail answer the counsellor chose to sign with their name.
    sign: bool = False

    def frame(self) -> dict[str, Any]:
        frame: dict[str, Any] = {
            "type": self.kind,
            "id": self.id,
            "conversation": self.conversation,
            "text": self.text,
        }
        if self.sign:
            frame["sign"] = True
        return frame


class Outbox:
    """The unacknowledged items in the order they were created, and which are on the wire."""

    def __init__(self) -> None:
        self._items: dict[str, OutboxItem] = {}
        self._in_flight: set[str] = set()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._items

    @property
    def items(self) -> list[OutboxItem]:
        return list(self._items.values())

    def add(self, item: OutboxItem) -> None:
        if item.id in self._items:
            raise ValueError("an outbox item with this id is already queued")
        self._items[item.id] = item

    def ready(self) -> list[OutboxItem]:
        """Items to send now: the oldest of each conversation, unless it is already on the wire."""
        seen: set[str] = set()
        out: list[OutboxItem] = []
        for item in self._items.values():
            if item.conversation in seen:
                continue
            seen.add(item.conversation)
            if item.id not in self._in_flight:
                out.append(item)
        return out

    def mark_sent(self, item_id: str) -> None:
        if item_id in self._items:
            self._in_flight.add(item_id)

    def in_flight(self, item_id: str) -> bool:
        return item_id in self._in_flight

    def ack(self, item_id: str, seq: int) -> OutboxItem | None:
        """The hub stored it as event ``seq``: resolve and forget the item."""
        item = self._pop(item_id)
        if item is not None and not item.future.done():
            item.future.set_result(seq)
        return item

    def fail(self, item_id: str, exc: BaseException) -> OutboxItem | None:
        """The hub refused it for good: fail its future and forget it."""
        item = self._pop(item_id)
        if item is not None and not item.future.done():
            item.future.set_exception(exc)
        return item

    def retry(self, item_id: str) -> None:
        """Send it again later (it was answered ``rate_limited``)."""
        self._in_flight.discard(item_id)

    def connection_lost(self) -> None:
        """Nothing is on the wire any more: every item goes out again after the reconnect."""
        self._in_flight.clear()

    def _pop(self, item_id: str) -> OutboxItem | None:
        self._in_flight.discard(item_id)
        return self._items.pop(item_id, None)
