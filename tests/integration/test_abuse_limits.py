"""Anonymous floods: opens and messages limited per address, per contact and in total; a
real young person still gets in, and supervisors are told."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from tests.conftest import staff_login
from tests.support.addresses import wire_from
from tests.support.wire import Wire, ok
from workstation.hub.buckets import Buckets, Rate
from workstation.hub.limits import LimitSettings, LimitsFeature
from workstation.hub.server import HubServer, serve_hub

OPENS = 5_000
SOCKETS = 50


@pytest.fixture
async def office_hub(hub_db: Path) -> AsyncIterator[HubServer]:
    """A hub with the limits ``workstation-hub serve`` runs with."""
    async with serve_hub(hub_db, limits=LimitSettings()) as server:
        yield server


async def _flood(url: str, opens_per_socket: int) -> list[dict[str, object]]:
    """``opens_per_socket`` opens on each of :data:`SOCKETS` connections from 127.0.0.1;
    every answer."""
    async with connect(url + "/v1/contact", max_size=None) as ws:
        frames = [
            json.dumps({"type": "open", "id": f"o{i}", "channel": "chat"})
            for i in range(opens_per_socket)
        ]
        for frame in frames:
            await ws.send(frame)
        answers: list[dict[str, object]] = []
        while len(answers) < opens_per_socket:
            frame = json.loads(await ws.recv())
            if frame["type"] in ("ok", "error"):
                answers.append(frame)
        return answers


async def test_five_thousand_opens_from_one_address_leave_a_short_queue(
    office_hub: HubServer,
) -> None:
    async with AsyncExitStack() as stack:
        sup = await stack.enter_async_context(Wire.connect(office_hub.url, "/v1/staff"))
        desk = await stack.enter_async_context(Wire.connect(office_hub.url, "/v1/staff"))
        await staff_login(sup, "sup")
        await staff_login(desk, "kari")
        results = await asyncio.gather(
            *(_flood(office_hub.url, OPENS // SOCKETS) for _ in range(SOCKETS))
        )
        answers = [a for per_socket in results for a in per_socket]
        assert len(answers) == OPENS
        opened = [a for a in answers if a["type"] == "ok"]
        limited = [a for a in answers if a.get("code") == "rate_limited"]
        assert len(opened) == 5  # the per-address burst
        assert len(opened) + len(limited) + sum(a.get("code") == "conflict" for a in answers) \
            == OPENS
        assert limited and all(a["limit"] == "open_per_address" for a in limited)
        assert "wait a moment" in str(limited[0]["message"])

        real = await stack.enter_async_context(
            wire_from(office_hub.url, "/v1/contact", "127.0.0.2")
        )
        position = ok(await real.request("open", channel="chat"))["position"]
        assert position == 6

        alert = await sup.expect(lambda f: f["type"] == "alert")
        assert alert["alert"] == "rate_limited" and alert["limit"] == "open_per_address"
        assert "127.0.0.1" not in json.dumps(alert)
        await desk.expect(lambda f: f["type"] == "queue" and len(f["items"]) == 6)
        alerts = [f for f in sup.frames if f["type"] == "alert"]
        assert len(alerts) == 1  # one alert a minute per limit, not one per refusal
        queue_bytes = sum(len(json.dumps(f)) for f in desk.frames if f["type"] == "queue")
        assert queue_bytes < 20_000
    feature = office_hub.hub.feature(LimitsFeature)
    assert feature.trips["open_per_address"] == len(limited)


async def test_a_contact_writing_too_fast_is_slowed_and_others_are_not(
    office_hub: HubServer,
) -> None:
    async with (
        Wire.connect(office_hub.url, "/v1/contact") as fast,
        Wire.connect(office_hub.url, "/v1/contact") as calm,
    ):
        ok(await fast.request("open", channel="chat"))
        ok(await calm.request("open", channel="chat"))
        for index in range(60):
            await fast.send({"type": "send", "id": f"m{index}", "text": f"hei {index}"})
        answers = [await fast.answer(f"m{index}") for index in range(60)]
        accepted = [a for a in answers if a["type"] == "ok"]
        assert len(accepted) == 20  # the per-contact burst
        assert {a["limit"] for a in answers if a["type"] == "error"} == {"send_per_contact"}
        ok(await calm.request("send", text="hallo"))
        conv = fast.frames[0]["conversation"]
        stored = await office_hub.hub.store.events_after(conv, 0)
        assert sum(e.kind == "message" for e in stored) == 20


async def test_the_total_open_limit_holds_across_addresses(hub_db: Path) -> None:
    settings = LimitSettings(open_total=Rate(1, 3))
    async with serve_hub(hub_db, limits=settings) as hub:
        answers: list[dict[str, object]] = []
        for host in range(2, 7):
            async with wire_from(hub.url, "/v1/contact", f"127.0.0.{host}") as contact:
                answers.append(await contact.request("open", channel="chat"))
    assert [a["type"] for a in answers] == ["ok"] * 3 + ["error"] * 2
    assert {a["limit"] for a in answers if a["type"] == "error"} == {"open_total"}


def test_full_buckets_are_forgotten() -> None:
    now = [0.0]
    buckets = Buckets(Rate(per_minute=6, burst=2), clock=lambda: now[0])
    for address in range(1_000):
        assert buckets.take(f"10.0.{address // 256}.{address % 256}")
    assert buckets.take("10.0.0.0") and not buckets.take("10.0.0.0")
    assert len(buckets) == 1_000
    now[0] = 30.0  # refilled to the burst: nothing left to remember
    buckets.take("192.0.2.1")
    assert len(buckets) == 1
    assert buckets.take("10.0.0.0") and buckets.take("10.0.0.0")
