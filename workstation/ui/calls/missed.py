"""A ringing call whose caller hung up before anyone answered: say so, once.

Without this the call just vanished from the ringing list, and a counsellor could not tell
a hang-up from a colleague answering. The hub's ``call_missed`` push says which it was.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from workstation.protocol.times import parse_time
from workstation.ui.controller import DeskController
from workstation.ui.conversation_model import format_clock


class MissedCalls(QObject):
    """Turns ``call_missed`` pushes into a sentence.

    Signals:
        missed(str): "The call from +47 ** ** ** 12 was hung up before it was answered
            (rang 0:45)."
    """

    missed = Signal(str)

    def __init__(self, controller: DeskController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._told: set[str] = set()
        controller.push_received.connect(self.on_controller_push_received)

    def on_controller_push_received(self, frame: dict[str, Any]) -> None:
        if frame.get("type") != "call_missed":
            return
        conversation = str(frame.get("conversation", ""))
        if conversation in self._told:  # a push again after a reconnect
            return
        self._told.add(conversation)
        self.missed.emit(self.sentence(frame))

    def sentence(self, frame: dict[str, Any]) -> str:
        number = frame.get("number")
        rang = _rang(frame)
        if number:
            text = self.tr("The call from %1 was hung up before it was answered").replace(
                "%1", str(number)
            )
        else:
            text = self.tr("A call was hung up before it was answered")
        if rang is None:
            return text + "."
        return self.tr("%1 (rang %2).").replace("%1", text).replace("%2", rang)


def _rang(frame: dict[str, Any]) -> str | None:
    try:
        seconds = (parse_time(frame["ended_at"]) - parse_time(frame["offered_at"])).total_seconds()
    except (KeyError, TypeError, ValueError):
        return None
    return format_clock(seconds)
