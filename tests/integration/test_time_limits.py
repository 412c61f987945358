"""Time limits on loopback, with limits of a second or two: the counsellor is warned privately,
only while others wait, never for a risk conversation or after choosing to continue — and
nothing ever reaches the young person or closes the conversation."""

from __future__ import annotations

import asyncio
import json
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import staff_login
from tests.support.wire import Frame, Wire, ok
from workstation.hub.server import HubServer, serve_hub
from workstation.protocol.times import parse_time

STAFF_ONLY_KINDS = {"time_warning", "time_continued"}


async def set_policy(desk: Wire, channel: str = "chat", **limits: Any) -> Frame:
    fields = {"soft_s": 1, "hard_s": 2, "min_queue": 0, **limits}
    return ok(await desk.request("policy_set", channel=channel, **fields))


async def take_contact(contact: Wire, desk: Wire, channel: str = "chat") -> str:
    conv: str = ok(await contact.request("open", channel=channel))["conversation"]
    ok(await desk.request("accept", conversation=conv))
    return conv


async def warning(desk: Wire, conv: str, level: str, timeout: float = 5.0) -> Frame:
    return await desk.expect(
        lambda f: f.get("conversation") == conv
        and f.get("kind") == "time_warning"
        and f.get("level") == level,
        timeout,
    )


def seconds_between(earlier: Frame, later: Frame) -> float:
    return (parse_time(later["at"]) - parse_time(earlier["at"])).total_seconds()


def warnings(desk: Wire, conv: str) -> list[str]:
    return [e["level"] for e in desk.events(conv) if e["kind"] == "time_warning"]


def assert_no_trace_for_contact(contact: Wire) -> None:
    """Every frame the young person received: no warning, continue, alert or policy."""
    assert contact.frames
    for frame in contact.frames:
        assert frame.get("kind") not in STAFF_ONLY_KINDS, frame
        assert frame["type"] not in ("alert", "policy"), frame
        assert not {"level", "soft_s", "hard_s", "elapsed_s", "min_queue"} & frame.keys(), frame


async def test_soft_then_hard_warning_on_time_alert_to_leads_and_nothing_closes(
    hub: HubServer,
) -> None:
    async with AsyncExitStack() as stack:
        contact, kari, sup, lead, ola = [
            await stack.enter_async_context(Wire.connect(hub.url, path))
            for path in ("/v1/contact", "/v1/staff", "/v1/staff", "/v1/staff", "/v1/staff")
        ]
        for desk, user in ((kari, "kari"), (sup, "sup"), (lead, "lead"), (ola, "ola")):
            await staff_login(desk, user)
        await set_policy(sup, soft_s=1, hard_s=2)
        conv = await take_contact(contact, kari)
        assigned = await kari.event(conv, "assigned")

        soft = await warning(kari, conv, "soft")
        assert 1.0 <= seconds_between(assigned, soft) < 1.5
        assert (soft["elapsed_s"], soft["soft_s"], soft["hard_s"]) == (1, 1, 2)
        assert warnings(kari, conv) == ["soft"]  # not the hard one yet
        hard = await warning(kari, conv, "hard")
        assert 2.0 <= seconds_between(assigned, hard) < 2.5
        assert hard["elapsed_s"] == 2

        for desk in (lead, sup):
            alert = await desk.expect(lambda f: f["type"] == "alert")
            assert alert == {"type": "alert", "alert": "hard_limit", "conversation": conv,
                             "channel": "chat", "user": "kari", "elapsed_s": 2}
        assert [f for f in kari.frames + ola.frames if f["type"] == "alert"] == []
        # Staff without access do not get the event; nobody else got a warning.
        assert ola.events(conv) == [] and lead.events(conv) == []

        await asyncio.sleep(0.5)  # well after the hard limit: still open, both can write
        ok(await contact.request("send", text="Er du der fortsatt?"))
        await kari.expect(lambda f: f.get("text") == "Er du der fortsatt?")
        reply = "Ja, jeg er her. Ta den tiden du trenger."
        ok(await kari.request("send", conversation=conv, text=reply))
        await contact.expect(lambda f: f.get("from") == "staff")
        assert warnings(kari, conv) == ["soft", "hard"]  # each level once
        assert not any(e["kind"] == "closed" for e in kari.events(conv) + contact.events(conv))
        assert_no_trace_for_contact(contact)


