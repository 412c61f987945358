"""The tables of :mod:`workstation.hub.blocks` (migration 15): identifiers, blocks, refused
attempts; the SQL runs on SQLite and PostgreSQL alike (:class:`~workstation.store.sql.Sql`).

Only keyed hashes are stored (never an address). Each block and each lift is written with
its audit entry in one transaction, so no block goes unrecorded.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from workstation.store.sql import Sql


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


def prune_identifiers(conn: Sql, closed_before: str) -> None:
    """Forget identifiers of conversations purged, or closed before ``closed_before``."""
    conn.execute(
        "DELETE FROM care_identifiers WHERE conversation NOT IN (SELECT id FROM conversations "
        "WHERE closed_at IS NULL OR closed_at >= ?)",
        (closed_before,),
    )


def load_active(conn: Sql, now: str) -> list[Block]:
    rows = conn.execute(
        "SELECT id, kind, identifier, conversation, reason, created_at, created_by, expires_at "
        "FROM care_blocks WHERE lifted_at IS NULL AND expires_at > ?",
        (now,),
    ).fetchall()
    return [Block(*(str(value) for value in row)) for row in rows]


def remember_identifier(
    conn: Sql, conversation: str, kind: str, identifier: str
) -> None:
    conn.execute(
        "INSERT INTO care_identifiers (conversation, kind, identifier) VALUES (?, ?, ?) "
        "ON CONFLICT (conversation) DO UPDATE SET kind = excluded.kind, "
        "identifier = excluded.identifier",
        (conversation, kind, identifier),
    )


def identifier_of(conn: Sql, conversation: str) -> tuple[str, str] | None:
    row = conn.execute(
        "SELECT kind, identifier FROM care_identifiers WHERE conversation = ?", (conversation,)
    ).fetchone()
    return (str(row[0]), str(row[1])) if row else None


def _audit(conn: Sql, at: str, actor: str, action: str, target: str,
           detail: dict[str, Any]) -> None:
    conn.execute(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        (at, actor, action, target, json.dumps(detail, ensure_ascii=False)),
    )


def add_block(conn: Sql, block: Block) -> None:
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


def lift_block(conn: Sql, block: str, at: str, user: str, reason: str) -> None:
    conn.execute(
        "UPDATE care_blocks SET lifted_at = ?, lifted_by = ?, lift_reason = ? WHERE id = ?",
        (at, user, reason, block),
    )
    _audit(conn, at, user, "block_lift", block, {"reason": reason})


def count_attempt(conn: Sql, day: str, channel: str) -> None:
    conn.execute(
        "INSERT INTO care_block_attempts (day, channel, count) VALUES (?, ?, 1) "
        "ON CONFLICT (day, channel) DO UPDATE SET count = care_block_attempts.count + 1",
        (day, channel),
    )


def attempts_since(conn: Sql, since: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT day, channel, count FROM care_block_attempts WHERE day >= ? "
        "ORDER BY day, channel",
        (since,),
    ).fetchall()
    return [{"day": str(day), "channel": str(channel), "count": int(count)}
            for day, channel, count in rows]
