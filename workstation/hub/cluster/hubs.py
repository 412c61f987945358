"""Several hubs: each hub's own liveness, apart from its staff's (``hubs``, migration 28).

A hub with no staff signed in has no ``staff_presence`` row, yet may hold calls. So each hub
keeps one ``hubs`` row — its id (:attr:`PostgresStore.hub_id`, new at each start), where its
phone system takes calls (``front``: the SIP front's ``udp:HOST:PORT``, ``None`` for the
simulated phone) and ``heartbeat_at`` — written when it starts listening and renewed with
its staff's heartbeat (:class:`~.presence.ClusterPresence`), by the database's clock
(:mod:`.clock`). A row not renewed for the presence expiry belongs to a hub that is gone; a
living hub then ends that hub's calls (:mod:`workstation.hub.telephony.orphans`). Rows are
deleted (by any hub) an hour after their last heartbeat; a call row whose hub has no row
counts as a gone hub's too.

A hub judges others gone only after it has itself beaten without a break for the expiry
(:meth:`HubRow.steady_for`): when the database was unreachable for everyone (a failover of
PostgreSQL takes seconds), every row is stale at once, and the first hub back must not take
the others — alive, with their callers on the line — for dead before they had a chance to
beat again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from workstation.hub.cluster import clock
from workstation.protocol.times import format_time

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.store.postgres_store import PostgresStore

#: A row not renewed for this long is deleted (by any hub).
DELETE_AFTER_S = 3600.0


class HubRow:
    """This hub's ``hubs`` row. Attributes: front: where this hub takes calls (set by the
    telephony feature once its phone system listens)."""

    def __init__(self, hub: Hub, store: PostgresStore) -> None:
        self.hub = hub
        self.store = store
        self.front: str | None = None
        #: Since when this hub has beaten without a break (None: its last beat failed).
        self.steady_since: datetime | None = None
        #: Its first beat that went through (None: none yet).
        self.first: datetime | None = None
        self._last: datetime | None = None

    def steady_for(self, seconds: float) -> bool:
        """Whether this hub's own beats have gone through, without a break longer than
        ``seconds``, for at least ``seconds`` (so others had as long to beat too)."""
        if self.steady_since is None or self._last is None:
            return False
        return (self._last - self.steady_since).total_seconds() >= seconds

    def unbroken_for(self, seconds: float) -> bool:
        """Whether this hub's beats have never broken off since its start, or have gone
        through again for ``seconds`` since they last did (:meth:`steady_for`). A hub just
        started saw nobody before, so it has nobody to keep (presence); a hub that ends
        others' calls waits :meth:`steady_for` even at its start."""
        return (self.steady_since is not None and self.steady_since == self.first) or (
            self.steady_for(seconds))

    async def renew(self, expires_s: float | None = None) -> None:
        """Write the row as it is now (a heartbeat); drop rows an hour stale. A beat
        later than ``expires_s`` after the last one starts the steady time again."""
        now = clock.hub_now(self.hub)
        try:
            await self._write(now)
        except BaseException:
            self.steady_since = None
            raise
        late = (expires_s is not None and self._last is not None
                and (now - self._last).total_seconds() > expires_s)
        if self.steady_since is None or late:
            self.steady_since = now
        if self.first is None:
            self.first = now
        self._last = now

    async def _write(self, now: datetime) -> None:
        async with self.store.pooled() as conn, conn.transaction():
            await conn.execute(
                b"INSERT INTO hubs (id, front, heartbeat_at) VALUES (%s, %s, %s) "
                b"ON CONFLICT (id) DO UPDATE SET front = excluded.front, "
                b"heartbeat_at = excluded.heartbeat_at",
                (self.store.hub_id, self.front, format_time(now)),
            )
            await conn.execute(
                b"DELETE FROM hubs WHERE heartbeat_at < %s",
                (format_time(now - timedelta(seconds=DELETE_AFTER_S)),),
            )
