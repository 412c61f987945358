"""``workstation-hub serve --db postgresql://…`` as an operator runs it: a real process on the
tests' PostgreSQL, killed with SIGKILL mid-conversation and started again on the same
database (issue 16, stage 2b)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from tests.conftest import staff_login
from tests.support.hubs import HubProcess
from tests.support.wire import Wire, ok


@pytest.fixture
def pg_hub(hub_db: str) -> Iterator[HubProcess]:
    process = HubProcess(hub_db)
    process.start()
    yield process
    process.stop()


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_a_chat_survives_sigkill_of_a_hub_serving_from_postgresql(
    pg_hub: HubProcess, hub_db: str
) -> None:
    assert hub_db.startswith("postgresql://")
    async with (
        Wire.connect(pg_hub.url, "/v1/contact") as contact,
        Wire.connect(pg_hub.url, "/v1/staff") as desk,
    ):
        opened = ok(await contact.request("open", channel="chat"))
        conv = opened["conversation"]
        await staff_login(desk, "kari")
        ok(await desk.request("accept", conversation=conv))
        acked: dict[str, int] = {}
        for i in range(15):
            frame = ok(await contact.request("send", id=f"c{i}", text=f"melding {i}"))
            acked[f"c{i}"] = frame["seq"]
        for i in range(5):
            frame = ok(await desk.request("send", id=f"s{i}", conversation=conv,
                                          text=f"svar {i}"))
            acked[f"s{i}"] = frame["seq"]
        pg_hub.kill()
        await contact.closed.wait()
        await desk.closed.wait()

    # Straight from the database: every acknowledged message once, seq 1, 2, 3 … no gap.
    with psycopg.connect(hub_db) as conn:
        rows = conn.execute(
            "SELECT seq, kind, client_id FROM events WHERE conversation = %s ORDER BY seq",
            (conv,),
        ).fetchall()
    seqs = [seq for seq, _, _ in rows]
    assert seqs == list(range(1, len(rows) + 1))
    messages = [(client_id, seq) for seq, kind, client_id in rows if kind == "message"]
    assert sorted(messages) == sorted(acked.items())

    pg_hub.start()  # the same database, a new process
    async with (
        Wire.connect(pg_hub.url, "/v1/contact") as contact,
        Wire.connect(pg_hub.url, "/v1/staff") as desk,
    ):
        ok(await contact.request("resume", resume_token=opened["resume_token"], after=0))
        await contact.expect(lambda f: f.get("seq") == seqs[-1])
        assert [e["seq"] for e in contact.events(conv)] == seqs
        await staff_login(desk, "kari")
        # A resent message is answered with its first seq, and stored no second time.
        again = ok(await desk.request("send", id="s4", conversation=conv, text="svar 4"))
        assert again["seq"] == acked["s4"]
        after = ok(await contact.request("send", id="etter", text="er du der?"))
        assert after["seq"] == seqs[-1] + 1
    with psycopg.connect(hub_db) as conn:
        (count,) = conn.execute(
            "SELECT COUNT(*) FROM events WHERE conversation = %s", (conv,)
        ).fetchone() or (0,)
    assert count == len(rows) + 1
