"""Follow-up times against the roster (docs/returning.md, "The roster"): inside one of the
counsellor's shifts and the opening hours the time is agreed, outside it is refused with a
sentence; the times the desk proposes lie inside both; with no shift registered for anyone,
the opening hours alone decide and the answer says so."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.integration.test_desk_features import desks
from tests.support.hubs import connect
from tests.support.wire import Wire, ok
from workstation.hub import shifts
from workstation.hub.returning.feature import ReturnFeature
from workstation.hub.server import HubServer
from workstation.hub.webchat.status import ChatHours
from workstation.protocol.times import format_time, parse_time
from workstation.sessions.referrals import OSLO


def tomorrow(hour: int, minute: int = 0) -> datetime:
    day = datetime.now(OSLO) + timedelta(days=1)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


def register(db: Path, user: str, start: datetime, end: datetime) -> None:
    """As ``workstation-hub roster add`` does (tested through the command line in e2e)."""
    shift = shifts.make(user, start.isoformat(), end.isoformat())
    with connect(db) as conn:
        shifts.add(conn, [shift], "cli:test", format_time(datetime.now(UTC)))


def wire_time(moment: datetime) -> str:
    return format_time(moment.astimezone(UTC))


async def test_a_follow_up_time_must_lie_in_her_shift_and_the_opening_hours(
    hub: HubServer, hub_db: Path
) -> None:
    hub.hub.feature(ReturnFeature).hours = ChatHours("08:00", "22:00")
    async with contextlib.AsyncExitStack() as stack, desks(hub, "kari") as (kari,):
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        # No roster yet: the opening hours only, and the answer says so.
        free = ok(await kari.request("follow_up_times"))
        assert free["roster"] is False and free["times"]
        assert all(8 <= parse_time(t).astimezone(OSLO).hour < 22 for t in free["times"])
        ok(await kari.request("return_code_offer", conversation=conv,
                              follow_up_at=wire_time(tomorrow(20))))
        # Kari works 12–16 tomorrow; Ola works in the evening.
        register(hub_db, "kari", tomorrow(12), tomorrow(16))
        register(hub_db, "ola", tomorrow(16), tomorrow(22))
        outside = await kari.request("return_code_offer", conversation=conv,
                                     follow_up_at=wire_time(tomorrow(20)))
        assert outside["code"] == "bad_frame" and outside["field"] == "follow_up_at"
        assert outside["message"].startswith("That time is outside your shifts in the roster")
        inside = ok(await kari.request("return_code_offer", conversation=conv,
                                       follow_up_at=wire_time(tomorrow(15, 30))))
        assert inside["follow_up_at"] == wire_time(tomorrow(15, 30))
        # Her shift, but the chat is closed then: refused for the opening hours.
        hub.hub.feature(ReturnFeature).hours = ChatHours("08:00", "14:00")
        closed = await kari.request("return_code_offer", conversation=conv,
                                    follow_up_at=wire_time(tomorrow(15)))
        assert closed["code"] == "bad_frame" and "opening hours" in closed["message"]
        # What the desk proposes: her shift ∩ the opening hours, every half hour.
        proposed = ok(await kari.request("follow_up_times"))
        assert proposed["roster"] is True
        assert [parse_time(t).astimezone(OSLO) for t in proposed["times"]] == [
            tomorrow(12), tomorrow(12, 30), tomorrow(13), tomorrow(13, 30)]
        async with desks(hub, "sup") as (sup,):
            assert (await sup.request("follow_up_times"))["code"] == "forbidden"


async def test_a_counsellor_without_a_shift_is_told_when_others_have_one(
    hub: HubServer, hub_db: Path
) -> None:
    register(hub_db, "ola", tomorrow(9), tomorrow(17))
    async with desks(hub, "kari") as (kari,), Wire.connect(hub.url, "/v1/contact") as contact:
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        answer = ok(await kari.request("follow_up_times"))
        assert answer == {**answer, "roster": True, "times": []}
        refused = await kari.request("return_code_offer", conversation=conv,
                                     follow_up_at=wire_time(tomorrow(10)))
        assert "outside your shifts" in refused["message"]
        ok(await kari.request("return_code_offer", conversation=conv))  # a code, no time
