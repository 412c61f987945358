"""E-mail on the hub: letters from an :class:`EmailGateway` become ``email`` conversations.

A letter continues an open conversation when its ``In-Reply-To``/``References`` name a letter
or answer of that conversation *and* it comes from the same sender; otherwise it opens a new
queued conversation (``opened``, a staff-only ``email_thread`` event with the masked address
and the subject, then the ``message``). Automatic mail opens nothing and is never answered.
A counsellor's ``send`` goes out as a threaded answer with the helpline's signature.

Nothing readable of an address is stored: the sender is kept as a keyed hash
(``HubKeys.pseudonym("email", …)``) and, to answer, sealed (``HubKeys.seal``); message ids are
kept as keyed hashes for threading and sealed for the answer's headers. All of it is deleted
when the conversation closes.
"""

from __future__ import annotations

import asyncio
import base64
import email
import email.policy
import json
import logging
import secrets
from collections import defaultdict
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from workstation.hub import retry
from workstation.hub.background import Background
from workstation.hub.blocks import BlockFeature
from workstation.hub.desk import conversations
from workstation.hub.email import store as email_store
from workstation.hub.email.gateway import EmailGateway, EmailUnavailable
from workstation.hub.email.letters import (
    ATTACHMENT_REFUSAL,
    Letter,
    Thread,
    compose_answer,
    mask_address,
    message_id_of,
    read_letter,
    signed,
)
from workstation.hub.email.simulated import SimulatedEmail
from workstation.hub.email.store import Answer, OpenThread
from workstation.hub.feature import Feature
from workstation.hub.outbox_drains import Drains
from workstation.hub.retry import until_accepted
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event, message_fields
from workstation.sessions.referrals import OSLO
from workstation.store.sql import Sql

log = logging.getLogger(__name__)

#: HubKeys purposes: the sender's address, and message ids.
ADDRESS = "email"
MESSAGE_ID = "email-message-id"
#: HubKeys purpose of an answer waiting in the outbox.
OUTBOX = "email-outbox"

@dataclass
class _Open:
    """An open e-mail conversation: sender hash, sealed address, sealed thread."""

    sender: str
    address: bytes
    thread: bytes


