"""Calls on the hub: a ringing call is a queued ``phone`` conversation; the counsellor
answers, holds, resumes, hangs up or transfers it, and every step is a staff-only ``call_*``
event whose ``at`` lets the desk show a call timer.

Calls reach the hub in two ways:

- through a :class:`TelephonyAdapter` (the simulated one today): the adapter reports
  ``offered`` with the number already masked, and ``ended`` when the caller hangs up;
- over ``/v1/contact`` with ``open`` on channel ``phone`` (the simulator's callers): there is no
  number and no audio; the caller hangs up with ``leave`` (``closed`` reason ``contact_left``).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from workstation.hub.background import Background
from workstation.hub.blocks import BlockFeature
from workstation.hub.cluster import clock
from workstation.hub.cluster.presence import ClusterPresence
from workstation.hub.core import QUEUE_ROLES
from workstation.hub.desk import conversations
from workstation.hub.desk.capacity import CapacityFeature
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.hub.returning.feature import ReturnFeature
from workstation.hub.telephony import orphans
from workstation.hub.telephony.adapter import CallEvent, TelephonyAdapter, TelephonyError
from workstation.hub.telephony.remote import CallCommands
from workstation.hub.telephony.simulated import SimulatedTelephony
from workstation.hub.telephony.store import Call, live_calls, save_call
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Accept, Request
from workstation.protocol.frames_desk import (
    CallAnswer,
    CallHangup,
    CallHold,
    CallResume,
    CallTransfer,
)
from workstation.protocol.log_safe import traceback_without_values
from workstation.protocol.times import format_time, parse_time
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event
from workstation.store import UserRecord
from workstation.store.records import AppendResult, PreconditionFailed

log = logging.getLogger(__name__)
#: The call requests another hub may carry out for a desk of this one, by command kind.
Commanded = CallHold | CallResume | CallHangup | CallTransfer
PLAIN: dict[str, type[CallHold | CallResume | CallHangup]] = {
    "hold": CallHold, "resume": CallResume, "hangup": CallHangup,
}
COMMANDS: dict[str, type[Commanded]] = {**PLAIN, "transfer": CallTransfer}

#: ``Call.via`` of a call another hub holds (several hubs): listed, never stored or moved here.
REMOTE = "remote"
#: Who is alerted when a desk is lost with a call on it (``call_desk_lost``).
DESK_LOST_ROLES = ("shift_lead", "supervisor")
#: ``call_held`` reasons that make a call one to take over (and alert the shift leads).
LOST = ("desk_lost", "softphone_lost")
#: Several hubs: a lost desk's counsellor signed in again this long after the loss, by the
#: time the call's hub holds the call, is back (the call is not held).
BACK_AFTER_S = 1.0


class CallsFeature(Feature):
    """Attributes: adapter: the phone system; calls: live calls by conversation."""

    def __init__(self, *args: Any, adapter: TelephonyAdapter | None = None) -> None:
        super().__init__(*args)
        self.adapter: TelephonyAdapter = adapter or SimulatedTelephony()
        self.adapter.attach(self.on_call_event)
        self.calls: dict[str, Call] = {}
        self.by_call: dict[str, str] = {}
        self.locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._background = Background("Call bookkeeping failed")
        self._ringing: list[dict[str, Any]] = []
        #: Several hubs: commands for a call another hub holds, and those for ours.
        self.remote = CallCommands(self.hub, self._held_here, self._carry_out)
        #: Several hubs: this hub's id (``desk_calls.hub``), and the heartbeat that ends
        #: the calls of gone hubs.
        self.hub_id: str | None = None
        self._orphans: asyncio.Task[None] | None = None

    def handlers(self) -> dict[type[Request], Handler]:
        return {
            CallAnswer: self.call_answer,
            CallHold: self.call_hold,
            CallResume: self.call_resume,
            CallHangup: self.call_hangup,
            CallTransfer: self.call_transfer,
        }

    async def start(self) -> None:
        self.remote.start()
        stored = await self.hub.store.run(live_calls, write=False)
        await self.adapter.start()
        presence = self._presence()
        ours = set() if presence is None else await self._take_back(presence)
        for call in stored:
            if presence is None or call.conversation in ours:
                call.hub = self.hub_id
                self._register(call)
            elif call.state == "ringing":  # another hub's (several hubs): it rings here too
                self._register(Call(call.call, call.conversation, call.number, REMOTE,
                                    call.offered_at))
        for call in list(self.calls.values()):
            if call.via == "adapter" and not self.adapter.has(call.call):
                # The hub stopped without ending it (a crash): the caller is gone.
                await self.on_call_event(CallEvent("ended", call.call))
        if presence is not None:
            self._orphans = asyncio.get_running_loop().create_task(self._end_orphans(presence))

    async def stop(self) -> None:
        if self._orphans is not None:
            self._orphans.cancel()
            await asyncio.gather(self._orphans, return_exceptions=True)
        await self.remote.stop()
        await self._background.stop()
        await self.adapter.stop()

    def use(self, adapter: TelephonyAdapter) -> None:
        """Take calls from ``adapter`` instead (before the hub starts)."""
        self.adapter = adapter
        adapter.attach(self.on_call_event)

    # --- bookkeeping ------------------------------------------------------------------------

    def _register(self, call: Call) -> None:
        self.calls[call.conversation] = call
        self.by_call[call.call] = call.conversation

    def _drop(self, call: Call) -> None:
        self.calls.pop(call.conversation, None)
        self.by_call.pop(call.call, None)
        self.locks.pop(call.conversation, None)

    async def save(self, call: Call, ended_at: str | None = None) -> None:
        await self.hub.store.run(lambda conn: save_call(conn, call, ended_at), write=True)


    # --- the phone system's side ------------------------------------------------------------

    async def on_call_event(self, event: CallEvent) -> None:
        """What the adapter reports; returns once it is stored."""
        if event.kind == "offered":
            await self._offered(event)
            return
        conv_id = self.by_call.get(event.call)
        if conv_id is None:
            return
        if event.kind == "key":  # the phone menu (a return code): never stored or logged
            self._key(conv_id, event.key or "")
            return
        async with self.locks[conv_id]:
            call = self.calls.get(conv_id)
            conv = self.hub.conversations.get(conv_id)
            if call is None or conv is None or call.state == "ended":
                return
            if event.kind == "ended":
                await self._caller_gone(call, conv)
            elif event.kind == "left":  # a listening lead or an outside party hung up
                from workstation.hub.telephony.conference import ConferenceFeature

                await self.hub.feature(ConferenceFeature).left(conv_id, call, event.party or "")
            else:
                fields = {"call": call.call, "by": "network"}
                if event.to_user:
                    fields["to_user"] = event.to_user
                await conversations.append(self.hub, conv_id, "call_" + event.kind, fields)
                if event.kind in ("held", "resumed"):
                    call.state = "held" if event.kind == "held" else "answered"

    async def _caller_gone(self, call: Call, conv: Conversation, guarded: bool = False) -> None:
        """The caller is gone (hung up, or cut off with the call's hub): ``call_ended``
        (``by: caller``), the row ended, ``closed`` (``contact_left``). ``guarded`` (a gone
        hub's call): the events only while the conversation is open in the database (her
        counsellor may be closing it on another hub at that moment: then only the row)."""
        fields = {"call": call.call, "by": "caller"}
        status = conv.status.value if guarded else None
        closed_first = False
        for _ in range(3):
            try:
                await self.hub.store.append(conv.id, "call_ended", fields, self.hub.on_event,
                                            expect=None if status is None else {"status": status})
                break
            except PreconditionFailed as exc:  # another status than this hub knows yet
                status = exc.found.get("status")
                if status in (None, Status.CLOSED.value):
                    closed_first = True
                    break
        else:  # changing faster than it can be read: as on one hub
            await conversations.append(self.hub, conv.id, "call_ended", fields)
        call.state = "ended"
        await self.save(call, self.hub.now())
        if not closed_first:
            await self.hub.close(conv, "contact_left")

    def _key(self, conv_id: str, key: str) -> None:
        call, conv = self.calls.get(conv_id), self.hub.conversations.get(conv_id)
        if call is None or conv is None or call.state != "ringing":
            return
        adapter, call_id = self.adapter, call.call
        self.hub.feature(ReturnFeature).phone.key(
            conv, key, call.caller, lambda prompt: adapter.say(call_id, prompt)
        )

    async def _offered(self, event: CallEvent) -> None:
        hub = self.hub
        blocks = hub.feature(BlockFeature)
        refused = await blocks.refuse("phone", event.caller)
        if refused is not None:  # a recorded kind answer; the call never reaches the queue
            with contextlib.suppress(TelephonyError):  # the caller hung up meanwhile
                await self.adapter.refuse(event.call, refused.text)
            return
        conv = conversations.new_conversation(hub, "phone")
        call = Call(event.call, conv.id, event.number, "adapter", conv.created_at,
                    caller=event.caller, front=self.adapter.address, hub=self.hub_id)
        self._register(call)
        try:
            await conversations.create(hub, conv)
            await blocks.remember(conv.id, "phone", event.caller)
            call.offered_at = conv.created_at
            await self._offer_event(call, event.caller)
        except Exception:
            self._drop(call)
            raise
        hub.enqueue(conv)

    async def _offer_event(self, call: Call, caller: str | None = None) -> None:
        fields = {"call": call.call, "number": call.number, "via": call.via}
        if caller is not None:
            fields["caller"] = caller  # a keyed pseudonym, for telling a returning caller
        await conversations.append(self.hub, call.conversation, "call_offered", fields)
        await self.save(call)

    # --- hooks ----------------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        if event.kind == "call_held" and event.fields.get("reason") in LOST:
            self._alert_desk_lost(event)
        call = self.calls.get(event.conversation)
        if (event.kind == "opened" and event.fields.get("channel") == "phone" and call is None
                and event.conversation not in self.hub.conversations):
            # A simulated caller over /v1/contact of this hub (another hub's ``opened`` is
            # known already: its relay registered it): no number, no adapter.
            call = Call("t" + event.conversation, event.conversation, None, "contact", event.at)
            self._register(call)
            self._background.later(lambda: self._offer_event(call))
        elif event.kind == "call_offered" and call is None:
            self._held_elsewhere(event)
        elif call is None:
            return
        elif call.via == REMOTE:
            if event.kind == "closed" and event.fields.get("reason") == "contact_left":
                self._tell_if_missed(call, event.at)
            if event.kind in ("assigned", "closed"):  # the call's own hub answers, ends it
                self._drop(call)
                self.on_queue_changed()
        elif event.kind == "assigned" and call.state == "ringing":
            call.state = "answering"
            user = str(event.fields.get("user"))
            counsellor = str(event.fields.get("counsellor"))
            self._background.later(lambda: self._answered(call, user, counsellor))
        elif event.kind == "closed":
            if event.fields.get("reason") == "contact_left":
                self._tell_if_missed(call, event.at)
            self._background.later(lambda: self._closed(call))

    # --- several hubs: whose calls ---------------------------------------------------------

    def _presence(self) -> ClusterPresence | None:
        try:
            return self.hub.feature(ClusterPresence)
        except LookupError:
            return None  # one hub (SQLite)

    async def _take_back(self, presence: ClusterPresence) -> set[str]:
        """Several hubs, at start: the conversations of the live calls taken at this hub's
        address (this hub before a restart), now tied to this hub — never another's."""
        self.hub_id = presence.store.hub_id
        presence.row.front = here = self.adapter.address
        await presence.row.renew()
        if here is None:  # the simulated phone: no address to know its calls by
            return set()
        taken = await orphans.take_back(presence.store, here, presence.gone_before())
        return {call.conversation for call in taken}

    async def _end_orphans(self, presence: ClusterPresence) -> None:
        """Each heartbeat, end the calls of the hubs gone (:mod:`.orphans`) as their own
        hub would at its restart: the caller is gone (``call_ended``, ``closed``
        ``contact_left``); the counsellor's desk is told through her hub."""
        while True:
            try:
                await self.end_gone_calls(presence)
            except Exception as exc:
                log.error("Ending the calls of a gone hub failed\n%s",
                          traceback_without_values(exc))
            await asyncio.sleep(presence.heartbeat_s)

    async def end_gone_calls(self, presence: ClusterPresence) -> list[str]:
        """End the live calls of the hubs gone now; their conversations. Not before this
        hub has beaten steadily for the expiry itself (:meth:`HubRow.steady_for`)."""
        ended: list[str] = []
        if not presence.row.steady_for(presence.expires_s):
            return ended
        for call in await orphans.adopt_orphans(presence.store, presence.gone_before()):
            async with self.locks[call.conversation]:
                conv = self.hub.conversations.get(call.conversation)
                if conv is None:  # closed meanwhile: only the row
                    call.state = "ended"
                    await self.save(call, self.hub.now())
                    continue
                log.info("Ending call %s: its hub is gone", call.conversation)
                self._register(call)  # instead of a ringing entry of another hub's, if any
                await self._caller_gone(call, conv, guarded=True)
            ended.append(call.conversation)
        return ended

    def _held_elsewhere(self, event: Event) -> None:
        """Several hubs: another hub's call rings here too (in ``calls``) until it is
        answered or ends; answering it here is an ``accept``, and the call's hub answers
        the phone (it dials the desk's softphone where its own hub says it listens)."""
        conv = self.hub.conversations.get(event.conversation)
        if conv is None or conv.status is not Status.QUEUED:
            return
        number = event.fields.get("number")
        call = Call(str(event.fields.get("call")), event.conversation,
                    None if number is None else str(number), REMOTE, event.at)
        self._register(call)
        self.on_queue_changed()

    def _tell_if_missed(self, call: Call, ended_at: str) -> None:
        """The caller hung up while the desks saw it ring: tell them (``call_missed``)."""
        if not any(item["conversation"] == call.conversation for item in self._ringing):
            return  # the desks never saw it ring
        conv = self.hub.conversations.get(call.conversation)
        if conv is not None and conv.assigned_user is not None:
            return  # someone took it before the push that would have said so
        frame = {
            "type": "call_missed",
            "conversation": call.conversation,
            "call": call.call,
            "number": call.number,
            "offered_at": call.offered_at,
            "ended_at": ended_at,
        }
        for peers in self.hub.staff.values():
            for peer in peers:
                if peer.has_role(*QUEUE_ROLES):
                    peer.push(frame)

    async def _answered(self, call: Call, user: str, display: str) -> None:
        async with self.locks[call.conversation]:
            if call.state != "answering":
                return
            if call.via == "adapter":
                try:
                    await self.adapter.answer(call.call, user)
                except TelephonyError:
                    return  # the caller is gone; their ``ended`` closes the conversation
            await conversations.append(
                self.hub,
                call.conversation,
                "call_answered",
                {"call": call.call, "user": user, "counsellor": display},
            )
            call.state = "answered"
            call.answered_at = self.hub.now()
            await self.save(call)

    async def _closed(self, call: Call) -> None:
        """Closed by anyone (``close``, ``leave``, a hang-up): end the call if it still runs."""
        async with self.locks[call.conversation]:
            if call.state != "ended" and call.via == "adapter":
                with contextlib.suppress(TelephonyError):
                    await self.adapter.hangup(call.call)
            if call.state != "ended":
                call.state = "ended"
                await self.save(call, self.hub.now())
            self._drop(call)

    def on_queue_changed(self) -> None:
        ringing = [
            {
                "conversation": conv_id,
                "call": self.calls[conv_id].call,
                "number": self.calls[conv_id].number,
                "offered_at": self.calls[conv_id].offered_at,
            }
            for conv_id in self.hub.queue
            if conv_id in self.calls
        ]
        if ringing != self._ringing:
            self._ringing = ringing
            frame = {"type": "calls", "items": ringing}
            for peers in self.hub.staff.values():
                for peer in peers:
                    if peer.has_role(*QUEUE_ROLES):
                        peer.push(frame)

    def on_staff_online(self, peer: StaffPeer) -> None:
        if peer.has_role(*QUEUE_ROLES):
            peer.push({"type": "calls", "items": self._ringing})

    def on_staff_offline(self, user: str) -> None:
        """The counsellor's last desk connection is gone (the desk crashed, was killed, lost
        its network) with a call connected on it: the caller is held with the waiting audio,
        not hung up, and the shift leads are alerted; the counsellor resumes it (after a
        restart) or another takes it over (docs/telephony.md)."""
        for call in list(self.calls.values()):
            conv = self.hub.conversations.get(call.conversation)
            if (call.via == "adapter" and call.state == "answered" and conv is not None
                    and conv.assigned_user == user):
                self._background.later(functools.partial(self.desk_lost, call, user))
        gone = {"gone_at": format_time(clock.hub_now(self.hub))}
        for conv_id in self.calls_elsewhere(user):
            self._background.later(functools.partial(self.lost_elsewhere, "desk_lost", user,
                                                     conv_id, gone))

    async def desk_lost(self, call: Call, user: str, reason: str = "desk_lost") -> bool:
        """Hold ``call``, lost with ``user``'s desk (``desk_lost``) or softphone
        (``softphone_lost``: the desk is still connected); its ``call_held`` alerts the
        shift leads (:meth:`_alert_desk_lost`). False when there was nothing to hold."""
        async with self.locks[call.conversation]:
            if call.state != "answered" or (reason == "desk_lost" and user in self.hub.staff):
                return False  # answered otherwise meanwhile, or the desk is back already
            try:
                await self.adapter.hold(call.call)
            except TelephonyError:
                return False  # the caller is gone; their ``ended`` closes the conversation
            await conversations.append(
                self.hub, call.conversation, "call_held",
                {"call": call.call, "by": "network", "reason": reason, "user": user},
            )
            call.state = "held"
            await self.save(call)
        return True

    def _alert_desk_lost(self, event: Event) -> None:
        """A call held because its desk or softphone was lost: this hub's shift leads and
        supervisors are told (``call_desk_lost``). Derived from the event, so every hub
        tells its own once, whichever hub holds the call (several hubs)."""
        user = str(event.fields.get("user"))
        self.hub.push_to_roles(DESK_LOST_ROLES, {
            "type": "alert", "alert": "call_desk_lost", "conversation": event.conversation,
            "call": event.fields.get("call"), "user": user,
            "reason": event.fields.get("reason"), "at": event.at,
        }, skip=user)

    # --- requests -----------------------------------------------------------------------------

    def _own_call(self, user: UserRecord, conv_id: str, request_id: str) -> tuple[
        Conversation, Call
    ]:
        conv = self.api.assigned(user, conv_id, request_id)
        call = self.calls.get(conv.id)
        if call is None:
            raise ProtocolError(ErrorCode.CONFLICT, "That conversation is not a call.", request_id)
        return conv, call

    async def call_answer(self, peer: StaffPeer, user: UserRecord, request: CallAnswer) -> None:
        conv = self.hub.conversations.get(request.conversation)
        if conv is not None and conv.channel != "phone":
            raise ProtocolError(ErrorCode.CONFLICT, "That conversation is not a call.", request.id)
        accept = Accept(
            id=request.id, conversation=request.conversation, over_capacity=request.over_capacity
        )
        await self.api.accept(user, accept)

    async def _change(self, user: UserRecord, request: CallHold | CallResume, hold: bool) -> int:
        conv, call = self._own_call(user, request.conversation, request.id)
        async with self.locks[conv.id]:
            if call.state != ("answered" if hold else "held"):
                state = "connected" if hold else "on hold"
                raise ProtocolError(
                    ErrorCode.CONFLICT, f"The call is not {state}.", request.id
                )
            if call.via == "adapter":
                try:
                    await (self.adapter.hold if hold else self.adapter.resume)(call.call)
                except TelephonyError as exc:
                    raise ProtocolError(
                        ErrorCode.CONFLICT, f"The phone system: {exc}.", request.id
                    ) from None
            kind = "call_held" if hold else "call_resumed"
            seq = await self.api.append(conv, kind, {"call": call.call, "user": user.name},
                                        user, request.id)
            call.state = "held" if hold else "answered"
            await self.save(call)
        return seq

    async def call_hold(self, peer: StaffPeer, user: UserRecord, request: CallHold) -> None:
        peer.push(ok(request.id, seq=await self._here_or_there(user, request)))

    async def call_resume(self, peer: StaffPeer, user: UserRecord, request: CallResume) -> None:
        peer.push(ok(request.id, seq=await self._here_or_there(user, request)))

    async def call_hangup(self, peer: StaffPeer, user: UserRecord, request: CallHangup) -> None:
        peer.push(ok(request.id, seq=await self._here_or_there(user, request)))

    async def call_transfer(self, peer: StaffPeer, user: UserRecord, request: CallTransfer) -> None:
        peer.push(ok(request.id, seq=await self._here_or_there(user, request)))

    async def _here_or_there(self, user: UserRecord, request: Commanded) -> int:
        """Carry out ``request`` here, or (several hubs) have the hub holding the call do
        it: the same checks and answers (docs/telephony.md, "A transfer across hubs")."""
        conv = self.api.assigned(user, request.conversation, request.id)
        if conv.id in self.calls or conv.channel != "phone" or self.hub.shared is None:
            return await self._do(user, request)
        kind = next(name for name, kind in COMMANDS.items() if isinstance(request, kind))
        args = ({"to": request.to, "over_capacity": request.over_capacity}
                if isinstance(request, CallTransfer) else {})
        outcome = await self.remote.forward(kind, user.name, conv.id, request.id, args)
        seq = int(outcome["seq"])
        if isinstance(request, CallTransfer):
            await self._moved_away(user.name, conv.id, seq)
        return seq

    async def _do(self, user: UserRecord, request: Commanded) -> int:
        if isinstance(request, CallHangup):
            return await self._hangup(user, request)
        if isinstance(request, CallTransfer):
            return await self._transfer(user, request)
        return await self._change(user, request, hold=isinstance(request, CallHold))

    def _held_here(self) -> list[str]:
        """The conversations whose calls this hub holds (for another hub's commands)."""
        return [conv_id for conv_id, call in self.calls.items() if call.via != REMOTE]

    def calls_elsewhere(self, user: str) -> list[str]:
        """Several hubs: ``user``'s phone conversations whose call another hub holds."""
        if self.hub.shared is None:
            return []
        return [conv.id for conv in self.hub.conversations.values()
                if conv.channel == "phone" and conv.assigned_user == user
                and conv.status is Status.ASSIGNED and conv.id not in self.calls]

    async def lost_elsewhere(self, reason: str, user: str, conv_id: str,
                             args: dict[str, Any] | None = None) -> bool:
        """Several hubs: ``user``'s desk or softphone was lost here with a call another hub
        holds: that hub holds it (as :meth:`desk_lost`). Whether it was held. ``args``: a
        lost desk's ``gone_at`` (the database's clock)."""
        try:
            outcome = await self.remote.forward(reason, user, conv_id, reason, args)
        except ProtocolError:
            return False
        return bool(outcome.get("held"))

    async def _carry_out(self, kind: str, name: str, conv_id: str, request_id: str,
                         args: dict[str, Any]) -> dict[str, Any]:
        """Another hub's command for a call held here (:class:`CallCommands`)."""
        if kind in LOST:
            call, conv = self.calls.get(conv_id), self.hub.conversations.get(conv_id)
            held = (call is not None and call.via == "adapter" and conv is not None
                    and conv.assigned_user == name and not await self._back(name, args)
                    and await self.desk_lost(call, name, kind))
            return {"held": held}
        user = await self.hub.store.user(name)
        if user is None:
            raise ProtocolError(ErrorCode.FORBIDDEN, "No such user.", request_id)
        if kind == "take_over":  # a shift lead signed in there (docs/telephony.md)
            from workstation.hub.telephony.softphone import SoftphoneFeature

            return {"seq": await self.hub.feature(SoftphoneFeature).carry_out(
                user, conv_id, request_id)}
        request: Commanded
        if kind == "transfer":
            request = CallTransfer(id=request_id, conversation=conv_id, to=str(args["to"]),
                                   over_capacity=bool(args.get("over_capacity")))
        elif kind in PLAIN:
            request = PLAIN[kind](id=request_id, conversation=conv_id)
        else:
            raise ProtocolError(ErrorCode.BAD_FRAME, "Unknown call command.", request_id)
        return {"seq": await self._do(user, request)}

    async def _back(self, user: str, args: dict[str, Any]) -> bool:
        """Several hubs: whether ``user``, whose desk another hub lost at ``gone_at``, has
        signed in again (on any hub) since: then the call is not held (as on one hub when
        the desk is back). A sign-in within :data:`BACK_AFTER_S` of the loss does not count
        (a heartbeat may renew the lost desk's row just before it is deleted)."""
        gone = args.get("gone_at")
        presence = self._presence()
        if not isinstance(gone, str) or presence is None:
            return False
        return await presence.back_since(
            user, parse_time(gone) + timedelta(seconds=BACK_AFTER_S))

    async def _hangup(self, user: UserRecord, request: CallHangup) -> int:
        conv, call = self._own_call(user, request.conversation, request.id)
        async with self.locks[conv.id]:
            if call.state == "ended" or conv.status is Status.CLOSED:
                raise ProtocolError(ErrorCode.CONFLICT, "The call has ended.", request.id)
            if call.via == "adapter":
                with contextlib.suppress(TelephonyError):  # gone already: end it here too
                    await self.adapter.hangup(call.call)
            await self.api.append(
                conv, "call_ended", {"call": call.call, "by": "counsellor", "user": user.name},
                user, request.id,
            )
            call.state = "ended"
            await self.save(call, self.hub.now())
            closed = await self.hub.close(conv, "call_ended")
        return closed.seq

    async def _transfer(self, user: UserRecord, request: CallTransfer) -> int:
        hub = self.hub
        conv, call = self._own_call(user, request.conversation, request.id)
        target = await hub.store.user(request.to)
        if target is None or "counsellor" not in target.roles or request.to == user.name:
            raise ProtocolError(
                ErrorCode.NOT_FOUND, "No other counsellor by that name.", request.id
            )
        if request.to not in hub.staff and not await self._elsewhere(request.to):
            raise ProtocolError(ErrorCode.CONFLICT, "That colleague is not online.", request.id)
        with contextlib.suppress(LookupError):
            hub.feature(CapacityFeature).check(
                request.to, "phone", request.over_capacity, request.id
            )
        async with self.locks[conv.id]:
            if call.state not in ("answered", "held") or conv.assigned_user != user.name:
                raise ProtocolError(ErrorCode.CONFLICT, "The call is not connected.", request.id)
            if call.via == "adapter":
                try:
                    await self.adapter.transfer(call.call, request.to)
                except TelephonyError as exc:
                    raise ProtocolError(ErrorCode.CONFLICT, f"The phone system: {exc}.",
                                        request.id) from None
            try:  # the decision: the row changes hands with these two events, under its lock
                assigned = await self.reassign(conv, target, lambda assignment: hub.store.append(
                    conv.id,
                    "call_transferred",
                    {"call": call.call, "from_user": user.name, "to_user": target.name,
                     "counsellor": target.display_name},
                    hub.on_event,
                    sender="staff:" + user.name,
                    client_id=request.id,
                    update=assignment,
                    expect={"status": Status.ASSIGNED.value, "assigned_user": user.name},
                    then=("assigned", {"counsellor": target.display_name,
                                       "user": target.name}),
                ))
            except PreconditionFailed:  # taken over (another hub) or closed meanwhile
                raise ProtocolError(
                    ErrorCode.CONFLICT, "The conversation changed hands meanwhile.", request.id
                ) from None
        await self._moved_away(user.name, conv.id, assigned.seq)
        return assigned.seq

    async def _moved_away(self, user: str, conv_id: str, seq: int) -> None:
        """The former counsellor's desks (here) drop the transferred call, and say why:
        ``call_transferred`` and ``assigned`` (``seq``), which they no longer may see."""
        if seq > 1 and user in self.hub.staff:
            moved = await self.hub.store.events_after(conv_id, seq - 2)
            for event in moved[:2]:
                self.hub.push_to_user(user, event.to_wire())

    async def _elsewhere(self, user: str) -> bool:
        """Signed in on another hub (several hubs on PostgreSQL), their softphone located."""
        from workstation.hub.telephony.softphone import SoftphoneFeature

        try:
            softphones = self.hub.feature(SoftphoneFeature)
        except LookupError:
            return False
        return await softphones.locate(user)

    async def reassign(
        self, conv: Conversation, target: UserRecord,
        write: Callable[[dict[str, Any]], Awaitable[AppendResult]] | None = None,
    ) -> Event:
        """Make ``target`` the assigned counsellor; they get the log from ``seq`` 1.
        ``write``: the append whose ``then`` writes the ``assigned`` event (given the
        conversation columns to set), instead of an ``assigned`` append of its own; for
        a repeated request the ``assigned`` it wrote the first time."""
        hub = self.hub
        peers = list(hub.staff.get(target.name, ()))
        for each in peers:
            each.hold()
        previous = conv.assigned_user
        conv.assigned_user = target.name
        events: list[Event] = []
        assignment = {"assigned_user": target.name, "assigned_at": hub.now()}
        try:
            if write is None:
                result = await hub.store.append(
                    conv.id,
                    "assigned",
                    {"counsellor": target.display_name, "user": target.name},
                    hub.on_event,
                    update=assignment,
                )
                event = result.event
            else:
                result = await write(assignment)
                if result.then is not None:
                    event = result.then
                else:  # a repeated request: its ``assigned`` is the next event
                    event = (await hub.store.events_after(conv.id, result.event.seq))[0]
            conv.assigned_at = event.at
            events = await hub.store.events_after(conv.id, 0)
        except Exception:
            conv.assigned_user = previous
            raise
        finally:
            await hub.send_backlog(peers, events, contact=False)
        return event
