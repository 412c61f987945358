"""A served hub whose PostgreSQL goes away and comes back (issue 16; docs/store.md, "A lost
connection"): every connection of the hub's is cut and the database refuses new ones, as
during a server restart or a failover. Meanwhile ``/healthz`` says 503, a message is answered
``rate_limited`` with a plain sentence (nothing is stored, nothing half-written); once the
database takes connections again the hub reconnects by itself, ``/healthz`` says 200, the
resent message is stored once, the conversation goes on, and every acknowledged message is
in the log exactly once with ``seq`` 1, 2, 3 … without a gap.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

from tests.conftest import staff_login
from tests.support.http import aget, http_url
from tests.support.hubs import query
from tests.support.wire import Wire, ok
from workstation.hub.server import UNAVAILABLE_MESSAGE, HubServer

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)
WAIT_S = 20.0


@contextmanager
def database_gone(dsn: str) -> Iterator[None]:
    """Cut every connection to the hub's database and refuse new ones until the block ends
    (the server and the other tests' databases go on)."""
    name = dsn.rsplit("/", 1)[1]
    admin = dsn.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        cut = conn.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                           "WHERE datname = %s", (name,)).fetchone()
        assert cut is not None and cut[0] >= 2, "the hub's connections were cut"
    try:
        yield
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")


async def health(hub: HubServer) -> int:
    return (await aget(http_url(hub.url, "/healthz"))).status


async def until_healthy(hub: HubServer) -> None:
    """The load balancer's view: polled every 0.1 s (the hub has no event to wait for)."""
    for _ in range(int(WAIT_S / 0.1)):
        if await health(hub) == 200:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"/healthz was not 200 again within {WAIT_S} s")


def logged(dsn: str, conv: str) -> tuple[list[int], list[str]]:
    rows = query(dsn, "SELECT seq, kind, data FROM events WHERE conversation = ? ORDER BY seq",
                 conv)
    texts = [json.loads(str(data))["text"] for _seq, kind, data in rows if kind == "message"]
    return [int(str(seq)) for seq, _kind, _data in rows], texts


async def test_a_lost_database_is_503_and_a_plain_answer_then_the_hub_reconnects(
    hub: HubServer, hub_db: str
) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as kari,
    ):
        await staff_login(kari, "kari")
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        acked = []
        for n in range(3):
            ok(await contact.request("send", text=f"før {n}"))
            acked.append(f"før {n}")
        assert await health(hub) == 200
        with database_gone(hub_db):
            await asyncio.sleep(1.1)  # past the health check's trusted second
            assert await health(hub) == 503
            await contact.send({"type": "send", "id": "lost-1", "text": "under bruddet"})
            refused = await contact.answer("lost-1", timeout=WAIT_S)
            assert refused["code"] == "rate_limited", refused
            assert refused["message"] == UNAVAILABLE_MESSAGE
            answered = await kari.request("send", timeout=WAIT_S, conversation=conv,
                                          text="er du der?")
            assert answered["code"] == "rate_limited", answered
            assert await health(hub) == 503
        await until_healthy(hub)
        # The desk's outbox resends with the same id: stored once.
        await contact.send({"type": "send", "id": "lost-1", "text": "under bruddet"})
        ok(await contact.answer("lost-1", timeout=WAIT_S))
        await contact.send({"type": "send", "id": "lost-1", "text": "under bruddet"})
        ok(await contact.answer("lost-1", timeout=WAIT_S))
        acked.append("under bruddet")
        ok(await kari.request("send", timeout=WAIT_S, conversation=conv, text="ja, her"))
        acked.append("ja, her")
        await kari.expect(lambda f: f.get("kind") == "message"
                          and f.get("text") == "under bruddet", timeout=WAIT_S)
        # Features' writes (run's thread) work again too.
        ok(await kari.request("close", conversation=conv, timeout=WAIT_S))
    seqs, texts = logged(hub_db, conv)
    assert seqs == list(range(1, len(seqs) + 1))
    assert texts == acked
