"""Which hub runs a periodic job (the retention purge) this round, with several hubs on one
PostgreSQL (issue 16): a lease in ``outbox_leases`` (migration 21) under the outbox name
``timer`` — the pattern the outbox drains use between hubs. Claimed for a round; a holder
that died loses it when the round's lease runs out, and the next hub to try takes it."""

from __future__ import annotations

from workstation.store.sql import Sql

#: ``outbox_leases.outbox`` of the periodic jobs' leases.
TIMERS = "timer"


def claim(conn: Sql, job: str, holder: str, now: str, until: str) -> bool:
    """``holder`` runs ``job`` until ``until`` (or keeps doing so); False when another
    holder's lease is still good at ``now`` (one conditional upsert, as
    :func:`workstation.store.outboxes.claim`)."""
    rows = conn.execute(
        "INSERT INTO outbox_leases (outbox, drain_key, holder, held_until) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (outbox, drain_key) DO UPDATE SET holder = excluded.holder, "
        "held_until = excluded.held_until "
        "WHERE outbox_leases.holder = excluded.holder OR outbox_leases.held_until < ? "
        "RETURNING holder",
        (TIMERS, job, holder, until, now),
    ).fetchall()
    return bool(rows)


def release(conn: Sql, job: str, holder: str) -> None:
    conn.execute(
        "DELETE FROM outbox_leases WHERE outbox = ? AND drain_key = ? AND holder = ?",
        (TIMERS, job, holder),
    )
