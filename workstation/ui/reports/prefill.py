"""What the editor knows from the conversation before anyone types: pure, no Qt.

The events are the staff view of one conversation as the desk received them (wire dicts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from workstation.protocol.times import parse_time
from workstation.sessions import categories as category_data
from workstation.sessions.clock import format_clock, format_short_date


@dataclass(frozen=True, slots=True)
class Message:
    """A message that may be quoted verbatim."""

    seq: int
    at: str
    """Wire time (UTC, ``Z``)."""
    sender: str
    """``contact`` or ``staff``."""
    text: str


@dataclass(frozen=True, slots=True)
class Prefill:
    conversation: str
    channel: str = "chat"
    started: datetime | None = None
    ended: datetime | None = None
    messages: tuple[Message, ...] = ()
    categories: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    actions: tuple[str, ...] = field(default=())


_CHANNEL_WORDS = {"chat": "chat", "sms": "SMS", "phone": "telefon", "email": "e-post"}
_FLAG_WORDS = {"risk": "risiko"}


def _time(event: dict[str, Any]) -> datetime | None:
    try:
        return parse_time(str(event.get("at", "")))
    except ValueError:
        return None


def _category_labels(ids: list[Any]) -> list[str]:
    labels = []
    for item in ids:
        if isinstance(item, str):
            labels.append(category_data.label(item) if category_data.is_valid(item) else item)
    return labels


def prefill(events: list[dict[str, Any]]) -> Prefill:
    """Channel, times, quotable messages, categories, flags and a first "what we did"."""
    conversation = next((str(e["conversation"]) for e in events if "conversation" in e), "")
    channel, started, ended = "chat", None, None
    messages: list[Message] = []
    cats: list[str] = []
    flags: list[str] = []
    for event in events:
        kind = event.get("kind")
        if kind == "opened":
            channel = str(event.get("channel", "chat"))
        elif kind == "assigned" and started is None:
            started = _time(event)
        elif kind == "closed":
            ended = _time(event)
        elif kind == "message" and isinstance(event.get("text"), str):
            sender = "contact" if event.get("from") == "contact" else "staff"
            messages.append(Message(int(event["seq"]), str(event["at"]), sender, event["text"]))
        elif kind == "flagged":
            word = _FLAG_WORDS.get(str(event.get("flag")), str(event.get("flag")))
            if word not in flags:
                flags.append(word)
        if isinstance(event.get("categories"), list):
            cats = [c for c in _category_labels(event["categories"]) if c not in cats] or cats
    if started is None and messages:
        started = parse_time(messages[0].at)
    if ended is None and messages:
        ended = parse_time(messages[-1].at)
    return Prefill(
        conversation=conversation,
        channel=channel,
        started=started,
        ended=ended,
        messages=tuple(messages),
        categories=tuple(cats),
        flags=tuple(flags),
        actions=(_conversation_line(channel, started, ended),) if started else (),
    )


def _conversation_line(channel: str, started: datetime | None, ended: datetime | None) -> str:
    """ "Snakket med barnet på chat 24.03.2027 kl. 21.00–21.40." (Norwegian, for the report)."""
    assert started is not None
    span = f"kl. {format_clock(started)}"
    if ended is not None:
        span += f"–{format_clock(ended)}"
    word = _CHANNEL_WORDS.get(channel, channel)
    return f"Snakket med barnet på {word} {format_short_date(started)} {span}."
