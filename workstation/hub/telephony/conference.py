"""Listen-in and three-way calls on the hub (docs/telephony.md, "Listen-in and three-way").

- A shift lead or supervisor who has joined a consultation about a connected call asks
  ``call_listen``: the adapter rings their desk softphone with the caller and the counsellor
  mixed, their microphone going nowhere. ``call_listen_end`` (or hanging up) ends it.
- The listening lead asks ``call_join``; the assigned counsellor answers ``call_join_answer``
  (``consent``); with consent all three hear each other.
- The assigned counsellor adds a service of the referral directory (``call_add_party``, with
  ``confirmed``: the desk asked first); the hub dials it out; ``call_drop_party`` or the
  party hanging up ends only that party's leg.

Every step is a staff-only ``call_*`` event on the conversation, so the counsellor's desk
shows it. Hold, transfer and the end of the call end the mix (the adapter's doing); the
parties are then forgotten here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from workstation.hub.consult import ConsultFeature
from workstation.hub.desk import conversations
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.hub.telephony.adapter import TelephonyError
from workstation.hub.telephony.feature import CallsFeature
from workstation.hub.telephony.store import Call
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_desk import (
    CallAddParty,
    CallDropParty,
    CallJoin,
    CallJoinAnswer,
    CallListen,
    CallListenEnd,
)
from workstation.sessions import referrals
from workstation.sessions.conversation import Conversation
from workstation.sessions.events import Event
from workstation.store import UserRecord

log = logging.getLogger(__name__)

#: Who may listen in (and then join), when in a consultation about the call.
LISTEN_ROLES = ("shift_lead", "supervisor")
#: Events after which a call has no mix any more (the adapter ended it).
UNMIXED = frozenset({"call_held", "call_transferred", "call_ended", "closed"})


@dataclass
class Parties:
    """A call's parties besides the caller and the counsellor: leads (user → ``listening``,
    ``asked`` or ``joined``) and outside parties (party name → service id)."""

    leads: dict[str, str] = field(default_factory=dict)
    outside: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # a lead's display name


def _conflict(message: str, request_id: str) -> ProtocolError:
    return ProtocolError(ErrorCode.CONFLICT, message, request_id)


class ConferenceFeature(Feature):
    """Attributes: parties: by conversation id."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.parties: dict[str, Parties] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def handlers(self) -> dict[type[Request], Handler]:
        return {
            CallListen: self.call_listen,
            CallListenEnd: self.call_listen_end,
            CallJoin: self.call_join,
            CallJoinAnswer: self.call_join_answer,
            CallAddParty: self.call_add_party,
            CallDropParty: self.call_drop_party,
        }

    async def stop(self) -> None:
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=5)

    @property
    def _calls(self) -> CallsFeature:
        return self.hub.feature(CallsFeature)

    # --- who may ------------------------------------------------------------------------

    def _call(self, conv_id: str, request_id: str) -> tuple[Conversation, Call]:
        conv = self.hub.conversations.get(conv_id)
        call = self._calls.calls.get(conv_id) if conv is not None else None
        if conv is None or call is None or call.state == "ended":
            raise ProtocolError(ErrorCode.NOT_FOUND, "There is no call in that conversation.",
                                request_id)
        return conv, call

    def _lead(self, user: UserRecord, conv_id: str, request_id: str) -> tuple[
        Conversation, Call
    ]:
        """A shift lead or supervisor joined in a consultation about the call."""
        if not any(role in user.roles for role in LISTEN_ROLES):
            raise ProtocolError(ErrorCode.FORBIDDEN,
                                "Only a shift lead or supervisor may listen in.", request_id)
        conv, call = self._call(conv_id, request_id)
        consult = self.hub.feature(ConsultFeature).by_conversation.get(conv.id)
        if consult is None or not consult.joined or consult.consultant != user.name:
            raise ProtocolError(ErrorCode.FORBIDDEN,
                                "Join a consultation about the call first.", request_id)
        return conv, call

    def _counsellor(self, user: UserRecord, conv_id: str, request_id: str) -> tuple[
        Conversation, Call
    ]:
        self._call(conv_id, request_id)
        conv = self.api.assigned(user, conv_id, request_id)
        return conv, self._calls.calls[conv.id]

    @staticmethod
    def _connected(call: Call, request_id: str) -> None:
        if call.state != "answered":
            raise _conflict("The call is not connected.", request_id)
        if call.via != "adapter":
            raise _conflict("That call carries no voice.", request_id)

    async def _adapter(self, work: Coroutine[Any, Any, Any], request_id: str) -> Any:
        try:
            return await work
        except TelephonyError as exc:
            raise _conflict(f"The phone system: {exc}.", request_id) from None

    # --- requests -----------------------------------------------------------------------

    async def call_listen(self, peer: StaffPeer, user: UserRecord, request: CallListen) -> None:
        conv, call = self._lead(user, request.conversation, request.id)
        async with self._calls.locks[conv.id]:
            self._connected(call, request.id)
            parties = self.parties.setdefault(conv.id, Parties())
            if user.name in parties.leads:
                raise _conflict("You are already listening to that call.", request.id)
            await self._adapter(self._calls.adapter.listen(call.call, user.name), request.id)
            parties.leads[user.name] = "listening"
            parties.names[user.name] = user.display_name
            seq = await self.api.append(conv, "call_listening", {
                "call": call.call, "user": user.name, "name": user.display_name,
            }, user, request.id)
        peer.push(ok(request.id, seq=seq))

    async def call_listen_end(self, peer: StaffPeer, user: UserRecord,
                              request: CallListenEnd) -> None:
        conv, call = self._call(request.conversation, request.id)
        async with self._calls.locks[conv.id]:
            parties = self.parties.get(conv.id)
            if parties is None or parties.leads.pop(user.name, None) is None:
                raise _conflict("You are not listening to that call.", request.id)
            with contextlib.suppress(TelephonyError):  # gone already: forget it all the same
                await self._calls.adapter.drop_party(call.call, f"lead:{user.name}")
            seq = await self.api.append(conv, "call_listen_ended", {
                "call": call.call, "user": user.name, "name": user.display_name,
                "by": user.name,
            }, user, request.id)
        peer.push(ok(request.id, seq=seq))

    async def call_join(self, peer: StaffPeer, user: UserRecord, request: CallJoin) -> None:
        conv, call = self._lead(user, request.conversation, request.id)
        async with self._calls.locks[conv.id]:
            parties = self.parties.get(conv.id)
            if parties is None or parties.leads.get(user.name) != "listening":
                raise _conflict("Listen in first (or you asked already).", request.id)
            parties.leads[user.name] = "asked"
            seq = await self.api.append(conv, "call_join_requested", {
                "call": call.call, "user": user.name, "name": user.display_name,
            }, user, request.id)
        peer.push(ok(request.id, seq=seq))

    async def call_join_answer(self, peer: StaffPeer, user: UserRecord,
                               request: CallJoinAnswer) -> None:
        conv, call = self._counsellor(user, request.conversation, request.id)
        async with self._calls.locks[conv.id]:
            parties = self.parties.get(conv.id)
            if parties is None or parties.leads.get(request.user) != "asked":
                raise _conflict("Nobody by that name asked to join the call.", request.id)
            if request.consent:
                self._connected(call, request.id)
                await self._adapter(self._calls.adapter.join(call.call, request.user),
                                    request.id)
            parties.leads[request.user] = "joined" if request.consent else "listening"
            kind = "call_joined" if request.consent else "call_join_declined"
            seq = await self.api.append(conv, kind, {
                "call": call.call, "user": request.user,
                "name": parties.names.get(request.user, request.user), "by": user.name,
            }, user, request.id)
        peer.push(ok(request.id, seq=seq))

    async def call_add_party(self, peer: StaffPeer, user: UserRecord,
                             request: CallAddParty) -> None:
        conv, call = self._counsellor(user, request.conversation, request.id)
        if not request.confirmed:
            raise _conflict("Confirm adding the party first.", request.id)
        service = referrals.by_id(request.service)
        if service is None or not service.phone:
            raise ProtocolError(ErrorCode.NOT_FOUND,
                                "No service with a phone number by that id.", request.id)
        async with self._calls.locks[conv.id]:
            self._connected(call, request.id)
            party = await self._adapter(self._calls.adapter.add_outside(call.call,
                                                                          service.phone),
                                        request.id)
            self.parties.setdefault(conv.id, Parties()).outside[party] = service.id
            seq = await self.api.append(conv, "call_party_added", {
                "call": call.call, "party": party, "service": service.id,
                "name": service.name, "user": user.name,
            }, user, request.id)
        peer.push(ok(request.id, seq=seq, party=party))

    async def call_drop_party(self, peer: StaffPeer, user: UserRecord,
                              request: CallDropParty) -> None:
        conv, call = self._counsellor(user, request.conversation, request.id)
        async with self._calls.locks[conv.id]:
            parties = self.parties.get(conv.id)
            service = parties.outside.pop(request.party, None) if parties else None
            if service is None:
                raise ProtocolError(ErrorCode.NOT_FOUND, "No such party in the call.",
                                    request.id)
            with contextlib.suppress(TelephonyError):
                await self._calls.adapter.drop_party(call.call, request.party)
            seq = await self.api.append(conv, "call_party_left", {
                "call": call.call, "party": request.party, "service": service,
                "by": user.name,
            }, user, request.id)
        peer.push(ok(request.id, seq=seq))

    # --- the phone system's side and hooks ----------------------------------------------

    async def left(self, conv_id: str, call: Call, party: str) -> None:
        """A party hung up its phone (the adapter's ``left``); called under the call's lock."""
        parties = self.parties.get(conv_id)
        if parties is None:
            return
        if party.startswith("lead:"):
            lead = party.removeprefix("lead:")
            if parties.leads.pop(lead, None) is not None:
                await conversations.append(self.hub, conv_id, "call_listen_ended", {
                    "call": call.call, "user": lead, "name": parties.names.get(lead, lead),
                    "by": "network"})
        elif (service := parties.outside.pop(party, None)) is not None:
            await conversations.append(self.hub, conv_id, "call_party_left", {
                "call": call.call, "party": party, "service": service, "by": "network"})

    def on_event(self, event: Event) -> None:
        if event.kind in UNMIXED:
            self.parties.pop(event.conversation, None)
        elif event.kind == "consult_ended":
            parties = self.parties.get(event.conversation)
            if parties is not None and parties.leads:
                self._spawn(self._consult_ended(event.conversation))

    async def _consult_ended(self, conv_id: str) -> None:
        """The consultation ended: its leads stop listening (they may no longer see it)."""
        calls = self._calls
        async with calls.locks[conv_id]:
            parties, call = self.parties.get(conv_id), calls.calls.get(conv_id)
            if parties is None or call is None:
                return
            for lead in list(parties.leads):
                del parties.leads[lead]
                with contextlib.suppress(TelephonyError):
                    await calls.adapter.drop_party(call.call, f"lead:{lead}")
                await conversations.append(self.hub, conv_id, "call_listen_ended", {
                    "call": call.call, "user": lead, "name": parties.names.get(lead, lead),
                    "by": "network", "reason": "consult_ended"})

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
