"""Where each desk's softphone listens, a desk softphone lost, and a shift lead taking over
its held call (docs/telephony.md, "Where a desk's softphone listens", "A softphone lost").

- ``softphone_ready``: the desk's softphone listens on ``port``; the hub dials
  ``sip:{user}@<the desk connection's peer address>:<port>`` for that user from then on (never
  a host the desk names: a desk cannot make the hub call another machine), for as long as
  that connection is open and until ``softphone_lost``. Without one, the ``--sip-desk``
  template (:attr:`SoftphoneFeature.template`) names the softphone, as before.
- ``softphone_lost``: the desk says its softphone stopped (its baresip died) while the desk
  stays connected. Every call connected on that counsellor's desk is held as for a lost desk
  (``call_held`` with ``reason: softphone_lost``, the waiting audio, ``call_desk_lost`` to the
  shift leads with that ``reason``); the counsellor resumes it once the softphone is back.
- ``call_take_over``: a shift lead or supervisor takes a call held because a desk or its
  softphone was lost: the call rings the lead's softphone (the adapter's ``transfer`` of a held
  call, then ``resume``), ``call_taken_over`` and ``assigned`` make the lead its counsellor,
  ``call_resumed`` follows; the counsellor is told with a ``call_taken_over`` push, at once or
  when they are back online. Several hubs: a lead's take-over of a call another hub holds is
  carried out there (``call_commands`` kind ``take_over``), and every hub tells the
  counsellor's desks on it (docs/telephony.md, "A transfer across hubs").
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
from collections import defaultdict
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from workstation.hub.desk import conversations
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.hub.telephony.adapter import TelephonyError
from workstation.hub.telephony.feature import LOST, CallsFeature
from workstation.hub.telephony.store import Call
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_softphone import CallTakeOver, SoftphoneLost, SoftphoneReady
from workstation.sessions.conversation import Status
from workstation.sessions.events import Event
from workstation.store import UserRecord
from workstation.store.records import PreconditionFailed

#: Who may take over a held call of a lost desk.
TAKE_OVER_ROLES = ("shift_lead", "supervisor")


class SoftphoneFeature(Feature):
    """Attributes:
        lost: conversation → the counsellor whose desk or softphone was lost, while its call
            is held for that reason.
        told: counsellor → ``call_taken_over`` pushes waiting for them to come back online
            (on this hub; each hub keeps those of the take-overs it saw while they were
            signed in nowhere).
        ready: user → (the desk connection that said ``softphone_ready``, the host it
            connects from, the port it said).
        template: the ``--sip-desk`` template (user → address) for a desk that has not said
            where its softphone listens, or ``None``.
        elsewhere: user → their softphone's address as their own hub wrote it, read by
            :meth:`locate` (several hubs: a call transferred to a colleague signed in there).
    """

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.lost: dict[str, str] = {}
        self.told: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        self.ready: dict[str, tuple[StaffPeer, str, int]] = {}
        self.template: Callable[[str], str | None] | None = None
        self.elsewhere: dict[str, str] = {}
        #: conversation → (the previous counsellor, the ``call_taken_over`` push) between
        #: a take-over's two events.
        self.taking: dict[str, tuple[str, dict[str, Any]]] = {}

    def handlers(self) -> dict[type[Request], Handler]:
        return {SoftphoneReady: self.softphone_ready, SoftphoneLost: self.softphone_lost,
                CallTakeOver: self.take_over}

    def address(self, user: str) -> str | None:
        """Where ``user``'s desk softphone listens (what the SIP adapter dials): the port the
        desk said on the host its connection comes from, while that connection is open;
        else the ``--sip-desk`` template's address; else ``None`` (no voice)."""
        said = self.ready.get(user)
        if said is not None and said[0] in self.hub.staff.get(user, ()):
            return _sip(user, said[1], said[2])
        if user not in self.hub.staff:  # signed in on another hub: what it wrote
            member = self.hub.elsewhere.get(user)
            # The presence read follows every change; what locate read covers the moment
            # before that read (a softphone_ready just now).
            found = (member.softphone if member else None) or self.elsewhere.get(user)
            if found is not None:
                return found
        return self.template(user) if self.template is not None else None

    async def locate(self, user: str) -> bool:
        """Several hubs: whether ``user`` is signed in on another hub now; if so, where
        their desk's softphone listens is read with it (for :meth:`address`)."""
        from workstation.hub.cluster.presence import ClusterPresence

        try:
            presence = self.hub.feature(ClusterPresence)
        except LookupError:
            return False
        member = await presence.find(user)
        self.elsewhere.pop(user, None)
        if member is not None and member.softphone:
            self.elsewhere[user] = member.softphone
        return member is not None

    def _share(self, user: str, address: str | None) -> None:
        """Tell the other hubs (``staff_presence.softphone``), when there are any."""
        from workstation.hub.cluster.presence import ClusterPresence

        with contextlib.suppress(LookupError):
            self.hub.feature(ClusterPresence).on_softphone(user, address)

    async def softphone_ready(
        self, peer: StaffPeer, user: UserRecord, request: SoftphoneReady
    ) -> None:
        host = _peer_host(peer.remote)
        if host is None:
            raise ProtocolError(ErrorCode.CONFLICT,
                                "The hub cannot tell where this desk connects from.", request.id)
        self.ready[user.name] = (peer, host, request.port)
        self._share(user.name, _sip(user.name, host, request.port))
        peer.push(ok(request.id))

    def on_staff_offline(self, user: str) -> None:
        self.ready.pop(user, None)

    def on_event(self, event: Event) -> None:
        conv_id = event.conversation
        if event.kind == "call_held" and event.fields.get("reason") in LOST:
            self.lost[conv_id] = str(event.fields.get("user"))
        elif event.kind in ("call_resumed", "call_ended", "call_transferred", "closed"):
            self.lost.pop(conv_id, None)
        taken = self.taking.pop(conv_id, None)
        if event.kind == "call_taken_over":
            previous = str(event.fields.get("from_user"))
            self._tell_moved(previous, event)
            self.taking[conv_id] = (previous, {
                "type": "call_taken_over", "conversation": conv_id,
                "call": event.fields.get("call"), "user": event.fields.get("to_user"),
                "counsellor": event.fields.get("counsellor"), "seq": event.seq})
        elif taken is not None and event.kind == "assigned":
            previous, frame = taken
            self._tell_moved(previous, event)
            if previous in self.hub.staff:  # its desk drops the conversation, and says why
                self.hub.push_to_user(previous, frame)
            elif previous not in self.hub.elsewhere:  # told when back (on this hub)
                self.told[previous].append(frame)

    def _tell_moved(self, previous: str, event: Event) -> None:
        """The counsellor whose call was taken over gets the ``call_taken_over`` and the
        ``assigned`` that take it from her, which she may no longer see (each hub tells its
        own desks, whichever hub took it over)."""
        conv = self.hub.conversations.get(event.conversation)
        if conv is not None and not self.hub.can_see(previous, conv):
            self.hub.push_to_user(previous, event.to_wire())

    def on_staff_online(self, peer: StaffPeer) -> None:
        for frame in self.told.pop(peer.user.name if peer.user else "", []):
            peer.push(frame)

    async def softphone_lost(
        self, peer: StaffPeer, user: UserRecord, request: SoftphoneLost
    ) -> None:
        said = self.ready.get(user.name)
        if said is not None and said[0] is peer:  # until the desk says ready again
            del self.ready[user.name]
            self._share(user.name, None)
        calls = self.hub.feature(CallsFeature)
        held = []
        for call in list(calls.calls.values()):
            conv = self.hub.conversations.get(call.conversation)
            if (call.via == "adapter" and call.state == "answered" and conv is not None
                    and conv.assigned_user == user.name
                    and await calls.desk_lost(call, user.name, "softphone_lost")):
                held.append(call.conversation)
        elsewhere = calls.calls_elsewhere(user.name)  # several hubs: another hub holds these
        done = await asyncio.gather(*(calls.lost_elsewhere("softphone_lost", user.name, conv_id)
                                      for conv_id in elsewhere))
        held += [conv_id for conv_id, was in zip(elsewhere, done, strict=True) if was]
        peer.push(ok(request.id, held=held))

    async def take_over(self, peer: StaffPeer, lead: UserRecord, request: CallTakeOver) -> None:
        calls = self.hub.feature(CallsFeature)
        conv = self.hub.conversations.get(request.conversation)
        if (conv is not None and conv.channel == "phone" and conv.id not in calls.calls
                and self.hub.shared is not None and _may_take_over(lead)):
            # Several hubs: another hub holds the call; it carries the take-over out
            # (docs/telephony.md, "A transfer across hubs").
            outcome = await calls.remote.forward("take_over", lead.name, conv.id, request.id)
            seq = int(outcome["seq"])
        else:
            seq = await self.carry_out(lead, request.conversation, request.id)
        peer.push(ok(request.id, seq=seq))

    async def carry_out(self, lead: UserRecord, conv_id: str, request_id: str) -> int:
        """``lead``'s take-over of the held call of ``conv_id``, which this hub holds (asked
        here or through another hub): the ``call_resumed`` seq."""
        if not _may_take_over(lead):
            raise ProtocolError(ErrorCode.FORBIDDEN,
                                "Only shift leads and supervisors may do that.", request_id)
        calls = self.hub.feature(CallsFeature)
        conv = self.hub.conversations.get(conv_id)
        call = calls.calls.get(conv_id)
        if conv is None or call is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such call.", request_id)
        if lead.name not in self.hub.staff:  # several hubs: where her softphone listens
            await self.locate(lead.name)
        async with calls.locks[conv.id]:
            previous = self.lost.get(conv.id)
            if call.state != "held" or previous is None or conv.assigned_user != previous:
                raise ProtocolError(ErrorCode.CONFLICT,
                                    "The call is not on hold after a lost desk.", request_id)
            if previous == lead.name:
                raise ProtocolError(ErrorCode.CONFLICT, "The call is yours: resume it.",
                                    request_id)
            if call.via == "adapter":
                try:  # a held call's transfer only names the desk; resume dials it
                    await calls.adapter.transfer(call.call, lead.name)
                    await calls.adapter.resume(call.call)
                except TelephonyError:
                    await self._give_back(calls, call, previous, held=False)
                    raise ProtocolError(ErrorCode.CONFLICT,
                                        "Your desk phone did not answer.", request_id) from None
            try:  # the decision: the row changes hands with these two events, under its lock
                await calls.reassign(conv, lead, lambda assignment: self.hub.store.append(
                    conv.id, "call_taken_over",
                    {"call": call.call, "from_user": previous, "to_user": lead.name,
                     "counsellor": lead.display_name},
                    self.hub.on_event,
                    sender="staff:" + lead.name,
                    client_id=request_id,
                    update=assignment,
                    expect={"status": Status.ASSIGNED.value, "assigned_user": previous},
                    then=("assigned", {"counsellor": lead.display_name, "user": lead.name}),
                ))
            except PreconditionFailed:  # closed or moved meanwhile (another hub)
                await self._give_back(calls, call, previous, held=True)
                raise ProtocolError(ErrorCode.CONFLICT,
                                    "The conversation changed hands meanwhile.",
                                    request_id) from None
            resumed = await conversations.append(  # not by request id: that is the takeover's
                self.hub, conv.id, "call_resumed", {"call": call.call, "user": lead.name})
            call.state = "answered"
            await calls.save(call)
        return resumed.seq

    @staticmethod
    async def _give_back(calls: CallsFeature, call: Call, previous: str, held: bool) -> None:
        """The take-over failed: the call goes back to ``previous``'s desk, on hold (a held
        call's transfer only names the desk)."""
        if held:
            with contextlib.suppress(TelephonyError):
                await calls.adapter.hold(call.call)
        with contextlib.suppress(TelephonyError):
            await calls.adapter.transfer(call.call, previous)


def _may_take_over(user: UserRecord) -> bool:
    return any(role in user.roles for role in TAKE_OVER_ROLES)


def _sip(user: str, host: str, port: int) -> str:
    return f"sip:{quote(user, safe='')}@{f'[{host}]' if ':' in host else host}:{port}"


def _peer_host(remote: str) -> str | None:
    """The desk connection's address as a SIP host (an IPv4-mapped IPv6 address as IPv4),
    or ``None`` when it is not an IP address."""
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return str(mapped or address)
