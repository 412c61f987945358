"""One line of the audit trail, written inside the change it records (same transaction)."""

from __future__ import annotations

from workstation.protocol.times import format_time, utc_now
from workstation.store.sql import Conn


def write(
    conn: Conn, actor: str, action: str, target: str, detail: str = "", at: str | None = None
) -> None:
    conn.execute(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        (at or format_time(utc_now()), actor, action, target, detail),
    )
