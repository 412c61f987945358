"""None twice after a resync: five hub restarts under load, two real desks, every event once.

A hub process is SIGKILLed and SIGTERMed in turn while young people write without pause. After
each restart the contacts resume and write on while the desks sign in again and ``sync``: live
events arrive while the sync is in flight. Each desk must end up with every acknowledged message
of its conversations, each ``(conversation, seq)`` once, and the hub must never have sent one
twice on a connection (the client counts what it had to drop).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.support.hubs import PASSWORD, HubProcess
from workstation.client import ClientListener, Credentials, StaffClient
from workstation.client.contact import ContactClient, ContactError

CONTACTS_PER_DESK = 3
RESTARTS = 5
#: Each contact writes this fast, all the time (the load the desks resync under).
WRITE_EVERY_S = 0.005
#: How long a desk is busy when it has signed in again (a real desk repaints its lists then):
#: live events reach its socket while its ``sync`` is on the way.
BUSY_AFTER_HELLO_S = 0.05

pytestmark = pytest.mark.timeout(150)


class Tally(ClientListener):
    """Counts every ``(conversation, seq)`` the desk is told about."""

    def __init__(self) -> None:
        self.seen: Counter[tuple[str, int]] = Counter()
        self.queue: list[dict[str, Any]] = []
        self.changed = asyncio.Event()

    def on_hello(self, user: dict[str, Any]) -> None:
        time.sleep(BUSY_AFTER_HELLO_S)  # on purpose: the desk's loop is busy for a moment

    def on_event(self, event: dict[str, Any]) -> None:
        self.seen[(event["conversation"], event["seq"])] += 1
        self.changed.set()

    def on_queue(self, items: list[dict[str, Any]]) -> None:
        self.queue = items
        self.changed.set()

    async def until(self, condition: Any, timeout: float) -> None:
        async with asyncio.timeout(timeout):
            while not condition():
                self.changed.clear()
                await self.changed.wait()


class Writer:
    """A young person who writes continuously and keeps the ``seq`` of every acknowledged one."""

    def __init__(self, contact: ContactClient, acked_one: asyncio.Event) -> None:
        self.contact = contact
        self.acked: list[int] = []
        self.acked_one = acked_one
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def write(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            try:
                self.acked.append(await self.contact.send(f"Melding {n}"))
                self.acked_one.set()
            except ContactError as exc:  # resent across restarts; only a real refusal fails
                raise AssertionError(f"send refused: {exc.code}") from exc
            await asyncio.sleep(WRITE_EVERY_S)


async def start_desk(url: str, user: str) -> tuple[StaffClient, Tally, asyncio.Task[None]]:
    client = StaffClient(url, Credentials(user=user, password=PASSWORD),
                         backoff_initial=0.05, backoff_max=0.2)
    tally = Tally()
    client.add_listener(tally)
    runner = asyncio.create_task(client.run())
    await client.wait_connected(10)
    return client, tally, runner


async def everyone_writes_more(writers: list[Writer], messages: int) -> None:
    """Wait until each writer has had ``messages`` more acknowledged."""
    marks = [len(w.acked) + messages for w in writers]
    async with asyncio.timeout(20):
        while any(len(w.acked) < mark for w, mark in zip(writers, marks, strict=True)):
            writers[0].acked_one.clear()
            await writers[0].acked_one.wait()


async def take_contacts(
    url: str, desk: StaffClient, tally: Tally, acked_one: asyncio.Event
) -> list[Writer]:
    writers = []
    for _ in range(CONTACTS_PER_DESK):
        contact = ContactClient(url, buffer_events=False, max_backoff_s=0.2)
        conv = (await contact.open()).conversation
        await tally.until(lambda c=conv: any(i["conversation"] == c for i in tally.queue), 10)
        await desk.accept(conv)
        writers.append(Writer(contact, acked_one))
    return writers


@pytest.mark.slow
async def test_five_restarts_under_load_deliver_every_event_once(hub_db: Path) -> None:
    # No send limits (the young people here write faster than one a second, on purpose),
    # and all of them come from 127.0.0.1.
    process = HubProcess(hub_db, args=(
        "--send-per-contact", "0", "--send-total", "0", "--open-per-address", "0"))
    url = await asyncio.to_thread(process.start)
    desks: list[tuple[StaffClient, Tally, asyncio.Task[None]]] = []
    acked_one = asyncio.Event()
    writers: dict[str, list[Writer]] = {}
    try:
        for user in ("kari", "ola"):
            desk = await start_desk(url, user)
            desks.append(desk)
            writers[user] = await take_contacts(url, desk[0], desk[1], acked_one)
        everyone = [w for ws in writers.values() for w in ws]
        for writer in everyone:
            writer.task = asyncio.create_task(writer.write())

        for restart in range(RESTARTS):
            # Let the load run on the new hub: both desks back and every contact writing.
            for client, _, _ in desks:
                await client.wait_connected(20)
            await everyone_writes_more(everyone, 20)
            if restart % 2 == 0:
                await asyncio.to_thread(process.kill)  # SIGKILL
            else:
                await asyncio.to_thread(process.stop)  # SIGTERM
            await asyncio.to_thread(process.start)  # the same port and database

        for client, _, _ in desks:
            await client.wait_connected(20)
        await everyone_writes_more(everyone, 20)
        for writer in everyone:
            writer.stop.set()
        await asyncio.wait_for(asyncio.gather(*(w.task for w in everyone if w.task)), 30)

        for (client, tally, _), user in zip(desks, ("kari", "ola"), strict=True):
            acked = {
                (w.contact.conversation, seq) for w in writers[user] for seq in w.acked
                if w.contact.conversation is not None
            }
            assert len(acked) > 100 * CONTACTS_PER_DESK
            try:
                await tally.until(lambda t=tally, a=acked: a <= t.seen.keys(), 30)
            except TimeoutError:
                missing = sorted(acked - tally.seen.keys())
                raise AssertionError(f"{user}'s desk never got {len(missing)} events") from None
            twice = sorted(key for key, count in tally.seen.items() if count > 1)
            assert twice == [], f"{user}'s desk was told of events twice: {twice[:5]}"
            assert client.duplicates_dropped == 0, (
                f"the hub sent {user}'s desk {client.duplicates_dropped} events twice"
            )
    finally:
        for writer in writers.get("kari", []) + writers.get("ola", []):
            writer.stop.set()
            if writer.task is not None:
                writer.task.cancel()
            await writer.contact.close()
        for client, _, runner in desks:
            await client.close()
            await asyncio.wait_for(runner, 10)
        await asyncio.to_thread(process.stop)
