"""The retention job: one purge for every kind of data, at start, every hour, after a change.

The policy is docs/privacy.md; the SQL is :mod:`workstation.hub.purge`. What cannot be purged
(one conversation, one report) is rolled back alone, logged with its traceback, written to
the audit trail and pushed to supervisors online as an ``alert`` (``purge_failed``), and
tried again next time; the rest is purged. Admins read and change the periods with
``retention_get``/``retention_set``.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict
from datetime import datetime
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
from workstation.store import UserRecord

log = logging.getLogger(__name__)

PURGE_INTERVAL_S = 3600.0
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

    async def _purge_loop(self) -> None:
        while True:
            try:
                await self.purge()
            except Exception as exc:
                log.error(
                    "Retention purge failed; it runs again in an hour\n%s",
                    traceback_without_values(exc),
                )
            await asyncio.sleep(PURGE_INTERVAL_S)

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
