"""SMS on the hub: threads from an :class:`SmsGateway` become ``sms`` conversations.

An inbound message from a thread with an open conversation is appended to it as a contact
``message``; otherwise it opens a new queued conversation (first a staff-only ``sms_thread``
event with the masked number, then the message). A gateway's message id is stored once.

A counsellor's ``send`` in such a conversation is written to the outbox (``sms_status``
``pending``) and sent through the gateway in order per thread; while the gateway is
unreachable it is tried again with backoff, also after a restart of the hub. The gateway's
answer and reports move it to ``sent``, ``delivered`` or ``failed`` (each a staff-only
``sms_status`` event; a failure also an ``sms_failed`` event). A reply only ever goes to the
thread of its conversation: it never opens one. The hub keeps the thread hash of open
conversations, never a number.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections import defaultdict
from typing import Any

from workstation.hub import retry
from workstation.hub.background import Background
from workstation.hub.blocks import BlockFeature
from workstation.hub.desk import conversations
from workstation.hub.feature import Feature
from workstation.hub.outbox_drains import Drains
from workstation.hub.retry import until_accepted
from workstation.hub.returning.feature import ReturnFeature
from workstation.hub.sms import store as sms_store
from workstation.hub.sms.gateway import InboundSms, SmsError, SmsGateway, SmsUnavailable
from workstation.hub.sms.simulated import SimulatedSmsGateway
from workstation.hub.sms.store import Reply
from workstation.protocol.limits import MAX_TEXT_CHARS
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event, message_fields
from workstation.sessions.sms_parts import split
from workstation.store.sql import Sql

log = logging.getLogger(__name__)

#: The first wait before a reply is tried again, and the longest.
RETRY_FIRST_S = retry.FIRST_S
RETRY_MAX_S = retry.MAX_S


class SmsFeature(Feature):
    """Attributes:
    gateway: the SMS gateway.
    threads: the open conversation of each thread hash.
    retry_max_s: the longest wait between two tries of a pending reply.
    """

    def __init__(self, *args: Any, gateway: SmsGateway | None = None) -> None:
        super().__init__(*args)
        self.gateway: SmsGateway = gateway or SimulatedSmsGateway()
        self.gateway.attach(self.inbound, self.on_status)
        self.threads: dict[str, str] = {}
        self.retry_max_s = RETRY_MAX_S
        self._thread_of: dict[str, str] = {}
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._background = Background()
        self._drains: Drains[Reply] = Drains(self.hub.store, sms_store.OUTBOX,
                                             sms_store.pending_replies, self._send,
                                             after=self._drained)

    def use(self, gateway: SmsGateway) -> None:
        """Send and receive through ``gateway`` (before the hub starts)."""
        self.gateway = gateway
        gateway.attach(self.inbound, self.on_status)

    async def start(self) -> None:
        def op(conn: Sql) -> tuple[list[tuple[str, str]], list[Reply]]:
            sms_store.forget_closed_threads(conn)
            for conv_id, seq, thread, data in sms_store.unqueued_replies(conn):
                fields = json.loads(data)
                sms_store.add_reply(conn, self._reply(conv_id, seq, thread,
                                                      str(fields.get("text", "")),
                                                      fields.get("client_id")))
            return sms_store.open_threads(conn), sms_store.pending_replies(conn)

        threads, pending = await self.hub.store.run(op, write=True)
        await self.gateway.start(self.hub)
        for thread, conv_id in threads:
            self._link(thread, conv_id)
        for thread in {reply.thread for reply in pending}:
            self._drains.kick(thread)
        self._drains.start()

    async def stop(self) -> None:
        """Stop sending (pending replies stay in the outbox for the next start)."""
        await self._drains.stop()
        await self._background.stop()
        await self.gateway.stop()

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
        """Store an inbound message once; returns its conversation id (``""``: a blocked thread,
        answered kindly and kept out of the queue)."""
        hub = self.hub
        async with self._locks[sms.thread]:
            known = await hub.store.run(
                lambda c: sms_store.inbound_seen(c, sms.message_id), write=False
            )
            if known is not None:
                return str(known)
            conv: Conversation | None = hub.conversations.get(self.threads.get(sms.thread, ""))
            if conv is None or conv.status is Status.CLOSED:
                refused = await hub.feature(BlockFeature).refuse("sms", sms.thread)
                if refused is not None:
                    await self._answer_blocked(sms.thread, refused.text)
                    return ""
                conv = await self._open(sms)
                # "KODE SOL-ORM-47" first: the same counsellor again (docs/returning.md)
                await hub.feature(ReturnFeature).arrived_by_sms(conv, sms.text, sms.thread)
            text = sms.text[:MAX_TEXT_CHARS]
            await hub.store.append(
                conv.id,
                "message",
                message_fields("contact", text, sms.message_id),
                hub.on_event,
                sender="contact",
                client_id=sms.message_id,
            )
            conv_id = conv.id
            await hub.store.run(lambda c: sms_store.remember_inbound(c, sms.message_id, conv_id),
                                write=True)
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

        try:
            await conversations.create(hub, conv)
            await hub.store.run(lambda c: sms_store.link_thread(c, sms.thread, conv.id),
                                write=True)
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
            self._background.later(lambda: self._queue(event, thread))
        elif event.kind == "closed":
            self._unlink(event.conversation)
            self._background.later(lambda: self._forget(thread, event.conversation))

    @staticmethod
    def _reply(conv_id: str, seq: int, thread: str, text: str,
               client_id: str | None) -> Reply:
        return Reply("r" + secrets.token_hex(12), conv_id, thread, seq, client_id, text,
                     split(text).count, "pending")

    async def _queue(self, event: Event, thread: str) -> None:
        reply = self._reply(event.conversation, event.seq, thread, str(event.fields["text"]),
                            event.fields.get("client_id"))
        await self.hub.store.run(lambda c: sms_store.add_reply(c, reply), write=True)
        await self._tell(reply)
        self._drains.kick(thread)

    async def _drained(self, thread: str) -> None:
        if thread not in self.threads:
            await self.gateway.forget(thread)

    async def _send(self, reply: Reply) -> None:
        async def attempt() -> None:
            await self.hub.store.run(lambda c: sms_store.count_attempt(c, reply.ref), write=True)
            await self.gateway.send(reply.thread, reply.text or "", reply.ref)

        try:
            await until_accepted(attempt, SmsUnavailable, what="SMS gateway",
                                 first_s=RETRY_FIRST_S, max_s=self.retry_max_s)
        except Exception as exc:
            log.warning("SMS not sent: %s", type(exc).__name__)
            await self.on_status(reply.ref, "failed")
            return
        await self.on_status(reply.ref, "sent")

    async def on_status(self, ref: str, status: str) -> None:
        """The reply ``ref`` is now ``status`` (from the gateway or a delivery report)."""
        if status not in sms_store.RANK:
            raise SmsError(f"unknown status {status!r}")
        reply = await self.hub.store.run(
            lambda c: sms_store.advance_reply(c, ref, status), write=True
        )
        if reply is not None:
            await self._tell(reply)

    async def _tell(self, reply: Reply) -> None:
        """The desk sees the reply's status (not once its conversation is closed)."""
        conv = self.hub.conversations.get(reply.conversation)
        if conv is None or conv.status is Status.CLOSED:
            return
        fields = {"message_seq": reply.message_seq, "client_id": reply.client_id,
                  "status": reply.status, "parts": reply.parts}
        await conversations.append(self.hub, reply.conversation, "sms_status", fields)
        if reply.status == "failed":
            await conversations.append(
                self.hub, reply.conversation, "sms_failed",
                {"client_id": reply.client_id, "message_seq": reply.message_seq},
            )

    async def _forget(self, thread: str, conv_id: str) -> None:
        await self.hub.store.run(lambda c: sms_store.unlink_thread(c, thread, conv_id),
                                 write=True)
        if not self._drains.running(thread) and thread not in self.threads:
            await self.gateway.forget(thread)
