"""The demo's simulated shift lead is on shift and answers a consultation."""

from __future__ import annotations

import asyncio

from tests.conftest import staff_login
from tests.support.hubs import PASSWORD
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer
from workstation.sim.colleague import ADVICE, run_colleague


async def test_the_simulated_shift_lead_joins_and_advises(hub: HubServer) -> None:
    colleague = asyncio.ensure_future(run_colleague(hub.url, "lead", PASSWORD))
    try:
        async with (
            Wire.connect(hub.url, "/v1/contact") as contact,
            Wire.connect(hub.url, "/v1/staff") as kari,
        ):
            await staff_login(kari, "kari")
            roster = await kari.expect(
                lambda f: f["type"] == "roster" and f["shift_lead_online"] and not f["alone"]
            )
            assert {s["user"] for s in roster["staff"]} == {"kari", "lead"}
            conv = ok(await contact.request("open", channel="chat"))["conversation"]
            ok(await kari.request("accept", conversation=conv))
            ok(await kari.request("consult", conversation=conv))
            await kari.event(conv, "consult_joined")
            advice = await kari.event(conv, "consult_message")
            assert advice["text"] == ADVICE and advice["user"] == "lead"
            assert ADVICE not in str(contact.frames)
    finally:
        colleague.cancel()
        await asyncio.gather(colleague, return_exceptions=True)
