"""Listening helpers: events received before a feature was installed, and a listener relay."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from workstation.client.listener import ClientListener
from workstation.client.state import ConnectionState
from workstation.ui.controller import DeskController


def known_events(controller: DeskController) -> Iterator[dict[str, Any]]:
    """Every event already in the controller's transcripts, conversation by conversation."""
    conversations = controller.conversations
    for row in range(conversations.rowCount()):
        conversation = conversations.conversation_at(row)
        if conversation is None:
            continue
        transcript = controller.transcript(conversation)
        for index in range(transcript.rowCount()):
            fields = transcript.entry(index).fields
            if fields is not None:
                yield fields


class Relay(ClientListener):
    """Passes the client's callbacks on to ``target``'s methods of the same name, when it has
    them (a QObject cannot also be a ``ClientListener``; this keeps the no-op defaults)."""

    def __init__(self, target: object) -> None:
        self.target = target

    def _call(self, name: str, *args: Any) -> None:
        method = getattr(self.target, name, None)
        if method is not None:
            method(*args)

    def on_state(self, state: ConnectionState) -> None:
        self._call("on_state", state)

    def on_event(self, event: dict[str, Any]) -> None:
        self._call("on_event", event)

    def on_push(self, frame: dict[str, Any]) -> None:
        self._call("on_push", frame)

    def on_hello(self, user: dict[str, Any]) -> None:
        self._call("on_hello", user)
