"""Appends per second through the store alone: SQLite, one PostgreSQL store, two on one server.

    PYTHONPATH=. python bench/store_backends.py [--conversations 50] [--appends 40]

Every append is awaited until COMMIT; all conversations write at once. Written for stage 1
of issue 16 (before group commit on PostgreSQL): a floor for docs/store.md, not the hub's
figure.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from tests.support.postgres import PostgresServer
from workstation.protocol.times import format_time, utc_now
from workstation.sessions.conversation import Conversation
from workstation.sessions.events import Event
from workstation.store import EventLog, open_store
from workstation.store.postgres_store import PostgresStore


def _ignore(_: Event) -> None:
    pass


async def run(stores: list[EventLog], conversations: int, appends: int) -> float:
    loop = asyncio.get_running_loop()
    for store in stores:
        store.attach(loop)
    ids = [f"c{n}" for n in range(conversations)]
    for n, conv_id in enumerate(ids):
        conv = Conversation(id=conv_id, channel="chat", created_at=format_time(utc_now()))
        await stores[n % len(stores)].create_conversation(conv, f"t{n}", "nb", _ignore)

    async def writer(n: int, conv_id: str) -> None:
        store = stores[n % len(stores)]
        for i in range(appends):
            await store.append(conv_id, "message", {"text": f"{i}"}, _ignore, sender="contact",
                               client_id=f"m{i}")

    started = time.perf_counter()
    await asyncio.gather(*(writer(n, c) for n, c in enumerate(ids)))
    elapsed = time.perf_counter() - started
    for store in stores:
        await store.close()
    return conversations * appends / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--appends", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sqlite = asyncio.run(run([open_store(Path(folder) / "hub.sqlite3")],
                                 args.conversations, args.appends))
    server = PostgresServer(durable=True).start()  # fsync on, as in production
    try:
        one = asyncio.run(run([PostgresStore(server.create_database())],
                              args.conversations, args.appends))
        dsn = server.create_database()
        two = asyncio.run(run([PostgresStore(dsn), PostgresStore(dsn)],
                              args.conversations, args.appends))
    finally:
        server.stop()
    print(f"appends/s  SQLite {sqlite:.0f}  PostgreSQL×1 {one:.0f} ({one / sqlite:.2f}×)  "
          f"PostgreSQL×2 {two:.0f} ({two / sqlite:.2f}×)")


if __name__ == "__main__":
    main()