async def test_warnings_wait_for_the_queue_condition(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as chat_contact,
        Wire.connect(hub.url, "/v1/contact") as sms_contact,
        Wire.connect(hub.url, "/v1/contact") as newcomer,
        Wire.connect(hub.url, "/v1/staff") as kari,
        Wire.connect(hub.url, "/v1/staff") as sup,
    ):
        await staff_login(kari, "kari")
        await staff_login(sup, "sup")
        await set_policy(sup, "chat", soft_s=1, hard_s=30, min_queue=1)
        await set_policy(sup, "sms", soft_s=1, hard_s=30, min_queue=0)
        chat = await take_contact(chat_contact, kari, "chat")
        sms = await take_contact(sms_contact, kari, "sms")
        # The sms conversation (no queue condition) is past its limit; the chat one, with
        # nobody waiting, gets nothing.
        await warning(kari, sms, "soft")
        await asyncio.sleep(0.2)
        assert warnings(kari, chat) == []

        ok(await newcomer.request("open", channel="phone"))  # now one is waiting
        soft = await warning(kari, chat, "soft", timeout=1.0)
        assert soft["waiting"] == 1 and soft["elapsed_s"] >= 1
        assert_no_trace_for_contact(chat_contact)
        assert_no_trace_for_contact(newcomer)


async def test_risk_flag_and_continue_silence_warnings(hub: HubServer) -> None:
    async with AsyncExitStack() as stack:
        contacts = [
            await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
            for _ in range(3)
        ]
        kari = await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
        ola = await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
        sup = await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
        for desk, user in ((kari, "kari"), (ola, "ola"), (sup, "sup")):
            await staff_login(desk, user)
        await set_policy(sup, soft_s=1, hard_s=2)
        risky, continued, control = [await take_contact(c, kari) for c in contacts]
        ok(await kari.request("flag", conversation=risky, flag="risk"))

        await warning(kari, continued, "soft")
        answer = await kari.request("time_continue", conversation=continued, reason="other",
                                    text="Hun trenger mer tid.")
        event = await kari.event(continued, "time_continued")
        assert event["seq"] == ok(answer)["seq"]
        assert (event["reason"], event["text"], event["author"]) == (
            "other", "Hun trenger mer tid.", "Kari"
        )
        forbidden = await ola.request("time_continue", conversation=control, reason="crisis")
        assert forbidden["code"] == "forbidden"
        bad = await kari.request("time_continue", conversation=control, reason="bored")
        assert bad["code"] == "bad_frame"

        await warning(kari, control, "hard")  # past everyone's hard limit now
        await asyncio.sleep(0.2)
        assert warnings(kari, risky) == []
        assert warnings(kari, continued) == ["soft"]
        assert warnings(kari, control) == ["soft", "hard"]
        for contact in contacts:
            assert_no_trace_for_contact(contact)


