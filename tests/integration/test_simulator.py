"""The simulator against the real hub, with the test playing the counsellor over /v1/staff."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from workstation.client.contact import ContactClient
from workstation.hub.server import HubServer, serve_hub
from workstation.sim import SimEvent, Simulator, load_scenarios, run_simulator
from workstation.sim.scenario import select
from workstation.store import open_store

PASSWORD = "riktig hest batteri stift"
SPEED = 100.0  # a scenario's minutes become about a second
WAIT_S = 20.0

Frame = dict[str, Any]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "hub.sqlite3"
    store = open_store(path)
    store.add_user("kari", PASSWORD, roles=["counsellor"], display_name="Kari")
    store.close_blocking()
    return path


@pytest.fixture
async def hub(db: Path) -> AsyncIterator[HubServer]:
    async with serve_hub(db, host="127.0.0.1", port=0) as server:
        yield server


class Staff:
    """A counsellor speaking plain /v1/staff frames; remembers everything it is sent."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.answers: dict[str, asyncio.Future[Frame]] = {}
        self.events: dict[str, dict[int, Frame]] = {}
        self.queues: list[list[Frame]] = []
        self.changed = asyncio.Condition()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.ws:
            frame = json.loads(raw)
            if frame["type"] in ("ok", "error"):
                future = self.answers.pop(frame["re"], None)
                if future is not None and not future.done():
                    future.set_result(frame)
            elif frame["type"] == "event":
                self.events.setdefault(frame["conversation"], {})[frame["seq"]] = frame
            elif frame["type"] == "queue":
                self.queues.append(frame["items"])
            async with self.changed:
                self.changed.notify_all()

    async def request(self, kind: str, **fields: Any) -> Frame:
        request_id = f"k{next(self.ids)}"
        future: asyncio.Future[Frame] = asyncio.get_running_loop().create_future()
        self.answers[request_id] = future
        await self.ws.send(json.dumps({"type": kind, "id": request_id, **fields}))
        return await asyncio.wait_for(future, WAIT_S)

    async def until(self, condition: Callable[[], bool], timeout: float | None = WAIT_S) -> None:
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(condition), timeout)

    def log(self, conversation: str) -> list[Frame]:
        return [frame for _, frame in sorted(self.events.get(conversation, {}).items())]

    def contact_lines(self, conversation: str) -> list[str]:
        return [
            e["text"]
            for e in self.log(conversation)
            if e["kind"] == "message" and e["from"] == "contact"
        ]

    def closed_reason(self, conversation: str) -> str | None:
        closed = [e for e in self.log(conversation) if e["kind"] == "closed"]
        return closed[0]["reason"] if closed else None

    def queued_ever(self) -> set[str]:
        return {item["conversation"] for items in self.queues for item in items}

    def queued_now(self) -> set[str]:
        return {item["conversation"] for item in self.queues[-1]} if self.queues else set()


@contextlib.asynccontextmanager
async def counsellor(url: str) -> AsyncIterator[Staff]:
    async with websockets.connect(url + "/v1/staff", proxy=None) as ws:
        staff = Staff(ws)
        answer = await staff.request("hello", user="kari", password=PASSWORD)
        assert answer["type"] == "ok", answer
        try:
            yield staff
        finally:
            staff.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await staff.reader


async def take_and_answer(staff: Staff, conversation: str) -> None:
    """Accept, greet, and answer every line the contact writes, until it is closed."""
    answer = await staff.request("accept", conversation=conversation)
    assert answer["type"] == "ok", answer
    await staff.request("send", conversation=conversation, text="Hei, du skriver med Kari.")
    answered = 0
    while staff.closed_reason(conversation) is None:
        await staff.until(
            lambda seen=answered: (
                len(staff.contact_lines(conversation)) > seen
                or staff.closed_reason(conversation) is not None
            )
        )
        written = len(staff.contact_lines(conversation))
        if written > answered and staff.closed_reason(conversation) is None:
            answered = written
            reply = await staff.request("send", conversation=conversation, text="Jeg forstår.")
            assert reply["type"] == "ok" or reply["code"] == "conflict", reply


async def work_the_queue(
    staff: Staff, scenario_of: dict[str, asyncio.Future[str]], skip: set[str]
) -> None:
    """Take every queued contact except those playing a scenario in ``skip``."""
    seen: set[str] = set()
    tasks: list[asyncio.Task[None]] = []

    async def handle(conversation: str) -> None:
        scenario = await asyncio.wait_for(future_for(scenario_of, conversation), WAIT_S)
        if scenario not in skip:
            await take_and_answer(staff, conversation)

    try:
        while True:
            await staff.until(lambda: bool(staff.queued_ever() - seen), timeout=None)
            for conversation in sorted(staff.queued_ever() - seen):
                seen.add(conversation)
                tasks.append(asyncio.create_task(handle(conversation)))
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def future_for(futures: dict[str, asyncio.Future[str]], key: str) -> asyncio.Future[str]:
    if key not in futures:
        futures[key] = asyncio.get_running_loop().create_future()
    return futures[key]


