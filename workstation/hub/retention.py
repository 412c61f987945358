"""The retention job: one purge for every kind of data, at start, every hour, after a change.

With several hubs on PostgreSQL one of them purges: the one holding the purge's lease
(``outbox_leases``, :mod:`workstation.store.timer_leases`). The lease is short
(:data:`PURGE_LEASE_S`) and its holder renews it every quarter of it
(:attr:`RetentionFeature.renew_s`) for as long as it runs (during a purge too); the other
hubs try to take it as often. A holder that stops lets it go; one that is killed stops
renewing, and within a lease and a quarter another hub has taken it and purges at once (the
round the dead holder may not have finished), then every hour.

The policy is docs/privacy.md; the SQL is :mod:`workstation.hub.purge`. What cannot be purged
(one conversation, one report) is rolled back alone, logged with its traceback, written to
the audit trail and pushed to supervisors online as an ``alert`` (``purge_failed``), and
tried again next time; the rest is purged. Admins read and change the periods with
``retention_get``/``retention_set``.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from workstation.hub.background import Background
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.hub.purge import PurgeResult, purge_once
from workstation.hub.purge_records import purge_report_drafts
from workstation.hub.retention_policy import Retention, read_retention, save_retention
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_replay import RetentionGet, RetentionSet
from workstation.protocol.log_safe import traceback_without_values
from workstation.protocol.times import format_time, utc_now
from workstation.sessions.events import Event
from workstation.store import UserRecord, timer_leases

log = logging.getLogger(__name__)

PURGE_INTERVAL_S = 3600.0
#: With several hubs: how long the purge's lease holds unless renewed (``serve
#: --purge-lease-seconds``), how often its holder renews it and the others try to take it
#: (a quarter of it: a renewal may fail twice before the lease runs out), and its name in
#: ``outbox_leases``.
PURGE_LEASE_S = 120.0
PURGE_JOB = "retention_purge"
#: Who gets the ``purge_failed`` alert.
ALERT_ROLES = ("supervisor",)


class RetentionFeature(Feature):
    """Attributes:
    policy: the retention settings in force.
    purged: set after each purge run (tests wait on the one at start).
    """

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.policy = Retention()
        self._lock = asyncio.Lock()
        self._loop: asyncio.Task[None] | None = None
        self._background = Background("A retention task failed")
        self.purged = asyncio.Event()
        #: Each try for the purge's lease (several hubs; every round on one hub): True when
        #: this hub holds it (its turn), else False.
        self.turns: deque[bool] = deque(maxlen=1000)
        self.turned = asyncio.Event()
        self.interval_s = PURGE_INTERVAL_S
        self.lease_s = PURGE_LEASE_S

    def handlers(self) -> dict[type[Request], Handler]:
        return {RetentionGet: self.retention_get, RetentionSet: self.retention_set}

    async def start(self) -> None:
        self.policy = await self.hub.store.run(read_retention, write=False)
        self._loop = asyncio.get_running_loop().create_task(self._purge_loop())

    async def stop(self) -> None:
        if self._loop is not None:
            self._loop.cancel()
            await asyncio.gather(self._loop, return_exceptions=True)
        await self._background.stop(timeout=None)
        if self.hub.relay is not None and any(self.turns):  # the next hub need not wait
            holder = self.hub.relay.store.hub_id
            try:
                await self.hub.store.run(
                    lambda conn: timer_leases.release(conn, PURGE_JOB, holder), write=True
                )
            except Exception as exc:  # it runs out by itself
                log.warning("The purge's lease was not let go: %s", type(exc).__name__)

    def on_event(self, event: Event) -> None:
        if event.kind == "report_approved":
            # The report is final: the versions that were not approved go now.
            self._background.later(lambda: self.hub.store.run(purge_report_drafts, write=True))


    async def idle(self) -> None:
        """Wait until no purge or draft deletion is running (for tests)."""
        await self._background.idle()

    # --- the purge ----------------------------------------------------------------------------

    async def purge(self, now: datetime | None = None) -> PurgeResult:
        """Purge what is past its retention at ``now`` (tests pass a later time)."""
        async with self._lock:
            result = await purge_once(self.hub.store, self.policy, now)
        if result.removed:
            log.info("Retention purge: %s", result.counts)
        for failure in result.failures:
            log.error(
                "Retention purge: conversation %s could not be purged (%s): %s; "
                "it is tried again next time\n%s",
                failure.conversation, failure.kind, failure.reason,
                traceback_without_values(failure.error),
            )
            self._alert(failure.kind, failure.conversation, failure.reason, failure.report)
        self.purged.set()
        return result

    def _alert(self, kind: str, conversation: str, reason: str, report: str | None) -> None:
        frame: dict[str, Any] = {
            "type": "alert",
            "alert": "purge_failed",
            "kind": kind,
            "conversation": conversation,
            "reason": reason,
        }
        if report is not None:
            frame["report"] = report
        for peers in self.hub.staff.values():
            for peer in peers:
                if peer.has_role(*ALERT_ROLES):
                    peer.push(frame)

    @property
    def renew_s(self) -> float:
        """How often the lease is renewed (by its holder) or tried for (by the others)."""
        return self.lease_s / 4

    async def _purge_loop(self) -> None:
        """A hub alone purges every :attr:`interval_s`. With several, each hub tries for the
        lease every :attr:`renew_s`; the holder renews it so, and purges when it has just
        taken it and then every :attr:`interval_s`."""
        loop = asyncio.get_running_loop()
        held, due = False, 0.0
        while True:
            try:
                was_held, held = held, await self._this_hubs_turn()
                self.turns.append(held)
                self.turned.set()
                if held and not was_held:
                    due = loop.time()  # just taken: a dead holder's round may be unfinished
                if held and loop.time() >= due:
                    due = loop.time() + self.interval_s
                    await self._purge_renewing()
            except Exception as exc:
                held = False  # tried again at the next turn
                log.error(
                    "Retention purge failed; it runs again in an hour\n%s",
                    traceback_without_values(exc),
                )
            await asyncio.sleep(self.interval_s if self.hub.relay is None else self.renew_s)

    async def _purge_renewing(self) -> None:
        """Purge, renewing the lease meanwhile (a purge may take longer than a lease)."""
        if self.hub.relay is None:
            await self.purge()
            return
        purging = asyncio.ensure_future(self.purge())
        while not purging.done():
            await asyncio.wait({purging}, timeout=self.renew_s)
            if not purging.done():
                try:
                    await self._this_hubs_turn()
                except Exception as exc:  # the next renewal may succeed
                    log.warning("The purge's lease was not renewed: %s", type(exc).__name__)
        purging.result()

    async def _this_hubs_turn(self) -> bool:
        """Whether this hub purges: it holds the lease (several hubs on PostgreSQL: taken or
        renewed now for :attr:`lease_s`); a hub alone always does."""
        relay = self.hub.relay
        if relay is None:
            return True
        holder, now = relay.store.hub_id, utc_now()
        at, until = format_time(now), format_time(now + timedelta(seconds=self.lease_s))
        claimed: bool = await self.hub.store.run(
            lambda conn: timer_leases.claim(conn, PURGE_JOB, holder, at, until), write=True
        )
        return claimed

    # --- settings -----------------------------------------------------------------------------

    async def retention_get(self, peer: StaffPeer, user: UserRecord, request: RetentionGet) -> None:
        _require_admin(user, request.id)
        peer.push(ok(request.id, **asdict(self.policy)))

    async def retention_set(self, peer: StaffPeer, user: UserRecord, request: RetentionSet) -> None:
        _require_admin(user, request.id)
        old = self.policy
        new = Retention(
            request.transcripts_days or old.transcripts_days,
            request.replays_days or old.replays_days,
            old.replay_staff_notes if request.replay_staff_notes is None
            else request.replay_staff_notes,
            request.reports_years or old.reports_years,
        )

        at = format_time(utc_now())
        await self.hub.store.run(
            lambda conn: save_retention(conn, old, new, user.name, at), write=True
        )
        self.policy = new
        peer.push(ok(request.id, **asdict(new)))
        self._background.later(self.purge)


def _require_admin(user: UserRecord, request_id: str) -> None:
    if "admin" not in user.roles:
        raise ProtocolError(ErrorCode.FORBIDDEN, "Your role may not do that.", request_id)
