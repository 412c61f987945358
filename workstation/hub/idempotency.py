"""A repeated request id gets the first answer and creates nothing new — for every request.

Desks resend their outbox after a reconnect with the same ids, so any request may arrive
twice: the second time after the first was answered, while the first is still being carried
out, or after a hub restart. :class:`Requests` runs each recorded request's handler once per
(principal, request id):

- answered before (also before a restart): the stored answer is pushed again, nothing runs;
- still running: the repeat waits for the first and gets its answer;
- new: the handler runs with a :class:`~workstation.store.requests.RequestClaim` in its
  context; the store writes the claim in the savepoint of the request's first write, and the
  answer the handler pushes is stored next to it.

Messages, notes, flags and consultation messages are not recorded here: their event row
carries (sender, request id) itself, with a unique index, which is the same guarantee at no
extra read or write on the hot path. A repeat the handler refuses (the conversation closed
meanwhile) is looked up there: :meth:`Requests.run_event_keyed`. Requests that only read are
not recorded either.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from workstation.hub.peers import Peer
from workstation.protocol import ErrorCode, ProtocolError, error, ok
from workstation.protocol.frames import Request
from workstation.store import HubStore
from workstation.store.requests import DuplicateRequest, RequestClaim, current_claim

log = logging.getLogger(__name__)

#: Request types that change nothing, or whose event row records the request id itself.
NOT_RECORDED = frozenset({
    # reads and connection state
    "hello", "sync", "presence", "watch_load", "unwatch_load", "stats", "roster",
    "softphone_ready",
    "consult_list", "capacity_get", "canned_list", "summary_get", "policy_get",
    "replay_list", "replay_get", "retention_get", "report_get", "report_list",
    "reminder_list", "practice_list", "sessions_list",
    # a call-back's number: read and audited, never kept in a stored answer
    "callback_number",
    "block_list", "block_stats",
    "break_policy_get", "follow_up_times",
    # a return code is shown once and never kept in a stored answer (a repeat gives a new
    # code and revokes the first: docs/returning.md)
    "return_code_offer",
    # a signal passed on to the chat page, never stored
    "typing",
    # ending a session: a repeat finds nothing left to end and changes nothing
    "logout", "session_end",
    # the event row carries (sender, client_id) under a unique index
    "send", "note", "flag", "consult_send",
    # a contact has no identity before it: see docs/protocol.md, Idempotency
    "open", "resume", "callback", "return_choice",
})


#: Requests whose event stores (sender, request id); ``consult_send`` is the consult feature's.
EVENT_KEYED = frozenset({"send", "note", "flag"})


def request_type(request: Request) -> str:
    return str(request.__struct_config__.tag)


def is_recorded(request: Request) -> bool:
    return request_type(request) not in NOT_RECORDED


class Requests:
    """Runs recorded requests at most once per (principal, request id)."""

    def __init__(self, store: HubStore) -> None:
        self.store = store
        self._running: dict[tuple[str, str], asyncio.Future[dict[str, Any] | None]] = {}

    async def run(
        self,
        principal: str,
        peer: Peer,
        request: Request,
        handler: Callable[[], Awaitable[None]],
    ) -> None:
        """Carry out ``handler`` unless this request id was seen from ``principal``."""
        key = (principal, request.id)
        while True:
            running = self._running.get(key)
            if running is not None:  # the first is still being carried out: its answer
                first = await asyncio.shield(running)
                if first is not None:
                    peer.push(first)
                    return
            elif await self._answer_repeat(principal, peer, request):
                return
            elif key not in self._running:  # (another one may have started meanwhile)
                break
        future: asyncio.Future[dict[str, Any] | None] = asyncio.get_running_loop().create_future()
        self._running[key] = future
        claim = RequestClaim(principal, request.id, request_type(request))
        token = current_claim.set(claim)
        try:
            await handler()
        except DuplicateRequest:
            # Another process (or a lost race) stored it first: that answer stands.
            claim.stored = False
            await self._answer_repeat(principal, peer, request)
        except ProtocolError as exc:
            if claim.stored:  # refused after creating something: that refusal is the answer
                claim.answer = error(exc.re, exc.code, exc.message, exc.details)
            raise
        finally:
            claim.open = False
            current_claim.reset(token)
            future.set_result(claim.answer if claim.stored else None)
            try:  # repeats keep getting the answer from memory until it is stored
                if claim.stored and claim.answer is not None:
                    await self.store.save_answer(principal, request.id, claim.answer)
            finally:
                del self._running[key]

    async def run_event_keyed(
        self,
        sender: str,
        conversation: str | None,
        peer: Peer,
        request: Request,
        handler: Callable[[], Awaitable[None]],
    ) -> None:
        """Carry out a message, note or flag; if refused, a repeat of one already in
        ``conversation``'s log (sent before it closed, say) gets its first answer instead."""
        try:
            await handler()
        except ProtocolError as exc:
            if exc.code not in (ErrorCode.CONFLICT, ErrorCode.FORBIDDEN) or not conversation:
                raise
            event = await self.store.event_of_request(conversation, sender, request.id)
            if event is None:
                raise
            peer.push(ok(request.id, seq=event.seq))

    async def _answer_repeat(self, principal: str, peer: Peer, request: Request) -> bool:
        stored = await self.store.stored_request(principal, request.id)
        if stored is None:
            return False
        if stored.answer is not None:
            peer.push(stored.answer)
        else:
            # The hub stopped between storing the effect and storing its answer.
            peer.push(ok(request.id, repeated=True, **(stored.created or {})))
        log.debug("Answered a repeated %s request", request_type(request))
        return True
