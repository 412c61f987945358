"""Several hubs: one clock for the times they write for each other to read (a hold's
``until``, a presence row's ``heartbeat_at``): the database's.

Each hub measures how far its own clock is from PostgreSQL's (``clock_timestamp()``, taken
halfway through the round trip) when it starts listening and at every presence heartbeat,
and adds that to its clock for those times. So machines whose clocks disagree (NTP not yet
synchronised, a drifting virtual machine) still fire the same hold at the same moment, and
do not take each other's staff for gone; what is left is the round trip's asymmetry (well
under a millisecond on one network). One hub on SQLite: its own clock (offset zero).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from workstation.protocol.times import utc_now

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.store.postgres_store import PostgresStore

log = logging.getLogger(__name__)
#: An offset beyond this is logged (the machine's clock needs NTP).
WARN_S = 1.0


def hub_now(hub: Hub) -> datetime:
    """Now by the database's clock (several hubs), or by this machine's (one hub)."""
    return utc_now() + hub.clock_offset


async def measure(hub: Hub, store: PostgresStore) -> None:
    """Set :attr:`Hub.clock_offset` from one ``clock_timestamp()`` round trip."""
    async with store.pooled() as conn:
        before = utc_now()
        cursor = await conn.execute(b"SELECT clock_timestamp()")
        row = await cursor.fetchone()
        after = utc_now()
    assert row is not None
    database: datetime = row[0]
    offset = database - (before + (after - before) / 2)
    if abs(offset) > timedelta(seconds=WARN_S) >= abs(hub.clock_offset):
        log.warning("This machine's clock is %.1f s off the database's (NTP?)",
                    offset.total_seconds())
    hub.clock_offset = offset
