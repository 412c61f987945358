"""Ringing calls (the hub's ``calls`` push) as a Qt list model, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from workstation.protocol.times import parse_time
from workstation.ui.calls.pushed_list import PushedListModel
from workstation.ui.conversation_model import format_clock

CONVERSATION_ROLE = PushedListModel.KEY_ROLE


@dataclass(frozen=True)
class RingingCall:
    conversation: str
    call: str
    number: str | None
    offered_at: datetime

    @classmethod
    def from_wire(cls, item: dict[str, Any]) -> RingingCall:
        return cls(
            conversation=str(item["conversation"]),
            call=str(item.get("call", "")),
            number=item.get("number"),
            offered_at=parse_time(item["offered_at"]),
        )


class RingingCallsModel(PushedListModel[RingingCall]):
    """Calls ringing now: masked number and how long each has rung.

    Attributes:
        clock: returns the current UTC time; tests replace it.
    """

    def key(self, row: RingingCall) -> str:
        return row.conversation

    def text(self, row: RingingCall) -> str:
        rung = format_clock((self.clock() - row.offered_at).total_seconds())
        number = row.number or self.tr("hidden number")
        return self.tr("☎ %1 – ringing %2").replace("%1", number).replace("%2", rung)

    def conversation_at(self, row: int) -> str | None:
        return self.key_at(row)

    def number_of(self, conversation: str) -> str | None:
        for call in self.rows:
            if call.conversation == conversation:
                return call.number
        return None

    def set_items(self, items: list[dict[str, Any]]) -> None:
        """Replace the list with the hub's latest."""
        self.replace(sorted(map(RingingCall.from_wire, items), key=lambda call: call.offered_at))
