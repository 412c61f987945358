"""The SMS outbox on the hub: replies survive a stop of the hub, and go out once."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import staff_login
from tests.support.wire import Wire, ok
from workstation.hub.server import serve_hub
from workstation.hub.sms.feature import SmsFeature
from workstation.hub.sms.simulated import SimulatedSmsGateway

NUMBER = "+47 912 34 512"


async def eventually(check: Any, seconds: float = 10) -> None:
    for _ in range(int(seconds / 0.02)):
        if check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the condition did not come true")


async def test_a_reply_stored_but_not_queued_when_the_hub_stopped_goes_out_after_a_restart(
    hub_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = SimulatedSmsGateway()

    async def stopped_before_queueing(*_args: Any) -> None:
        return None

    with monkeypatch.context() as patch:
        patch.setattr(SmsFeature, "_queue", stopped_before_queueing)
        async with serve_hub(hub_db, sms=gateway) as hub, \
                Wire.connect(hub.url, "/v1/staff") as kari:
            await staff_login(kari, "kari")
            conv = await gateway.receive(NUMBER, "hei")
            ok(await kari.request("accept", conversation=conv))
            ok(await kari.request("send", conversation=conv, text="Hei, jeg heter Kari."))
    assert gateway.sent_to(NUMBER) == []
    async with serve_hub(hub_db, sms=gateway) as hub, Wire.connect(hub.url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        await eventually(lambda: gateway.sent_to(NUMBER) == ["Hei, jeg heter Kari."])
        second = ok(await kari.request("send", conversation=conv, text="Er du der?"))
        await kari.expect(lambda f: f.get("kind") == "sms_status" and f.get("status") == "sent"
                          and f.get("message_seq") == second["seq"])
        await eventually(lambda: len(gateway.sent_to(NUMBER)) == 2)
    async with serve_hub(hub_db, sms=gateway):  # a third start sends nothing again
        pass
    assert gateway.sent_to(NUMBER) == ["Hei, jeg heter Kari.", "Er du der?"]


async def test_a_repeat_after_its_conversation_closed_opens_no_new_one(hub_db: Path) -> None:
    gateway = SimulatedSmsGateway()
    async with serve_hub(hub_db, sms=gateway) as hub, Wire.connect(hub.url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        conv = await gateway.receive(NUMBER, "hei", message_id="gw-1")
        ok(await kari.request("accept", conversation=conv))
        ok(await kari.request("close", conversation=conv))
        await kari.event(conv, "closed")
        assert await gateway.receive(NUMBER, "hei", message_id="gw-1") == conv
        assert hub.hub.position(conv) is None
        assert hub.hub.feature(SmsFeature).threads == {}
        again = await gateway.receive(NUMBER, "hei igjen", message_id="gw-2")
        assert again != conv
