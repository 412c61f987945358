"""Consultation, "never alone on shift": a counsellor asks a shift lead about a conversation.

The request is offered to one colleague or to every available shift lead; the first to
accept joins, sees the conversation from ``seq`` 1 and talks with the counsellor in a
staff-only thread; either side ends it; a joined consultant may take the conversation over.
Unanswered requests escalate to the next available shift lead and alert supervisors.
Every step is an event in the conversation's staff-only log; state is rebuilt from those
events after a restart. Routing rules are in :mod:`workstation.hub.consult_offers`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from typing import TYPE_CHECKING, Any

from workstation.hub import consult_offers as offers
from workstation.hub.consults import Consultation, ConsultStatus, replay
from workstation.hub.core import new_id
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_consult import (
    Consult,
    ConsultAccept,
    ConsultDecline,
    ConsultEnd,
    ConsultList,
    ConsultSend,
    TakeOver,
)
from workstation.protocol.times import utc_now
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event
from workstation.store import AppendResult, UserRecord

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.hub.staff_api import StaffApi

log = logging.getLogger(__name__)

#: Seconds an unanswered request waits before it escalates (and again after each escalation).
DEFAULT_ESCALATE_AFTER_S = 60.0
#: A ``settings`` row that overrides the default for a hub database.
ESCALATE_SETTING = "consult_escalate_after_s"


def _forbidden(request_id: str) -> ProtocolError:
    return ProtocolError(
        ErrorCode.FORBIDDEN, "You have no part in that consultation, or it has ended.", request_id
    )


class ConsultFeature(Feature):
    """Attributes:
    escalate_after_s: how long a request waits unanswered before it escalates.
    consults: active consultations by id (ended ones are dropped).
    by_conversation: the one active consultation of each conversation.
    """

    def __init__(
        self, hub: Hub, api: StaffApi, escalate_after_s: float = DEFAULT_ESCALATE_AFTER_S
    ) -> None:
        super().__init__(hub, api)
        self.escalate_after_s = escalate_after_s
        self.consults: dict[str, Consultation] = {}
        self.by_conversation: dict[str, Consultation] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def handlers(self) -> dict[type[Request], Handler]:
        return {
            Consult: self.consult,
            ConsultAccept: self.accept,
            ConsultDecline: self.decline,
            ConsultSend: self.send,
            ConsultEnd: self.end,
            TakeOver: self.take_over,
            ConsultList: self.list_consults,
        }

    # --- access -------------------------------------------------------------------------

    def can_see(self, user: str, conv: Conversation) -> bool:
        consult = self.by_conversation.get(conv.id)
        return consult is not None and consult.joined and user in consult.participants()

    def viewers(self, conv: Conversation) -> set[str]:
        consult = self.by_conversation.get(conv.id)
        return consult.participants() if consult is not None and consult.joined else set()

    def _find(self, consult_id: str, request_id: str) -> Consultation:
        consult = self.consults.get(consult_id)
        if consult is None:
            raise _forbidden(request_id)
        return consult

    # --- requests -----------------------------------------------------------------------

    async def consult(self, peer: StaffPeer, user: UserRecord, request: Consult) -> None:
        self.api._assigned(user, request.conversation, request.id)
        self._check_free(request.conversation, request.id)
        target = await self._target(user, request)
        conv = self.api._assigned(user, request.conversation, request.id)  # again, after await
        self._check_free(conv.id, request.id)
        addressees = (
            {target.name} if target else {u.name for u in offers.available_shift_leads(
                self.hub, exclude={user.name})}
        )
        consult = Consultation(
            id=new_id("k"),
            conversation=conv.id,
            requester=user.name,
            requester_name=user.display_name,
            to=target.name if target else None,
            summary=request.summary or None,
            urgent=request.urgent,
            requested_at=self.hub.now(),
            addressees=set(addressees),
            offered=set(addressees),
        )
        self._register(consult)
        fields = {
            "consult": consult.id,
            "from": user.display_name,
            "user": user.name,
            "to": consult.to,
            "to_name": target.display_name if target else None,
            "summary": consult.summary,
            "urgent": consult.urgent,
            "offered": sorted(addressees),
        }
        try:
            result = await self._write(conv.id, "consult_requested", fields, user, request.id)
        except Exception:
            self._unregister(consult)
            raise
        if result.duplicate:  # a repeated request: answer as the first time
            self._unregister(consult)
            original = result.event.fields
            peer.push(ok(request.id, consult=original["consult"], seq=result.event.seq,
                         offered=original["offered"]))
            return
        consult.requested_at = result.event.at
        offers.push_offer(self.hub, consult, addressees)
        self._pending_changed(addressees)
        self._arm(consult)
        peer.push(ok(request.id, consult=consult.id, seq=result.event.seq,
                     offered=sorted(addressees)))

    def _check_free(self, conv_id: str, request_id: str) -> None:
        if conv_id in self.by_conversation:
            raise ProtocolError(
                ErrorCode.CONFLICT,
                "This conversation already has an open consultation; end it first.",
                request_id,
            )

    async def _target(self, user: UserRecord, request: Consult) -> UserRecord | None:
        if request.to is None:
            return None
        target = await self.hub.store.user(request.to)
        if target is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such user.", request.id)
        if target.name == user.name or not any(r in target.roles for r in offers.CONSULT_ROLES):
            raise ProtocolError(
                ErrorCode.FORBIDDEN,
                "You can consult a shift lead or another counsellor, not yourself.",
                request.id,
            )
        return target

    async def accept(self, peer: StaffPeer, user: UserRecord, request: ConsultAccept) -> None:
        consult = self._find(request.consult, request.id)
        self._check_addressee(consult, user, request.id)
        hub = self.hub
        others = consult.addressees - {user.name}
        addressees = set(consult.addressees)
        peers = list(hub.staff.get(user.name, ()))
        for each in peers:
            each.hold()
        consult.status = ConsultStatus.JOINED
        consult.consultant, consult.consultant_name = user.name, user.display_name
        consult.addressees.clear()
        self._disarm(consult)
        events: list[Event] = []
        try:
            fields = {"consult": consult.id, "consultant": user.display_name, "user": user.name}
            result = await self._write(
                consult.conversation, "consult_joined", fields, user, request.id
            )
            events = await hub.store.events_after(consult.conversation, 0)
        except Exception:
            consult.status, consult.consultant, consult.consultant_name = (
                ConsultStatus.PENDING, None, None
            )
            consult.addressees = addressees
            self._arm(consult)
            raise
        finally:
            await hub.send_backlog(peers, events, contact=False)
        offers.push_withdrawn(hub, consult, others, "accepted")
        self._pending_changed(addressees)
        peer.push(ok(request.id, consult=consult.id, conversation=consult.conversation,
                     seq=result.event.seq))

    def _check_addressee(self, consult: Consultation, user: UserRecord, request_id: str) -> None:
        if consult.status is ConsultStatus.PENDING and user.name in consult.addressees:
            return
        if user.name in consult.offered or user.name in consult.participants():
            raise ProtocolError(
                ErrorCode.CONFLICT,
                "This request is no longer open: someone has joined, or it was declined.",
                request_id,
            )
        raise _forbidden(request_id)

    async def decline(self, peer: StaffPeer, user: UserRecord, request: ConsultDecline) -> None:
        consult = self._find(request.consult, request.id)
        self._check_addressee(consult, user, request.id)
        consult.addressees.discard(user.name)
        consult.declined.add(user.name)
        fields = {"consult": consult.id, "by": user.display_name, "user": user.name}
        try:
            result = await self._write(
                consult.conversation, "consult_declined", fields, user, request.id
            )
        except Exception:
            consult.declined.discard(user.name)
            if consult.status is ConsultStatus.PENDING:
                consult.addressees.add(user.name)
            raise
        offers.push_withdrawn(self.hub, consult, {user.name}, "declined")
        self._pending_changed({user.name})
        if consult.status is ConsultStatus.PENDING and not consult.addressees:
            self._escalate_soon(consult)
        peer.push(ok(request.id, seq=result.event.seq))

    async def send(self, peer: StaffPeer, user: UserRecord, request: ConsultSend) -> None:
        consult = self._find(request.consult, request.id)
        joined = consult.status is ConsultStatus.JOINED and user.name in consult.participants()
        asking = consult.status is ConsultStatus.PENDING and user.name == consult.requester
        if not (joined or asking):
            self._refuse(consult, user, request.id)
        fields = {
            "consult": consult.id,
            "author": user.display_name,
            "user": user.name,
            "text": request.text,
            "client_id": request.id,
        }
        result = await self._write(
            consult.conversation, "consult_message", fields, user, request.id
        )
        peer.push(ok(request.id, seq=result.event.seq))

    def _refuse(self, consult: Consultation, user: UserRecord, request_id: str) -> None:
        if consult.status is ConsultStatus.ENDING and user.name in consult.participants():
            raise ProtocolError(ErrorCode.CONFLICT, "The consultation is ending.", request_id)
        raise _forbidden(request_id)

    async def end(self, peer: StaffPeer, user: UserRecord, request: ConsultEnd) -> None:
        consult = self._find(request.consult, request.id)
        previous = consult.status
        cancel = previous is ConsultStatus.PENDING and user.name == consult.requester
        joined = previous is ConsultStatus.JOINED and user.name in consult.participants()
        if not (cancel or joined):
            self._refuse(consult, user, request.id)
        consult.status = ConsultStatus.ENDING
        self._disarm(consult)
        fields = {
            "consult": consult.id,
            "by": user.display_name,
            "user": user.name,
            "reason": "cancelled" if cancel else "ended",
        }
        try:
            result = await self._write(
                consult.conversation, "consult_ended", fields, user, request.id
            )
        except Exception:
            consult.status = previous
            if previous is ConsultStatus.PENDING:
                self._arm(consult)
            raise
        peer.push(ok(request.id, seq=result.event.seq))

    async def take_over(self, peer: StaffPeer, user: UserRecord, request: TakeOver) -> None:
        hub = self.hub
        conv = hub.conversations.get(request.conversation)
        consult = self.by_conversation.get(request.conversation)
        if (
            conv is None
            or conv.status is not Status.ASSIGNED
            or consult is None
            or consult.status is not ConsultStatus.JOINED
            or user.name not in consult.participants()
        ):
            raise ProtocolError(
                ErrorCode.FORBIDDEN,
                "Only a consultant who has joined the conversation may take it over.",
                request.id,
            )
        if conv.assigned_user == user.name:
            raise ProtocolError(
                ErrorCode.CONFLICT, "You are already the assigned counsellor.", request.id
            )
        previous = conv.assigned_user
        conv.assigned_user = user.name
        try:
            result = await self._write(
                conv.id,
                "assigned",
                {"counsellor": user.display_name, "user": user.name},
                user,
                request.id,
                update={"assigned_user": user.name, "assigned_at": hub.now()},
            )
        except Exception:
            conv.assigned_user = previous
            raise
        conv.assigned_at = result.event.at
        previous_name = (
            consult.requester_name if previous == consult.requester else consult.consultant_name
        )
        await self._write(
            conv.id,
            "consult_taken_over",
            {
                "consult": consult.id,
                "counsellor": user.display_name,
                "user": user.name,
                "previous": previous_name,
                "previous_user": previous,
            },
        )
        peer.push(ok(request.id, conversation=conv.id, seq=result.event.seq))

    async def list_consults(self, peer: StaffPeer, user: UserRecord, request: ConsultList) -> None:
        active = [
            c.summary_for(user.name)
            for c in self.consults.values()
            if c.status is not ConsultStatus.ENDED and user.name in c.participants()
        ]
        pending = offers.pending_for(self.hub, self.consults.values(), user.name)
        peer.push(ok(request.id, pending=pending, active=active))

    # --- escalation ---------------------------------------------------------------------

    def _arm(self, consult: Consultation) -> None:
        self._disarm(consult)
        loop = asyncio.get_running_loop()
        self._timers[consult.id] = loop.call_later(
            self.escalate_after_s, self._escalate_soon, consult
        )

    def _disarm(self, consult: Consultation) -> None:
        timer = self._timers.pop(consult.id, None)
        if timer is not None:
            timer.cancel()

    def _escalate_soon(self, consult: Consultation) -> None:
        self._disarm(consult)
        task = asyncio.get_running_loop().create_task(self._escalate(consult))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _escalate(self, consult: Consultation) -> None:
        """Offer to the next available shift lead (if any), record it, alert supervisors."""
        if consult.status is not ConsultStatus.PENDING:
            return
        exclude = consult.offered | consult.declined | {consult.requester}
        leads = offers.available_shift_leads(self.hub, exclude)
        target = leads[0] if leads else None
        waiting = consult.waiting_s(utc_now())
        consult.escalations += 1
        if target is not None:
            consult.addressees.add(target.name)
            consult.offered.add(target.name)
        fields = {
            "consult": consult.id,
            "to": target.name if target else None,
            "to_name": target.display_name if target else None,
            "waiting_s": waiting,
        }
        try:
            await self._write(consult.conversation, "consult_escalated", fields)
        except Exception as exc:
            log.error("Could not record an escalation: %s", type(exc).__name__)
        if consult.status is not ConsultStatus.PENDING:
            return
        if target is not None:
            offers.push_offer(self.hub, consult, {target.name})
            self._pending_changed({target.name})
        offers.alert_supervisors(self.hub, consult, waiting, target.name if target else None)
        self._arm(consult)

    # --- hooks --------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        if event.kind == "consult_ended":
            consult = self.consults.get(event.fields.get("consult", ""))
            if consult is not None:
                self._finish(consult, str(event.fields.get("reason", "ended")))
        elif event.kind == "closed":
            consult = self.by_conversation.get(event.conversation)
            if consult is not None:
                self._finish(consult, "closed")

    def on_staff_online(self, peer: StaffPeer) -> None:
        user = peer.user
        if user is None or not any(r in user.roles for r in offers.CONSULT_ROLES):
            return
        if not self._offer_any_lead(user):
            peer.push({
                "type": "consult_pending",
                "items": offers.pending_for(self.hub, self.consults.values(), user.name),
            })

    def on_presence(self, user: str, status: str) -> None:
        record = offers.online_user(self.hub, user)
        if status == "available" and record is not None:
            self._offer_any_lead(record)

    async def start(self) -> None:
        store = self.hub.store

        def op(conn: sqlite3.Connection) -> tuple[float | None, list[Event]]:
            row = conn.execute(
                "SELECT value FROM settings WHERE key = ?", (ESCALATE_SETTING,)
            ).fetchone()
            rows = conn.execute(
                "SELECT e.conversation, e.seq, e.at, e.kind, e.data FROM events e "
                "JOIN conversations c ON c.id = e.conversation "
                "WHERE c.status != ? AND e.kind LIKE 'consult%' ORDER BY e.conversation, e.seq",
                (Status.CLOSED.value,),
            ).fetchall()
            return (float(row[0]) if row else None), [_event(r) for r in rows]

        setting, events = await store.run(op, write=False)
        if setting is not None and setting > 0:
            self.escalate_after_s = setting
        for consult in replay(events).values():
            if consult.conversation in self.hub.conversations:
                self._register(consult)
                if consult.status is ConsultStatus.PENDING:
                    self._arm(consult)

    async def stop(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # --- helpers ------------------------------------------------------------------------

    def _offer_any_lead(self, user: UserRecord) -> bool:
        """Offer open "any shift lead" requests to a shift lead who became available."""
        if "shift_lead" not in user.roles or self.hub.presence.get(user.name) != "available":
            return False
        new = [
            c
            for c in self.consults.values()
            if c.status is ConsultStatus.PENDING
            and c.to is None
            and user.name != c.requester
            and user.name not in c.addressees | c.declined
        ]
        for consult in new:
            consult.addressees.add(user.name)
            consult.offered.add(user.name)
            offers.push_offer(self.hub, consult, {user.name})
        if new:
            self._pending_changed({user.name})
        return bool(new)

    def _pending_changed(self, users: set[str]) -> None:
        offers.push_pending(self.hub, self.consults.values(), users)

    def _register(self, consult: Consultation) -> None:
        self.consults[consult.id] = consult
        self.by_conversation[consult.conversation] = consult

    def _unregister(self, consult: Consultation) -> None:
        self._disarm(consult)
        self.consults.pop(consult.id, None)
        if self.by_conversation.get(consult.conversation) is consult:
            del self.by_conversation[consult.conversation]

    def _finish(self, consult: Consultation, reason: str) -> None:
        """The end is delivered: the consultant loses access; open offers are withdrawn."""
        consult.status = ConsultStatus.ENDED
        self._unregister(consult)
        if consult.addressees:
            addressees, consult.addressees = consult.addressees, set()
            offers.push_withdrawn(self.hub, consult, addressees, reason)
            self._pending_changed(addressees)

    async def _write(
        self,
        conv_id: str,
        kind: str,
        fields: dict[str, Any],
        user: UserRecord | None = None,
        request_id: str | None = None,
        update: dict[str, Any] | None = None,
    ) -> AppendResult:
        return await self.hub.store.append(
            conv_id,
            kind,
            fields,
            self.hub.on_event,
            sender="staff:" + user.name if user is not None else None,
            client_id=request_id,
            update=update,
        )


def _event(row: tuple[Any, ...]) -> Event:
    conversation, seq, at, kind, data = row
    return Event(str(conversation), int(seq), str(at), str(kind), json.loads(data))
