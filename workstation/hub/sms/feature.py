"""SMS on the hub: threads from an :class:`SmsGateway` become ``sms`` conversations.

An inbound message from a thread with an open conversation is appended to it as a contact
``message``; otherwise it opens a new queued conversation (first a staff-only ``sms_thread``
event with the masked number, then the message). A counsellor's ``send`` in such a
conversation goes out through the gateway; a failure adds a staff-only ``sms_failed`` event.
The hub keeps only the thread hash of open conversations, never a number.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections import defaultdict
from collections.abc import Coroutine
from typing import Any

from workstation.hub.blocks import BlockFeature
from workstation.hub.desk import conversations
from workstation.hub.feature import Feature
from workstation.hub.sms.gateway import InboundSms, SmsGateway
from workstation.hub.sms.simulated import SimulatedSmsGateway
from workstation.protocol.limits import MAX_TEXT_CHARS
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event, message_fields

log = logging.getLogger(__name__)

_CREATE = """
CREATE TABLE IF NOT EXISTS desk_sms_threads (
    thread TEXT PRIMARY KEY,
    conversation TEXT NOT NULL UNIQUE
)"""


class SmsFeature(Feature):
    """Attributes:
    gateway: the SMS gateway.
    threads: the open conversation of each thread hash.
    """

    def __init__(self, *args: Any, gateway: SmsGateway | None = None) -> None:
        super().__init__(*args)
        self.gateway: SmsGateway = gateway or SimulatedSmsGateway()
        self.gateway.attach(self.inbound)
        self.threads: dict[str, str] = {}
        self._thread_of: dict[str, str] = {}
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        def op(conn: sqlite3.Connection) -> list[tuple[str, str]]:
            conn.execute(_CREATE)
            conn.execute(
                "DELETE FROM desk_sms_threads WHERE conversation IN "
                "(SELECT id FROM conversations WHERE status = 'closed')"
            )
            return conn.execute("SELECT thread, conversation FROM desk_sms_threads").fetchall()

        for thread, conv_id in await self.hub.store.run(op, write=True):
            self._link(thread, conv_id)

    async def stop(self) -> None:
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=5)

    def _link(self, thread: str, conv_id: str) -> None:
        self.threads[thread] = conv_id
        self._thread_of[conv_id] = thread

    def _unlink(self, conv_id: str) -> str | None:
        thread = self._thread_of.pop(conv_id, None)
        if thread is not None and self.threads.get(thread) == conv_id:
            del self.threads[thread]
        return thread

    # --- inbound -----------------------------------------------------------------------------

    async def inbound(self, sms: InboundSms) -> str:
        """Store an inbound message; returns its conversation id (``""``: a blocked thread,
        answered kindly and kept out of the queue)."""
        hub = self.hub
        async with self._locks[sms.thread]:
            conv: Conversation | None = hub.conversations.get(self.threads.get(sms.thread, ""))
            if conv is None or conv.status is Status.CLOSED:
                refused = await hub.feature(BlockFeature).refuse("sms", sms.thread)
                if refused is not None:
                    await self._answer_blocked(sms.thread, refused.text)
                    return ""
                conv = await self._open(sms)
            text = sms.text[:MAX_TEXT_CHARS]
            await hub.store.append(
                conv.id,
                "message",
                message_fields("contact", text, sms.message_id),
                hub.on_event,
                sender="contact",
                client_id=sms.message_id,
            )
        return conv.id

    async def _answer_blocked(self, thread: str, text: str) -> None:
        try:
            await self.gateway.send(thread, text)
        except Exception as exc:
            log.warning("the answer to a blocked SMS thread was not sent: %s", type(exc).__name__)

    async def _open(self, sms: InboundSms) -> Conversation:
        hub = self.hub
        conv = conversations.new_conversation(hub, "sms")
        self._link(sms.thread, conv.id)

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT OR REPLACE INTO desk_sms_threads (thread, conversation) VALUES (?, ?)",
                (sms.thread, conv.id),
            )

        try:
            await conversations.create(hub, conv)
            await hub.store.run(op, write=True)
            await hub.feature(BlockFeature).remember(conv.id, "sms", sms.thread)
            await conversations.append(hub, conv.id, "sms_thread", {"number": sms.number})
        except Exception:
            self._unlink(conv.id)
            raise
        hub.enqueue(conv)
        return conv

    # --- outbound ----------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        thread = self._thread_of.get(event.conversation)
        if thread is None:
            return
        if event.kind == "message" and event.fields.get("from") == "staff":
            self._spawn(self._send(event, thread))
        elif event.kind == "closed":
            self._unlink(event.conversation)
            self._spawn(self._forget(thread, event.conversation))

    async def _send(self, event: Event, thread: str) -> None:
        async with self._locks[thread]:
            try:
                await self.gateway.send(thread, str(event.fields["text"]))
            except Exception as exc:
                log.warning("SMS not sent: %s", type(exc).__name__)
                await conversations.append(
                    self.hub,
                    event.conversation,
                    "sms_failed",
                    {"client_id": event.fields.get("client_id"), "message_seq": event.seq},
                )

    async def _forget(self, thread: str, conv_id: str) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "DELETE FROM desk_sms_threads WHERE thread = ? AND conversation = ?",
                (thread, conv_id),
            )

        await self.hub.store.run(op, write=True)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
