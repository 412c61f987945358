"""Giving and revoking return codes, and the follow-up times a counsellor may agree
(the staff's requests of :class:`~workstation.hub.returning.feature.ReturnFeature`; the rules
are in that module's docstring and docs/returning.md)."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from workstation.hub.peers import StaffPeer
from workstation.hub.returning import follow_up, rows
from workstation.hub.returning.codes import (
    DIGITS_PURPOSE,
    PURPOSE,
    digit_form,
    new_code,
    normalise,
    spoken_digits,
)
from workstation.hub.returning.follow_up import FollowUp, Shifts
from workstation.hub.shifts import roster_of
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames_return import FollowUpTimes, ReturnCodeOffer, ReturnCodeRevoke
from workstation.protocol.times import format_time, parse_time, utc_now
from workstation.store import UserRecord

if TYPE_CHECKING:
    from workstation.hub.returning.feature import ReturnFeature

log = logging.getLogger(__name__)

#: How many fresh codes are tried before giving up (a code is refused when it was given before
#: or its digit form belongs to a live code; with ~3.7 million codes that is rare).
ISSUE_TRIES = 20
#: Who besides the code's counsellor may revoke it.
REVOKER_ROLES = ("shift_lead", "supervisor")
#: Several hubs: follow-up times are read again on every hub when one hub changes them.
FOLLOW_UPS_TOPIC = "follow_ups"


async def offer_code(self: ReturnFeature, peer: StaffPeer, user: UserRecord,
                     req: ReturnCodeOffer) -> None:
    """``return_code_offer``: a new code for the conversation (and its follow-up time)."""
    conv_id = req.conversation
    assigned = await self.hub.store.run(lambda c: rows.assigned_user(c, conv_id), write=False)
    if assigned != user.name or "counsellor" not in user.roles:
        raise ProtocolError(
            ErrorCode.FORBIDDEN,
            "Only the counsellor assigned to the conversation may give its code.", req.id,
        )
    now = utc_now()
    expiry = now + timedelta(days=self.expiry_days)
    at, expires_at = format_time(now), format_time(expiry)
    when = req.follow_up_at
    if when is not None:
        shifts = await shifts_of(self, user.name)
        wrong = follow_up.problem(when, expiry, self.hours, self.min_lead_s, shifts)
        if wrong is not None:
            raise ProtocolError(ErrorCode.BAD_FRAME, wrong, req.id, {"field": "follow_up_at"})
        when = format_time(parse_time(when))
    for _ in range(ISSUE_TRIES):  # a code whose digit form is live is never given
        code = new_code()
        digest = self.hub.keys.pseudonym(PURPOSE, normalise(code) or code)
        digits = self.hub.keys.pseudonym(DIGITS_PURPOSE, digit_form(code))
        issue = partial(rows.issue, digest=digest, digits=digits, counsellor=user.name,
                        conversation=conv_id, now=at, expires_at=expires_at,
                        follow_up_at=when)
        if await self.hub.store.run(issue, write=True):
            break
    else:
        raise ProtocolError(ErrorCode.CONFLICT, "No free code was found; try again.", req.id)
    self.timers.cancel(conv_id)
    had = self.follow_ups.pop(conv_id, None) is not None
    if when is not None:
        self.schedule(FollowUp(conv_id, user.name, when))
    if had or when is not None:
        self.hub.shared_changed(FOLLOW_UPS_TOPIC)
    await self.hub.store.audit(user.name, "return_code_offer", conv_id)
    await self.hub.store.append(
        conv_id, "return_code_offered", {"user": user.name, "expires_at": expires_at},
        self.hub.on_event, sender="staff:" + user.name,
    )
    shown = {"code": code, "expires_at": expires_at, "follow_up_at": when}
    for contact in self.hub.contacts.get(conv_id, ()):
        contact.push({"type": "return_code", **shown})
    log.info("A return code was given")
    peer.push(ok(req.id, conversation=conv_id, digits=spoken_digits(code), **shown))

async def shifts_of(self: ReturnFeature, user: str) -> Shifts | None:
    """``user``'s shifts ahead, or ``None`` when nobody has a shift (no roster)."""
    now = self.hub.now()
    found: Shifts | None = await self.hub.store.run(
        lambda c: roster_of(c, user, now), write=False)
    return found

async def follow_up_times(self: ReturnFeature, peer: StaffPeer, user: UserRecord,
                          req: FollowUpTimes) -> None:
    """``follow_up_times``: times the counsellor may agree for a follow-up."""
    if "counsellor" not in user.roles:
        raise ProtocolError(ErrorCode.FORBIDDEN, "Only counsellors agree follow-up times.",
                            req.id)
    shifts = await shifts_of(self, user.name)
    expiry = utc_now() + timedelta(days=self.expiry_days)
    times = await asyncio.to_thread(  # some 50 ms of opening-hours checks: off the loop
        follow_up.proposals, expiry, self.hours, self.min_lead_s, shifts)
    peer.push(ok(req.id, times=times, roster=shifts is not None))

async def revoke_code(self: ReturnFeature, peer: StaffPeer, user: UserRecord,
                      req: ReturnCodeRevoke) -> None:
    """``return_code_revoke``: the code opens no more."""
    conv_id, now = req.conversation, self.hub.now()
    code = await self.hub.store.run(lambda c: rows.live_for(c, conv_id, now), write=False)
    if code is None:
        raise ProtocolError(
            ErrorCode.NOT_FOUND, "That conversation has no code that still opens.", req.id
        )
    if code.counsellor != user.name and not any(r in user.roles for r in REVOKER_ROLES):
        raise ProtocolError(
            ErrorCode.FORBIDDEN,
            "Only the counsellor who gave the code or a shift lead may revoke it.", req.id,
        )
    await self.hub.store.run(lambda c: rows.revoke(c, conv_id, user.name, now), write=True)
    self.timers.cancel(conv_id)
    if self.follow_ups.pop(conv_id, None) is not None:
        self.hub.shared_changed(FOLLOW_UPS_TOPIC)
    await self.hub.store.audit(user.name, "return_code_revoke", conv_id)
    peer.push(ok(req.id, conversation=conv_id, revoked=True))
