"""Supervision: live load figures match what happened; observation is visible and audited."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from tests.conftest import staff_login
from tests.support.hubs import query
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer
from workstation.hub.supervision import SupervisionFeature
from workstation.protocol.times import format_time, utc_now


def loads(wire: Wire) -> list[dict[str, object]]:
    return [f for f in wire.frames if f["type"] == "load"]


async def latest_load(wire: Wire, check, timeout: float = 5.0) -> dict:  # type: ignore[no-untyped-def]
    """Wait until the newest load push satisfies ``check``."""
    async with asyncio.timeout(timeout):
        while True:
            pushed = loads(wire)
            if pushed and check(pushed[-1]):
                return pushed[-1]
            await wire.expect(lambda f: f["type"] == "load")


@pytest.mark.parametrize("user", ["kari", "trainer", "admin", "lead"])
async def test_only_supervisors_watch_observe_and_read_figures(hub: HubServer, user: str) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as desk,
    ):
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        await staff_login(desk, user)
        assert (await desk.request("watch_load"))["code"] == "forbidden"
        assert (await desk.request("observe", conversation=conv))["code"] == "forbidden"
        stats = await desk.request("stats", since="2020-01-01T00:00:00Z")
        assert stats["code"] == "forbidden"
        assert loads(desk) == []


async def test_load_figures_match_what_happened(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/staff") as supervisor,
        Wire.connect(hub.url, "/v1/staff") as kari,
        Wire.connect(hub.url, "/v1/contact") as first,
        Wire.connect(hub.url, "/v1/contact") as second,
        Wire.connect(hub.url, "/v1/contact") as third,
    ):
        await staff_login(supervisor, "sup")
        await staff_login(kari, "kari")
        ok(await supervisor.request("watch_load"))
        initial = await latest_load(supervisor, lambda load: True)
        assert initial["queue_length"] == 0 and initial["open_conversations"] == 0
        convs = [ok(await c.request("open", channel=ch))["conversation"]
                 for c, ch in ((first, "chat"), (second, "sms"), (third, "chat"))]
        load = await latest_load(supervisor, lambda load: load["queue_length"] == 3)
        assert [item["channel"] for item in load["queue"]] == ["chat", "sms", "chat"]
        assert [item["position"] for item in load["queue"]] == [1, 2, 3]
        assert load["longest_wait_s"] >= 0
        ok(await kari.request("accept", conversation=convs[0]))
        ok(await second.request("leave"))
        load = await latest_load(
            supervisor, lambda load: load["queue_length"] == 1 and load["open_conversations"] == 1
        )
        by_user = {s["user"]: s for s in load["staff"]}
        assert by_user["kari"]["conversations"] == 1
        assert by_user["kari"]["by_channel"] == {"chat": 1}
        assert by_user["kari"]["status"] == "available"
        assert by_user["sup"]["conversations"] == 0
        [detail] = load["conversations_detail"]
        assert (detail["conversation"], detail["channel"], detail["user"]) == (
            convs[0], "chat", "kari"
        )
        assert detail["assigned_at"] is not None and detail["flags"] == []
        ok(await kari.request("presence", status="away"))
        def kari_away(load: dict) -> bool:  # type: ignore[type-arg]
            return {s["user"]: s["status"] for s in load["staff"]}["kari"] == "away"

        await latest_load(supervisor, kari_away)
        stats = ok(await supervisor.request("stats", since="2020-01-01T00:00:00Z"))
        rows = stats["contacts"]
        assert [(r["channel"], r["abandoned"]) for r in rows] == [
            ("chat", False), ("sms", True), ("chat", False)
        ]
        assert rows[0]["assigned_at"] is not None and rows[2]["status"] == "queued"
        assert set(rows[0]) == {
            "channel", "created_at", "assigned_at", "closed_at", "status", "abandoned",
            "categories",
        }


async def test_load_pushes_are_coalesced(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/staff") as supervisor:
        await staff_login(supervisor, "sup")
        ok(await supervisor.request("watch_load"))
        started = time.monotonic()
        contacts = [Wire.connect(hub.url, "/v1/contact") for _ in range(30)]
        wires = [await c.__aenter__() for c in contacts]
        try:
            for wire in wires:
                await wire.send({"type": "open", "id": "o", "channel": "chat"})
            for wire in wires:
                await wire.answer("o")
            await latest_load(supervisor, lambda load: load["queue_length"] == 30)
            elapsed = time.monotonic() - started
            assert len(loads(supervisor)) <= 2 + elapsed / 0.25
        finally:
            for c in contacts:
                await c.__aexit__(None, None, None)


async def test_observation_is_read_only_visible_to_the_counsellor_and_audited(
    hub: HubServer, hub_db: Path | str,
) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as kari,
        Wire.connect(hub.url, "/v1/staff") as supervisor,
    ):
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await contact.request("send", text="hei"))
        await staff_login(kari, "kari")
        await staff_login(supervisor, "sup")
        ok(await kari.request("accept", conversation=conv))
        watched = ok(await supervisor.request("observe", conversation=conv))
        backlog = [e["seq"] for e in supervisor.events(conv)]
        assert backlog[:3] == [1, 2, 3] and watched["seq"] in backlog
        seen = await kari.event(conv, "observer_joined")
        assert seen["observer"] == "Siri Supervisor"
        ok(await contact.request("send", text="er du der?"))
        await supervisor.expect(lambda f: f.get("text") == "er du der?")
        for frame_type, fields in (("send", {"text": "x"}), ("close", {}), ("note", {"text": "x"})):
            answer = await supervisor.request(frame_type, conversation=conv, **fields)
            assert answer["code"] == "forbidden"
        ok(await supervisor.request("unobserve", conversation=conv))
        await kari.event(conv, "observer_left")
        ok(await contact.request("send", text="hallo"))
        await kari.expect(lambda f: f.get("text") == "hallo")
        assert "hallo" not in [f.get("text") for f in supervisor.frames]
        assert [f["kind"] for f in contact.events(conv)] == [
            "opened", "message", "assigned", "message", "message"
        ]
    audit = query(hub_db, "SELECT actor, action, target FROM audit "
                  "WHERE action NOT LIKE 'user_%' ORDER BY id")
    assert audit == [("sup", "observe", conv), ("sup", "unobserve", conv)]


async def test_an_observation_ends_when_the_supervisor_leaves(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as kari,
    ):
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        await staff_login(kari, "kari")
        ok(await kari.request("accept", conversation=conv))
        async with Wire.connect(hub.url, "/v1/staff") as supervisor:
            await staff_login(supervisor, "sup")
            ok(await supervisor.request("observe", conversation=conv))
        await kari.event(conv, "observer_left")
        assert "sup" not in hub.hub.feature(SupervisionFeature).observers.get(conv, set())


async def test_stats_rejects_a_bad_time(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/staff") as supervisor:
        await staff_login(supervisor, "sup")
        answer = await supervisor.request("stats", since="yesterday")
        assert answer["code"] == "bad_frame"
        ok(await supervisor.request("stats", since=format_time(utc_now())))
