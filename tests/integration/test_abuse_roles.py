"""Who may do what: contacts open chats only; roster and presence only for people on shift."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import staff_login
from tests.support.wire import Wire, ok
from workstation.hub.limits import LimitSettings
from workstation.hub.server import HubServer, serve_hub


@pytest.fixture
async def office_hub(hub_db: Path) -> AsyncIterator[HubServer]:
    """A hub with the limits ``workstation-hub serve`` runs with."""
    async with serve_hub(hub_db, limits=LimitSettings()) as server:
        yield server


@pytest.mark.parametrize("channel", ["phone", "sms", "email"])
async def test_a_contact_cannot_open_a_gateway_channel(office_hub: HubServer, channel: str) -> None:
    async with (
        Wire.connect(office_hub.url, "/v1/contact") as contact,
        Wire.connect(office_hub.url, "/v1/staff") as desk,
    ):
        await staff_login(desk, "kari")
        refused = await contact.request("open", channel=channel)
        assert refused["code"] == "forbidden"
        opened = ok(await contact.request("open", channel="chat"))
        assert opened["position"] == 1
        queue = await desk.expect(lambda f: f["type"] == "queue" and len(f["items"]) == 1)
        assert [item["channel"] for item in queue["items"]] == ["chat"]
    assert [c.channel for c in office_hub.hub.conversations.values()] == ["chat"]


@pytest.mark.parametrize("user", ["trainer", "admin"])
async def test_roster_and_presence_are_not_for_trainers_or_admins(
    hub: HubServer, user: str
) -> None:
    async with (
        Wire.connect(hub.url, "/v1/staff") as other,
        Wire.connect(hub.url, "/v1/staff") as kari,
    ):
        await staff_login(other, user)
        await staff_login(kari, "kari")
        roster = await kari.expect(lambda f: f["type"] == "roster" and len(f["staff"]) == 2)
        assert {p["user"] for p in roster["staff"]} == {user, "kari"}
        assert (await other.request("roster"))["code"] == "forbidden"
        assert (await other.request("presence", status="away"))["code"] == "forbidden"
        assert [f for f in other.frames if f["type"] == "roster"] == []
        ok(await kari.request("presence", status="away"))
        away = await kari.expect(
            lambda f: f["type"] == "roster"
            and any(p["user"] == "kari" and p["status"] == "away" for p in f["staff"])
        )
        assert away["staff"] == ok(await kari.request("roster"))["staff"]
        # That roster push went to kari only: the other desk's next answer comes after it.
        assert (await other.request("roster"))["code"] == "forbidden"
        assert [f for f in other.frames if f["type"] == "roster"] == []


async def test_a_supervisor_keeps_the_roster(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/staff") as sup:
        await staff_login(sup, "sup")
        await sup.expect(lambda f: f["type"] == "roster")
        assert [p["user"] for p in ok(await sup.request("roster"))["staff"]] == ["sup"]
        ok(await sup.request("presence", status="away"))
