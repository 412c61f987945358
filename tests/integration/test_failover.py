"""Failover for people (issue 16, item 4): the desk's client and the simulator's young person
are given two hub addresses; hub A is SIGKILLed mid-conversation, hub B takes over the same
database; both move to B, resume from their last seq and resend their outbox — nothing lost,
nothing doubled, at the desk, at the young person and in the log.

``SECOND_BEFORE_KILL``: on SQLite hub B may only start after A is dead; on PostgreSQL (several
hubs on one database) the same test runs with B live before the kill.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.support.failover import Desk, TwoHubs, logged_messages, logged_seqs
from tests.support.hubs import PASSWORD
from tests.support.postgres import free_port
from workstation.client import (
    ConnectionState,
    Credentials,
    HubError,
    StaffClient,
)
from workstation.client.contact import ContactClient
from workstation.hub.server import HubServer

KARI = Credentials(user="kari", password=PASSWORD)
WAIT_S = 30.0
#: SQLite: one hub per database file at a time. PostgreSQL adds True here.
SECOND_BEFORE_KILL = [False]


@asynccontextmanager
async def desk_on_two_hubs(
    db: Path, second_before_kill: bool, make_desk: Callable[[StaffClient], Desk]
) -> AsyncIterator[tuple[TwoHubs, StaffClient, Any]]:
    """Hub A running (B too when ``second_before_kill``) and a desk client given both,
    signed in; everything stopped at the end."""
    hubs = TwoHubs(db, second_before_kill=second_before_kill)
    urls = hubs.start()
    client = StaffClient(urls, KARI, backoff_initial=0.05, backoff_max=0.5)
    desk = make_desk(client)
    client.add_listener(desk)
    runner = asyncio.create_task(client.run())
    try:
        await client.wait_connected(WAIT_S)
        yield hubs, client, desk
    finally:
        await client.close()
        await asyncio.wait_for(runner, WAIT_S)
        hubs.stop()


@pytest.mark.parametrize("second_before_kill", SECOND_BEFORE_KILL)
async def test_desk_and_young_person_move_to_the_other_hub(
    hub_db: Path, second_before_kill: bool
) -> None:
    seen_by_contact: list[dict[str, Any]] = []
    async with (
        desk_on_two_hubs(hub_db, second_before_kill, lambda _: Desk()) as (hubs, client, desk),
        ContactClient(hubs.urls, on_event=seen_by_contact.append, max_backoff_s=0.5) as contact,
    ):
        assert desk.hubs[-1] == (0, 2, False)
        conv = (await contact.open("chat")).conversation
        await desk.until(lambda: any(i["conversation"] == conv for i in desk.queue))
        await client.accept(conv)
        acked_contact = [await contact.send("Hei, er det noen der?")]
        greeting = client.send_message(conv, "Hei, du snakker med Kari.")
        acked_staff = [await asyncio.wait_for(greeting.future, WAIT_S)]

        # A message on its way as hub A dies (it may or may not have been stored there).
        on_the_way = asyncio.create_task(contact.send("Jeg skrev dette akkurat nå."))
        await asyncio.to_thread(hubs.kill_first)
        await desk.until(lambda: client.state is ConnectionState.RECONNECTING)
        # Both sides go on writing while no hub answers.
        later = asyncio.gather(contact.send("Er du der?"), contact.send("Hallo?"))
        waiting = [client.send_message(conv, "Jeg er her, vent litt."),
                   client.send_message(conv, "Nå er jeg tilbake.")]
        assert client.pending_count == 2 and not on_the_way.done()
        await desk.until(lambda: any(moving for _, _, moving in desk.hubs))
        hubs.start_second()

        acked_contact += [await asyncio.wait_for(on_the_way, WAIT_S),
                          *await asyncio.wait_for(later, WAIT_S)]
        acked_staff += [await asyncio.wait_for(item.future, WAIT_S) for item in waiting]
        await desk.until(lambda: client.state is ConnectionState.CONNECTED)
        assert client.hubs.index == 1 and desk.hubs[-1] == (1, 2, False)
        assert contact.hubs.index == 1 and contact.connected
        last = max(acked_contact + acked_staff)
        await desk.until(lambda: max(desk.seqs(conv), default=0) >= last)

        # The desk: every event once, none missing (staff see every kind).
        counted = Counter(desk.seqs(conv))
        assert all(n == 1 for n in counted.values()), counted
        assert sorted(counted) == list(range(1, last + 1))
        # The young person: once each, in order.
        seen = [e["seq"] for e in seen_by_contact if e.get("type") == "event"]
        assert seen == sorted(set(seen)) and set(acked_contact + acked_staff) <= set(seen)
        # The log: every acknowledged message once, with its own seq.
        logged = logged_messages(hub_db, conv)
        assert logged_seqs(hub_db, conv) == list(range(1, last + 1))
        texts = Counter(text for _, _, text in logged)
        assert all(n == 1 for n in texts.values()), texts
        assert {seq for seq, _, _ in logged} == set(acked_contact + acked_staff)
        assert [text for _, sender, text in logged if sender == "staff"] == [
            "Hei, du snakker med Kari.", "Jeg er her, vent litt.", "Nå er jeg tilbake."]
        assert len(logged) == 7


async def test_the_simulator_takes_several_hubs_and_uses_the_one_that_answers(
    hub: HubServer,
) -> None:
    """``workstation-sim --hub ws://a,ws://b``: with A not answering, its contacts use B."""
    gone = f"ws://127.0.0.1:{free_port()}"
    done = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "workstation.sim.cli", "--hub", f"{gone},{hub.url}",
        "--contacts", "2", "--interval", "0", "--scenario", "forlater-koen",
        "--speed", "50", "--seed", "1",
        stdout=asyncio.subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    out, _ = await asyncio.wait_for(done.communicate(), WAIT_S)
    assert done.returncode == 0, out
    assert "summary contacts=2 left=2 closed=0 stopped=0 error=0 sent=4" in out.decode()


