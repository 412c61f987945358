"""Limits that keep the hub up under abuse: their settings (``serve`` options), the checks
on anonymous contacts, sign-ins and connections, and the supervisor alert when one trips.
The counting itself is in :mod:`workstation.hub.buckets`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from workstation.hub.auth import PASSWORD_CHECKS
from workstation.hub.buckets import Buckets, Rate
from workstation.hub.feature import Feature
from workstation.protocol import ErrorCode, ProtocolError
from workstation.protocol.frames import CHANNELS

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.hub.staff_api import StaffApi

__all__ = [
    "ALERT_EVERY_S", "CHAT_LIMITS", "OTHER_DESCRIPTORS", "TOO_MANY_CODE", "TOO_MANY_REASON",
    "LimitSettings", "LimitsFeature", "Rate", "add_arguments", "from_arguments",
]

log = logging.getLogger(__name__)

#: Each kind of limit alerts supervisors at most this often.
ALERT_EVERY_S = 60.0
#: Who gets the ``rate_limited`` alert.
ALERT_ROLES = ("supervisor",)
#: Limits on young people's chats (opening one, writing, connecting): the shift lead on the
#: floor is alerted too, since young people are being turned away — at night often nobody
#: else is signed in. Sign-in limits and staff connections stay with the supervisors.
CHAT_LIMITS = ("open_", "send_", "contact_connections_")
CHAT_ALERT_ROLES = ("supervisor", "shift_lead")
#: Descriptors kept for the database, logs, the listening socket and the threads.
OTHER_DESCRIPTORS = 64
#: The close code and reason for a connection over a connection limit.
TOO_MANY_CODE = 1013
TOO_MANY_REASON = "too many connections; try again later"


@dataclass(frozen=True, slots=True)
class LimitSettings:
    """The hub's abuse limits, with the defaults ``workstation-hub serve`` runs with.

    Attributes:
        contact_channels: channels a young person may ``open`` on /v1/contact (phone, SMS and
            e-mail come through their gateways).
        open_per_address: anonymous ``open`` per remote address.
        open_total: anonymous ``open`` from everyone together.
        send_per_contact: a young person's ``send`` per conversation.
        send_total: ``send`` from all young people together.
        login_per_address: failed sign-ins per remote address (counted before Argon2).
        login_per_user_address: failed sign-ins per (user name, address).
        password_checks: password hashes computed at once.
        contact_connections_per_address: /v1/contact connections from one address at once
            (a school or a mobile network may put many young people behind one address).
        staff_connections_per_address: /v1/staff connections from one address at once.
        connections_total: connections at once; ``None``: the process's descriptor limit
            less :data:`OTHER_DESCRIPTORS`.
        staff_reserve: of the total, kept for /v1/staff: contacts never take the last ones.
    """

    contact_channels: tuple[str, ...] = ("chat",)
    open_per_address: Rate | None = Rate(5, 5)
    open_total: Rate | None = Rate(600, 100)
    send_per_contact: Rate | None = Rate(60, 20)
    send_total: Rate | None = Rate(30_000, 2_000)
    login_per_address: Rate | None = Rate(20, 20)
    login_per_user_address: Rate | None = Rate(5, 5)
    password_checks: int = PASSWORD_CHECKS
    contact_connections_per_address: int | None = 50
    staff_connections_per_address: int | None = 200
    connections_total: int | None = None
    staff_reserve: int = 100

    @classmethod
    def embedded(cls) -> LimitSettings:
        """For a hub inside one process (the demo, tests): the simulator opens calls and
        SMS as contacts, and every simulated young person comes from 127.0.0.1."""
        return replace(cls(), contact_channels=CHANNELS, open_per_address=None,
                       send_per_contact=Rate(600, 100), contact_connections_per_address=None)

    def total_connections(self) -> int:
        if self.connections_total is not None:
            return self.connections_total
        soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        return max(self.staff_reserve + 1, soft - OTHER_DESCRIPTORS)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``serve``'s options for the limits (per minute; 0 turns a limit off)."""
    d = LimitSettings()
    group = parser.add_argument_group("limits against abuse (per minute; 0: no limit)")
    group.add_argument("--contact-channels", default=",".join(d.contact_channels),
                       help="channels a young person may open on /v1/contact (default chat)")
    for name, rate in (("open-per-address", d.open_per_address), ("open-total", d.open_total),
                       ("send-per-contact", d.send_per_contact), ("send-total", d.send_total),
                       ("login-failures-per-address", d.login_per_address),
                       ("login-failures-per-user-address", d.login_per_user_address)):
        assert rate is not None
        group.add_argument(f"--{name}", type=float, default=rate.per_minute, metavar="N",
                           help=f"(default {rate.per_minute:g})")
    group.add_argument("--contact-connections-per-address", type=int, metavar="N",
                       default=d.contact_connections_per_address,
                       help="young people's connections from one address at once "
                            f"(default {d.contact_connections_per_address})")


def from_arguments(args: argparse.Namespace) -> LimitSettings:
    def rate(per_minute: float, default: Rate | None) -> Rate | None:
        if per_minute <= 0:
            return None
        assert default is not None  # bursts scale with the rate: a few seconds' worth, at least 1
        return Rate(per_minute, max(1.0, default.burst * per_minute / default.per_minute))

    d = LimitSettings()
    channels = tuple(c for c in args.contact_channels.split(",") if c in CHANNELS)
    return replace(
        d,
        contact_channels=channels,
        open_per_address=rate(args.open_per_address, d.open_per_address),
        open_total=rate(args.open_total, d.open_total),
        send_per_contact=rate(args.send_per_contact, d.send_per_contact),
        send_total=rate(args.send_total, d.send_total),
        login_per_address=rate(args.login_failures_per_address, d.login_per_address),
        login_per_user_address=rate(
            args.login_failures_per_user_address, d.login_per_user_address
        ),
        contact_connections_per_address=args.contact_connections_per_address or None,
    )


