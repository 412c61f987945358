"""Held return contacts and pauses across two hubs on one PostgreSQL (issue 16; docs/deploy.md
"Several hubs at once", "Decisions once, in the database"): each hold's step and each pause's
end is decided once, whichever hubs time it, and a hub that starts (or survives) holds and
times what was held."""

from __future__ import annotations

import pytest

from tests.conftest import staff_login
from tests.integration.test_sms_outbox import eventually
from tests.support.hubs import query
from tests.support.wire import Wire, ok
from workstation.hub.pauses import PauseFeature
from workstation.hub.server import serve_hub

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)


def audited(dsn: str, action: str, target: str) -> int:
    return len(query(dsn, "SELECT 1 FROM audit WHERE action = ? AND target = ?", action, target))


async def test_a_pause_timed_by_a_hub_started_during_it_is_over_once(hub_db: str) -> None:
    async with serve_hub(hub_db) as a:
        pauses_a = a.hub.feature(PauseFeature)
        pauses_a.minute_s = 1.0  # a pause of 3 "minutes" lasts 3 s
        async with Wire.connect(a.url, "/v1/staff") as kari:
            await staff_login(kari, "kari")
            ok(await kari.request("pause_start", minutes=3))
            async with serve_hub(hub_db) as b:  # started during the pause: it times it too
                pauses_b = b.hub.feature(PauseFeature)
                assert "kari" in pauses_b.paused
                await eventually(lambda: "kari" not in pauses_a.paused
                                 and "kari" not in pauses_b.paused, seconds=10)
                await pauses_a._background.idle()
                await pauses_b._background.idle()
                assert audited(hub_db, "pause_over", "kari") == 1


async def test_a_pause_ended_on_its_hub_is_not_timed_on_a_hub_started_during_it(
    hub_db: str,
) -> None:
    async with serve_hub(hub_db) as a, Wire.connect(a.url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        ok(await kari.request("pause_start", minutes=3))
        async with serve_hub(hub_db) as b:
            pauses_b = b.hub.feature(PauseFeature)
            assert "kari" in pauses_b.paused
            ok(await kari.request("pause_end"))
            # Hub B reads the pauses again: Kari is no longer paused there either (her
            # accept on B would be refused until the pause's old end otherwise).
            await eventually(lambda: "kari" not in pauses_b.paused, seconds=5)
            assert audited(hub_db, "pause_end", "kari") == 1
