"""The bridge between the hub connection and the desk's Qt models."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from workstation.client.errors import HubError
from workstation.protocol.frames_webchat import TYPING_EVERY_S
from workstation.ui.calls.callback_model import CallbackTasksModel
from workstation.ui.calls.ringing_model import RingingCallsModel
from workstation.ui.conversation_model import ConversationListModel
from workstation.ui.queue_model import QueueModel
from workstation.ui.transcript_model import TranscriptModel

log = logging.getLogger(__name__)


class DeskClient(Protocol):
    """What the desk needs from :class:`workstation.client.StaffClient`."""

    def add_listener(self, listener: Any) -> None: ...
    def send_message(self, conversation: str, text: str, sign: bool = False) -> Any: ...
    def send_note(self, conversation: str, text: str) -> Any: ...
    async def request(self, frame: dict[str, Any], timeout: float = 10.0) -> Any: ...
    async def close_conversation(self, conversation: str, reason: str) -> Any: ...


class CapacityReached(HubError):
    """``accept``/``call_answer`` was refused because the desk is full; ask, then resend.

    Attributes:
        channel: the channel of the contact asked for.
        used: conversations held now, by channel.
        limits: the limits, by channel.
    """

    def __init__(self, push: dict[str, Any], message: str) -> None:
        super().__init__("conflict", message)
        self.channel = str(push.get("channel") or "chat")
        self.used: dict[str, int] = dict(push.get("used") or {})
        self.limits: dict[str, int] = dict(push.get("limits") or {})


class DeskController(QObject):
    """Receives the client's callbacks on the event loop and keeps the models current.

    Widgets hold a controller and its models; they never talk to the client themselves.

    Attributes:
        client: the hub connection.
        queue: waiting contacts.
        calls: ringing calls with their masked numbers.
        callbacks: call-back tasks from the chat page, numbers masked.
        roster: the colleagues online, from the last ``roster`` push.
        conversations: the counsellor's conversations.
        state: the last connection state ("connecting", "connected", "reconnecting",
            "offline").
        pending: how many messages and notes wait for the hub.
        user: the signed-in user (``name``, ``display_name``, ``roles``), once known.
        hub: ``(index, count, moving)``: the hub in use or tried (from 0) of how many
            addresses, and whether the desk is on its way to another hub.

    Signals:
        state_changed(str): the connection state changed.
        hub_changed(int, int, bool): the hub in use or tried changed (see ``hub``).
        outbox_changed(int): the number of unacknowledged messages changed.
        user_changed(str): signed in; the display name.
        auth_failed(str): the hub rejected the credentials; its sentence.
        conversation_added(str): a conversation appeared in ``conversations``.
        push_received(dict): any other push frame from the hub.
        roster_changed(list): the colleagues online (the ``roster`` push's ``staff``).
    """

    state_changed = Signal(str)
    hub_changed = Signal(int, int, bool)
    outbox_changed = Signal(int)
    user_changed = Signal(str)
    auth_failed = Signal(str)
    conversation_added = Signal(str)
    push_received = Signal(dict)
    roster_changed = Signal(list)

    def __init__(self, client: DeskClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.queue = QueueModel(self)
        self.conversations = ConversationListModel(self)
        self.calls = RingingCallsModel(self)
        self.callbacks = CallbackTasksModel(self)
        self.roster: list[dict[str, Any]] = []
        self._capacity: dict[str, dict[str, Any]] = {}
        self.state = "offline"
        hubs = getattr(client, "hubs", None)
        self.hub: tuple[int, int, bool] = (0, hubs.count if hubs is not None else 1, False)
        self.pending = 0
        self.user: dict[str, Any] = {}
        self._transcripts: dict[str, TranscriptModel] = {}
        self._typed: dict[str, float] = {}  # conversation -> when typing was last signalled
        self._signals: set[asyncio.Task[None]] = set()
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

    def on_hub(self, index: int, count: int, moving: bool) -> None:
        self.hub = (index, count, moving)
        self.hub_changed.emit(index, count, moving)

    def on_event(self, event: dict[str, Any]) -> None:
        conversation = str(event["conversation"])
        self.transcript(conversation).append_event(event)
        if self.conversations.apply_event(event):
            self.conversation_added.emit(conversation)

    def on_queue_total(self, total: int, by_channel: dict[str, int]) -> None:
        self.queue.set_total(total, by_channel)

    def on_queue(self, items: list[dict[str, Any]]) -> None:
        self.queue.set_items(items)

    def on_push(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "calls" and isinstance(frame.get("items"), list):
            self.calls.set_items(frame["items"])
        elif kind == "callbacks" and isinstance(frame.get("items"), list):
            self.callbacks.set_items(frame["items"])
        elif kind == "roster" and isinstance(frame.get("staff"), list):
            self.roster = [entry for entry in frame["staff"] if isinstance(entry, dict)]
            self.roster_changed.emit(self.roster)
        elif kind == "capacity_reached":
            self._capacity[str(frame.get("conversation"))] = frame
        self.push_received.emit(frame)

    def on_hello(self, user: dict[str, Any]) -> None:
        self.user = dict(user)
        self.conversations.me = str(self.user.get("name") or "") or None
        self.user_changed.emit(self.display_name)

    def on_auth_failed(self, message: str) -> None:
        self.auth_failed.emit(message)

    def on_outbox(self, pending: int) -> None:
        self.pending = pending
        self.outbox_changed.emit(pending)

    # --- actions ----------------------------------------------------------------------------

    def send(self, conversation: str, text: str, sign: bool = False) -> None:
        """Queue a message to the young person and show it as pending until acknowledged
        (``sign``: an e-mail answer the counsellor signs with their name)."""
        self._queue_text(conversation, text, "message", sign)

    def send_note(self, conversation: str, text: str) -> None:
        """Queue a staff-only note (never shown to the young person)."""
        self._queue_text(conversation, text, "note")

    def _queue_text(self, conversation: str, text: str, kind: str, sign: bool = False) -> None:
        text = text.strip()
        if not text:
            return
        if kind == "note":
            item = self.client.send_note(conversation, text)
        else:
            item = self.client.send_message(conversation, text, sign)
        client_id = getattr(item, "id", None)
        transcript = self.transcript(conversation)
        transcript.add_pending(client_id, text, self.display_name, kind)

        def acknowledged(future: Any) -> None:
            if future.cancelled() or future.exception() is not None:
                return
            transcript.acknowledge(client_id, int(future.result()))

        future = getattr(item, "future", None)
        if future is not None:
            future.add_done_callback(acknowledged)

    def typing(self, conversation: str) -> None:
        """Let the young person see that the counsellor is writing (the ``typing`` signal,
        at most every :data:`TYPING_EVERY_S`; a lost signal is harmless and ignored)."""
        now = time.monotonic()
        if now - self._typed.get(conversation, -TYPING_EVERY_S) < TYPING_EVERY_S:
            return
        self._typed[conversation] = now
        task = asyncio.ensure_future(self._signal_typing(conversation))
        self._signals.add(task)
        task.add_done_callback(self._signals.discard)

    async def _signal_typing(self, conversation: str) -> None:
        # Offline, too slow or no longer ours: the next keystroke tries again.
        with contextlib.suppress(HubError):
            await self.client.request({"type": "typing", "conversation": conversation}, 5.0)

    async def accept(self, conversation: str, over_capacity: bool = False) -> None:
        """Take a contact (or answer a ringing call) from the queue.

        Raises :class:`CapacityReached` when the desk is full (ask, then call again with
        ``over_capacity``), and :class:`HubError` ``conflict`` when someone was faster.
        """
        phone = self.queue.channel_of(conversation) == "phone" or self.calls_has(conversation)
        frame: dict[str, Any] = {
            "type": "call_answer" if phone else "accept",
            "conversation": conversation,
        }
        if over_capacity:
            frame["over_capacity"] = True
        self._capacity.pop(conversation, None)
        try:
            await self.client.request(frame)
        except HubError as error:
            push = self._capacity.pop(conversation, None)
            if error.code == "conflict" and push is not None:
                raise CapacityReached(push, error.message) from None
            if error.code == "conflict":
                self.queue.remove(conversation)
                self.calls.remove(conversation)
            raise
        self.queue.remove(conversation)
        self.calls.remove(conversation)

    def calls_has(self, conversation: str) -> bool:
        return any(
            self.calls.conversation_at(row) == conversation for row in range(self.calls.rowCount())
        )

    async def close_conversation(self, conversation: str) -> None:
        """End a conversation as the counsellor (hang up, for a call)."""
        if self.conversations.channel(conversation) == "phone":
            await self.call_action("call_hangup", conversation)
            return
        await self.client.close_conversation(conversation, "staff_closed")

    async def flag_risk(self, conversation: str) -> None:
        """Flag the conversation as a risk (staff-only; time limits stop warning)."""
        await self.client.request({"type": "flag", "conversation": conversation, "flag": "risk"})

    async def call_action(self, action: str, conversation: str, **fields: Any) -> None:
        """``call_hold``, ``call_resume``, ``call_hangup`` or ``call_transfer`` (``to``)."""
        await self.client.request({"type": action, "conversation": conversation, **fields})

    async def callback_request(self, action: str, callback: str, **fields: Any) -> Any:
        """``callback_take``, ``callback_number`` (answer has ``number``) or
        ``callback_done`` (``outcome``); raises :class:`HubError` when refused."""
        return await self.client.request({"type": action, "callback": callback, **fields})

    def colleagues(self) -> list[dict[str, Any]]:
        """Counsellors online other than me, from the roster: who a call can go to."""
        me = self.user.get("name")
        return [
            entry
            for entry in self.roster
            if entry.get("user") != me
            and {"counsellor", "shift_lead"} & set(entry.get("roles") or [])
        ]