class EmailFeature(Feature):
    """Attributes:
    gateway: the mailbox (simulated unless :meth:`use` gave a real one before start).
    open: the open e-mail conversations by id.
    """

    def __init__(self, *args: Any, gateway: EmailGateway | None = None) -> None:
        super().__init__(*args)
        self.gateway: EmailGateway = gateway or SimulatedEmail()
        self.gateway.attach(self.inbound)
        self.open: dict[str, _Open] = {}
        self._ids: dict[str, str] = {}  # message-id hash: conversation
        self._lock = asyncio.Lock()  # one letter at a time: threading decisions stay simple
        self._conv_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._background = Background()
        self._refused: set[tuple[str, str]] = set()  # (sender hash, Oslo day) answered once
        self.retry_max_s = retry.MAX_S
        self._drains: Drains[Answer] = Drains(self.hub.store, email_store.OUTBOX,
                                              email_store.pending_answers, self._send)

    def use(self, gateway: EmailGateway) -> None:
        """Read and send through ``gateway`` (before the hub starts)."""
        self.gateway = gateway
        gateway.attach(self.inbound)

    async def start(self) -> None:
        def op(conn: Sql) -> tuple[list[OpenThread], dict[str, str], list[Answer],
                                   list[tuple[str, int, str]]]:
            email_store.forget_closed(conn)
            return (email_store.open_threads(conn), email_store.message_ids(conn),
                    email_store.pending_answers(conn), email_store.unqueued_answers(conn))

        threads, ids, waiting, unqueued = await self.hub.store.run(op, write=True)
        for row in threads:
            self.open[row.conversation] = _Open(row.sender, row.address, row.thread)
        self._ids.update(ids)
        await self.gateway.start()
        for conv_id in {answer.conversation for answer in waiting}:
            self._drains.kick(conv_id)
        self._drains.start()
        for conv_id, seq, data in unqueued:  # stored just before the hub stopped
            await self._queue_answer(conv_id, seq, json.loads(data))

    async def stop(self) -> None:
        """Stop sending (pending answers stay in the outbox for the next start)."""
        await self._drains.stop()
        await self.gateway.stop()
        await self._background.stop()

    # --- inbound -----------------------------------------------------------------------------

    async def inbound(self, raw: bytes) -> str | None:
        """Store one letter; returns its conversation id, or None when it opened none."""
        letter = read_letter(raw)
        if letter.automatic:
            log.info("automatic e-mail not answered (%s)", ", ".join(letter.reasons))
            return None
        keys = self.hub.keys
        sender = keys.pseudonym(ADDRESS, letter.sender)
        own_id = keys.pseudonym(MESSAGE_ID, letter.message_id) if letter.message_id else None
        async with self._lock:
            if own_id is not None and own_id in self._ids:
                return self._ids[own_id]  # delivered twice
            conv_id = self._thread_of(letter, sender)
            if conv_id is None:
                refused = await self.hub.feature(BlockFeature).refuse("email", letter.sender)
                if refused is not None:
                    await self._answer_blocked(letter, sender, refused.text)
                    return None
                conv_id = await self._open(letter, sender)
            async with self._conv_locks[conv_id]:
                await self._store(conv_id, letter, own_id)
        if letter.attachments:
            await self._refuse_attachments(conv_id, letter.attachments)
        return conv_id

    async def _answer_blocked(self, letter: Letter, sender: str, text: str) -> None:
        """The kind automatic answer to a blocked sender: threaded, ``Auto-Submitted``, at
        most once a day per sender (a blocked mailbox writing on must not start a mail loop).
        Nothing of the letter is kept; the attempt was counted by the block feature."""
        day = self.hub.feature(BlockFeature).clock().astimezone(OSLO).date().isoformat()
        if (sender, day) in self._refused:
            return
        self._refused = {key for key in self._refused if key[1] == day}
        self._refused.add((sender, day))
        refers = tuple(ref for ref in (*reversed(letter.refers_to), letter.message_id) if ref)
        thread = Thread(letter.sender, letter.subject, refers)
        try:
            await self.gateway.send(
                compose_answer(thread, self.gateway.mailbox, text, automatic=True, signature=False))
        except Exception as exc:
            log.warning("the answer to a blocked e-mail sender was not sent: %s",
                        type(exc).__name__)

    def _thread_of(self, letter: Letter, sender: str) -> str | None:
        for ref in letter.refers_to:
            conv_id = self._ids.get(self.hub.keys.pseudonym(MESSAGE_ID, ref))
            state = self.open.get(conv_id or "")
            conv = self.hub.conversations.get(conv_id or "")
            if (state is not None and state.sender == sender and conv is not None
                    and conv.status is not Status.CLOSED):
                return conv_id
        return None

    async def _open(self, letter: Letter, sender: str) -> str:
        hub, keys = self.hub, self.hub.keys
        conv: Conversation = conversations.new_conversation(hub, "email")
        state = _Open(sender, keys.seal(ADDRESS, letter.sender), self._seal(letter.subject, ()))

        row = OpenThread(conv.id, sender, state.address, state.thread)
        self.open[conv.id] = state
        try:
            await conversations.create(hub, conv)
            await hub.store.run(lambda c: email_store.open_thread(c, row), write=True)
            await hub.feature(BlockFeature).remember(conv.id, "email", letter.sender)
            await conversations.append(hub, conv.id, "email_thread", {
                "address": mask_address(letter.sender), "subject": letter.subject,
            })
        except Exception:
            self.open.pop(conv.id, None)
            raise
        hub.enqueue(conv)
        return conv.id

    async def _store(self, conv_id: str, letter: Letter, own_id: str | None) -> None:
        hub = self.hub
        client_id = "e" + (own_id or hub.keys.pseudonym(MESSAGE_ID, letter.text))[:24]
        if letter.text:
            await hub.store.append(
                conv_id, "message", message_fields("contact", letter.text, client_id),
                hub.on_event, sender="contact", client_id=client_id,
            )
        if letter.message_id and own_id is not None:
            await self._remember(conv_id, letter.message_id, own_id)

    async def _remember(self, conv_id: str, message_id: str, hashed: str) -> None:
        """``message_id`` belongs to ``conv_id``: thread on it, answer with it."""
        state = self.open.get(conv_id)
        if state is None:
            return
        subject, refers = self._unseal(state.thread)
        state.thread = thread = self._seal(subject, (*refers, message_id))
        await self.hub.store.run(
            lambda c: email_store.remember_message(c, conv_id, hashed, thread), write=True
        )
        self._ids[hashed] = conv_id

    async def _refuse_attachments(self, conv_id: str, count: int) -> None:
        await conversations.append(self.hub, conv_id, "email_attachments_refused",
                                   {"count": count})
        async with self._conv_locks[conv_id]:
            await self._answer(conv_id, ATTACHMENT_REFUSAL, automatic=True)

    # --- outbound ----------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        if event.conversation not in self.open:
            return
        if event.kind == "message" and event.fields.get("from") == "staff":
            self._background.later(lambda: self._queue(event))
        elif event.kind == "closed":
            self._background.later(lambda: self._forget(event.conversation))

    async def _queue(self, event: Event) -> None:
        await self._queue_answer(event.conversation, event.seq, event.fields)

    async def _queue_answer(self, conv_id: str, seq: int, fields: dict[str, Any]) -> None:
        """Compose the answer, keep it sealed in the outbox (``pending``), and send it."""
        text = str(fields.get("text", ""))
        if fields.get("signed") and fields.get("author"):
            text = signed(text, str(fields["author"]))
        async with self._conv_locks[conv_id]:
            state = self.open.get(conv_id)
            if state is None:
                return
            subject, refers = self._unseal(state.thread)
            thread = Thread(self.hub.keys.unseal(ADDRESS, state.address), subject, refers)
            message = compose_answer(thread, self.gateway.mailbox, text)
            own = message_id_of(message)  # known before it leaves: a quick reply threads too
            hashed = self.hub.keys.pseudonym(MESSAGE_ID, own)
            await self._remember(conv_id, own, hashed)
            sealed = self.hub.keys.seal(OUTBOX, base64.b64encode(bytes(message)).decode())
            answer = Answer("m" + secrets.token_hex(12), conv_id, seq, fields.get("client_id"),
                            hashed, sealed, "pending")
            await self.hub.store.run(lambda c: email_store.add_answer(c, answer), write=True)
        await self._tell(answer)
        self._drains.kick(conv_id)

    async def _send(self, answer: Answer) -> None:
        raw = base64.b64decode(self.hub.keys.unseal(OUTBOX, answer.sealed or b""))
        message = email.message_from_bytes(raw, _class=EmailMessage, policy=email.policy.default)

        async def attempt() -> None:
            await self.hub.store.run(lambda c: email_store.count_attempt(c, answer.ref), write=True)
            await self.gateway.send(message)

        try:
            await until_accepted(attempt, EmailUnavailable, what="SMTP server",
                                 max_s=self.retry_max_s)
        except Exception as exc:
            log.warning("e-mail not sent: %s", type(exc).__name__)
            async with self._conv_locks[answer.conversation]:
                await self._unremember(answer.conversation, message_id_of(message),
                                       answer.hashed)
            await self._mark(answer.ref, "failed")
            return
        await self._mark(answer.ref, "sent")

    async def _mark(self, ref: str, status: str) -> None:
        changed = await self.hub.store.run(
            lambda c: email_store.advance_answer(c, ref, status), write=True
        )
        if changed is not None:
            await self._tell(changed)

    async def _tell(self, answer: Answer) -> None:
        """The desk sees the answer's status (not once its conversation is closed)."""
        conv = self.hub.conversations.get(answer.conversation)
        if conv is None or conv.status is Status.CLOSED:
            return
        fields = {"message_seq": answer.message_seq, "client_id": answer.client_id,
                  "status": answer.status}
        await conversations.append(self.hub, answer.conversation, "email_status", fields)
        if answer.status == "failed":
            await conversations.append(self.hub, answer.conversation, "email_failed", {
                "client_id": answer.client_id, "message_seq": answer.message_seq,
            })

    async def _answer(self, conv_id: str, text: str, *, automatic: bool = False) -> bool:
        """Send ``text`` in the thread of ``conv_id``; False when it was not sent."""
        state = self.open.get(conv_id)
        if state is None:
            return False
        subject, refers = self._unseal(state.thread)
        thread = Thread(self.hub.keys.unseal(ADDRESS, state.address), subject, refers)
        message = compose_answer(thread, self.gateway.mailbox, text, automatic=automatic)
        own = message_id_of(message)  # known before it leaves: a quick reply threads too
        hashed = self.hub.keys.pseudonym(MESSAGE_ID, own)
        await self._remember(conv_id, own, hashed)
        try:
            await self.gateway.send(message)
        except Exception as exc:
            log.warning("an automatic e-mail answer was not sent: %s", type(exc).__name__)
            await self._unremember(conv_id, own, hashed)
            return False
        return True

    async def _unremember(self, conv_id: str, message_id: str, hashed: str) -> None:
        """An answer did not leave: nothing may refer to it (the caller holds the lock)."""
        self._ids.pop(hashed, None)
        state = self.open.get(conv_id)
        thread: bytes | None = None
        if state is not None:
            subject, refers = self._unseal(state.thread)
            state.thread = thread = self._seal(subject, tuple(r for r in refers if r != message_id))

        await self.hub.store.run(
            lambda c: email_store.unremember_message(c, conv_id, hashed, thread), write=True
        )

    async def _forget(self, conv_id: str) -> None:
        async with self._conv_locks[conv_id]:
            self.open.pop(conv_id, None)
            for hashed in [h for h, c in self._ids.items() if c == conv_id]:
                del self._ids[hashed]
            await self.hub.store.run(lambda c: email_store.close_thread(c, conv_id), write=True)
        self._conv_locks.pop(conv_id, None)

    # --- sealed thread state -----------------------------------------------------------------

    def _seal(self, subject: str, refers: tuple[str, ...]) -> bytes:
        return self.hub.keys.seal(ADDRESS, json.dumps({"subject": subject,
                                                       "refers": list(refers)}))

    def _unseal(self, sealed: bytes) -> tuple[str, tuple[str, ...]]:
        data = json.loads(self.hub.keys.unseal(ADDRESS, sealed))
        return str(data["subject"]), tuple(data["refers"])