class LimitsFeature(Feature):
    """The hub's limits on connections, sign-ins and anonymous contacts; alerts supervisors
    when one trips (the other features look it up with ``hub.feature(LimitsFeature)``).

    Attributes:
        settings: the limits (replace with :meth:`configure`).
        trips: how often each limit refused something (for figures and tests).
    """

    def __init__(self, hub: Hub, api: StaffApi) -> None:
        super().__init__(hub, api)
        self.trips: dict[str, int] = {}
        self._alerted: dict[str, float] = {}
        self.on_trip: list[Callable[[str], object]] = []
        self._connections = 0
        self._connections_by_address: dict[str, dict[str, int]] = {}
        self.configure(LimitSettings())

    def configure(self, settings: LimitSettings) -> None:
        self.settings = settings
        self.opens_by_address = Buckets(settings.open_per_address)
        self.opens = Buckets(settings.open_total)
        self.sends_by_contact = Buckets(settings.send_per_contact)
        self.sends = Buckets(settings.send_total)
        self.logins_by_address = Buckets(settings.login_per_address)
        self.logins_by_user_address = Buckets(settings.login_per_user_address)
        self.api.auth.checks = asyncio.Semaphore(settings.password_checks)
        self._total = settings.total_connections()

    # --- connections --------------------------------------------------------------------

    def admit(self, kind: str, remote: str) -> bool:
        """Count a new ``contact`` or ``staff`` connection, or trip a limit (``False``)."""
        per_address = (self.settings.contact_connections_per_address if kind == "contact"
                       else self.settings.staff_connections_per_address)
        ceiling = self._total - (self.settings.staff_reserve if kind == "contact" else 0)
        by_address = self._connections_by_address.setdefault(kind, {})
        if per_address is not None and by_address.get(remote, 0) >= per_address:
            self.tripped(f"{kind}_connections_per_address")
            return False
        if self._connections >= ceiling:
            self.tripped(f"{kind}_connections_total")
            return False
        self._connections += 1
        by_address[remote] = by_address.get(remote, 0) + 1
        return True

    def release(self, kind: str, remote: str) -> None:
        by_address = self._connections_by_address[kind]
        self._connections -= 1
        by_address[remote] -= 1
        if not by_address[remote]:
            del by_address[remote]

    # --- sign-in ------------------------------------------------------------------------

    def begin_login(self, remote: str, user: str | None) -> list[tuple[Buckets, str]] | None:
        """Count a sign-in as failed *before* its password is checked (so that parallel
        guesses cannot all be checked); ``None`` when a limit is reached. The counts are
        per address and per (user, address), never per user alone: guesses from elsewhere
        must not lock the real person out. Give them back with :meth:`login_succeeded`."""
        keys = [(self.logins_by_address, remote, "login_per_address")]
        if user is not None:
            pair = f"{user}\0{remote}"
            keys.append((self.logins_by_user_address, pair, "login_per_user_address"))
        for buckets, key, limit in keys:
            if not buckets.allows(key):
                self.tripped(limit)
                return None
        for buckets, key, _ in keys:
            buckets.take(key)
        return [(buckets, key) for buckets, key, _ in keys]

    @staticmethod
    def login_succeeded(counted: list[tuple[Buckets, str]]) -> None:
        for buckets, key in counted:
            buckets.give_back(key)

    # --- /v1/contact --------------------------------------------------------------------

    def check_open(self, channel: str, remote: str, request_id: str) -> None:
        """Raise when a young person may not open now (or not on that channel)."""
        if channel not in self.settings.contact_channels:
            raise ProtocolError(
                ErrorCode.FORBIDDEN,
                "Conversations on this channel come through its gateway; open a chat here.",
                request_id,
            )
        if not self.opens_by_address.allows(remote):
            self.refuse("open_per_address", request_id)
        if not self.opens.take():
            self.refuse("open_total", request_id)
        self.opens_by_address.take(remote)

    def check_send(self, conversation: str, request_id: str) -> None:
        if not self.sends_by_contact.allows(conversation):
            self.refuse("send_per_contact", request_id)
        if not self.sends.take():
            self.refuse("send_total", request_id)
        self.sends_by_contact.take(conversation)

    def refuse(self, limit: str, request_id: str | None) -> None:
        """Count and alert the trip of ``limit``, then raise ``rate_limited``."""
        self.tripped(limit)
        raise ProtocolError(
            ErrorCode.RATE_LIMITED,
            "Many people are writing to us right now. Please wait a moment and try again.",
            request_id,
            {"limit": limit},
        )

    def tripped(self, limit: str) -> None:
        """Count a trip; alert supervisors once per :data:`ALERT_EVERY_S` per limit."""
        self.trips[limit] = self.trips.get(limit, 0) + 1
        for hook in self.on_trip:
            hook(limit)
        now = time.monotonic()
        last = self._alerted.get(limit)
        if last is not None and now - last < ALERT_EVERY_S:
            return
        self._alerted[limit] = now
        log.warning("limit %s refused requests (%d so far)", limit, self.trips[limit])
        self.alert(limit)

    def alert(self, limit: str) -> None:
        frame: dict[str, Any] = {
            "type": "alert",
            "alert": "rate_limited",
            "limit": limit,
            "refused": self.trips[limit],
        }
        roles = CHAT_ALERT_ROLES if limit.startswith(CHAT_LIMITS) else ALERT_ROLES
        self.hub.push_to_roles(roles, frame)
