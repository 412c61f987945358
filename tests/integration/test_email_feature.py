"""The hub's e-mail feature with the simulated mailbox: threading rules, failures, restarts,
and what is left of an address once its conversation closes."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from tests.integration.test_care_blocks import kind_answer, take_and_close
from tests.integration.test_desk_features import db_bytes, desks, until
from tests.support.wire import ok
from workstation.hub.email.feature import EmailFeature
from workstation.hub.email.gateway import EmailError
from workstation.hub.email.simulated import SimulatedEmail
from workstation.hub.replays import ReplayFeature
from workstation.hub.server import HubServer, serve_hub
from workstation.protocol.times import utc_now
from workstation.sessions.referrals import OSLO

ADDRESS = "nora.berg@eksempel.no"
OTHER = "noen.andre@eksempel.no"


def mailbox(hub: HubServer) -> SimulatedEmail:
    gateway = hub.hub.feature(EmailFeature).gateway
    assert isinstance(gateway, SimulatedEmail)
    return gateway


async def answered(gateway: SimulatedEmail, count: int) -> list[EmailMessage]:
    async def check() -> Any:
        return len(gateway.sent) >= count

    await until(check)
    return gateway.sent


async def rows(hub: HubServer) -> list[Any]:
    return await hub.hub.store.run(  # type: ignore[no-any-return]
        lambda conn: conn.execute(
            "SELECT conversation FROM desk_email_threads UNION ALL "
            "SELECT conversation FROM desk_email_ids"
        ).fetchall(),
        write=False,
    )


async def test_someone_else_quoting_the_thread_does_not_join_the_conversation(
    hub: HubServer,
) -> None:
    gateway = mailbox(hub)
    async with desks(hub, "kari") as (kari,):
        conv = await gateway.receive(ADDRESS, "Hei, jeg heter Nora.")
        ok(await kari.request("accept", conversation=conv))
        ok(await kari.request("send", conversation=conv, text="Hei Nora!"))
        (answer,) = await answered(gateway, 1)
        stranger = await gateway.receive(OTHER, "Jeg fikk denne videresendt.",
                                         in_reply_to=str(answer["Message-ID"]))
        same = await gateway.receive(ADDRESS, "Takk!", in_reply_to=str(answer["Message-ID"]))
    assert stranger not in (None, conv)
    assert same == conv


async def test_a_failed_answer_is_noted_and_a_closed_thread_is_forgotten(
    hub: HubServer, hub_db: Path,
) -> None:
    gateway = mailbox(hub)

    async def refuse(message: EmailMessage) -> None:
        raise EmailError("550")

    async with desks(hub, "kari") as (kari,):
        conv = await gateway.receive(ADDRESS, "Er det noen der?")
        ok(await kari.request("accept", conversation=conv))
        gateway.send = refuse  # type: ignore[method-assign]
        sent = ok(await kari.request("send", conversation=conv, text="Ja, vi er her."))
        failed = await kari.event(conv, "email_failed")
        assert failed["message_seq"] == sent["seq"]
        del gateway.send  # the class's own send again
        ok(await kari.request("send", conversation=conv, text="Ja, vi er her."))
        (answer,) = await answered(gateway, 1)
        assert len(await rows(hub)) == 3  # the thread, the letter, the answer
        ok(await kari.request("close", conversation=conv))
        await until(lambda: _empty(hub))
        again = await gateway.receive(ADDRESS, "Hei igjen", in_reply_to=str(answer["Message-ID"]))
    assert again not in (None, conv)
    stored = db_bytes(hub_db)
    assert b"nora.berg" not in stored and b"eksempel.no" not in stored


async def _empty(hub: HubServer) -> bool:
    return not await rows(hub)


async def test_an_open_thread_survives_a_restart(hub_db: Path) -> None:
    async with serve_hub(hub_db) as first:
        conv = await mailbox(first).receive(ADDRESS, "Hei.", subject="Spørsmål")
    async with serve_hub(hub_db) as second, desks(second, "kari") as (kari,):
        gateway = mailbox(second)
        ok(await kari.request("accept", conversation=conv))
        ok(await kari.request("send", conversation=conv, text="Hei, takk for brevet."))
        (answer,) = await answered(gateway, 1)
        assert answer["To"] == ADDRESS and answer["Subject"] == "Re: Spørsmål"
        more = await gateway.receive(ADDRESS, "Mer", in_reply_to=str(answer["Message-ID"]))
    assert more == conv


async def test_email_counts_in_load_and_stats_and_replays_like_chat(hub: HubServer) -> None:
    gateway = mailbox(hub)
    letter = "Hei, jeg heter Ida Brekke og bor i Storgata 5. Mobilen min er 412 34 567."
    async with desks(hub, "kari", "sup", "trainer") as (kari, sup, trainer):
        conv = await gateway.receive(ADDRESS, letter, subject="Ida trenger hjelp")
        ok(await kari.request("accept", conversation=conv))
        ok(await sup.request("watch_load"))
        await sup.expect(lambda f: f["type"] == "load" and any(
            s["user"] == "kari" and s.get("capacity", {}).get("used", {}).get("email") == 1
            for s in f["staff"]))
        ok(await kari.request("send", conversation=conv, text="Hei Ida, takk for brevet."))
        await answered(gateway, 1)
        ok(await kari.request("close", conversation=conv))
        await hub.hub.feature(ReplayFeature).idle()
        stats = ok(await sup.request("stats", since="2020-01-01T00:00:00Z"))
        assert [(r["channel"], r["abandoned"]) for r in stats["contacts"]] == [("email", False)]
        (row,) = ok(await trainer.request("replay_list"))["replays"]
        replay = ok(await trainer.request("replay_get", replay=row["replay"]))
    assert row["channel"] == "email"
    dumped = json.dumps(replay, ensure_ascii=False).lower()
    for word in ("ida", "brekke", "storgata", "412", "nora", "eksempel", "k***", "trenger hjelp"):
        assert word not in dumped, word
    kinds = [e["kind"] for e in replay["events"]]
    assert "message" in kinds and not any(k.startswith("email_") for k in kinds)


async def test_the_counsellor_is_named_only_when_they_choose_to_sign(hub: HubServer) -> None:
    gateway = mailbox(hub)
    async with desks(hub, "kari") as (kari,):
        conv = await gateway.receive(ADDRESS, "Hei")
        ok(await kari.request("accept", conversation=conv))
        ok(await kari.request("send", conversation=conv, text="Hei, takk for brevet."))
        ok(await kari.request("send", conversation=conv, text="Skriv igjen.", sign=True))
        unsigned, signed = await answered(gateway, 2)
    assert "Kari" not in unsigned.get_content()
    assert signed.get_content().startswith("Skriv igjen.\n\nHilsen Kari\n\n-- \n")


async def test_a_blocked_sender_is_answered_kindly_once_and_never_queued(
    hub: HubServer, hub_db: Path,
) -> None:
    gateway = mailbox(hub)
    async with desks(hub, "kari", "lead", "sup") as (kari, lead, sup):
        conv = await gateway.receive(ADDRESS, "tull og tøys")
        assert conv is not None
        await take_and_close(kari, conv)  # marked abusive: the hub knows its identifier
        ok(await lead.request("block_add", conversation=conv, hours=24, reason="Spam"))

        assert await gateway.receive(ADDRESS.upper(), "mer tull", subject="Hallo") is None
        (answer,) = await answered(gateway, 1)
        kind_answer(answer.get_content())
        assert answer["Auto-Submitted"] == "auto-replied"
        assert answer["Subject"] == "Re: Hallo" and answer["In-Reply-To"]
        assert await gateway.receive(ADDRESS, "og enda mer") is None
        assert hub.hub.queue == []
        other = await gateway.receive(OTHER, "Hei, jeg trenger hjelp.")
        assert other in hub.hub.queue
        today = utc_now().astimezone(OSLO).date().isoformat()
        days = ok(await sup.request("block_stats", since=today))["days"]
    assert days == [{"day": today, "channel": "email", "count": 2}]
    assert len(gateway.sent_to(ADDRESS)) == 1  # answered once, never twice
    assert b"nora.berg" not in db_bytes(hub_db)
