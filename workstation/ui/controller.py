"""The bridge between the hub connection and the desk's Qt models."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from workstation.client.errors import HubError
from workstation.ui.conversation_model import ConversationListModel
from workstation.ui.queue_model import QueueModel
from workstation.ui.transcript_model import TranscriptModel

log = logging.getLogger(__name__)


class DeskClient(Protocol):
    """What the desk needs from :class:`workstation.client.StaffClient`."""

    def add_listener(self, listener: Any) -> None: ...
    def send_message(self, conversation: str, text: str) -> Any: ...
    async def accept(self, conversation: str) -> Any: ...
    async def close_conversation(self, conversation: str, reason: str) -> Any: ...


class DeskController(QObject):
    """Receives the client's callbacks on the event loop and keeps the models current.

    Widgets hold a controller and its models; they never talk to the client themselves.

    Attributes:
        client: the hub connection.
        queue: waiting contacts.
        conversations: the counsellor's conversations.
        state: the last connection state ("connecting", "connected", "reconnecting",
            "offline").
        pending: how many messages and notes wait for the hub.
        user: the signed-in user (``name``, ``display_name``, ``roles``), once known.

    Signals:
        state_changed(str): the connection state changed.
        outbox_changed(int): the number of unacknowledged messages changed.
        user_changed(str): signed in; the display name.
        auth_failed(str): the hub rejected the credentials; its sentence.
        conversation_added(str): a conversation appeared in ``conversations``.
        push_received(dict): any other push frame from the hub.
    """

    state_changed = Signal(str)
    outbox_changed = Signal(int)
    user_changed = Signal(str)
    auth_failed = Signal(str)
    conversation_added = Signal(str)
    push_received = Signal(dict)

    def __init__(self, client: DeskClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.queue = QueueModel(self)
        self.conversations = ConversationListModel(self)
        self.state = "offline"
        self.pending = 0
        self.user: dict[str, Any] = {}
        self._transcripts: dict[str, TranscriptModel] = {}
        client.add_listener(self)

    def transcript(self, conversation: str) -> TranscriptModel:
        """The transcript model of a conversation (created on first use)."""
        model = self._transcripts.get(conversation)
        if model is None:
            model = TranscriptModel(conversation, self)
            self._transcripts[conversation] = model
        return model

    @property
    def display_name(self) -> str:
        return str(self.user.get("display_name") or self.user.get("name") or "")

    # --- client listener ------------------------------------------------------------------

    def on_state(self, state: Any) -> None:
        self.state = str(state)
        self.state_changed.emit(self.state)

    def on_event(self, event: dict[str, Any]) -> None:
        conversation = str(event["conversation"])
        self.transcript(conversation).append_event(event)
        if self.conversations.apply_event(event):
            self.conversation_added.emit(conversation)

    def on_queue(self, items: list[dict[str, Any]]) -> None:
        self.queue.set_items(items)

    def on_push(self, frame: dict[str, Any]) -> None:
        self.push_received.emit(frame)

    def on_hello(self, user: dict[str, Any]) -> None:
        self.user = dict(user)
        self.user_changed.emit(self.display_name)

    def on_auth_failed(self, message: str) -> None:
        self.auth_failed.emit(message)

    def on_outbox(self, pending: int) -> None:
        self.pending = pending
        self.outbox_changed.emit(pending)

    # --- actions ----------------------------------------------------------------------------

    def send(self, conversation: str, text: str) -> None:
        """Queue a message to the young person and show it as pending until acknowledged."""
        text = text.strip()
        if not text:
            return
        item = self.client.send_message(conversation, text)
        client_id = getattr(item, "id", None)
        transcript = self.transcript(conversation)
        transcript.add_pending(client_id, text, self.display_name)

        def acknowledged(future: Any) -> None:
            if future.cancelled() or future.exception() is not None:
                return
            transcript.acknowledge(client_id, int(future.result()))

        future = getattr(item, "future", None)
        if future is not None:
            future.add_done_callback(acknowledged)

    async def accept(self, conversation: str) -> None:
        """Take a contact from the queue; raises HubError when someone was faster."""
        try:
            await self.client.accept(conversation)
        except HubError as error:
            if error.code == "conflict":
                self.queue.remove(conversation)
            raise
        self.queue.remove(conversation)

    async def close_conversation(self, conversation: str) -> None:
        """End a conversation as the counsellor."""
        await self.client.close_conversation(conversation, "staff_closed")
