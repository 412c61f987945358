"""Consultation, "never alone on shift": a counsellor asks a shift lead about a conversation.

The request is offered to one colleague or to every available shift lead; the first to
accept joins, sees the conversation from ``seq`` 1 and talks with the counsellor in a
staff-only thread; either side ends it; a joined consultant may take the conversation over.
Unanswered requests escalate to the next available shift lead and alert supervisors.
Every step is an event in the conversation's staff-only log; state is rebuilt from those
events after a restart. Routing rules are in :mod:`workstation.hub.consult_offers`.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from workstation.hub import consult_log
from workstation.hub import consult_offers as offers
from workstation.hub.consult_escalation import Escalation
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
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event
from workstation.store import AppendResult, UserRecord
from workstation.store.records import PreconditionFailed

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.hub.staff_api import StaffApi

#: Seconds an unanswered request waits before it escalates (and again after each escalation).
DEFAULT_ESCALATE_AFTER_S = 60.0
#: How many ended consultations are remembered to answer a repeated request.
RECENTLY_ENDED = 1000
#: The ``sender`` of the events the hub writes itself (escalations).
HUB_SENDER = "hub:consult"
#: Steps another hub may have taken, followed by :meth:`ConsultFeature._follow`.
_FOLLOWED = frozenset(
    {"consult_requested", "consult_joined", "consult_declined", "consult_escalated"}
)


def _no_longer_open(request_id: str) -> ProtocolError:
    return ProtocolError(
        ErrorCode.CONFLICT,
        "This request is no longer open: someone has joined, or it was declined.",
        request_id,
    )


def _state(consult_id: str, status: ConsultStatus) -> str:
    """The conversation row's ``open_consult`` while the consultation is at ``status``."""
    return f"{consult_id}:{status.value}"


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
        self.escalation = Escalation(
            hub, self._write_as_hub, self._pending_changed, escalate_after_s
        )
        self.consults: dict[str, Consultation] = {}
        self.by_conversation: dict[str, Consultation] = {}
        self._ended: dict[str, str] = {}  # recently ended consult -> conversation

    @property
    def escalate_after_s(self) -> float:
        return self.escalation.after_s

    @escalate_after_s.setter
    def escalate_after_s(self, seconds: float) -> None:
        self.escalation.after_s = seconds

    def handlers(self) -> dict[type[Request], Handler]:
        table: dict[type[Request], Handler] = {
            Consult: self.consult,
            ConsultAccept: self.accept,
            ConsultDecline: self.decline,
            ConsultSend: self.send,
            ConsultEnd: self.end,
            TakeOver: self.take_over,
        }
        handlers = {frame: self._repeatable(handler) for frame, handler in table.items()}
        handlers[ConsultList] = self.list_consults
        return handlers

    # --- access -------------------------------------------------------------------------

    def can_see(self, user: str, conv: Conversation) -> bool:
        consult = self.by_conversation.get(conv.id)
        return consult is not None and consult.joined and user in consult.participants()

    def staff_load(self) -> dict[str, dict[str, Any]]:
        """Consultations in progress per person (asking or advising), for the supervisor."""
        counts: dict[str, int] = {}
        for consult in self.consults.values():
            if consult.status is ConsultStatus.JOINED:
                for user in (consult.requester, consult.consultant):
                    if user is not None:
                        counts[user] = counts.get(user, 0) + 1
        return {user: {"consultations": n} for user, n in counts.items()}

    def may_contribute(self, user: str, conv: Conversation) -> bool:
        """Joined consultants add notes and flags too (PROTOCOL.md, /v1/staff)."""
        return self.can_see(user, conv)

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
        self.api.assigned(user, request.conversation, request.id)
        self._check_free(request.conversation, request.id)
        target = await self._target(user, request)
        conv = self.api.assigned(user, request.conversation, request.id)  # again, after await
        self._check_free(conv.id, request.id)
        addressees = (
            {target.name} if target else {u.name for u in offers.available_shift_leads(
                self.hub, exclude={user.name}, everywhere=True)}
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
            result = await self._write(
                conv.id, "consult_requested", fields, user, request.id,
                update={"open_consult": _state(consult.id, ConsultStatus.PENDING)},
            )
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
        if addressees:
            self.escalation.arm(consult)
        else:  # nobody to ask: look further and tell the supervisors at once
            self.escalation.now(consult)
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
        self.escalation.disarm(consult)
        events: list[Event] = []
        try:
            fields = {"consult": consult.id, "consultant": user.display_name, "user": user.name}
            result = await self._write(
                consult.conversation, "consult_joined", fields, user, request.id,
                # decided under the row lock: not if it was answered meanwhile (on any hub)
                update={"open_consult": _state(consult.id, ConsultStatus.JOINED)},
                expect={"open_consult": _state(consult.id, ConsultStatus.PENDING)},
            )
            events = await hub.store.events_after(consult.conversation, 0)
        except Exception as exc:
            if consult.status is ConsultStatus.JOINED and consult.consultant == user.name:
                # still this attempt's state (not another hub's answer, applied meanwhile)
                consult.status, consult.consultant, consult.consultant_name = (
                    ConsultStatus.PENDING, None, None
                )
                consult.addressees = addressees
                self.escalation.arm(consult)
            elif consult.status is ConsultStatus.ENDED:  # withdrawn on another hub meanwhile
                offers.push_withdrawn(hub, consult, addressees, consult.ended_reason or "ended")
                self._pending_changed(addressees)
            elif consult.joined:  # someone joined on another hub meanwhile
                others = addressees - {consult.consultant or ""}
                offers.push_withdrawn(hub, consult, others, "accepted")
                self._pending_changed(addressees)
            if isinstance(exc, PreconditionFailed):
                raise _no_longer_open(request.id) from None
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
            raise _no_longer_open(request_id)
        raise _forbidden(request_id)

    async def decline(self, peer: StaffPeer, user: UserRecord, request: ConsultDecline) -> None:
        consult = self._find(request.consult, request.id)
        self._check_addressee(consult, user, request.id)
        consult.addressees.discard(user.name)
        consult.declined.add(user.name)
        fields = {"consult": consult.id, "by": user.display_name, "user": user.name}
        try:
            result = await self._write(
                consult.conversation, "consult_declined", fields, user, request.id,
                expect={"open_consult": _state(consult.id, ConsultStatus.PENDING)},
            )
        except Exception as exc:
            consult.declined.discard(user.name)
            if consult.status is ConsultStatus.PENDING:
                consult.addressees.add(user.name)
            if isinstance(exc, PreconditionFailed):
                raise _no_longer_open(request.id) from None
            raise
        offers.push_withdrawn(self.hub, consult, {user.name}, "declined")
        self._pending_changed({user.name})
        if consult.status is ConsultStatus.PENDING and not consult.addressees:
            self.escalation.now(consult)
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
        self.escalation.disarm(consult)
        fields = {
            "consult": consult.id,
            "by": user.display_name,
            "user": user.name,
            "reason": "cancelled" if cancel else "ended",
        }
        try:
            result = await self._write(
                consult.conversation, "consult_ended", fields, user, request.id,
                update={"open_consult": None},
                # decided under the row lock: a withdrawal loses to an answer on another hub
                expect={"open_consult": _state(consult.id, previous)},
            )
        except Exception as exc:
            if consult.status is ConsultStatus.ENDING:  # not changed by another hub meanwhile
                consult.status = previous
                if previous is ConsultStatus.PENDING:
                    self.escalation.arm(consult)
            if isinstance(exc, PreconditionFailed):
                raise ProtocolError(
                    ErrorCode.CONFLICT,
                    "The consultation was answered or ended meanwhile.",
                    request.id,
                ) from None
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
                # decided under the row lock: not if someone else took it meanwhile
                expect={"status": Status.ASSIGNED.value, "assigned_user": previous},
            )
        except PreconditionFailed:
            if conv.assigned_user == user.name:
                conv.assigned_user = previous  # the other change's event is on its way
            raise ProtocolError(
                ErrorCode.CONFLICT, "The conversation changed hands meanwhile.", request.id
            ) from None
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

    # --- repeated requests ----------------------------------------------------------------

    def _repeatable(self, handler: Handler) -> Handler:
        """A request refused now may have been carried out already (a desk resending its
        outbox after a reconnect): then it is answered as the first time."""

        async def run(peer: StaffPeer, user: UserRecord, request: Any) -> None:
            try:
                await handler(peer, user, request)
            except ProtocolError as exc:
                if exc.code not in (ErrorCode.CONFLICT, ErrorCode.FORBIDDEN):
                    raise
                if not await self._answer_repeat(peer, user, request):
                    raise

        return run

    async def _answer_repeat(self, peer: StaffPeer, user: UserRecord, request: Any) -> bool:
        conv_id: str | None = getattr(request, "conversation", None)
        consult_id: str | None = getattr(request, "consult", None)
        if conv_id is None and consult_id is not None:
            known = self.consults.get(consult_id)
            conv_id = known.conversation if known else self._ended.get(consult_id)
        if conv_id is None:
            return False
        found = await self.hub.store.run(
            partial(consult_log.stored_request, conversation=conv_id, user=user.name,
                    request=request),
            write=False,
        )
        if found is None:
            return False
        seq, fields = found
        peer.push(ok(request.id, seq=seq, **consult_log.first_answer(request, conv_id, fields)))
        return True

    # --- hooks --------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        if event.kind in _FOLLOWED:
            self._follow(event)
        elif event.kind == "consult_ended":
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
        setting, events = await self.hub.store.run(consult_log.read_start, write=False)
        if setting is not None and setting > 0:
            self.escalation.after_s = setting
        opened: list[tuple[str, str]] = []
        for consult in replay(events).values():
            if consult.conversation in self.hub.conversations:
                self._register(consult)
                opened.append((consult.conversation, _state(consult.id, consult.status)))
                if consult.status is ConsultStatus.PENDING:
                    self.escalation.arm(consult)
        if opened:  # asked before the column was there (migration 23)
            await self.hub.store.run(partial(consult_log.mark_open, opened=opened), write=True)

    async def stop(self) -> None:
        await self.escalation.stop()

    def _follow(self, event: Event) -> None:
        """A step of a consultation taken on another hub (several hubs on one PostgreSQL):
        this hub's state as that hub's handler changed its own, and the offers here. A step
        taken on this hub finds its state changed already (by the handler, before writing)."""
        fields = event.fields
        consult_id = str(fields.get("consult", ""))
        consult = self.consults.get(consult_id)
        if event.kind == "consult_requested":
            if consult is not None or consult_id in self._ended:
                return
            if event.conversation not in self.hub.conversations:
                return
            for found in replay([event]).values():
                self._register(found)
                offers.push_offer(self.hub, found, found.addressees)
                self._pending_changed(found.addressees)
                # every hub times it (one whose hub died is still escalated); stored once
                if found.addressees:
                    self.escalation.arm(found)
                else:
                    self.escalation.now(found)
            return
        if consult is None:
            return
        user = str(fields.get("user") or "")
        if event.kind == "consult_joined":
            if consult.joined and consult.consultant == user:
                return
            addressees = set(consult.addressees)
            consult.status = ConsultStatus.JOINED
            consult.consultant, consult.consultant_name = user, str(fields.get("consultant"))
            consult.addressees.clear()
            self.escalation.disarm(consult)
            offers.push_withdrawn(self.hub, consult, addressees - {user}, "accepted")
            self._pending_changed(addressees | {user})
        elif event.kind == "consult_escalated":
            # Each hub alerts its own supervisors once, whichever hub took the step.
            to = fields.get("to")
            offers.alert_supervisors(self.hub, consult, float(fields.get("waiting_s") or 0),
                                     to if isinstance(to, str) else None)
            step = fields.get("step")
            if not isinstance(step, int) or step <= consult.escalations:
                return  # this hub's own step (or one it took over from a duplicate)
            consult.escalations = step
            if isinstance(to, str) and to not in consult.offered:
                consult.addressees.add(to)
                consult.offered.add(to)
                offers.push_offer(self.hub, consult, {to})
                self._pending_changed({to})
            if consult.status is ConsultStatus.PENDING:
                self.escalation.arm(consult)  # the next step a whole wait from this one
        elif event.kind == "consult_declined" and user in consult.addressees:
            consult.addressees.discard(user)
            consult.declined.add(user)
            offers.push_withdrawn(self.hub, consult, {user}, "declined")
            self._pending_changed({user})
            if consult.status is ConsultStatus.PENDING and not consult.addressees:
                self.escalation.now(consult)  # as the decliner's hub does; stored once

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
        self.escalation.disarm(consult)
        self.consults.pop(consult.id, None)
        if self.by_conversation.get(consult.conversation) is consult:
            del self.by_conversation[consult.conversation]

    def _finish(self, consult: Consultation, reason: str) -> None:
        """The end is delivered: the consultant loses access; open offers are withdrawn."""
        consult.status = ConsultStatus.ENDED
        consult.ended_reason = reason
        self._unregister(consult)
        self._ended[consult.id] = consult.conversation
        if len(self._ended) > RECENTLY_ENDED:
            del self._ended[next(iter(self._ended))]
        if consult.addressees:
            addressees, consult.addressees = consult.addressees, set()
            offers.push_withdrawn(self.hub, consult, addressees, reason)
            self._pending_changed(addressees)

    async def _write_as_hub(
        self, conv_id: str, kind: str, fields: dict[str, Any], client_id: str
    ) -> AppendResult:
        """An event of the hub's own (an escalation), stored once per ``client_id`` whichever
        hub writes it."""
        return await self.hub.store.append(
            conv_id, kind, fields, self.hub.on_event, sender=HUB_SENDER, client_id=client_id
        )

    async def _write(
        self,
        conv_id: str,
        kind: str,
        fields: dict[str, Any],
        user: UserRecord | None = None,
        request_id: str | None = None,
        update: dict[str, Any] | None = None,
        expect: dict[str, Any] | None = None,
    ) -> AppendResult:
        return await self.hub.store.append(
            conv_id,
            kind,
            fields,
            self.hub.on_event,
            sender="staff:" + user.name if user is not None else None,
            client_id=request_id,
            update=update,
            expect=expect,
        )

