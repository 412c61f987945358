"""After a hard contact, across a restart of the hub (docs/care.md): the pause still holds new
contacts away until its end, the debrief request is still open for the shift lead, and the
supervisor still sees the stretch and the hard contacts today."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.integration.test_care_pause import staff_row, until_true
from tests.integration.test_desk_features import desks, open_chats
from tests.support.hubs import query
from tests.support.wire import ok
from workstation.hub.debriefs import DebriefFeature
from workstation.hub.pauses import RESUME_S, PauseFeature
from workstation.hub.server import HubServer, serve_hub
from workstation.protocol.times import format_time, utc_now

Frame = dict[str, Any]
#: Seconds in a pause minute here: long enough to outlast a restart on a busy machine (a
#: restart, three sign-ins and a refused accept: under 1 s at load 4; the test's own wait is
#: this long). A pause over too soon fails the test: the accept is not refused.
MINUTE_S = 4.0


def audited(db: Path, action: str) -> list[tuple[str, str]]:
    return query(db, "SELECT actor, target FROM audit WHERE action = ? ORDER BY at, id", action)


async def test_pause_debrief_and_breaks_survive_a_restart(hub_db: Path) -> None:
    async with serve_hub(hub_db) as hub, contextlib.AsyncExitStack() as stack, desks(
        hub, "kari", "lead", "sup"
    ) as (kari, lead, sup):
        hub.hub.feature(PauseFeature).minute_s = MINUTE_S
        (hard,) = await open_chats(hub, stack, 1)
        ok(await kari.request("accept", conversation=hard))
        ok(await kari.request("hard_mark", conversation=hard))
        ok(await kari.request("close", conversation=hard, reason="staff_closed"))
        await kari.expect(lambda f: f.get("type") == "care_offer")
        ok(await sup.request("watch_load"))
        before = staff_row(await sup.expect(
            lambda f: f.get("type") == "load" and staff_row(f, "kari").get("hard_today") == 1
        ), "kari")
        paused = ok(await kari.request("pause_start", minutes=1))
        asked = ok(await kari.request("debrief_request", after=hard))
        assert asked["offered"] == ["lead"]
        await lead.expect(lambda f: f.get("type") == "debrief_offer")

    assert audited(hub_db, "pause_start") == [("kari", "kari")]
    assert audited(hub_db, "debrief_request") == [("kari", asked["debrief"])]

    async with serve_hub(hub_db) as hub, contextlib.AsyncExitStack() as stack, desks(
        hub, "kari", "lead", "sup"
    ) as (kari, lead, sup):
        # Her desk and her colleagues' are told of the pause as they sign in.
        told = await kari.expect(lambda f: f.get("type") == "pause" and f["user"] == "kari")
        assert told["until"] == paused["until"]
        # The pause holds: a new contact cannot be taken until it ends.
        (conv,) = await open_chats(hub, stack, 1)
        refused = await kari.request("accept", conversation=conv)
        assert refused["code"] == "conflict" and "pause" in refused["message"]
        # The debrief request is offered again to the shift lead who had it.
        offer = await lead.expect(lambda f: f.get("type") == "debrief_offer")
        assert (offer["debrief"], offer["author"], offer["after"]) == (
            asked["debrief"], "Kari", hard
        )
        # The supervisor sees the same stretch, the hard contact and the pause.
        ok(await sup.request("watch_load"))
        load = staff_row(await sup.expect(lambda f: f.get("type") == "load"), "kari")
        assert load["hard_today"] == 1
        assert load["break_at"] == before["break_at"]
        assert load["paused_until"] == paused["until"]
        # The lead takes the debrief: the counsellor is told, the request is closed.
        ok(await lead.request("debrief_accept", debrief=asked["debrief"]))
        await kari.expect(lambda f: f.get("type") == "debrief_answered")
        # The pause ends by itself at its time, and then the contact can be taken.
        ended = await kari.expect(
            lambda f: f.get("type") == "pause" and f["until"] is None, timeout=3 * MINUTE_S
        )
        assert ended["user"] == "kari"
        assert format_time(utc_now()) >= paused["until"]
        ok(await kari.request("accept", conversation=conv))

    assert audited(hub_db, "pause_over") == [("hub", "kari")]
    async with serve_hub(hub_db) as hub, desks(hub, "lead") as (lead,):
        ok(await lead.request("roster"))  # answered after any offer pushed at sign-in
        assert not [f for f in lead.frames if f.get("type") == "debrief_offer"]
        assert hub.hub.feature(PauseFeature).paused == {}


async def test_back_soon_keeps_the_stretch_and_later_starts_a_new_one(hub: HubServer) -> None:
    pauses = hub.hub.feature(PauseFeature)
    async with desks(hub, "kari"):
        await until_true(lambda: "kari" in pauses.break_at)
        first = format_time(pauses.break_at["kari"])
    await until_true(lambda: "kari" not in pauses.break_at)
    async with desks(hub, "kari"):
        await until_true(lambda: "kari" in pauses.break_at)
        assert format_time(pauses.break_at["kari"]) == first  # dropped: the same stretch
    await until_true(lambda: "kari" not in pauses.break_at)
    later = utc_now() + timedelta(seconds=RESUME_S + 60)
    pauses.clock = lambda: later
    async with desks(hub, "kari"):
        await until_true(lambda: "kari" in pauses.break_at)
        assert pauses.break_at["kari"] == later  # gone longer: a new stretch


async def test_a_debrief_request_outlives_a_dropped_connection_but_not_a_counsellor_gone(
    hub: HubServer, hub_db: Path
) -> None:
    debriefs = hub.hub.feature(DebriefFeature)
    debriefs.gone_s = 4.0
    async with desks(hub, "lead") as (lead,):
        async with desks(hub, "kari") as (kari,):
            first = ok(await kari.request("debrief_request"))["debrief"]
        await until_true(lambda: "kari" in debriefs._gone)  # gone: the clock runs
        async with desks(hub, "kari"):  # back in time: it stops, still open
            assert "kari" not in debriefs._gone and first in debriefs.debriefs
            await lead.expect(lambda f: f.get("type") == "debrief_offer")
        gone = await lead.expect(lambda f: f.get("type") == "debrief_withdrawn", timeout=15)
        assert (gone["debrief"], gone["reason"]) == (first, "cancelled")
    await until_true(lambda: audited(hub_db, "debrief_cancel") == [("hub", first)])
