"""The tables of :mod:`workstation.hub.blocks` (migration 15): identifiers, blocks, refused
attempts.

Only keyed hashes are stored (never an address). Each block and each lift is written with
its audit entry in one transaction, so no block goes unrecorded.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Block:
    """One block. ``identifier`` never leaves the hub (:meth:`to_wire` leaves it out)."""

    id: str
    kind: str
    identifier: str
    conversation: str
    reason: str
    created_at: str
    created_by: str
    expires_at: str

    def to_wire(self) -> dict[str, Any]:
        wire = asdict(self)
        del wire["identifier"]
        wire["block"] = wire.pop("id")
        return wire


def prune_identifiers(conn: sqlite3.Connection, closed_before: str) -> None:
    """Forget identifiers of conversations purged, or closed before ``closed_before``."""
    conn.execute(
        "DELETE FROM care_identifiers WHERE conversation NOT IN (SELECT id FROM conversations "
        "WHERE closed_at IS NULL OR closed_at >= ?)",
        (closed_before,),
    )


def load_active(conn: sqlite3.Connection, now: str) -> list[Block]:
    rows = conn.execute(
        "SELECT id, kind, identifier, conversation, reason, created_at, created_by, expires_at "
        "FROM care_blocks WHERE lifted_at IS NULL AND expires_at > ?",
        (now,),
    ).fetchall()
    return [Block(*row) for row in rows]


def remember_identifier(
    conn: sqlite3.Connection, conversation: str, kind: str, identifier: str
) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO care_identifiers (conversation, kind, identifier) "
        "VALUES (?, ?, ?)",
        (conversation, kind, identifier),
    )


def identifier_of(conn: sqlite3.Connection, conversation: str) -> tuple[str, str] | None:
    row = conn.execute(
        "SELECT kind, identifier FROM care_identifiers WHERE conversation = ?", (conversation,)
    ).fetchone()
    return (str(row[0]), str(row[1])) if row else None


def _audit(conn: sqlite3.Connection, at: str, actor: str, action: str, target: str,
           detail: dict[str, Any]) -> None:
    conn.execute(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        (at, actor, action, target, json.dumps(detail, ensure_ascii=False)),
    )


def add_block(conn: sqlite3.Connection, block: Block) -> None:
    conn.execute(
        "INSERT INTO care_blocks (id, kind, identifier, conversation, reason, created_at, "
        "created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (block.id, block.kind, block.identifier, block.conversation, block.reason,
         block.created_at, block.created_by, block.expires_at),
    )
    _audit(conn, block.created_at, block.created_by, "block_add", block.id, {
        "kind": block.kind, "conversation": block.conversation,
        "expires_at": block.expires_at, "reason": block.reason,
    })


def lift_block(conn: sqlite3.Connection, block: str, at: str, user: str, reason: str) -> None:
    conn.execute(
        "UPDATE care_blocks SET lifted_at = ?, lifted_by = ?, lift_reason = ? WHERE id = ?",
        (at, user, reason, block),
    )
    _audit(conn, at, user, "block_lift", block, {"reason": reason})


def count_attempt(conn: sqlite3.Connection, day: str, channel: str) -> None:
    conn.execute(
        "INSERT INTO care_block_attempts (day, channel, count) VALUES (?, ?, 1) "
        "ON CONFLICT (day, channel) DO UPDATE SET count = count + 1",
        (day, channel),
    )


def attempts_since(conn: sqlite3.Connection, since: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT day, channel, count FROM care_block_attempts WHERE day >= ? "
        "ORDER BY day, channel",
        (since,),
    ).fetchall()
    return [{"day": day, "channel": channel, "count": count} for day, channel, count in rows]
