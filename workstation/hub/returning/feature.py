""""Same counsellor again": codes given at the end, routing by code at the start.

The rules (also in docs/returning.md and docs/protocol.md):

- ``return_code_offer`` (the counsellor the conversation is or was assigned to) makes a code,
  stores its keyed hash with the counsellor, the conversation and an expiry (30 days, a hub
  setting), pushes ``{"type":"return_code","code","expires_at"}`` to the young person's page
  and answers the desk with the code. The code itself is never stored.
- ``open`` with ``code``: the answer carries ``returning`` ``{"status", "counsellor"?}``.
  ``available`` — she is online, available and has room: the contact is offered to her first
  (``return_offer`` with the earlier contact summary) and held for her for
  :data:`OFFER_S`; ``busy``/``away``/``off_shift`` — the young person chooses with
  ``return_choice`` (wait for her, or the next counsellor); ``unknown`` — wrong, expired or
  revoked, the normal queue; ``rate_limited`` — too many wrong codes from that address.
- While held for her (offered, choosing, waiting) nobody else may ``accept`` it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from workstation.hub.background import Background
from workstation.hub.buckets import Buckets, Rate
from workstation.hub.cluster import clock
from workstation.hub.desk.capacity import CapacityFeature, refusal
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import ContactPeer, StaffPeer
from workstation.hub.returning import follow_up, giving, holds, rows
from workstation.hub.returning.codes import (
    DIGITS_PURPOSE,
    PURPOSE,
    normalise,
    normalise_digits,
)
from workstation.hub.returning.follow_up import FollowUp
from workstation.hub.returning.giving import FOLLOW_UPS_TOPIC
from workstation.hub.returning.holds import HELD, RELEASED
from workstation.hub.returning.phone import PhoneMenu
from workstation.hub.webchat.status import ChatHours
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request, ReturnChoice
from workstation.protocol.frames_return import FollowUpTimes, ReturnCodeOffer, ReturnCodeRevoke
from workstation.protocol.times import format_time, parse_time
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event
from workstation.store import AppendResult, UserRecord

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.hub.staff_api import StaffApi

log = logging.getLogger(__name__)

#: How long a code opens, unless the hub is started with another ``--return-code-days``.
EXPIRY_DAYS = 30.0
#: How long a direct offer is held for the counsellor before anyone may take the contact.
OFFER_S = 60.0
#: How long the young person has to choose (wait, or the next counsellor) before the
#: contact goes to the next counsellor by itself.
CHOICE_S = 180.0
#: Wrong codes from one address: 5 at once, then one every 10 minutes.
GUESSES = Rate(per_minute=0.1, burst=5)
__all__ = ["HELD", "RELEASED", "ReturnFeature", "Wanted"]


@dataclass
class Wanted:
    """A queued contact that asked for one counsellor by code."""

    user: str
    earlier: str
    state: str  # "offered", "choosing", "waiting"
    timer: asyncio.TimerHandle | None = field(default=None, repr=False)
    #: Several hubs: the ``seq`` of the event that began this state (its next step's
    #: ``client_id``: :mod:`.holds`), and when the offer or the choice runs out.
    since: int = 0
    until: str | None = None

    def cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


class ReturnFeature(Feature):
    """Return codes and routing by code.

    Attributes:
        wanted: queued contacts held for a counsellor, by conversation id (memory only: after
            a restart they are in the normal queue).
        expiry_days: how long a new code opens.
        offer_s: how long a direct offer is held.
        choice_s: how long the young person may take to choose.
        guesses: wrong codes per address.
        hours: the chat's opening hours (follow-up times must fall within them).
        follow_ups: agreed follow-up times by earlier conversation (docs/returning.md).
        held_elsewhere: several hubs: queued contacts held for a counsellor by another hub
            (its ``returned`` or ``return_held`` event; rebuilt from the log when this hub
            starts) until its ``return_released`` (or ``assigned``/``closed``) event reaches
            this hub. This hub times them too (:mod:`.holds`: each step is stored once).
    """

    def __init__(self, hub: Hub, api: StaffApi) -> None:
        super().__init__(hub, api)
        self.wanted: dict[str, Wanted] = {}
        self.held_elsewhere: dict[str, Wanted] = {}
        #: Contacts whose ``returned`` or ``return_held`` this hub is writing (its own hold,
        #: not another hub's).
        self._arriving: set[str] = set()
        self.expiry_days = EXPIRY_DAYS
        self.offer_s = OFFER_S
        self.choice_s = CHOICE_S
        self.guesses = Buckets(GUESSES)
        self.hours: ChatHours | None = None
        self.follow_ups: dict[str, FollowUp] = {}
        self.min_lead_s = follow_up.MIN_LEAD_S
        self.remind_before_s = follow_up.REMIND_BEFORE_S
        self.grace_s = follow_up.GRACE_S
        self.timers = follow_up.Timers()
        self._background = Background()
        self.phone = PhoneMenu(self)

    def handlers(self) -> dict[type[Request], Handler]:
        return {ReturnCodeOffer: partial(giving.offer_code, self),
                ReturnCodeRevoke: partial(giving.revoke_code, self),
                FollowUpTimes: partial(giving.follow_up_times, self)}

    async def start(self) -> None:
        now = self.hub.now()
        for item in await self.hub.store.run(lambda c: follow_up.load(c, now), write=True):
            self.schedule(item)
        self.hub.follow_shared(FOLLOW_UPS_TOPIC, self._follow_ups_changed)
        if self.hub.relay is not None:  # several hubs: hold what is held (by any hub)
            for event in await self.hub.store.run(holds.load, write=False):
                if event.kind != RELEASED:
                    self._held_there(event)

    async def _follow_ups_changed(self) -> None:
        """Another hub agreed, kept, revoked or released a follow-up time (several hubs):
        this hub times the same ones, so the counsellor is reminded by the hub she is on.
        Each hub pushes to its own desks only, and a release clears the time once for all."""
        now = self.hub.now()
        loaded = await self.hub.store.run(lambda c: follow_up.load(c, now), write=False)
        found = {item.conversation: item for item in loaded}
        for conv_id in [c for c in self.follow_ups if c not in found]:
            self.timers.cancel(conv_id)
            del self.follow_ups[conv_id]
        for conv_id, item in found.items():
            known = self.follow_ups.get(conv_id)
            if known is None or (known.user, known.at) != (item.user, item.at):
                self.schedule(item)

    async def stop(self) -> None:
        self.timers.cancel_all()
        await self.phone.stop()
        for wanted in (*self.wanted.values(), *self.held_elsewhere.values()):
            wanted.cancel()
        await self._background.stop()

    # --- the young person comes back ----------------------------------------------------

    async def arrived(self, conv: Conversation, code: str | None, remote: str,
                      keyed: bool = False) -> dict[str, Any]:
        """Route a newly queued ``conv`` by ``code``; the ``returning`` field of ``open``'s
        answer. Call after the contact is queued and before the answer goes out.
        ``keyed``: ``code`` is the digits a caller typed on the phone menu."""
        self.hub.routing.add(conv.id)  # out of the queue's items while the code is read
        self.hub.queue_changed()
        try:
            return await self._route(conv, code, remote, keyed)
        finally:
            self.hub.routing.discard(conv.id)
            self.hub.queue_changed()

    async def _route(self, conv: Conversation, code: str | None, remote: str,
                     keyed: bool) -> dict[str, Any]:
        if not self.guesses.allows(remote):
            log.info("A return code was not tried: too many wrong ones from one address")
            return {"status": "rate_limited"}
        self.guesses.take(remote)
        key = normalise(code or "") if not keyed else normalise_digits(code or "")
        now = self.hub.now()
        found = None
        if key is not None and keyed:  # the phone menu: the keyed hash of the digit form
            digits = self.hub.keys.pseudonym(DIGITS_PURPOSE, key)
            found = await self.hub.store.run(
                lambda c: rows.live_by_digits(c, digits, now), write=False
            )
        elif key is not None:
            digest = self.hub.keys.pseudonym(PURPOSE, key)
            found = await self.hub.store.run(lambda c: rows.live(c, digest, now), write=False)
        if found is None:
            log.info("A return code did not open (wrong, expired or revoked)")
            return {"status": "unknown"}
        self.guesses.give_back(remote)  # only wrong codes count
        record = await self.hub.store.user(found.counsellor)
        display = record.display_name if record is not None else None
        self._arriving.add(conv.id)
        try:
            return await self._returned(conv, found.counsellor, display, found.conversation)
        finally:
            self._arriving.discard(conv.id)

    async def _returned(self, conv: Conversation, counsellor: str, display: str | None,
                        earlier: str) -> dict[str, Any]:
        """The code opened: ``returned`` is written and the contact held for her."""
        status = self.availability(counsellor, conv.channel)
        state = "offered" if status == "available" else "choosing"
        held_s = self.offer_s if state == "offered" else self.choice_s
        until = format_time(clock.hub_now(self.hub) + timedelta(seconds=held_s))
        result = await self.hub.store.append(
            conv.id, "returned",
            {"user": counsellor, "counsellor": display, "earlier": earlier, "state": state,
             "until": until},
            self.hub.on_event,
        )
        kept = self.follow_ups.pop(earlier, None)
        if kept is not None:  # the agreed time is kept: no reminder or release any more
            self.timers.cancel(earlier)
            await self.hub.store.run(lambda c: follow_up.clear(c, earlier), write=True)
            self.hub.shared_changed(FOLLOW_UPS_TOPIC)
        answer: dict[str, Any] = {"status": status}
        if kept is not None:
            answer["follow_up_at"] = kept.at
        if display is not None:
            answer["counsellor"] = display
        if conv.status is not Status.QUEUED:  # taken or gone while the code was looked up
            return answer
        wanted = Wanted(counsellor, earlier, "choosing", since=result.event.seq, until=until)
        self.wanted[conv.id] = wanted
        self.hub.held_for[conv.id] = counsellor
        self.hub.queue_changed()
        if status == "available":
            await self._offer(conv.id, wanted, step=False)
        else:
            wanted.timer = self._later(self.choice_s, conv.id, "no_choice")
        return answer

    async def arrived_by_sms(self, conv: Conversation, text: str, thread: str) -> None:
        """The first SMS of a thread is a code ("KODE SOL-ORM-47"): offered to her when she
        is available with room; otherwise the next counsellor (an SMS cannot choose)."""
        if normalise(text[:60]) is None:
            return
        answer = await self.arrived(conv, text[:60], "sms:" + thread)
        if answer["status"] != "available":
            self.release(conv.id, "sms")

    def availability(self, user: str, channel: str) -> str:
        """``available`` (room now), ``busy`` (no room), ``away`` or ``off_shift``; for
        someone signed in on another hub only, from the shared presence (``staff_presence``)
        and load (every hub follows every conversation; capacities are shared settings)."""
        if self.hub.staff.get(user):
            status = self.hub.presence.get(user, "available")
        else:
            there = self.hub.elsewhere.get(user)
            if there is None:
                return "off_shift"
            status = there.status
        if status != "available":
            return "away"
        capacity = self.hub.feature(CapacityFeature)
        if refusal(capacity.used_by(user), capacity.limits_for(user), channel) is not None:
            return "busy"
        return "available"

    async def choose(self, peer: ContactPeer, req: ReturnChoice) -> None:
        """``return_choice`` from the young person: wait for her, or the next counsellor."""
        result = await self.decide(peer.conversation or "", req.wait)
        if result == "nothing":
            raise ProtocolError(ErrorCode.CONFLICT, "There is nothing to choose now.", req.id)
        if result == "off_shift":
            raise ProtocolError(
                ErrorCode.CONFLICT, "That counsellor is not on shift now.", req.id
            )
        peer.push(ok(req.id, waiting=result == "waiting"))

    async def decide(self, conv_id: str, wait: bool) -> str:
        """The young person's choice (the chat page's ``return_choice``, the phone menu's 1 or
        2): ``waiting`` (held until she has room, offered to her then), ``next`` (released),
        ``off_shift`` (she is gone: nothing changed) or ``nothing`` (no choice to make)."""
        wanted = self._hold(conv_id)
        if wanted is None or wanted.state == "offered":
            return "nothing"
        if not wait and self.hub.relay is None:
            self.release(conv_id, "next")
            return "next"
        if not wait:  # several hubs: decided in the database (her choice ran out meanwhile?)
            result = await self._release_step(conv_id, wanted, "next")
            return "next" if result is not None and not result.duplicate else "nothing"
        conv = self.hub.conversations[conv_id]
        status = self.availability(wanted.user, conv.channel)
        if status == "off_shift":
            return "off_shift"
        if wanted.state == "choosing" and not await self._stepped(conv_id, wanted, "waiting"):
            return "nothing"
        wanted.cancel()
        wanted.state = "waiting"
        wanted.until = None
        if status == "available":  # after the answer to the choice has gone out
            self._background.later(lambda: self._offer(conv_id, wanted))
        return "waiting"

    def _hold(self, conv_id: str) -> Wanted | None:
        """The contact's hold, this hub's or (several hubs) another's."""
        return self.wanted.get(conv_id) or self.held_elsewhere.get(conv_id)

    async def _stepped(self, conv_id: str, wanted: Wanted, state: str,
                       until: str | None = None) -> bool:
        """Several hubs: the hold's next ``state``, written once (:mod:`.holds`); True when
        this hub's step was stored (this hub holds her from now on), False when the contact
        was taken or closed, or another hub took a step first (its event says which). One
        hub: True, nothing written."""
        if self.hub.relay is None:
            return True
        fields = {"user": wanted.user, "earlier": wanted.earlier, "state": state,
                  "until": until}
        self._arriving.add(conv_id)
        try:
            result = await holds.write_step(self.hub, conv_id, wanted.since, HELD, fields)
        finally:
            self._arriving.discard(conv_id)
        if (result is not None and result.duplicate and self._hold(conv_id) is wanted
                and wanted.since != result.event.seq):  # not this hub's own step
            self._follow(result.event)  # another hub's step, maybe not relayed here yet
        if result is None or result.duplicate or self._hold(conv_id) is not wanted:
            return False
        wanted.since = result.event.seq
        if self.held_elsewhere.pop(conv_id, None) is not None:  # she moved here: held here
            self.wanted[conv_id] = wanted
        return True

    async def _offer(self, conv_id: str, wanted: Wanted, step: bool = True) -> None:
        """Offer the contact to her first, with the earlier contact summary (``step``: a
        step of the hold, written with several hubs; else ``returned`` said so)."""
        conv = self.hub.conversations.get(conv_id)
        if conv is None:
            return
        earlier = wanted.earlier
        summary = await self.hub.store.run(lambda c: rows.summary(c, earlier), write=False)
        if self._hold(conv_id) is not wanted:  # taken, gone or released meanwhile
            return
        until = wanted.until
        if step or until is None:
            until = format_time(clock.hub_now(self.hub) + timedelta(seconds=self.offer_s))
            if not await self._stepped(conv_id, wanted, "offered", until):
                return
        wanted.cancel()
        wanted.state = "offered"
        wanted.until = until
        left = (parse_time(until) - clock.hub_now(self.hub)).total_seconds()
        wanted.timer = self._later(max(0.0, left), conv_id, "offer_timeout")
        self._push_offer(conv_id, conv.channel, wanted, summary, self.offer_s)

    def _push_offer(self, conv_id: str, channel: str, wanted: Wanted, summary: Any,
                    offer_s: float) -> None:
        self.hub.push_to_user(wanted.user, {
            "type": "return_offer", "conversation": conv_id, "channel": channel,
            "earlier": wanted.earlier, "summary": summary, "offer_s": offer_s,
        })

    async def _offered_there(self, conv_id: str, hold: Wanted) -> None:
        """Several hubs: another hub offered the contact to her, and she is signed in here:
        her desk is told (with the earlier contact summary)."""
        earlier = hold.earlier
        summary = await self.hub.store.run(lambda c: rows.summary(c, earlier), write=False)
        conv = self.hub.conversations.get(conv_id)
        if conv is None or self.held_elsewhere.get(conv_id) is not hold or hold.until is None:
            return
        left = (parse_time(hold.until) - clock.hub_now(self.hub)).total_seconds()
        self._push_offer(conv_id, conv.channel, hold, summary, max(0, math.ceil(left)))

    def _withdrawn_there(self, conv_id: str, hold: Wanted) -> None:
        """Several hubs: another hub's offer to her ended untaken: her desk here is told."""
        if hold.state == "offered" and self.hub.staff.get(hold.user):
            self.hub.push_to_user(
                hold.user, {"type": "return_offer_withdrawn", "conversation": conv_id}
            )

    def release(self, conv_id: str, reason: str) -> None:
        """No longer held for her: anyone may take it (the young person is told). Several
        hubs: decided in the database first; every hub lets her go when the
        ``return_released`` event reaches it (this one too)."""
        wanted = self._hold(conv_id)
        if wanted is None:
            return
        if self.hub.relay is not None:
            self._background.later(lambda: self._release_step(conv_id, wanted, reason))
            return
        self._let_go(conv_id, reason)

    async def _release_step(self, conv_id: str, wanted: Wanted,
                            reason: str) -> AppendResult | None:
        """Several hubs: the ``return_released`` step, once (:mod:`.holds`)."""
        fields = {"user": wanted.user, "reason": reason}
        try:
            return await holds.write_step(self.hub, conv_id, wanted.since, RELEASED, fields)
        except Exception as exc:
            log.error("A released hold was not written: %s", type(exc).__name__)
            self._let_go(conv_id, reason)
            return None

    def _let_go(self, conv_id: str, reason: str) -> None:
        """This hub's own hold ends: its desks and the young person are told."""
        wanted = self.wanted.pop(conv_id, None)
        if wanted is None:
            return
        self.hub.held_for.pop(conv_id, None)
        wanted.cancel()
        if wanted.state == "offered":
            self.hub.push_to_user(
                wanted.user, {"type": "return_offer_withdrawn", "conversation": conv_id}
            )
        for contact in self.hub.contacts.get(conv_id, ()):
            contact.push({"type": "returning", "status": "next", "reason": reason})
        self.phone.released(conv_id, reason)  # a caller hears it
        self.hub.queue_changed()

    def _held_there(self, event: Event) -> None:
        """Another hub holds a contact that came back with a code (``returned``), or took
        her hold's next step (``return_held``; also: the holds in the log when this hub
        starts): nobody else takes her here either, and this hub times the hold too
        (several hubs)."""
        conv_id, user = event.conversation, str(event.fields.get("user") or "")
        if conv_id in self._arriving or not user:
            return  # this hub's own step
        conv = self.hub.conversations.get(conv_id)
        if conv is None or conv.status is not Status.QUEUED:
            return
        mine = self.wanted.pop(conv_id, None)
        if mine is not None:  # she moved on another hub (chose there): held there now
            mine.cancel()
        known = self.held_elsewhere.get(conv_id)
        if known is not None and known.since == event.seq:
            return  # followed already (this hub's step found it first: :meth:`_stepped`)
        if known is not None:
            known.cancel()
        state, until = holds.state_of(event, self.choice_s)
        earlier = str(event.fields.get("earlier") or (known.earlier if known else ""))
        hold = Wanted(user, earlier, state, since=event.seq,
                      until=format_time(until) if until is not None else None)
        if until is not None:
            left = (until - clock.hub_now(self.hub)).total_seconds()
            reason = "offer_timeout" if state == "offered" else "no_choice"
            hold.timer = self._later(max(0.0, left), conv_id, reason)
        self.held_elsewhere[conv_id] = hold
        self.hub.held_for[conv_id] = user
        self.hub.queue_changed()
        if state == "offered" and self.hub.staff.get(user):  # offered to her by that hub
            self._background.later(functools.partial(self._offered_there, conv_id, hold))
        if state == "waiting":  # she may be signed in here, with room
            self._room_maybe(user)

    def _follow(self, event: Event) -> None:
        """Another hub's step of a hold."""
        if event.kind == RELEASED:
            self._released_there(event)
        elif event.kind in ("returned", HELD):
            self._held_there(event)

    def _released_there(self, event: Event) -> None:
        """The hold ended (decided by whichever hub took the step): anyone may take it here
        too."""
        conv_id = event.conversation
        if conv_id in self.wanted:
            self._let_go(conv_id, str(event.fields.get("reason") or ""))
            return
        hold = self.held_elsewhere.pop(conv_id, None)
        if hold is None:
            return
        hold.cancel()
        self._withdrawn_there(conv_id, hold)
        self.hub.held_for.pop(conv_id, None)
        for contact in self.hub.contacts.get(conv_id, ()):  # she moved to this hub
            contact.push({"type": "returning", "status": "next",
                          "reason": event.fields.get("reason")})
        self.hub.queue_changed()

    # --- follow-up times ----------------------------------------------------------------

    def schedule(self, item: FollowUp) -> None:
        self.follow_ups[item.conversation] = item
        self.timers.set(item, self.remind_before_s, self.grace_s, self._remind, self._release)

    def _remind(self, item: FollowUp) -> None:
        item.reminded = True
        self.hub.push_to_user(item.user, {
            "type": "follow_up_reminder", "conversation": item.conversation, "at": item.at,
        })

    def _release(self, item: FollowUp) -> None:
        """Nobody came: the time is free again (the code still opens)."""
        if self.follow_ups.get(item.conversation) is not item:
            return
        del self.follow_ups[item.conversation]
        self.timers.cancel(item.conversation)
        self.hub.push_to_user(item.user, {
            "type": "follow_up_released", "conversation": item.conversation, "at": item.at,
        })
        self._background.later(lambda: self._cleared(item.conversation))

    async def _cleared(self, conversation: str) -> None:
        try:
            await self.hub.store.run(lambda c: follow_up.clear(c, conversation), write=True)
        except Exception as exc:
            log.error("A released follow-up time was not cleared: %s", type(exc).__name__)

    def _later(self, delay: float, conv_id: str, reason: str) -> asyncio.TimerHandle:
        return asyncio.get_running_loop().call_later(delay, self.release, conv_id, reason)

    # --- hooks ----------------------------------------------------------------------------

    def check_accept(self, user: UserRecord, conv: Conversation, request: Request) -> None:
        wanted = self.wanted.get(conv.id)
        there = self.held_elsewhere.get(conv.id)
        holder = wanted.user if wanted is not None else there.user if there else None
        if conv.id in self.hub.routing:
            raise ProtocolError(
                ErrorCode.CONFLICT,
                "This young person's return code is being read; try again in a moment.",
                request.id,
            )
        if (there is not None and holder is not None and not self.hub.staff.get(holder)
                and holder not in self.hub.elsewhere):
            # Held by another hub for a counsellor signed in nowhere any more (that hub
            # died, or she left): her own hub would have released it.
            there.cancel()
            self.held_elsewhere.pop(conv.id, None)
            self.hub.held_for.pop(conv.id, None)
            self.hub.queue_changed()
            holder = None
        if holder is not None and holder != user.name:
            raise ProtocolError(
                ErrorCode.CONFLICT,
                "This young person asked for another counsellor and is offered to them first.",
                request.id,
            )

    def on_event(self, event: Event) -> None:
        self._follow(event)
        if event.kind in ("assigned", "closed"):
            self.phone.forget(event.conversation)
            self.hub.held_for.pop(event.conversation, None)
            there = self.held_elsewhere.pop(event.conversation, None)
            if there is not None:
                there.cancel()
                if event.kind == "closed":
                    self._withdrawn_there(event.conversation, there)
            wanted = self.wanted.pop(event.conversation, None)
            if wanted is not None:
                wanted.cancel()
                if wanted.state == "offered" and event.kind == "closed":
                    self.hub.push_to_user(wanted.user, {
                        "type": "return_offer_withdrawn", "conversation": event.conversation,
                    })
            if event.kind == "closed":  # someone may have room now
                self._room_maybe()

    def on_presence(self, user: str, status: str) -> None:
        if status == "available":
            self._room_maybe(user)

    def on_staff_online(self, peer: StaffPeer) -> None:
        if peer.user is not None:
            self._room_maybe(peer.user.name)
            for item in self.follow_ups.values():  # reminded while away: remind again
                if item.user == peer.user.name and item.reminded:
                    self._remind(item)

    def _room_maybe(self, user: str | None = None) -> None:
        """Offer waiting contacts to their counsellor once she is available with room."""
        for conv_id, wanted in [*self.wanted.items(), *self.held_elsewhere.items()]:
            if wanted.state != "waiting" or user not in (None, wanted.user):
                continue
            conv = self.hub.conversations.get(conv_id)
            if conv is not None and self.availability(wanted.user, conv.channel) == "available":
                self._background.later(functools.partial(self._offer, conv_id, wanted))

    def on_staff_offline(self, user: str) -> None:
        """She signed out (here, and is signed in on no other hub): nobody waits for her.
        Several hubs: not when this hub stops cleanly (a rolling restart): her desk signs in
        on another hub within the grace, or the other hubs find her gone after it
        (``cluster/presence.py``) and release her young people then."""
        there = self.hub.elsewhere.get(user)
        if there is not None and not there.reconnecting:  # signed in on another hub
            return
        if self.hub.stopping and self.hub.relay is not None:
            return
        self.on_staff_gone(user)

    def on_staff_gone(self, user: str) -> None:
        """She is signed in on no hub (several hubs: also when her hub died and her
        ``staff_presence`` rows expired; every hub sees it and the release is stored once)."""
        for conv_id, wanted in [*self.wanted.items(), *self.held_elsewhere.items()]:
            if wanted.user == user and wanted.state in ("offered", "waiting"):
                self.release(conv_id, "off_shift")
