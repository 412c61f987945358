"""Capacity: how many conversations a counsellor holds at once, per channel.

The rule (also in docs/protocol.md):

- Each channel has a limit: the counsellor may hold at most that many assigned conversations
  of that channel. Shipped default: 3 chats, 3 SMS, 1 call, 5 e-mails; a supervisor changes the
  default or one user's limits (channels left out inherit from the default).
- **A call takes all but one place of each live written channel** (chat, SMS): while a
  counsellor has a call (answered or on hold), they may hold at most one chat and one SMS. So
  with the default, "3 chats, or 1 call and 1 chat". E-mail is not live and is not affected.
- Beyond the limit, ``accept`` (and ``call_answer``, ``call_transfer`` to a colleague) is
  refused with ``conflict`` unless the request says ``over_capacity: true``; the desk asks the
  person first. Nothing is ever taken away from anyone.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from workstation.hub.desk import desk_store
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.hub.supervision import SupervisionFeature
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import CHANNELS, Request
from workstation.protocol.frames_desk import CapacityGet, CapacitySet
from workstation.sessions.conversation import Conversation, Status
from workstation.store import UserRecord

DEFAULT_LIMITS: dict[str, int] = {"chat": 3, "sms": 3, "phone": 1, "email": 5}
#: Channels where the young person waits for each reply as it is typed.
LIVE_WRITTEN = ("chat", "sms")
#: How many conversations of each live written channel a counsellor keeps during a call.
WRITTEN_DURING_CALL = 1
#: The row of the default limits in ``desk_capacity``.
DEFAULT_ROW = ""
#: What a hub announces (``hub_settings``) after changing the limits: the others read them again.
CAPACITY_TOPIC = "capacity"


def refusal(counts: Mapping[str, int], limits: Mapping[str, int], channel: str) -> str | None:
    """Why one more conversation on ``channel`` is beyond capacity, or ``None`` if it fits."""
    after = Counter(counts)
    after[channel] += 1
    limit = limits.get(channel, 0)
    if after[channel] > limit:
        return f"you hold {counts.get(channel, 0)} of at most {limit} on {channel}"
    if after["phone"] > 0:
        for written in LIVE_WRITTEN:
            allowed = min(limits.get(written, 0), WRITTEN_DURING_CALL)
            if after[written] > allowed:
                return f"during a call you hold at most {allowed} on {written}"
    return None


def free_places(counts: Mapping[str, int], limits: Mapping[str, int]) -> dict[str, int]:
    """How many more of each channel fit now (taking the others as they are)."""
    free: dict[str, int] = {}
    for channel in CHANNELS:
        trial = Counter(counts)
        n = 0
        while n < 50 and refusal(trial, limits, channel) is None:
            trial[channel] += 1
            n += 1
        free[channel] = n
    return free


class CapacityFeature(Feature):
    """Attributes:
    default: the stored default limits (over :data:`DEFAULT_LIMITS`).
    users: each user's own limits, as set.
    """

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.default: dict[str, int] = {}
        self.users: dict[str, dict[str, int]] = {}

    def handlers(self) -> dict[type[Request], Handler]:
        return {CapacitySet: self.capacity_set, CapacityGet: self.capacity_get}

    async def start(self) -> None:
        await self._read()
        self.hub.follow_shared(CAPACITY_TOPIC, self._read)  # limits set through another hub

    async def _read(self) -> None:
        default: dict[str, int] = {}
        users: dict[str, dict[str, int]] = {}
        for user, limits in await self.hub.store.run(desk_store.capacity_rows, write=False):
            if user == DEFAULT_ROW:
                default = json.loads(limits)
            else:
                users[user] = json.loads(limits)
        if (default, users) != (self.default, self.users):
            self.default, self.users = default, users
            for name in list(self.hub.staff):
                self.hub.push_to_user(name, {"type": "capacity", "user": name,
                                             **self.describe(name)})
            self._load_changed()

    # --- the rule -------------------------------------------------------------------------

    def limits_for(self, user: str) -> dict[str, int]:
        return {**DEFAULT_LIMITS, **self.default, **self.users.get(user, {})}

    def used_by(self, user: str) -> dict[str, int]:
        counts = Counter(
            conv.channel
            for conv in self.hub.conversations.values()
            if conv.status is Status.ASSIGNED and conv.assigned_user == user
        )
        return {channel: counts.get(channel, 0) for channel in CHANNELS}

    def check(self, user: str, channel: str, over_capacity: bool, request_id: str) -> None:
        """Refuse with ``conflict`` when one more on ``channel`` is beyond ``user``'s capacity.

        Before the error, ``{"type":"capacity_reached","re",…}`` goes to the person asking so
        the desk can offer "take it anyway" (it resends with ``over_capacity: true``).
        """
        if over_capacity:
            return
        used, limits = self.used_by(user), self.limits_for(user)
        reason = refusal(used, limits, channel)
        if reason is None:
            return
        raise ProtocolError(
            ErrorCode.CONFLICT,
            f"Capacity reached: {reason}. Send again with over_capacity to take it anyway.",
            request_id,
        )

    def check_accept(self, user: UserRecord, conv: Conversation, request: Request) -> None:
        over = bool(getattr(request, "over_capacity", False))
        try:
            self.check(user.name, conv.channel, over, request.id)
        except ProtocolError:
            self.hub.push_to_user(
                user.name,
                {
                    "type": "capacity_reached",
                    "re": request.id,
                    "conversation": conv.id,
                    "channel": conv.channel,
                    **self.describe(user.name),
                },
            )
            raise

    def describe(self, user: str) -> dict[str, Any]:
        used, limits = self.used_by(user), self.limits_for(user)
        return {"limits": limits, "used": used, "free": free_places(used, limits)}

    def staff_load(self) -> dict[str, dict[str, Any]]:
        return {
            name: {"capacity": self.describe(name)}
            for name, peers in self.hub.staff.items()
            if any(peer.has_role("counsellor") for peer in peers)
        }

    # --- requests -------------------------------------------------------------------------

    async def capacity_get(self, peer: StaffPeer, user: UserRecord, request: CapacityGet) -> None:
        name = request.user or user.name
        if name != user.name and "supervisor" not in user.roles:
            raise ProtocolError(
                ErrorCode.FORBIDDEN, "Only supervisors may read others' capacity.", request.id
            )
        answer: dict[str, Any] = {
            "user": name,
            "default": {**DEFAULT_LIMITS, **self.default},
            "own": self.users.get(name),
            **self.describe(name),
        }
        if "supervisor" in user.roles:
            answer["users"] = {n: dict(limits) for n, limits in sorted(self.users.items())}
        peer.push(ok(request.id, **answer))

    async def capacity_set(self, peer: StaffPeer, user: UserRecord, request: CapacitySet) -> None:
        if "supervisor" not in user.roles:
            raise ProtocolError(ErrorCode.FORBIDDEN, "Only supervisors may do that.", request.id)
        target = request.user
        if target is not None and await self.hub.store.user(target) is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such user.", request.id)
        limits: dict[str, int] | None = None
        if request.limits is not None:
            limits = {str(channel): limit for channel, limit in request.limits.items()}
        row = DEFAULT_ROW if target is None else target
        now = self.hub.now()

        await self.hub.store.run(
            lambda conn: desk_store.set_capacity(conn, row, limits, now, user.name, target or "*"),
            write=True,
        )
        self.hub.shared_changed(CAPACITY_TOPIC)  # several hubs: they read the limits again
        if target is None:
            self.default = limits or {}
        elif limits is None:
            self.users.pop(target, None)
        else:
            self.users[target] = limits
        affected = list(self.hub.staff) if target is None else [target]
        for name in affected:
            self.hub.push_to_user(name, {"type": "capacity", "user": name, **self.describe(name)})
        self._load_changed()
        shown = self.limits_for(target) if target else {**DEFAULT_LIMITS, **self.default}
        peer.push(ok(request.id, user=target, limits=shown))

    def _load_changed(self) -> None:
        with contextlib.suppress(LookupError):
            self.hub.feature(SupervisionFeature).changed()
