"""Which hub runs a periodic job (the retention purge), with several hubs on one
PostgreSQL (issue 16): a lease in ``outbox_leases`` (migration 21) under the outbox name
``timer`` — the pattern the outbox drains use between hubs. Short, and renewed by its
holder (the same :func:`claim`) while it runs; a holder that died loses it when it runs out,
and the next hub to try takes it (``workstation/hub/retention.py``)."""

from __future__ import annotations

from workstation.store import outboxes
from workstation.store.sql import Sql

#: ``outbox_leases.outbox`` of the periodic jobs' leases.
TIMERS = "timer"


def claim(conn: Sql, job: str, holder: str, now: str, until: str) -> bool:
    """``holder`` runs ``job`` until ``until`` (or keeps doing so); False when another
    holder's lease is still good at ``now``."""
    return outboxes.claim_lease(conn, TIMERS, job, holder, now, until)


def release(conn: Sql, job: str, holder: str) -> None:
    conn.execute(
        "DELETE FROM outbox_leases WHERE outbox = ? AND drain_key = ? AND holder = ?",
        (TIMERS, job, holder),
    )
