"""Connection limits: per address and in total, with room always kept for staff."""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path

from tests.conftest import staff_login
from tests.support.addresses import wire_from
from tests.support.wire import Wire, ok
from workstation.hub.limits import TOO_MANY_CODE, LimitSettings
from workstation.hub.server import serve_hub

SETTINGS = LimitSettings(
    contact_connections_per_address=3, connections_total=8, staff_reserve=3
)


async def refused(wire: Wire) -> bool:
    await wire.closed.wait()
    return wire.ws.close_code == TOO_MANY_CODE


async def test_contacts_never_take_the_room_kept_for_staff(hub_db: Path) -> None:
    async with serve_hub(hub_db, limits=SETTINGS) as hub, AsyncExitStack() as stack:
        sup = await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
        await staff_login(sup, "sup")
        for _ in range(3):
            contact = await stack.enter_async_context(
                wire_from(hub.url, "/v1/contact", "127.0.0.1")
            )
            ok(await contact.request("open", channel="chat"))
        fourth = await stack.enter_async_context(wire_from(hub.url, "/v1/contact", "127.0.0.1"))
        assert await refused(fourth)
        alert = await sup.expect(lambda f: f["type"] == "alert")
        assert alert["limit"] == "contact_connections_per_address"

        # Another address: one more contact fits (1 desk + 4 contacts = 8 - 3 kept for staff).
        fifth = await stack.enter_async_context(wire_from(hub.url, "/v1/contact", "127.0.0.2"))
        ok(await fifth.request("open", channel="chat"))
        sixth = await stack.enter_async_context(wire_from(hub.url, "/v1/contact", "127.0.0.3"))
        assert await refused(sixth)

        # The room kept for staff: three more desks sign in.
        for user in ("kari", "ola", "lead"):
            desk = await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
            await staff_login(desk, user)
        extra = await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
        assert await refused(extra)
        await sup.expect(
            lambda f: f["type"] == "alert" and f["limit"] == "contact_connections_total"
        )
        await sup.expect(lambda f: f["type"] == "alert" and f["limit"] == "staff_connections_total")