class AnsweringDesk(Desk):
    """A counsellor's desk (the real client) that takes every contact and answers every line."""

    def __init__(self, client: StaffClient) -> None:
        super().__init__()
        self.client = client
        self.taken: set[str] = set()
        self.replies: list[Any] = []
        self._tasks: set[asyncio.Task[None]] = set()

    def on_queue(self, items: list[dict[str, Any]]) -> None:
        super().on_queue(items)
        for item in items:
            if item["conversation"] not in self.taken:
                self.taken.add(item["conversation"])
                task = asyncio.ensure_future(self._take(item["conversation"]))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _take(self, conversation: str) -> None:
        try:
            await self.client.accept(conversation)
        except Exception:  # the hub died before answering: the next queue push tries again
            self.taken.discard(conversation)

    def on_event(self, event: dict[str, Any]) -> None:
        super().on_event(event)
        if event["kind"] == "message" and event["from"] == "contact":
            self.replies.append(self.client.send_message(event["conversation"], "Jeg forstår."))


@pytest.mark.slow
@pytest.mark.parametrize("second_before_kill", SECOND_BEFORE_KILL)
async def test_a_simulator_run_and_its_counsellor_move_mid_conversation(
    hub_db: Path, second_before_kill: bool
) -> None:
    """``workstation-sim --hub A,B`` and a desk given both; A dies while they talk."""
    sim: asyncio.subprocess.Process | None = None
    async with desk_on_two_hubs(hub_db, second_before_kill, AnsweringDesk) as (
        hubs, client, desk
    ):
        try:
            sim = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "workstation.sim.cli", "--hub", ",".join(hubs.urls),
                "--contacts", "2", "--interval", "0", "--scenario", "mobbing", "--speed", "30",
                "--seed", "4",
                stdout=asyncio.subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )  # fmt: skip
            # Mid-conversation: both contacts have been answered at least twice.
            await desk.until(lambda: sum(r.future.done() for r in desk.replies) >= 4)
            await asyncio.to_thread(hubs.kill_first)
            await desk.until(lambda: client.state is ConnectionState.RECONNECTING)
            hubs.start_second()
            out, _ = await asyncio.wait_for(sim.communicate(), 120)
            text = out.decode()
            assert sim.returncode == 0, text
            assert "summary contacts=2 left=2 closed=0 stopped=0 error=0" in text, text
            sent = int(text.rsplit("sent=", 1)[1].split()[0])
            assert client.hubs.index == 1
            await asyncio.wait_for(
                asyncio.gather(*(r.future for r in desk.replies), return_exceptions=True), WAIT_S)
        finally:
            if sim is not None and sim.returncode is None:
                sim.kill()
                await sim.wait()
    # An answer to the last line may come after the young person left: refused, not lost.
    refused = [r.future.exception() for r in desk.replies if r.future.exception()]
    assert all(isinstance(e, HubError) and e.code in ("conflict", "forbidden") for e in refused), \
        refused
    acked = len(desk.replies) - len(refused)
    contact_lines = answered = 0
    for conversation in desk.taken:
        logged = logged_messages(hub_db, conversation)
        lines = Counter((sender, text) for _, sender, text in logged if sender == "contact")
        assert all(n == 1 for n in lines.values()), lines  # the script never repeats a line
        contact_lines += len(lines)
        answered += sum(sender == "staff" for _, sender, _ in logged)
        assert logged_seqs(hub_db, conversation) == sorted(set(logged_seqs(hub_db, conversation)))
        counted = Counter(desk.seqs(conversation))
        assert all(n == 1 for n in counted.values()), counted
    assert len(desk.taken) == 2 and contact_lines == sent  # every line the simulator sent
    assert answered == acked and acked >= sent - 2  # every acknowledged answer, once


async def test_a_hub_that_cannot_sign_anyone_in_is_passed_for_the_next(hub: HubServer) -> None:
    """A hub process that takes sockets but answers every ``hello`` ``internal`` (its store
    is stuck, say) is as good as gone: the desk moves on instead of trying it for ever."""
    from websockets.asyncio.server import ServerConnection, serve

    async def broken(ws: ServerConnection) -> None:
        async for raw in ws:
            frame = json.loads(raw)
            await ws.send(json.dumps({"type": "error", "re": frame.get("id"), "code": "internal",
                                      "message": "The hub failed."}))

    async with serve(broken, "127.0.0.1", 0) as stuck:
        port = stuck.sockets[0].getsockname()[1]
        client = StaffClient([f"ws://127.0.0.1:{port}", hub.url], KARI,
                             backoff_initial=0.05, backoff_max=0.2)
        runner = asyncio.create_task(client.run())
        try:
            await client.wait_connected(WAIT_S)
            assert client.hubs.index == 1 and client.user is not None
        finally:
            await client.close()
            await asyncio.wait_for(runner, WAIT_S)
