"""After a hard contact (docs/care.md): the offer, the pause that holds new contacts away and
ends, hard contacts and breaks in the supervisor's load, the no-break reminder."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.integration.test_desk_features import desks, open_chats
from tests.support.wire import Wire, ok
from workstation.hub.pauses import PauseFeature
from workstation.hub.server import HubServer, serve_hub
from workstation.protocol.times import utc_now

Frame = dict[str, Any]


async def until_true(check: Any) -> None:
    for _ in range(250):
        if check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the condition did not come true")


def staff_row(load: Frame, user: str) -> Frame:
    return next(p for p in load["staff"] if p.get("user", p.get("name")) == user)


async def test_a_hard_mark_or_a_risk_flag_offers_a_pause_and_counts(hub: HubServer) -> None:
    async with contextlib.AsyncExitStack() as stack, desks(hub, "kari", "sup") as (kari, sup):
        hard, risky, plain = await open_chats(hub, stack, 3)
        for conv in (hard, risky, plain):
            ok(await kari.request("accept", conversation=conv, over_capacity=True))
        ok(await kari.request("hard_mark", conversation=hard))
        assert (await kari.event(hard, "marked_hard"))["user"] == "kari"
        ok(await kari.request("flag", conversation=risky, flag="risk"))
        for conv in (plain, hard, risky):
            ok(await kari.request("close", conversation=conv, reason="staff_closed"))
        offers = [await kari.expect(lambda f: f.get("type") == "care_offer") for _ in range(2)]
        assert {o["conversation"]: o["reasons"] for o in offers} == {
            hard: ["hard"], risky: ["risk"]
        }
        ok(await sup.request("watch_load"))
        load = await sup.expect(lambda f: f.get("type") == "load"
                                and staff_row(f, "kari").get("hard_today") == 2)
        assert staff_row(load, "kari")["break_at"]
        assert not [f for f in kari.frames if f.get("type") == "care_offer"
                    and f["conversation"] == plain]


async def test_a_pause_holds_new_contacts_away_and_ends_by_itself(hub: HubServer) -> None:
    pauses = hub.hub.feature(PauseFeature)
    pauses.minute_s = 0.3  # a pause minute lasts 0.3 s here
    async with contextlib.AsyncExitStack() as stack, desks(
        hub, "kari", "ola", "lead"
    ) as (kari, ola, lead):
        (conv,) = await open_chats(hub, stack, 1)
        answer = ok(await kari.request("pause_start", minutes=1))
        assert answer["until"]
        told = await ola.expect(lambda f: f.get("type") == "pause" and f["until"])
        assert told["user"] == "kari"
        alert = await lead.expect(lambda f: f.get("alert") == "pause_started")
        assert alert["author"] == "Kari"
        refused = await kari.request("accept", conversation=conv)
        assert refused["code"] == "conflict" and "pause" in refused["message"]
        await ola.expect(lambda f: f.get("type") == "pause" and f["until"] is None)
        ok(await kari.request("accept", conversation=conv))


async def test_a_pause_can_be_ended_early_and_resets_the_break_clock(hub: HubServer) -> None:
    async with contextlib.AsyncExitStack() as stack, desks(hub, "kari", "sup") as (kari, sup):
        (conv,) = await open_chats(hub, stack, 1)
        ok(await sup.request("watch_load"))
        first = staff_row(await sup.expect(lambda f: f.get("type") == "load"), "kari")
        ok(await kari.request("pause_start", minutes=15))
        paused = await sup.expect(lambda f: f.get("type") == "load"
                                  and "paused_until" in staff_row(f, "kari"))
        assert staff_row(paused, "kari")["break_at"] == first["break_at"]
        assert (await kari.request("accept", conversation=conv))["code"] == "conflict"
        ok(await kari.request("pause_end"))
        # (not a load pushed before the pause that the wait for ``paused`` passed over)
        back = await sup.expect(lambda f: f.get("type") == "load"
                                and "paused_until" not in staff_row(f, "kari")
                                and staff_row(f, "kari")["break_at"] != first["break_at"])
        assert staff_row(back, "kari")["break_at"] > first["break_at"]
        ok(await kari.request("accept", conversation=conv))
        assert (await kari.request("pause_end"))["code"] == "conflict"


async def test_the_shift_lead_is_reminded_once_of_someone_without_a_break(
    hub: HubServer,
) -> None:
    pauses = hub.hub.feature(PauseFeature)
    async with desks(hub, "kari", "lead", "sup") as (kari, lead, sup):
        assert (await kari.request("break_policy_set", minutes=60))["code"] == "forbidden"
        assert ok(await sup.request("break_policy_set", minutes=90))["minutes"] == 90
        assert pauses.break_after_s == 90 * 60
        assert ok(await lead.request("break_policy_get"))["minutes"] == 90
        assert (await kari.request("break_policy_get"))["code"] == "forbidden"
        pauses.remind()  # 90 minutes have not passed
        pauses.clock = lambda: utc_now() + timedelta(minutes=91)
        pauses.remind()
        pauses.remind()
        ok(await lead.request("roster"))  # answered after any push sent before it
        alerts = [f for f in lead.frames if f.get("alert") == "no_break"]
        assert [a["user"] for a in alerts] == ["kari"]  # once, and only for counsellors
        assert alerts[0]["worked_s"] >= 91 * 60 and alerts[0]["author"] == "Kari"
        await kari.ws.close()
        await until_true(lambda: "kari" not in pauses.break_at)  # off shift: a new stretch


async def test_nothing_of_it_reaches_the_young_person(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as child, desks(hub, "kari") as (kari,):
        conv = ok(await child.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        ok(await kari.request("hard_mark", conversation=conv))
        ok(await kari.request("close", conversation=conv, reason="staff_closed"))
        await kari.expect(lambda f: f.get("type") == "care_offer")
        await child.expect(lambda f: f.get("kind") == "closed")
        kinds = [f.get("kind") or f.get("type") for f in child.frames]
        assert "marked_hard" not in kinds and "care_offer" not in kinds and "pause" not in kinds


async def test_the_break_policy_is_kept_across_a_restart(hub_db: Path) -> None:
    async with serve_hub(hub_db) as hub, desks(hub, "sup") as (sup,):
        ok(await sup.request("break_policy_set", minutes=150))
    async with serve_hub(hub_db) as hub, desks(hub, "sup") as (sup,):
        assert ok(await sup.request("break_policy_get"))["minutes"] == 150
        assert hub.hub.feature(PauseFeature).break_after_s == 150 * 60


async def test_a_concern_report_makes_a_contact_hard(hub: HubServer) -> None:
    from tests.integration.test_report_approval import scene as report_scene
    from tests.integration.test_report_approval import submit

    async with report_scene(hub) as s:
        ok(await submit(s.kari, s.conversation))
        ok(await s.kari.request("close", conversation=s.conversation, reason="staff_closed"))
        offer = await s.kari.expect(lambda f: f.get("type") == "care_offer")
        assert (offer["conversation"], offer["reasons"]) == (s.conversation, ["report"])
