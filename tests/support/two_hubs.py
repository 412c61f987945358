"""Two ``workstation-hub serve`` processes on one PostgreSQL (issue 16): the fixture's hubs
and what the two-hub tests read back from the shared database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import psycopg

from tests.support.hubs import HubProcess

#: The young people here all come from 127.0.0.1 and write faster than the limits allow.
NO_LIMITS = ("--send-per-contact", "0", "--send-total", "0", "--open-per-address", "0")


def two_hubs(hub_db: str) -> Iterator[tuple[HubProcess, HubProcess]]:
    """Hubs A and B on the same database (and the same key file: the environment's); the
    body of a test module's ``hubs`` fixture."""
    a, b = HubProcess(hub_db, args=NO_LIMITS), HubProcess(hub_db, args=NO_LIMITS)
    a.start()
    try:
        b.start()
        yield a, b
    finally:
        a.stop()
        b.stop()


def in_queue(conversation: str) -> object:
    return lambda f: f.get("type") == "queue" and any(
        item["conversation"] == conversation for item in f.get("items", ())
    )


def stored(dsn: str, conversation: str) -> list[tuple[int, str, str | None]]:
    """``(seq, kind, client_id)`` of the conversation's events, in order."""
    with psycopg.connect(dsn) as conn:
        return conn.execute(
            "SELECT seq, kind, client_id FROM events WHERE conversation = %s ORDER BY seq",
            (conversation,),
        ).fetchall()


def stored_fields(dsn: str, conversation: str) -> list[tuple[str, dict[str, Any]]]:
    """``(kind, fields)`` of the conversation's events, in ``seq`` order."""
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT kind, data FROM events WHERE conversation = %s ORDER BY seq",
            (conversation,),
        ).fetchall()
    return [(str(kind), json.loads(data)) for kind, data in rows]
