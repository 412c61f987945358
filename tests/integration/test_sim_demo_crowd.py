"""The demo's crowd on a real hub: young people give up waiting, the simulated shift lead
takes contacts that have waited, answers them and closes."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from workstation.client import Credentials, StaffClient
from workstation.hub.server import HubServer, serve_hub
from workstation.sim import SimEvent, Simulator, load_scenarios
from workstation.sim.colleague import REPLIES, Habits, SimulatedColleague
from workstation.sim.scenario import select
from workstation.store import open_store

PASSWORD = "riktig hest batteri stift"
SPEED = 100.0  # a scenario's minutes become about a second


@pytest.fixture
async def hub(tmp_path: Path) -> AsyncIterator[HubServer]:
    path = tmp_path / "hub.sqlite3"
    store = open_store(path)
    store.add_user("lead", PASSWORD, roles=["counsellor", "shift_lead"], display_name="Vera")
    store.close_blocking()
    async with serve_hub(path, host="127.0.0.1", port=0) as server:
        yield server


async def test_a_young_person_nobody_takes_leaves_the_queue(hub: HubServer) -> None:
    events: list[SimEvent] = []
    simulator = Simulator(
        hub.url,
        1,
        scenarios=select(load_scenarios(), ["stille"]),  # would wait 15 minutes for a taker
        speed=SPEED,
        patience_s=60.0,  # about 0.6 s here
        report=events.append,
    )
    [result] = await asyncio.wait_for(simulator.run(), 20)
    assert result.outcome == "left" and result.closed_reason == "contact_left"
    assert [e.fields for e in events if e.kind == "timeout"] == [{"step": "queue"}]
    assert len(hub.hub.queue) == 0


async def test_the_shift_lead_takes_a_waiting_contact_answers_and_closes(hub: HubServer) -> None:
    client = StaffClient(hub.url, Credentials(user="lead", password=PASSWORD))
    habits = Habits(take_after_s=0.3, reply_s=(0.05, 0.1), check_s=0.05)
    lead = SimulatedColleague(client, habits, random.Random(1))
    client.add_listener(lead)
    connection = asyncio.ensure_future(client.run())
    worker = asyncio.ensure_future(lead.work())
    try:
        await client.wait_connected()
        simulator = Simulator(
            hub.url, 1, scenarios=select(load_scenarios(), ["bare-prate"]), speed=SPEED
        )
        [result] = await asyncio.wait_for(simulator.run(), 30)
    finally:
        worker.cancel()
        await lead.stop()
        await client.close()
        await asyncio.gather(connection, worker, return_exceptions=True)
    assert result.outcome == "closed" and result.closed_reason == "staff_closed"
    assert result.replies == len(REPLIES)
    assert lead.held == {}
