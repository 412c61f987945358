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
  when they are back online.
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
from workstation.hub.telephony.feature import CallsFeature
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_softphone import CallTakeOver, SoftphoneLost, SoftphoneReady
from workstation.sessions.events import Event
from workstation.store import UserRecord

#: Who may take over a held call of a lost desk.
TAKE_OVER_ROLES = ("shift_lead", "supervisor")
#: ``call_held`` reasons that make a call one to take over.
LOST = ("desk_lost", "softphone_lost")


class SoftphoneFeature(Feature):
    """Attributes:
        lost: conversation → the counsellor whose desk or softphone was lost, while its call
            is held for that reason.
        told: counsellor → ``call_taken_over`` pushes waiting for them to come back online.
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
        if event.kind == "call_held" and event.fields.get("reason") in LOST:
            self.lost[event.conversation] = str(event.fields.get("user"))
        elif event.kind in ("call_resumed", "call_ended", "call_transferred", "closed"):
            self.lost.pop(event.conversation, None)

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
        if not any(role in lead.roles for role in TAKE_OVER_ROLES):
            raise ProtocolError(ErrorCode.FORBIDDEN,
                                "Only shift leads and supervisors may do that.", request.id)
        calls = self.hub.feature(CallsFeature)
        conv = self.hub.conversations.get(request.conversation)
        call = calls.calls.get(request.conversation)
        if conv is None or call is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such call.", request.id)
        async with calls.locks[conv.id]:
            previous = self.lost.get(conv.id)
            if call.state != "held" or previous is None or conv.assigned_user != previous:
                raise ProtocolError(ErrorCode.CONFLICT,
                                    "The call is not on hold after a lost desk.", request.id)
            if previous == lead.name:
                raise ProtocolError(ErrorCode.CONFLICT, "The call is yours: resume it.",
                                    request.id)
            if call.via == "adapter":
                try:  # a held call's transfer only names the desk; resume dials it
                    await calls.adapter.transfer(call.call, lead.name)
                    await calls.adapter.resume(call.call)
                except TelephonyError:
                    with contextlib.suppress(TelephonyError):
                        await calls.adapter.transfer(call.call, previous)
                    raise ProtocolError(ErrorCode.CONFLICT,
                                        "Your desk phone did not answer.", request.id) from None
            taken = await self.api.append(
                conv, "call_taken_over",
                {"call": call.call, "from_user": previous, "to_user": lead.name,
                 "counsellor": lead.display_name},
                lead, request.id,
            )
            assigned = await calls.reassign(conv, lead)
            resumed = await conversations.append(  # not by request id: that is the takeover's
                self.hub, conv.id, "call_resumed", {"call": call.call, "user": lead.name})
            call.state = "answered"
            await calls.save(call)
        frame = {"type": "call_taken_over", "conversation": conv.id, "call": call.call,
                 "user": lead.name, "counsellor": lead.display_name, "seq": taken}
        if previous in self.hub.staff:  # its desk drops the conversation, and says why
            self.hub.push_to_user(previous, assigned.to_wire())
            self.hub.push_to_user(previous, frame)
        else:
            self.told[previous].append(frame)
        peer.push(ok(request.id, seq=resumed.seq))


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
