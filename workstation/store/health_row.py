"""The health probe's one row (``hub_health``): a tiny real write on either database."""

from __future__ import annotations

from workstation.protocol.times import format_time, utc_now
from workstation.store.sql import Conn


def touch(conn: Conn) -> None:
    """Upsert the row with the time now (proves the store takes a write and commits)."""
    conn.execute(
        "INSERT INTO hub_health (id, checked_at) VALUES (1, ?) "
        "ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
        (format_time(utc_now()),),
    )
