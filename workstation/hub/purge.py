"""The retention purge: one pass over every kind of data, as docs/privacy.md says.

Transcripts: :mod:`workstation.hub.purge_transcripts`; reports, replays and call-back numbers:
:mod:`workstation.hub.purge_records`. The hub runs :func:`purge_once` from
:mod:`workstation.hub.retention`; ``workstation-hub purge`` runs the same function.
Connections use ``secure_delete`` (workstation/store/schema.py) and the WAL is checkpointed
and truncated after a purge, so deleted words leave the disk.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from workstation.hub.purge_records import KINDS, Failure, PurgeResult, purge_records
from workstation.hub.purge_transcripts import expired_conversations, purge_conversations
from workstation.hub.retention_policy import Cutoffs, Retention
from workstation.protocol.times import format_time, utc_now
from workstation.store import HubStore, audit
from workstation.store.sql import Conn, dialect

__all__ = ["KINDS", "Failure", "PurgeResult", "purge_once"]

log = logging.getLogger(__name__)

#: Conversations purged per database job (each still in its own savepoint): 50 of 30
#: events each took 19 ms (median; 64 ms at most) of the database thread on the 2-core test
#: machine under load, so live writes never wait long behind a big purge.
CHUNK = 50

Op = Callable[[Conn], Any]


async def purge_once(
    store: HubStore, policy: Retention, now: datetime | None = None, *, dry_run: bool = False
) -> PurgeResult:
    """Purge everything past its retention at ``now`` (default: the present).

    With ``dry_run`` every change is rolled back: the counts say what *would* go.
    """
    moment = now or utc_now()
    cut = Cutoffs.at(moment, policy)

    def job(op: Op) -> Any:
        return store.run(_rolled_back(op) if dry_run else op, write=True)

    result = PurgeResult()
    ids: list[str] = await store.run(lambda c: expired_conversations(c, cut), write=False)
    for start in range(0, len(ids), CHUNK):
        result.add(await job(partial(purge_conversations, ids=ids[start : start + CHUNK])))
    result.add(await job(lambda c: purge_records(c, cut)))
    if dry_run:
        return result
    at = format_time(utc_now())
    await store.run(lambda c: _audit(c, result, at), write=True)
    # Every run, not only after this purge's deletions: whatever else was deleted since
    # (pruned answers, a deleted replay) leaves the write-ahead log within the hour too.
    if not await store.run(checkpoint, write=False):
        log.warning("The write-ahead log could not be truncated (busy); next run tries again")
    return result


def _rolled_back(op: Op) -> Op:
    """``op`` with every change undone (a dry run leaves no trace)."""

    def dry(conn: Conn) -> Any:
        conn.execute("SAVEPOINT dry_run")
        try:
            return op(conn)
        finally:
            conn.execute("ROLLBACK TO dry_run")
            conn.execute("RELEASE dry_run")

    return dry


def checkpoint(conn: Conn) -> bool:
    """Copy the WAL into the database file and truncate it (outside any transaction);
    False when another connection's reading kept it from finishing. On PostgreSQL there is
    nothing to do here (its own checkpoints and autovacuum reclaim the space)."""
    if dialect(conn) == "postgres":
        return True
    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


def _audit(conn: Conn, result: PurgeResult, at: str) -> None:
    rows = []
    if result.removed:
        rows.append(("purge", "retention", json.dumps(result.counts)))
    rows += [("purge_failed", f.conversation, f"{f.kind}: {f.reason}") for f in result.failures]
    for action, target, detail in rows:
        audit.write(conn, "hub", action, target, detail, at)
