"""Time limits that warn the counsellor, privately, and never end a conversation.

Per channel, a supervisor sets a soft and a hard limit and a queue condition. An assigned
conversation gets a staff-only ``time_warning`` event when it passes a limit while enough others
wait; at the hard level, shift leads and supervisors online get an ``alert``. Each open assigned
conversation has at most one asyncio timer, armed for the next limit only. The decisions
themselves are in :mod:`workstation.sessions.time_policy`.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from workstation.hub import time_limits_store
from workstation.hub.background import Background
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_policy import PolicyGet, PolicySet, TimeContinue
from workstation.protocol.times import format_time, parse_time, utc_now
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event
from workstation.sessions.time_policy import (
    RISK_FLAG,
    SHIPPED_POLICIES,
    Clock,
    Decision,
    Level,
    TimePolicy,
    clock_from_events,
    decide,
    warning_fields,
)
from workstation.store import UserRecord

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.hub.staff_api import StaffApi

log = logging.getLogger(__name__)

#: Roles that receive the ``hard_limit`` alert.
ALERT_ROLES = ("shift_lead", "supervisor")
#: After a failed write of a warning, look again this much later.
RETRY_S = 5.0
#: The policies are read again on every hub when one hub's supervisor sets one.
SHARED_TOPIC = "time_policies"

class TimeLimitFeature(Feature):
    """Attributes:
    policies: the policy of each channel that has one.
    clocks: the time-limit state of each open, assigned conversation.
    """

    def __init__(self, hub: Hub, api: StaffApi) -> None:
        super().__init__(hub, api)
        self.policies: dict[str, TimePolicy] = {}
        self.clocks: dict[str, Clock] = {}
        self._changed: dict[str, tuple[str, str]] = {}  # channel: (updated_at, updated_by)
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._background = Background("A time-limit task failed")
        self._stopping = False

    def handlers(self) -> dict[type[Request], Handler]:
        return {
            PolicySet: self._policy_set,
            PolicyGet: self._policy_get,
            TimeContinue: self._continue,
        }

    # --- start and stop -----------------------------------------------------------------

    async def start(self) -> None:
        store = self.hub.store
        await self._load_policies()
        self.hub.follow_shared(SHARED_TOPIC, self._policies_changed)
        assigned = [c.id for c in self.hub.conversations.values() if c.status is Status.ASSIGNED]
        logs: dict[str, list[Event]] = await store.run(
            lambda conn: time_limits_store.clock_events(conn, assigned), write=False
        )
        for conv_id, events in logs.items():
            clock = clock_from_events(events)
            if clock is not None:
                self.clocks[conv_id] = clock
                self._check(conv_id)

    async def _load_policies(self) -> None:
        """The stored policies (the shipped ones where none is stored)."""
        policies: dict[str, TimePolicy] = {}
        for row in await self.hub.store.run(time_limits_store.load_policies, write=False):
            channel, enabled, soft_s, hard_s, min_queue, updated_at, updated_by = row
            policies[channel] = TimePolicy(channel, soft_s, hard_s, min_queue, bool(enabled))
            self._changed[channel] = (updated_at, updated_by)
        for shipped in SHIPPED_POLICIES:
            policies.setdefault(shipped.channel, shipped)
        self.policies = policies

    async def _policies_changed(self) -> None:
        """A supervisor on another hub set a policy: read them again, tell this hub's
        staff, and time the running conversations by it."""
        before = dict(self.policies)
        await self._load_policies()
        if self.policies != before:
            self._policies_applied()

    def _policies_applied(self) -> None:
        frame = {"type": "policy", "policies": self.policy_list()}
        for peers in self.hub.staff.values():
            for staff_peer in peers:
                staff_peer.push(frame)
        for conv_id in list(self.clocks):
            self._check(conv_id)

    async def stop(self) -> None:
        self._stopping = True
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        await self._background.stop(timeout=None)

    # --- requests -----------------------------------------------------------------------

    async def _policy_set(self, peer: StaffPeer, user: UserRecord, request: PolicySet) -> None:
        if "supervisor" not in user.roles:
            raise ProtocolError(
                ErrorCode.FORBIDDEN, "Only supervisors can set time limits.", request.id
            )
        policy = TimePolicy(
            request.channel, request.soft_s, request.hard_s, request.min_queue, request.enabled
        )
        previous = self.policies.get(policy.channel)
        at = self.hub.now()
        await self.hub.store.run(
            lambda conn: time_limits_store.save_policy(conn, policy, previous, user.name, at),
            write=True,
        )
        self.policies[policy.channel] = policy
        self._changed[policy.channel] = (at, user.name)
        self.hub.shared_changed(SHARED_TOPIC)  # the other hubs apply it too
        peer.push(ok(request.id, policy=self._record(policy)))
        self._policies_applied()

    async def _policy_get(self, peer: StaffPeer, user: UserRecord, request: PolicyGet) -> None:
        peer.push(ok(request.id, policies=self.policy_list()))

    async def _continue(self, peer: StaffPeer, user: UserRecord, request: TimeContinue) -> None:
        conv = self.api.assigned(user, request.conversation, request.id)
        clock = self._clock(conv)
        was_continued, clock.continued = clock.continued, True
        self._check(conv.id)  # cancels the timer
        fields: dict[str, Any] = {
            "reason": request.reason,
            "elapsed_s": max(0, int((utc_now() - clock.started).total_seconds())),
            "author": user.display_name,
            "user": user.name,
        }
        if request.text:
            fields["text"] = request.text
        try:
            seq = await self.api.append(conv, "time_continued", fields, user, request.id)
        except Exception:
            clock.continued = was_continued
            self._check(conv.id)
            raise
        peer.push(ok(request.id, seq=seq))

    # --- hooks --------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        conv_id = event.conversation
        if event.kind == "assigned":
            at = parse_time(event.at)
            clock = self.clocks.get(conv_id)
            if clock is None:
                self.clocks[conv_id] = Clock(at)
            else:
                clock.reassigned(at)
            self._check(conv_id)
        elif event.kind == "flagged":
            self._check(conv_id)
        elif event.kind in ("time_warning", "time_continued") and conv_id in self.clocks:
            # Another hub's warning or continue (several hubs): as if it were this hub's.
            clock = self.clocks[conv_id]
            if event.kind == "time_continued":
                clock.continued = True
            elif (level := event.fields.get("level")) in ("soft", "hard") and (
                clock.fired is None or (clock.fired == "soft" and level == "hard")
            ):
                clock.fired = level
            self._check(conv_id)
            if event.kind == "time_warning" and event.fields.get("level") == "hard":
                conv = self.hub.conversations.get(conv_id)
                if conv is not None:  # every hub tells its own shift leads
                    self._alert(conv, int(event.fields.get("elapsed_s", 0)))
        elif event.kind == "closed":
            self._cancel(conv_id)
            self.clocks.pop(conv_id, None)

    def on_queue_changed(self) -> None:
        for conv_id in list(self.clocks):
            conv = self.hub.conversations.get(conv_id)
            policy = self.policies.get(conv.channel) if conv is not None else None
            if policy is not None and policy.min_queue > 0:
                self._check(conv_id)

    # --- the timer ----------------------------------------------------------------------

    def _check(self, conv_id: str) -> None:
        """Give the warning due now, if any, and arm the timer for the next limit."""
        self._cancel(conv_id)
        conv = self.hub.conversations.get(conv_id)
        clock = self.clocks.get(conv_id)
        if self._stopping or conv is None or clock is None or conv.status is not Status.ASSIGNED:
            return
        policy = self.policies.get(conv.channel)
        waiting = len(self.hub.queue)
        decision = decide(policy, clock, utc_now(), waiting, conv.flags)
        if decision.level is not None and policy is not None:
            previous, clock.fired = clock.fired, decision.level
            fields = warning_fields(policy, decision, waiting)
            started = clock.started
            self._background.later(
                lambda: self._warn(conv, clock, started, previous, decision, fields))
        if decision.next_at is not None:
            delay = (decision.next_at - utc_now()).total_seconds()
            self._arm(conv_id, max(0.0, delay))

    def _arm(self, conv_id: str, delay: float) -> None:
        loop = asyncio.get_running_loop()
        self._timers[conv_id] = loop.call_at(loop.time() + delay, self._check, conv_id)

    def _cancel(self, conv_id: str) -> None:
        timer = self._timers.pop(conv_id, None)
        if timer is not None:
            timer.cancel()

    async def _warn(
        self,
        conv: Conversation,
        clock: Clock,
        started: datetime,
        previous: Level | None,
        decision: Decision,
        fields: dict[str, Any],
    ) -> None:
        # Checked again with no await before the write is queued: a close, a risk flag, a
        # continue or a new assignment since the timer fired is ordered before the warning.
        if (
            conv.status is not Status.ASSIGNED
            or self.clocks.get(conv.id) is not clock
            or clock.started != started
            or clock.continued
            or RISK_FLAG in conv.flags
        ):
            return
        try:
            # One warning per level and assignment, however many hubs' timers fire: the
            # second append of the same client_id is answered with the first (issue 16).
            await self.hub.store.append(
                conv.id, "time_warning", fields, self.hub.on_event,
                sender="hub:time_limits", client_id=f"{decision.level}@{format_time(started)}",
            )
        except Exception as exc:
            log.error("Storing a time warning failed: %s", type(exc).__name__)
            if clock.started == started and clock.fired == decision.level:
                clock.fired = previous
                self._cancel(conv.id)
                self._arm(conv.id, RETRY_S)
            return

    def _alert(self, conv: Conversation, elapsed_s: int) -> None:
        frame = {
            "type": "alert",
            "alert": "hard_limit",
            "conversation": conv.id,
            "channel": conv.channel,
            "user": conv.assigned_user,
            "elapsed_s": elapsed_s,
        }
        for name, peers in self.hub.staff.items():
            if name == conv.assigned_user:
                continue  # the counsellor has the time_warning event itself
            for peer in peers:
                if peer.has_role(*ALERT_ROLES):
                    peer.push(frame)


    # --- helpers ------------------------------------------------------------------------

    def _clock(self, conv: Conversation) -> Clock:
        clock = self.clocks.get(conv.id)
        if clock is None:
            started = parse_time(conv.assigned_at) if conv.assigned_at else utc_now()
            clock = self.clocks[conv.id] = Clock(started)
        return clock

    def _record(self, policy: TimePolicy) -> dict[str, Any]:
        changed = self._changed.get(policy.channel)
        if changed is None:  # a shipped default nobody has changed
            return {**policy.to_wire(), "updated_at": None, "updated_by": None}
        return {**policy.to_wire(), "updated_at": changed[0], "updated_by": changed[1]}

    def policy_list(self) -> list[dict[str, Any]]:
        return [self._record(self.policies[channel]) for channel in sorted(self.policies)]
