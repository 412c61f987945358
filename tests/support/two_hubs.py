"""Two ``workstation-hub serve`` processes on one PostgreSQL (issue 16): the fixture's hubs
and what the two-hub tests read back from the shared database."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import psycopg

from tests.conftest import staff_login
from tests.support.hubs import HubProcess
from tests.support.wire import Wire, ok

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


#: The log of a call answered and then transferred, as the colleague's desk gets it.
TRANSFERRED = ["opened", "call_offered", "assigned", "call_answered", "call_transferred",
               "assigned"]


async def transfer_across(kari: Wire, ola: Wire, conv: str, timeout: float) -> None:
    """kari's ``call_transfer`` of ``conv`` to ola, signed in on the other hub: ola's desk
    gets the call's log from ``seq`` 1 (each event once) through her hub, and kari's desk
    the ``call_transferred`` and the ``assigned`` that take it from her."""
    moved = ok(await kari.request("call_transfer", conversation=conv, to="ola",
                                  timeout=timeout))
    assigned = await ola.expect(
        lambda f: f.get("kind") == "assigned" and f.get("user") == "ola", timeout)
    assert assigned["seq"] == moved["seq"]
    log = ola.events(conv)
    assert [f["kind"] for f in log] == TRANSFERRED, log
    assert [f["seq"] for f in log] == list(range(1, 7))
    await kari.expect(lambda f: f.get("kind") == "call_transferred", timeout)
    await kari.expect(lambda f: f.get("kind") == "assigned" and f.get("user") == "ola", timeout)


@contextlib.asynccontextmanager
async def desks_on(*where: tuple[str, str]) -> AsyncIterator[list[Wire]]:
    """Staff desks signed in, each given as ``(hub url, user)``."""
    async with contextlib.AsyncExitStack() as stack:
        wires = [await stack.enter_async_context(Wire.connect(url, "/v1/staff"))
                 for url, _ in where]
        for wire, (_, user) in zip(wires, where, strict=True):
            await staff_login(wire, user)
        yield wires
