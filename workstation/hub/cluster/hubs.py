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
"""

from __future__ import annotations

from datetime import timedelta
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

    async def renew(self) -> None:
        """Write the row as it is now (a heartbeat); drop rows an hour stale."""
        now = clock.hub_now(self.hub)
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
