"""WAL written per 1,000 chat messages on PostgreSQL (docs/deploy.md, "Production layout"):
``pg_current_wal_lsn()`` before and after N appends through the hub's store (each a
transaction of its own, as the hub writes them: the conversation's row lock, the client-id
check, the INSERT, COMMIT), on a test server started by ``tests/support/postgres.py``.

    PYTHONPATH=. python bench/pg_wal.py --messages 2000 --text-bytes 120

The figure feeds the replication and archive sizing on paper: the WAL a standby receives and
the archive keeps per message, with full-page writes after each checkpoint included (the
first write to a page after a checkpoint logs the whole 8 KiB page).
"""

from __future__ import annotations

import argparse
import asyncio
import time

import psycopg

from tests.support.postgres import PostgresServer
from workstation.protocol.times import format_time, utc_now
from workstation.sessions.conversation import Conversation
from workstation.sessions.events import Event
from workstation.store.postgres_store import PostgresStore


def _ignore(_event: Event) -> None:
    pass


def lsn(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn").fetchone()
    assert row is not None
    return int(row[0])


async def appends(dsn: str, messages: int, conversations: int, text_bytes: int) -> float:
    store = PostgresStore(dsn)
    store.attach(asyncio.get_running_loop())
    ids = []
    for n in range(conversations):
        conv = Conversation(id=f"c{n:04d}", channel="chat", created_at=format_time(utc_now()))
        await store.create_conversation(conv, f"token{n}", None, _ignore)
        ids.append(conv.id)
    text = "x" * text_bytes
    before = lsn(dsn)
    started = time.perf_counter()

    async def writer(conv_id: str, count: int) -> None:
        for i in range(count):
            await store.append(conv_id, "message", {"from": "contact", "text": text}, _ignore,
                               sender="contact", client_id=f"m{i}")

    share = messages // conversations
    await asyncio.gather(*(writer(c, share) for c in ids))
    elapsed = time.perf_counter() - started
    after = lsn(dsn)
    await store.close()
    written = share * conversations
    print(f"{written} messages of {text_bytes} characters over {conversations} conversations: "
          f"{(after - before) / 1024:.0f} KiB WAL, {(after - before) / written:.0f} B/message, "
          f"{(after - before) * 1000 / written / 1024 / 1024:.2f} MiB per 1,000 messages "
          f"({written / elapsed:.0f} appends/s)")
    return (after - before) / written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--text-bytes", type=int, default=120)
    args = parser.parse_args()
    server = PostgresServer(durable=True).start()  # fsync on, as in production
    try:
        asyncio.run(appends(server.create_database(), args.messages, args.conversations,
                            args.text_bytes))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
