"""SMS like every other channel: the supervisor's load, statistics, anonymised replays and the
retention purge (the e-mail twins are in tests/integration/test_email_feature.py)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.integration.test_desk_features import NUMBER, desks, sms, until
from tests.integration.test_retention import WORD, files_holding, purge, removed, settle
from tests.support.hubs import query
from tests.support.wire import ok
from workstation.hub.replays import ReplayFeature
from workstation.hub.server import HubServer
from workstation.protocol.times import utc_now

#: SMS tables that name a conversation: all of them go with its transcript.
SMS_TABLES = ("desk_sms_threads", "sms_outbox", "sms_inbound_seen")


async def replied(hub: HubServer, count: int) -> list[str]:
    async def check() -> Any:
        return len(sms(hub).sent_to(NUMBER)) >= count

    await until(check)
    return sms(hub).sent_to(NUMBER)


def sms_rows(db: Path) -> dict[str, object]:
    return {t: query(db, f"SELECT count(*) FROM {t}")[0][0] for t in SMS_TABLES}


async def test_sms_counts_in_load_and_stats_and_replays_like_chat(hub: HubServer) -> None:
    text = "Hei, jeg heter Ida Brekke og bor i Storgata 5. Mobilen min er 412 34 567."
    async with desks(hub, "kari", "sup", "trainer") as (kari, sup, trainer):
        conv = await sms(hub).receive(NUMBER, text)
        ok(await kari.request("accept", conversation=conv))
        ok(await sup.request("watch_load"))
        await sup.expect(lambda f: f["type"] == "load" and any(
            s["user"] == "kari" and s.get("capacity", {}).get("used", {}).get("sms") == 1
            for s in f["staff"]))
        ok(await kari.request("send", conversation=conv, text="Hei Ida, takk for meldingen."))
        await replied(hub, 1)
        ok(await kari.request("close", conversation=conv))
        await hub.hub.feature(ReplayFeature).idle()
        stats = ok(await sup.request("stats", since="2020-01-01T00:00:00Z"))
        assert [(r["channel"], r["abandoned"]) for r in stats["contacts"]] == [("sms", False)]
        (row,) = ok(await trainer.request("replay_list"))["replays"]
        replay = ok(await trainer.request("replay_get", replay=row["replay"]))
    assert row["channel"] == "sms"
    dumped = json.dumps(replay, ensure_ascii=False).lower()
    for word in ("ida", "brekke", "storgata", "412 34 567", "912 34", "91234512", "** 12"):
        assert word not in dumped, word
    kinds = [e["kind"] for e in replay["events"]]
    assert "message" in kinds and not any(k.startswith("sms_") for k in kinds)


async def test_a_purged_sms_conversation_leaves_no_word_and_no_thread_row(
    hub: HubServer, hub_db: Path
) -> None:
    async with desks(hub, "kari") as (kari,):
        conv = await sms(hub).receive(NUMBER, f"hemmeligordet mitt er {WORD}")
        ok(await kari.request("accept", conversation=conv))
        ok(await kari.request("send", conversation=conv, text=f"Takk, {WORD}."))
        await replied(hub, 1)
        ok(await kari.request("close", conversation=conv))
        await settle(hub)
        assert files_holding(hub_db, WORD)  # the scan does find it while it is there
        # The thread row goes at close; the outbox and the inbound ids wait for the purge.
        assert sms_rows(hub_db) == {"desk_sms_threads": 0, "sms_outbox": 1,
                                    "sms_inbound_seen": 1}
        result = await purge(hub, utc_now() + timedelta(days=400))
    assert removed(result) == {"transcripts": 1, "replays": 1}
    assert files_holding(hub_db, WORD) == []
    assert sms_rows(hub_db) == dict.fromkeys(SMS_TABLES, 0)
    kept = query(hub_db, "SELECT channel FROM contact_stats")
    assert kept == [("sms",)]  # the contact stays as an anonymous figure
