"""Debrief requests: after a hard contact a counsellor asks the shift lead for a talk.

A consultation without a conversation: offered to every available shift lead (the least busy
first), answered by the first to accept (the others' offers are withdrawn), declined, or
cancelled by the counsellor. Unanswered, it escalates like a consultation: after the
consultation wait (``ConsultFeature.escalate_after_s``) it is offered to the next available
shift lead and supervisors online get a ``debrief_unanswered`` alert; again after each wait.
Open requests are kept (``care_debriefs``, migration 19; each change with its audit entry in
one transaction): after a hub restart they are offered again to the shift leads they were
offered to as they sign in, and escalation goes on. The counsellor gone for longer than
:data:`GONE_S` cancels the request. Nothing reaches a contact.

Several hubs (docs/deploy.md): a request is offered to the available shift leads signed in on
any hub; each change is announced (topic :data:`TOPIC`) and every other hub reads the open
requests again, offering them to its own shift leads and withdrawing what was answered,
declined or cancelled elsewhere. An answer closes the row only if it is still open (decided
once, in the database); the counsellor's hub tells her who took it. Every hub times every
open request (as consultations are timed: one whose hub died is still escalated), and each
escalation step is taken once: the hub whose update finds the step before it
(``care_debriefs.escalations``, migration 26, under the row lock) takes it; the others find
it taken, follow it when its notice reaches them (each alerts its own supervisors once per
step) and wait a whole wait from there. A hub that starts times what is open from its start,
without doubling the steps of the hubs already timing it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from workstation.hub import care_store
from workstation.hub import consult_offers as offers
from workstation.hub.background import Background
from workstation.hub.care_store import DebriefRow
from workstation.hub.consult import ConsultFeature
from workstation.hub.core import new_id
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_care import (
    DebriefAccept,
    DebriefCancel,
    DebriefDecline,
    DebriefRequest,
)
from workstation.protocol.times import format_time, parse_time, utc_now
from workstation.store import UserRecord

log = logging.getLogger(__name__)

#: The ``hub_settings`` topic of a request asked, offered, answered, declined or cancelled.
TOPIC = "debriefs"
#: A counsellor gone this long (not a dropped connection or a hub restart) cancels her request.
GONE_S = 120.0


@dataclass
class Debrief:
    id: str
    requester: str
    requester_name: str
    after: str | None
    urgent: bool
    requested_at: datetime
    addressees: set[str] = field(default_factory=set)
    offered: set[str] = field(default_factory=set)
    declined: set[str] = field(default_factory=set)
    escalations: int = 0
    escalated_to: str | None = None

    def offer(self) -> dict[str, Any]:
        return {"type": "debrief_offer", "debrief": self.id, "user": self.requester,
                "author": self.requester_name, "after": self.after, "urgent": self.urgent,
                "at": format_time(self.requested_at)}

    def row(self) -> DebriefRow:
        return DebriefRow(self.id, self.requester, self.requester_name, self.after,
                          self.urgent, format_time(self.requested_at), list(self.addressees),
                          list(self.offered), list(self.declined), self.escalations,
                          self.escalated_to)

    @classmethod
    def of(cls, row: DebriefRow) -> Debrief:
        return cls(row.id, row.requester, row.requester_name, row.after, row.urgent,
                   parse_time(row.requested_at), set(row.addressees), set(row.offered),
                   set(row.declined), row.escalations, row.escalated_to)


class DebriefFeature(Feature):
    """Attributes: debriefs: open (unanswered) requests by id."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.debriefs: dict[str, Debrief] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._gone: dict[str, asyncio.TimerHandle] = {}
        self._background = Background()
        self.gone_s = GONE_S

    def handlers(self) -> dict[type[Request], Handler]:
        return {
            DebriefRequest: self.request,
            DebriefAccept: self.accept,
            DebriefDecline: self.decline,
            DebriefCancel: self.cancel,
        }

    async def start(self) -> None:
        """Requests still open when the last hub stopped: escalation goes on."""
        self.hub.follow_shared(TOPIC, self._follow)
        for row in await self.hub.store.run(care_store.load_debriefs, write=False):
            debrief = Debrief.of(row)
            self.debriefs[debrief.id] = debrief
            self._arm(debrief)
            if debrief.requester not in self._gone:
                self._gone[debrief.requester] = asyncio.get_running_loop().call_later(
                    self.gone_s, self._requester_gone, debrief.requester)

    async def stop(self) -> None:
        for timer in [*self._timers.values(), *self._gone.values()]:
            timer.cancel()
        self._timers.clear()
        self._gone.clear()
        await self._background.stop()

    # --- the database -----------------------------------------------------------------------

    async def _write(self, debrief: Debrief, actor: str, action: str,
                     closed: str | None = None) -> bool:
        """The request's row (closed with ``closed`` as outcome) and its audit entry, in one
        transaction; audited who asked or answered, never why. False (nothing written) when
        it was to be closed and was closed already (another hub's answer). The other hubs
        are told."""
        row, at = debrief.row(), format_time(utc_now())
        taker = actor if closed == "answered" else None

        def op(conn: sqlite3.Connection) -> bool:
            if closed is None:
                care_store.save_debrief(conn, row)
            elif not care_store.close_debrief(conn, row.id, at, closed, taker):
                return False
            if action:
                care_store.audit(conn, at, actor, action, row.id)
            return True

        written: bool = await self.hub.store.run(op, write=True)
        if written:
            self.hub.shared_changed(TOPIC)
        return written

    async def _follow(self) -> None:
        """Another hub changed a request: offer it to this hub's shift leads it is now
        offered to, withdraw it from those it no longer is, and close what was closed there
        (telling the counsellor, if she is here, who took it)."""
        rows = await self.hub.store.run(care_store.load_debriefs, write=False)
        open_now = {row.id: Debrief.of(row) for row in rows}
        for debrief in list(self.debriefs.values()):
            if debrief.id in open_now:
                continue
            outcome, taker = await self.hub.store.run(
                functools.partial(care_store.debrief_outcome, debrief=debrief.id), write=False)
            if outcome is None or debrief.id not in self.debriefs:
                continue  # not written yet (asked here a moment ago), or closed here meanwhile
            self._close(debrief, "answered" if outcome == "answered" else "cancelled",
                        skip=taker or "")
            if taker is not None:
                await self._tell_answered(debrief, taker)
        for debrief_id, now in open_now.items():
            known = self.debriefs.get(debrief_id)
            if known is None:  # asked on another hub: timed here too
                self.debriefs[debrief_id] = now
                self._push(now.addressees, now.offer())
                if now.escalations:  # its first step reached here with it
                    self._alert(now)
                self._arm(now)
                continue
            self._push(now.addressees - known.addressees, known.offer())
            gone = known.addressees - now.addressees
            self._push(gone & now.declined, {"type": "debrief_withdrawn",
                                             "debrief": debrief_id, "reason": "declined"})
            declined_all = known.addressees and not now.addressees
            known.addressees, known.offered = now.addressees, now.offered
            known.declined = now.declined
            if now.escalations > known.escalations:  # a step taken on another hub
                known.escalations, known.escalated_to = now.escalations, now.escalated_to
                self._alert(known)
                self._arm(known)  # the next step a whole wait from this one
            elif declined_all:  # declined elsewhere: next lead (as there; taken once)
                self._escalate(known)

    async def _tell_answered(self, debrief: Debrief, taker: str,
                             taker_name: str | None = None) -> None:
        """Tell the counsellor, if she is signed in here, who took her request."""
        if debrief.requester not in self.hub.staff:
            return
        if taker_name is None:
            user = await self.hub.store.user(taker)
            taker_name = user.display_name if user is not None else taker
        self.hub.push_to_user(debrief.requester, {
            "type": "debrief_answered", "debrief": debrief.id, "by": taker,
            "by_name": taker_name,
        })

    # --- requests ---------------------------------------------------------------------------

    async def request(self, peer: StaffPeer, user: UserRecord, request: DebriefRequest) -> None:
        if "counsellor" not in user.roles:
            raise ProtocolError(ErrorCode.FORBIDDEN, "Only counsellors ask for debriefs.",
                                request.id)
        leads = {u.name for u in offers.available_shift_leads(
            self.hub, exclude={user.name}, everywhere=True)}
        debrief = Debrief(new_id("d"), user.name, user.display_name, request.after,
                          request.urgent, utc_now(), set(leads), set(leads))
        # Kept and audited (who asked, never why), which also records the request: a resent
        # request gets the first answer instead of a second debrief.
        self.debriefs[debrief.id] = debrief  # before the other hubs hear of it
        try:
            await self._write(debrief, user.name, "debrief_request")
        except BaseException:
            self.debriefs.pop(debrief.id, None)
            raise
        self._push(leads, debrief.offer())
        peer.push(ok(request.id, debrief=debrief.id, offered=sorted(leads)))
        if leads:
            self._arm(debrief)
        else:
            self._escalate(debrief)

    def _find(self, debrief_id: str, request_id: str) -> Debrief:
        debrief = self.debriefs.get(debrief_id)
        if debrief is None:
            raise ProtocolError(ErrorCode.CONFLICT, "This debrief request is no longer open.",
                                request_id)
        return debrief

    async def accept(self, peer: StaffPeer, user: UserRecord, request: DebriefAccept) -> None:
        debrief = self._find(request.debrief, request.id)
        if user.name not in debrief.addressees:
            raise ProtocolError(ErrorCode.FORBIDDEN, "This request was not offered to you.",
                                request.id)
        answered = await self._write(debrief, user.name, "debrief_accept", closed="answered")
        if not answered or debrief.id not in self.debriefs:  # answered by another meanwhile
            raise ProtocolError(ErrorCode.CONFLICT, "Someone else took it.", request.id)
        self._close(debrief, "answered", skip=user.name)
        await self._tell_answered(debrief, user.name, user.display_name)
        peer.push(ok(request.id, debrief=debrief.id, user=debrief.requester,
                     author=debrief.requester_name))

    async def decline(self, peer: StaffPeer, user: UserRecord, request: DebriefDecline) -> None:
        debrief = self._find(request.debrief, request.id)
        if user.name not in debrief.addressees:
            raise ProtocolError(ErrorCode.FORBIDDEN, "This request was not offered to you.",
                                request.id)
        debrief.addressees.discard(user.name)
        debrief.declined.add(user.name)
        await self._write(debrief, user.name, "debrief_decline")
        self._push({user.name}, {"type": "debrief_withdrawn", "debrief": debrief.id,
                                 "reason": "declined"})
        peer.push(ok(request.id))
        if not debrief.addressees:  # the next lead (taken once, whichever hub takes it)
            self._escalate(debrief)

    async def cancel(self, peer: StaffPeer, user: UserRecord, request: DebriefCancel) -> None:
        debrief = self._find(request.debrief, request.id)
        if user.name != debrief.requester:
            raise ProtocolError(ErrorCode.FORBIDDEN, "Only who asked can cancel it.", request.id)
        if not await self._write(debrief, user.name, "debrief_cancel", closed="cancelled"):
            raise ProtocolError(ErrorCode.CONFLICT, "This debrief request is no longer open.",
                                request.id)
        self._close(debrief, "cancelled")
        peer.push(ok(request.id))

    # --- offers and escalation -----------------------------------------------------------

    def _close(self, debrief: Debrief, reason: str, skip: str = "") -> None:
        self.debriefs.pop(debrief.id, None)
        timer = self._timers.pop(debrief.id, None)
        if timer is not None:
            timer.cancel()
        self._push(debrief.addressees - {skip}, {"type": "debrief_withdrawn",
                                                 "debrief": debrief.id, "reason": reason})

    def _arm(self, debrief: Debrief) -> None:
        """(Re)start the request's wait: a whole wait from now."""
        old = self._timers.pop(debrief.id, None)
        if old is not None:
            old.cancel()
        after_s = self.hub.feature(ConsultFeature).escalate_after_s
        loop = asyncio.get_running_loop()
        self._timers[debrief.id] = loop.call_later(after_s, self._escalate, debrief)

    def _escalate(self, debrief: Debrief) -> None:
        """Take the next escalation step (unless another hub took it first)."""
        old = self._timers.pop(debrief.id, None)
        if old is not None:
            old.cancel()
        if debrief.id in self.debriefs:
            self._background.later(lambda: self._take_step(debrief))

    async def _take_step(self, debrief: Debrief) -> None:
        """Offer to the next available shift lead, tell the supervisors, wait again; stored
        once across hubs. A step another hub took first (or a request closed meanwhile) is
        read back from the database: followed as that hub's notice would have it."""
        exclude = debrief.offered | debrief.declined | {debrief.requester}
        leads = offers.available_shift_leads(self.hub, exclude, everywhere=True)
        target = leads[0].name if leads else None
        step = replace(debrief, escalations=debrief.escalations + 1, escalated_to=target,
                       addressees=debrief.addressees | ({target} if target else set()),
                       offered=debrief.offered | ({target} if target else set()))
        try:
            taken = await self.hub.store.run(
                functools.partial(care_store.escalate_debrief, row=step.row()), write=True)
        except Exception as exc:  # tried again after the next wait
            log.error("Could not record a debrief escalation: %s", type(exc).__name__)
            taken = False
        if taken:
            self.hub.shared_changed(TOPIC)
        if debrief.id not in self.debriefs:
            return  # answered or cancelled meanwhile
        if not taken or step.escalations <= debrief.escalations:  # taken elsewhere, or
            self._arm(debrief)  # followed already: a step's notice re-arms from that step
            if not taken:
                await self._follow()
            return
        debrief.escalations, debrief.escalated_to = step.escalations, target
        debrief.addressees, debrief.offered = step.addressees, step.offered
        if target is not None:
            self._push({target}, debrief.offer())
        self._alert(debrief)
        self._arm(debrief)

    def _alert(self, debrief: Debrief) -> None:
        """Tell this hub's supervisors of the request's last escalation step."""
        waiting = int((utc_now() - debrief.requested_at).total_seconds())
        alert = {"type": "alert", "alert": "debrief_unanswered", "debrief": debrief.id,
                 "user": debrief.requester, "author": debrief.requester_name,
                 "waiting_s": waiting, "urgent": debrief.urgent,
                 "escalated_to": debrief.escalated_to}
        for peers in self.hub.staff.values():
            for each in list(peers):
                if each.has_role("supervisor"):
                    each.push(alert)

    def _push(self, users: set[str], frame: dict[str, Any]) -> None:
        for name in users:
            self.hub.push_to_user(name, frame)

    def on_staff_online(self, peer: StaffPeer) -> None:
        """Back soon: her requests stay open; a shift lead gets the offers still meant for
        them again (after a restart of the hub, say)."""
        if peer.user is None:
            return
        name = peer.user.name
        timer = self._gone.pop(name, None)
        if timer is not None:
            timer.cancel()
        for debrief in self.debriefs.values():
            if name in debrief.addressees:
                peer.push(debrief.offer())

    def on_staff_offline(self, user: str) -> None:
        if any(d.requester == user for d in self.debriefs.values()):
            old = self._gone.pop(user, None)
            if old is not None:
                old.cancel()
            self._gone[user] = asyncio.get_running_loop().call_later(
                self.gone_s, self._requester_gone, user)

    def _requester_gone(self, user: str) -> None:
        self._gone.pop(user, None)
        if user in self.hub.elsewhere:  # back, on another hub
            return
        for debrief in list(self.debriefs.values()):
            if user == debrief.requester:
                gone = functools.partial(self._write, debrief, "hub", "debrief_cancel", "gone")
                self._background.later(gone)
                self._close(debrief, "cancelled")