async def test_policy_changes_reach_open_conversations_and_are_audited(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as kari,
        Wire.connect(hub.url, "/v1/staff") as sup,
        Wire.connect(hub.url, "/v1/staff") as trainer,
    ):
        for desk, user in ((kari, "kari"), (sup, "sup"), (trainer, "trainer")):
            await staff_login(desk, user)
        conv = await take_contact(contact, kari)
        await set_policy(sup, soft_s=1, hard_s=60, enabled=False)
        await asyncio.sleep(1.2)  # past the soft limit of a disabled policy
        assert warnings(kari, conv) == []

        answer = await set_policy(sup, soft_s=1, hard_s=60)  # enabled: warns at once
        soft = await warning(kari, conv, "soft", timeout=0.5)
        assert soft["elapsed_s"] >= 1
        record = {"channel": "chat", "enabled": True, "soft_s": 1, "hard_s": 60,
                  "min_queue": 0, "updated_by": "sup"}
        assert record.items() <= answer["policy"].items()
        for desk in (kari, sup, trainer):
            pushed = await desk.expect(
                lambda f: f["type"] == "policy" and f["policies"][0]["enabled"]
            )
            assert [p["channel"] for p in pushed["policies"]] == ["chat", "email"]

        await set_policy(sup, soft_s=1, hard_s=1)  # shorter hard limit: due at once
        assert (await warning(kari, conv, "hard", timeout=0.5))["hard_s"] == 1
        assert warnings(kari, conv) == ["soft", "hard"]

        rows = await hub.hub.store.run(
            lambda conn: conn.execute(
                "SELECT actor, action, target, detail FROM audit WHERE action = 'policy_set' "
                "ORDER BY id"
            ).fetchall(),
            write=False,
        )
        assert [(r[0], r[1], r[2]) for r in rows] == [("sup", "policy_set", "time_policy:chat")] * 3
        details = [json.loads(r[3]) for r in rows]
        assert details[0]["from"] is None and details[0]["to"]["enabled"] is False
        assert details[2]["from"]["hard_s"] == 60 and details[2]["to"]["hard_s"] == 1
        assert_no_trace_for_contact(contact)


@pytest.mark.parametrize("user", ["kari", "lead", "trainer", "admin"])
async def test_only_supervisors_set_policies_and_all_staff_read_them(
    hub: HubServer, user: str
) -> None:
    async with (
        Wire.connect(hub.url, "/v1/staff") as desk,
        Wire.connect(hub.url, "/v1/staff") as sup,
    ):
        await staff_login(desk, user)
        await staff_login(sup, "sup")
        refused = await desk.request("policy_set", channel="chat", soft_s=1, hard_s=2, min_queue=0)
        assert refused["code"] == "forbidden"
        shipped = {"channel": "email", "enabled": True, "soft_s": 7200, "hard_s": 14400,
                   "min_queue": 1, "updated_at": None, "updated_by": None}  # answered within hours
        assert ok(await desk.request("policy_get"))["policies"] == [shipped]
        for bad in ({"soft_s": 0, "hard_s": 2}, {"soft_s": 5, "hard_s": 4}, {"min_queue": -1}):
            fields = {"channel": "chat", "soft_s": 1, "hard_s": 2, "min_queue": 0, **bad}
            assert (await sup.request("policy_set", **fields))["code"] == "bad_frame"
        await set_policy(sup, "sms", soft_s=600, hard_s=900, min_queue=2)
        policies = ok(await desk.request("policy_get"))["policies"]
        assert [(p["channel"], p["soft_s"], p["hard_s"], p["min_queue"], p["enabled"])
                for p in policies] == [("email", 7200, 14400, 1, True), ("sms", 600, 900, 2, True)]


async def test_policies_and_given_warnings_survive_a_restart(hub_db: Path) -> None:
    async with (
        serve_hub(hub_db) as first,
        Wire.connect(first.url, "/v1/contact") as contact,
        Wire.connect(first.url, "/v1/staff") as kari,
        Wire.connect(first.url, "/v1/staff") as sup,
    ):
        await staff_login(kari, "kari")
        await staff_login(sup, "sup")
        await set_policy(sup, soft_s=1, hard_s=3)
        conv = await take_contact(contact, kari)
        await warning(kari, conv, "soft")

    async with serve_hub(hub_db) as second, Wire.connect(second.url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        policies = ok(await kari.request("policy_get"))["policies"]
        assert [(p["channel"], p["soft_s"], p["hard_s"]) for p in policies] == [
            ("chat", 1, 3), ("email", 7200, 14400)]
        ok(await kari.request("sync", after={}))
        assigned = await kari.event(conv, "assigned")
        hard = await warning(kari, conv, "hard")
        assert 3.0 <= seconds_between(assigned, hard) < 3.5
        assert warnings(kari, conv) == ["soft", "hard"]  # soft not given twice