async def test_simulated_contacts_play_their_scripts(hub: HubServer) -> None:
    ids = ["mobbing", "forlater-koen", "stille", "sms-krangel"]
    scenarios = select(load_scenarios(), ids)
    scenario_of: dict[str, asyncio.Future[str]] = {}
    events: list[SimEvent] = []

    def report(event: SimEvent) -> None:
        events.append(event)
        if event.kind == "opened" and event.conversation is not None:
            future = future_for(scenario_of, event.conversation)
            if not future.done():
                future.set_result(event.scenario)

    async with counsellor(hub.url) as staff:
        worker = asyncio.create_task(work_the_queue(staff, scenario_of, skip={"forlater-koen"}))
        simulator = Simulator(
            hub.url,
            len(ids),
            scenarios=scenarios,
            in_turn=True,
            speed=SPEED,
            interval_s=2.0,
            seed=7,
            report=report,
        )
        results = await asyncio.wait_for(simulator.run(), 45)
        by_scenario = {result.scenario: result for result in results}
        conversations = {r.scenario: r.conversation for r in results}
        assert all(conversations.values()), results
        # The hub delivers the last closed events right after the contacts' leaves.
        await staff.until(
            lambda: all(
                staff.closed_reason(conversations[sid]) == "contact_left"
                for sid in ("mobbing", "stille", "sms-krangel")
            )
        )
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker

        # Every contact waited in the queue where the counsellor could see it.
        assert set(conversations.values()) <= staff.queued_ever()

        # The ones taken wrote their script's lines in order and got replies.
        for scenario in scenarios:
            if scenario.id in ("mobbing", "sms-krangel"):
                conversation = conversations[scenario.id]
                assert conversation is not None
                assert staff.contact_lines(conversation) == scenario.lines()
                result = by_scenario[scenario.id]
                assert result.sent == len(scenario.lines())
                assert result.replies >= 1
                assert result.outcome == "left"
                assert result.closed_reason == "contact_left"

        # The silent contact was taken, greeted, wrote nothing and left.
        silent = conversations["stille"]
        assert silent is not None
        assert staff.contact_lines(silent) == []
        assert by_scenario["stille"].sent == 0
        assert by_scenario["stille"].replies >= 1

        # The one who gave up left while still queued, before anyone answered.
        quitter = by_scenario["forlater-koen"]
        assert quitter.conversation is not None
        assert quitter.outcome == "left"
        assert quitter.closed_reason == "contact_left"
        assert quitter.sent == 2
        assert quitter.replies == 0
        assert quitter.timeouts == 1
        await staff.until(lambda: quitter.conversation not in staff.queued_now())
        late = await staff.request("accept", conversation=quitter.conversation)
        assert late["type"] == "error" and late["code"] in ("not_found", "conflict")

    kinds = {event.kind for event in events}
    assert {"arrived", "opened", "sent", "reply", "assigned", "left", "done"} <= kinds


async def test_run_simulator_in_process_logs_no_text(
    hub: HubServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="workstation.sim")
    await asyncio.wait_for(
        run_simulator(hub.url, 2, speed=SPEED, interval_s=0, seed=3, scenarios=["forlater-koen"]),
        30,
    )
    lines = [r.getMessage() for r in caplog.records if r.name == "workstation.sim"]
    assert sum("event=left" in line for line in lines) == 2
    assert sum("event=done" in line for line in lines) == 2
    for text in select(load_scenarios(), ["forlater-koen"])[0].lines():
        assert all(text not in line for line in lines)


async def test_contact_client_resumes_and_resends_after_hub_restart(db: Path) -> None:
    async with serve_hub(db, host="127.0.0.1", port=0) as first:
        port = first.port
        client = ContactClient(first.url, max_backoff_s=0.2)
        opened = await client.open("chat")
        assert opened.position == 1
        assert await client.send("første") >= 2
    # The hub is gone: this send waits in the outbox until the hub is back.
    pending = asyncio.create_task(client.send("andre"))
    async with serve_hub(db, host="127.0.0.1", port=port) as second:
        seq = await asyncio.wait_for(pending, WAIT_S)
        assert client.connected
        async with counsellor(second.url) as staff:
            await staff.request("accept", conversation=opened.conversation)
            await staff.until(lambda: len(staff.contact_lines(opened.conversation)) == 2)
            assert staff.contact_lines(opened.conversation) == ["første", "andre"]
            stored = [e for e in staff.log(opened.conversation) if e.get("text") == "andre"]
            assert [e["seq"] for e in stored] == [seq]
        await client.leave()
        assert client.closed_reason == "contact_left"
        await client.close()


async def test_cli_runs_and_stops_on_sigterm(hub: HubServer) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    done = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "workstation.sim.cli", "--hub", hub.url, "--contacts", "1",
        "--scenario", "forlater-koen", "--speed", str(SPEED), "--seed", "1",
        stdout=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(done.communicate(), 30)
    assert done.returncode == 0
    text = out.decode()
    assert "event=left" in text and "summary contacts=1 left=1" in text
    assert "lang kø" not in text

    async with counsellor(hub.url) as staff:
        waiting = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "workstation.sim.cli", "--hub", hub.url, "--contacts", "1",
            "--scenario", "stille",
            stdout=asyncio.subprocess.PIPE, env=env,
        )  # fmt: skip
        assert waiting.stdout is not None
        while b"event=opened" not in await asyncio.wait_for(waiting.stdout.readline(), WAIT_S):
            pass
        await staff.until(lambda: len(staff.queued_now()) == 1)
        waiting.send_signal(signal.SIGTERM)
        rest, _ = await asyncio.wait_for(waiting.communicate(), WAIT_S)
        assert waiting.returncode == 0
        assert b"event=left" in rest
        await staff.until(lambda: not staff.queued_now())


async def test_cancelling_run_simulator_makes_waiting_contacts_leave(hub: HubServer) -> None:
    async with counsellor(hub.url) as staff:
        task = asyncio.create_task(
            run_simulator(hub.url, 2, speed=1.0, interval_s=0, scenarios=["stille"])
        )
        await staff.until(lambda: len(staff.queued_now()) == 2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, WAIT_S)
        await staff.until(lambda: not staff.queued_now())
