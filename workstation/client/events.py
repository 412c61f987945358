"""Which events to hand to the desk: each once, in ``seq`` order per conversation. No I/O.

Events reach the client both live and in backlogs (``sync`` after a reconnect, ``accept``,
``consult_accept``, ``observe``). The hub sends each conversation's events in ``seq`` order on a
connection and a staff member may legitimately see gaps (kinds they are not allowed to see), so
the rule is a high-water mark: an event is new when its ``seq`` is above the last one delivered
for its conversation. The marks are what the next ``sync`` resumes from.
"""

from typing import Any


class EventTracker:
    """Deduplicates events by ``(conversation, seq)`` and remembers the last ``seq`` seen.

    Attributes:
        last_seq: conversation id to the highest ``seq`` delivered.
        dropped: how many events were recognised as already delivered.
    """

    def __init__(self) -> None:
        self.last_seq: dict[str, int] = {}
        self.dropped = 0

    def admit(self, event: dict[str, Any]) -> bool:
        """True when ``event`` is new and should be delivered; records it as seen."""
        if not is_event(event):
            raise ValueError("an event needs a string conversation and an integer seq")
        conversation: str = event["conversation"]
        seq: int = event["seq"]
        if seq <= self.last_seq.get(conversation, 0):
            self.dropped += 1
            return False
        self.last_seq[conversation] = seq
        return True

    def admit_batch(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The new events of a backlog, sorted by ``seq`` within each conversation."""
        valid = [event for event in events if is_event(event)]
        valid.sort(key=lambda e: (e["conversation"], e["seq"]))
        return [event for event in valid if self.admit(event)]


def is_event(frame: dict[str, Any]) -> bool:
    """Whether ``frame`` has the string ``conversation`` and integer ``seq`` an event needs."""
    seq = frame.get("seq")
    return (
        isinstance(frame.get("conversation"), str)
        and isinstance(seq, int)
        and not isinstance(seq, bool)
    )
