"""Several hubs on one PostgreSQL (issue 16): after a database outage every hub's rows are
old at once; the first hub back does not take the staff of hubs that live for gone (which
would release the young people waiting for them) before they had the time to beat again."""

from __future__ import annotations

import psycopg
import pytest

from tests.integration.test_two_hubs_dead_calls import EXPIRES_S, WITHIN_S, hub_on, until
from tests.support.two_hubs import desks_on
from workstation.hub import server as hub_server
from workstation.hub.cluster.presence import ClusterPresence

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)


@pytest.fixture(autouse=True)
def quick_expiry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hub_server, "EXPIRES_S", EXPIRES_S)


async def test_a_hub_back_from_an_outage_keeps_the_staff_of_hubs_that_live(hub_db: str) -> None:
    """Kari is signed in on A, which B sees. The database is out for both: A's beats fail
    and kari's row grows old; B is back first. B keeps kari signed in (the features are not
    told she is gone) until it has beaten steadily for the expiry, by when A beats again."""
    async with hub_on(hub_db) as a, hub_on(hub_db) as b, desks_on((a.url, "kari")):
        on_b = b.hub.feature(ClusterPresence)
        await until(lambda: "kari" in b.hub.elsewhere, WITHIN_S)
        gone: list[str] = []
        for feature in b.hub.features:
            original = feature.on_staff_gone

            def told(user: str, original: object = original) -> None:
                gone.append(user)
                original(user)  # type: ignore[operator]

            feature.on_staff_gone = told  # type: ignore[method-assign]
        on_a = a.hub.feature(ClusterPresence)

        async def cut_off(*args: object) -> None:
            raise OSError("the database is out")

        on_a._write = cut_off  # type: ignore[method-assign]
        on_a.row.renew = cut_off  # type: ignore[method-assign]

        def outage() -> bool:  # kari's row, last renewed long before (a beat may land)
            with psycopg.connect(hub_db) as conn:
                conn.execute("UPDATE staff_presence SET heartbeat_at = %s WHERE hub = %s",
                             ("2000-01-01T00:00:00.000000Z", on_a.hub_id))
                row = conn.execute("SELECT heartbeat_at FROM staff_presence WHERE hub = %s",
                                   (on_a.hub_id,)).fetchone()
            return row is not None and str(row[0]).startswith("2000")

        await until(outage, WITHIN_S)
        on_b.row.steady_since = None  # B's own beats failed meanwhile
        await on_b.row.renew(on_b.expires_s)  # B is back first
        await on_b.read()
        assert "kari" in b.hub.elsewhere and gone == []
        del on_a._write, on_a.row.renew  # A's beats go through again
        await until(lambda: on_b.row.steady_for(on_b.expires_s), WITHIN_S)
        await on_b.read()
        assert "kari" in b.hub.elsewhere and gone == []
