"""The hub's e-mail feature with the simulated mailbox: threading rules, failures, restarts,
and what is left of an address once its conversation closes."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

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


async def test_an_answer_waits_while_the_server_is_down_and_goes_out_once(
    hub: HubServer, hub_db: Path,
) -> None:
    gateway = mailbox(hub)
    hub.hub.feature(EmailFeature).retry_max_s = 0.2
    async with desks(hub, "kari") as (kari,):
        conv = await gateway.receive(ADDRESS, "Er dere der?")
        ok(await kari.request("accept", conversation=conv))
        gateway.down = True
        sent = ok(await kari.request("send", conversation=conv, text="Ja, vi er her."))
        pending = await kari.event(conv, "email_status")
        assert (pending["message_seq"], pending["status"]) == (sent["seq"], "pending")
        await until(lambda: tried(hub, 2))  # refused twice: tried again with backoff
        assert await outbox_rows(hub) == [("pending", 1)]
        assert b"nora.berg" not in db_bytes(hub_db)  # the waiting answer is sealed
        gateway.down = False
        done = await kari.expect(lambda f: f.get("kind") == "email_status"
                                 and f.get("status") == "sent")
        assert done["message_seq"] == sent["seq"]
        ok(await kari.request("send", conversation=conv, text="Skriv når du vil."))
        first, second = await answered(gateway, 2)
    assert len(gateway.sent) == 2  # the waiting answer went out exactly once, then the next
    assert "Ja, vi er her." in first.get_content() and second["In-Reply-To"] == first["Message-ID"]
    assert await outbox_rows(hub) == [("sent", 0), ("sent", 0)]


async def test_a_waiting_answer_survives_a_restart_of_the_hub(hub_db: Path) -> None:
    async with serve_hub(hub_db) as first, desks(first, "kari") as (kari,):
        conv = await mailbox(first).receive(ADDRESS, "Hei.")
        ok(await kari.request("accept", conversation=conv))
        mailbox(first).down = True
        ok(await kari.request("send", conversation=conv, text="Hei, takk for brevet."))
        await kari.event(conv, "email_status")
        await until(lambda: tried(first, 1))
    async with serve_hub(hub_db) as second:
        (answer,) = await answered(mailbox(second), 1)
        assert answer["To"] == ADDRESS
        assert await outbox_rows(second) == [("sent", 0)]


async def outbox_rows(hub: HubServer) -> list[Any]:
    """(status, whether the sealed answer is still kept) of each answer, in order."""
    return await hub.hub.store.run(  # type: ignore[no-any-return]
        lambda conn: conn.execute(
            "SELECT status, sealed IS NOT NULL FROM email_outbox "
            "ORDER BY created_at, conversation, message_seq"
        ).fetchall(),
        write=False,
    )


async def tried(hub: HubServer, times: int) -> bool:
    """Was every waiting answer tried at least ``times`` times?"""
    fewest = await hub.hub.store.run(
        lambda conn: conn.execute("SELECT min(attempts) FROM email_outbox").fetchone()[0],
        write=False,
    )
    return fewest is not None and fewest >= times


async def test_an_answer_stored_but_not_queued_when_the_hub_stopped_goes_out_after_a_restart(
    hub_db: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def stopped_before_queueing(*_args: Any) -> None:
        return None

    with monkeypatch.context() as patch:
        patch.setattr(EmailFeature, "_queue", stopped_before_queueing)
        async with serve_hub(hub_db) as first, desks(first, "kari") as (kari,):
            conv = await mailbox(first).receive(ADDRESS, "Hei.")
            ok(await kari.request("accept", conversation=conv))
            ok(await kari.request("send", conversation=conv, text="Hei, takk for brevet."))
            assert mailbox(first).sent == [] and await outbox_rows(first) == []
    async with serve_hub(hub_db) as second:
        (answer,) = await answered(mailbox(second), 1)
        assert answer.get_content().startswith("Hei, takk for brevet.")
        assert await outbox_rows(second) == [("sent", 0)]
    async with serve_hub(hub_db) as third:  # queued once: not again at the next start
        assert await outbox_rows(third) == [("sent", 0)]
        assert mailbox(third).sent == []
