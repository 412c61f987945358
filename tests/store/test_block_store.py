"""Blocks' SQL (workstation/hub/block_store.py) on SQLite and PostgreSQL: the same tests.

A block and a lift are written with their audit rows or not at all; blocks in force are
those neither lifted nor expired; refused attempts are counted per day and channel;
identifiers are kept per conversation and forgotten after their conversation.
"""

from __future__ import annotations

import json

import pytest

from tests.store.channel_db import MISSING_TABLE, Db, add_conversation
from workstation.hub.block_store import (
    Block,
    add_block,
    attempts_since,
    count_attempt,
    identifier_of,
    lift_block,
    load_active,
    prune_identifiers,
    remember_identifier,
)

NOW = "2026-12-05T03:00:00.000Z"


def block(block_id: str, expires_at: str = "2026-12-06T03:00:00.000Z") -> Block:
    return Block(block_id, "sms", "hash-" + block_id, "c1", "truende", NOW, "lead",
                 expires_at)


def test_blocks_are_added_and_lifted_with_their_audit_rows(db: Db) -> None:
    handle = db.connect()
    with handle.transaction() as conn:
        add_block(conn, block("b1"))
    add_block(handle.sql, block("b2"))
    add_block(handle.sql, block("b3", expires_at="2026-12-05T02:59:59.999Z"))  # expired
    lift_block(handle.sql, "b2", "2026-12-05T03:01:00.000Z", "sup", "feil")
    assert load_active(handle.sql, NOW) == [block("b1")]
    rows = handle.query("SELECT actor, action, target, detail FROM audit ORDER BY id")
    assert [row[:3] for row in rows] == [("lead", "block_add", "b1"), ("lead", "block_add", "b2"),
                                         ("lead", "block_add", "b3"), ("sup", "block_lift", "b2")]
    assert json.loads(rows[0][3])["expires_at"] == "2026-12-06T03:00:00.000Z"
    assert handle.query("SELECT lifted_by, lift_reason FROM care_blocks WHERE id = 'b2'") == [
        ("sup", "feil")]


def test_a_block_whose_audit_row_fails_is_not_written(db: Db) -> None:
    handle = db.connect()
    handle.sql.execute("ALTER TABLE audit RENAME TO audit_away")
    with pytest.raises(MISSING_TABLE), handle.transaction() as conn:
        add_block(conn, block("b1"))
    assert handle.query("SELECT id FROM care_blocks") == []


def test_refused_attempts_are_counted_per_day_and_channel(db: Db) -> None:
    conn = db.connect().sql
    for day, channel in [("2026-12-04", "sms"), ("2026-12-05", "sms"), ("2026-12-05", "sms"),
                         ("2026-12-05", "email"), ("2026-12-01", "chat")]:
        count_attempt(conn, day, channel)
    assert attempts_since(conn, "2026-12-04") == [
        {"day": "2026-12-04", "channel": "sms", "count": 1},
        {"day": "2026-12-05", "channel": "email", "count": 1},
        {"day": "2026-12-05", "channel": "sms", "count": 2},
    ]


def test_identifiers_are_kept_per_conversation_and_forgotten_after_it(db: Db) -> None:
    conn = db.connect().sql
    add_conversation(conn, "c-open", "sms")
    add_conversation(conn, "c-recent", "email", status="closed")
    add_conversation(conn, "c-old", "sms", status="closed")
    conn.execute("UPDATE conversations SET closed_at = ? WHERE id = ?",
                 ("2026-12-04T00:00:00.000Z", "c-recent"))
    conn.execute("UPDATE conversations SET closed_at = ? WHERE id = ?",
                 ("2026-11-01T00:00:00.000Z", "c-old"))
    remember_identifier(conn, "c-open", "sms", "h-first")
    remember_identifier(conn, "c-open", "sms", "h-open")  # kept once, the latest
    remember_identifier(conn, "c-recent", "email", "h-recent")
    remember_identifier(conn, "c-old", "sms", "h-old")
    remember_identifier(conn, "c-purged", "sms", "h-purged")  # its conversation is gone
    prune_identifiers(conn, "2026-11-05T00:00:00.000Z")
    assert identifier_of(conn, "c-open") == ("sms", "h-open")
    assert identifier_of(conn, "c-recent") == ("email", "h-recent")
    assert identifier_of(conn, "c-old") is None
    assert identifier_of(conn, "c-purged") is None
