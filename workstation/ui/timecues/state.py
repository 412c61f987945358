"""Each conversation's time-limit state, from ``time_warning``/``time_continued`` events.

A warning is for the counsellor only and never ends anything. It stays visible until the
counsellor continues the conversation with a reason, the conversation is flagged ``risk``
(no warnings ever), it closes, or a new assignment restarts the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from workstation.protocol.times import parse_time
from workstation.ui.consult.backlog import Relay
from workstation.ui.controller import DeskController

SOFT, HARD = "soft", "hard"


@dataclass
class Cue:
    """Attributes:
    level: ``soft``, ``hard`` or None (no warning in this assignment).
    elapsed_s: seconds since the assignment when the warning was given.
    assigned_at: the latest assignment (the clock's start).
    continued: the counsellor chose to go on (no more cues in this conversation).
    risk: flagged ``risk`` (exempt from limits).
    """

    conversation: str
    level: str | None = None
    elapsed_s: int = 0
    soft_s: int = 0
    hard_s: int = 0
    assigned_at: datetime | None = None
    assigned_user: str | None = None
    continued: bool = False
    risk: bool = False

    @property
    def showing(self) -> bool:
        return self.level is not None and not self.continued and not self.risk

    def minutes(self, now: datetime) -> int:
        """Whole minutes since the assignment (at least the warning's own figure)."""
        seconds = float(self.elapsed_s)
        if self.assigned_at is not None:
            seconds = max(seconds, (now - self.assigned_at).total_seconds())
        return int(seconds // 60)


class TimeCues(QObject):
    """A ``ClientListener`` of the controller's client, keeping a :class:`Cue` per conversation.

    Attributes:
        controller: the desk controller (who I am).
        cues: conversation id to its cue.

    Signals:
        changed(str): a conversation's cue changed.
        hard_limit(dict): a ``hard_limit`` alert for shift leads and supervisors.
    """

    changed = Signal(str)
    hard_limit = Signal(dict)

    def __init__(self, controller: DeskController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.client: Any = controller.client
        self.cues: dict[str, Cue] = {}
        self.client.add_listener(Relay(self))

    def cue(self, conversation: str) -> Cue:
        found = self.cues.get(conversation)
        if found is None:
            found = self.cues[conversation] = Cue(conversation)
        return found

    def showing(self, conversation: str | None) -> Cue | None:
        """The cue to show for a conversation I hold, or None."""
        cue = self.cues.get(conversation or "")
        if cue is None or not cue.showing or not self.mine(cue):
            return None
        return cue

    def mine(self, cue: Cue) -> bool:
        me = self.controller.user.get("name")
        return cue.assigned_user is None or cue.assigned_user == me

    def all_showing(self) -> list[Cue]:
        return [c for c in self.cues.values() if c.showing and self.mine(c)]

    # --- client listener ------------------------------------------------------------------

    def on_event(self, event: dict[str, Any]) -> None:
        conversation = str(event.get("conversation"))
        kind = event.get("kind")
        if kind == "closed":
            if self.cues.pop(conversation, None) is not None:
                self.changed.emit(conversation)
            return
        if kind not in ("assigned", "time_warning", "time_continued", "flagged"):
            return
        cue = self.cue(conversation)
        if kind == "assigned":
            cue.level = None
            cue.assigned_user = event.get("user")
            cue.assigned_at = _time(event)
        elif kind == "time_warning":
            cue.level = HARD if event.get("level") == HARD else SOFT
            cue.elapsed_s = int(event.get("elapsed_s") or 0)
            cue.soft_s = int(event.get("soft_s") or 0)
            cue.hard_s = int(event.get("hard_s") or 0)
        elif kind == "time_continued":
            cue.continued = True
        elif event.get("flag") == "risk":
            cue.risk = True
        self.changed.emit(conversation)

    def on_push(self, frame: dict[str, Any]) -> None:
        if frame.get("type") == "alert" and frame.get("alert") == "hard_limit":
            self.hard_limit.emit(dict(frame))

    # --- requests -------------------------------------------------------------------------

    async def continue_conversation(self, conversation: str, reason: str, text: str) -> None:
        """Tell the hub the conversation goes on (recorded as ``time_continued``)."""
        frame: dict[str, Any] = {
            "type": "time_continue",
            "conversation": conversation,
            "reason": reason,
        }
        if text:
            frame["text"] = text
        await self.client.request(frame)


def _time(event: dict[str, Any]) -> datetime | None:
    try:
        return parse_time(str(event.get("at") or ""))
    except ValueError:
        return None
