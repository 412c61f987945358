"""Past contacts for the demo's figures: four weeks of closed contacts written straight into
a hub database while no hub runs on it (the hub only loads open conversations). Start and
stop a hub on it once first, so its features have created their tables."""

from __future__ import annotations

import json
import random
import secrets
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from workstation.protocol.times import format_time
from workstation.sessions.stats import OSLO

#: Relative demand per Oslo hour: chat rises from 11:00 and peaks 22:00–02:00 (DOMAIN.md).
HOURLY_WEIGHT = (
    5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 2, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 8, 9, 8,
)
CHANNEL_WEIGHTS = {"chat": 70, "sms": 10, "phone": 15, "email": 5}
CATEGORIES = ("violence.physical", "bullying.online", "family.conflict", "mental_health.anxiety",
              "neglect", "friends", "self_harm")


def _contacts_in(rng: random.Random, start: datetime, hours: int) -> list[datetime]:
    moments = []
    for hour in range(hours):
        begin = start + timedelta(hours=hour)
        weight = HOURLY_WEIGHT[begin.astimezone(OSLO).hour]
        for _ in range(rng.randint(max(0, weight - 2), weight + 1)):
            moments.append(begin + timedelta(seconds=rng.uniform(0, 3600)))
    return moments


def seed_history(db: Path, now: datetime, seed: int = 116111) -> int:
    """Write closed contacts from four weeks ago until one hour before ``now``; how many."""
    rng = random.Random(seed)
    local_midnight = now.astimezone(OSLO).replace(hour=0, minute=0, second=0, microsecond=0)
    start = (local_midnight - timedelta(days=28)).astimezone(UTC)
    hours = int((now - start).total_seconds() // 3600) - 1
    channels, weights = zip(*CHANNEL_WEIGHTS.items(), strict=True)
    conn = sqlite3.connect(db)
    count = 0
    with conn:
        for created in _contacts_in(rng, start, hours):
            count += 1
            cid = f"h{count:06d}"
            wait = rng.expovariate(1 / 70)
            abandoned = rng.random() < 0.03 + min(0.1, wait / 3000)
            length = rng.lognormvariate(7.4, 0.6)
            assigned = None if abandoned else created + timedelta(seconds=wait)
            closed = created + timedelta(seconds=wait) if abandoned else (
                created + timedelta(seconds=wait + length)
            )
            conn.execute(
                "INSERT INTO conversations (id, channel, lang, created_at, status, assigned_user,"
                " assigned_at, closed_at, token_hash, flags) VALUES (?,?,?,?,?,?,?,?,?,'[]')",
                (cid, rng.choices(channels, weights)[0], "nb", format_time(created), "closed",
                 None if abandoned else "demo", format_time(assigned) if assigned else None,
                 format_time(closed), secrets.token_hex(16)),
            )
            reason = "contact_left" if abandoned or rng.random() < 0.5 else "staff_closed"
            conn.execute(
                "INSERT INTO events (conversation, seq, at, kind, sender, client_id, data) "
                "VALUES (?, 1, ?, 'closed', NULL, NULL, ?)",
                (cid, format_time(closed), json.dumps({"reason": reason})),
            )
            # Seen by the replay feature already: there is nothing to replay in these.
            conn.execute("INSERT INTO replay_sources (conversation) VALUES (?)", (cid,))
            if not abandoned and rng.random() < 0.7:
                _summary(conn, rng, cid, closed)
    conn.close()
    return count


def _summary(conn: sqlite3.Connection, rng: random.Random, cid: str, at: datetime) -> None:
    conn.execute(
        "INSERT INTO desk_summaries (conversation, data, categories, silent, user, saved_at) "
        "VALUES (?, '{}', ?, 0, 'demo', ?)",
        (cid, json.dumps(rng.sample(CATEGORIES, rng.randint(1, 2))), format_time(at)),
    )
