"""Replay deletion (roles, audit, repeated requests) and practice attempts kept per trainee."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import staff_login
from tests.support.hubs import query
from tests.support.practice import add_trainees, make_replay
from tests.support.wire import Wire, ok
from workstation.hub.retention import RetentionFeature
from workstation.hub.server import HubServer, serve_hub
from workstation.protocol.times import utc_now


@pytest.fixture
async def hub(hub_db: Path | str) -> AsyncIterator[HubServer]:
    """The test hub with two trainees besides the usual staff."""
    add_trainees(hub_db)
    async with serve_hub(hub_db) as server:
        yield server


def counsellor_lines(replay: dict) -> list[int]:  # type: ignore[type-arg]
    return [i for i, e in enumerate(replay["events"])
            if e["kind"] == "message" and e["from"] == "staff"]


rows = query


async def save(wire: Wire, replay: dict, index: int, text: str, **fields: object) -> dict:  # type: ignore[type-arg]
    event = replay["events"][index]
    return await wire.request("practice_save", replay=replay["replay"], event=index,
                              offset_ms=event["offset_ms"], text=text, **fields)


# --- deleting a replay ------------------------------------------------------------------------


@pytest.mark.parametrize("deleter", ["trainer", "sup"])
async def test_trainer_or_supervisor_deletes_with_everything_and_an_audit_entry(
    hub: HubServer, hub_db: Path | str, deleter: str
) -> None:
    replay = await make_replay(hub)
    replay_id = replay["replay"]
    first = counsellor_lines(replay)[0]
    async with Wire.connect(hub.url, "/v1/staff") as wire, \
            Wire.connect(hub.url, "/v1/staff") as tina:
        await staff_login(tina, "tina")
        ok(await save(tina, replay, first, "Hei! Fint at du sier fra."))
        await staff_login(wire, deleter)
        if deleter == "trainer":
            ok(await wire.request("replay_annotate", replay=replay_id, offset_ms=0, text="Se her"))
        answer = ok(await wire.request("replay_delete", replay=replay_id, id="del-1"))
        assert answer["replay"] == replay_id
        assert ok(await wire.request("replay_list"))["replays"] == []
        assert (await wire.request("replay_get", replay=replay_id))["code"] == "not_found"
        assert (await tina.request("practice_list", replay=replay_id))["code"] == "not_found"
    for table in ("replays", "replay_annotations", "practice_attempts"):
        column = "id" if table == "replays" else "replay"
        assert rows(hub_db, f"SELECT * FROM {table} WHERE {column} = ?", replay_id) == []
    audit = rows(hub_db, "SELECT at, actor, action, target, detail FROM audit "
                 "WHERE action = 'replay_delete'")
    assert len(audit) == 1
    at, actor, _, target, detail = audit[0]
    assert (actor, target) == (deleter, replay_id) and str(at).endswith("Z")
    assert json.loads(str(detail)) == {
        "request": "del-1", "annotations": 1 if deleter == "trainer" else 0, "attempts": 1,
    }


@pytest.mark.parametrize("user", ["kari", "lead", "admin", "tina"])
async def test_other_roles_may_not_delete(hub: HubServer, hub_db: Path | str, user: str) -> None:
    replay_id = (await make_replay(hub))["replay"]
    async with Wire.connect(hub.url, "/v1/staff") as wire:
        await staff_login(wire, user)
        assert (await wire.request("replay_delete", replay=replay_id))["code"] == "forbidden"
    assert rows(hub_db, "SELECT id FROM replays") == [(replay_id,)]
    assert rows(hub_db, "SELECT * FROM audit WHERE action = 'replay_delete'") == []


async def test_repeated_delete_answers_as_the_first_time(
    hub: HubServer, hub_db: Path | str
) -> None:
    replay_id = (await make_replay(hub))["replay"]
    async with Wire.connect(hub.url, "/v1/staff") as trainer, \
            Wire.connect(hub.url, "/v1/staff") as sup:
        await staff_login(trainer, "trainer")
        await staff_login(sup, "sup")
        first = ok(await trainer.request("replay_delete", replay=replay_id, id="same"))
        again = ok(await trainer.request("replay_delete", replay=replay_id, id="same"))
        assert again["replay"] == first["replay"] == replay_id
        # A new request, or the same id from someone else, finds nothing to delete.
        assert (await trainer.request("replay_delete", replay=replay_id))["code"] == "not_found"
        other = await sup.request("replay_delete", replay=replay_id, id="same")
        assert other["code"] == "not_found"
        assert (await sup.request("replay_delete", replay="rnope"))["code"] == "not_found"
    assert len(rows(hub_db, "SELECT * FROM audit WHERE action = 'replay_delete'")) == 1


# --- practice attempts ------------------------------------------------------------------------


async def test_each_trainee_sees_only_their_own_attempts_a_trainer_sees_all(
    hub: HubServer,
) -> None:
    replay = await make_replay(hub)
    replay_id = replay["replay"]
    one, two = counsellor_lines(replay)
    async with (
        Wire.connect(hub.url, "/v1/staff") as tina,
        Wire.connect(hub.url, "/v1/staff") as tore,
        Wire.connect(hub.url, "/v1/staff") as trainer,
        Wire.connect(hub.url, "/v1/staff") as kari,
    ):
        for wire, name in ((tina, "tina"), (tore, "tore"), (trainer, "trainer"), (kari, "kari")):
            await staff_login(wire, name)
        saved = ok(await save(tina, replay, one, "Hei, godt at du tar kontakt."))
        assert saved["trainee"] == "tina" and saved["event"] == one
        assert saved["offset_ms"] == replay["events"][one]["offset_ms"]
        ok(await save(tina, replay, two, "Er du trygg akkurat nå?"))
        ok(await save(tore, replay, one, "Hva skjedde?"))

        mine = ok(await tina.request("practice_list", replay=replay_id))["attempts"]
        assert [(a["trainee"], a["event"], a["text"]) for a in mine] == [
            ("tina", one, "Hei, godt at du tar kontakt."), ("tina", two, "Er du trygg akkurat nå?"),
        ]
        assert mine[0]["attempt"] == saved["attempt"] and mine[0]["trainee_name"] == "Tina Trainee"
        theirs = ok(await tore.request("practice_list", replay=replay_id))["attempts"]
        assert [(a["trainee"], a["text"]) for a in theirs] == [("tore", "Hva skjedde?")]
        everyone = ok(await trainer.request("practice_list", replay=replay_id))["attempts"]
        assert [(a["trainee_name"], a["event"]) for a in everyone] == [
            ("Tina Trainee", one), ("Tina Trainee", two), ("Tore Trainee", one),
        ]
        assert ok(await trainer.request("replay_get", replay=replay_id))["replay"] == replay_id

        assert (await kari.request("practice_list", replay=replay_id))["code"] == "forbidden"
        assert (await save(kari, replay, one, "x"))["code"] == "forbidden"


async def test_a_trainee_reads_replays_but_may_not_annotate(hub: HubServer) -> None:
    replay_id = (await make_replay(hub))["replay"]
    async with Wire.connect(hub.url, "/v1/staff") as tina:
        await staff_login(tina, "tina")
        assert [r["replay"] for r in ok(await tina.request("replay_list"))["replays"]] == [
            replay_id
        ]
        answer = await tina.request("replay_annotate", replay=replay_id, offset_ms=0, text="x")
        assert answer["code"] == "forbidden"


async def test_repeated_save_returns_the_first_attempt(hub: HubServer, hub_db: Path | str) -> None:
    replay = await make_replay(hub)
    one = counsellor_lines(replay)[0]
    async with Wire.connect(hub.url, "/v1/staff") as tina:
        await staff_login(tina, "tina")
        first = ok(await save(tina, replay, one, "Første svar", id="try-1"))
        again = ok(await save(tina, replay, one, "Første svar", id="try-1"))
        assert again == {**first, "re": "try-1"}
        listed = ok(await tina.request("practice_list", replay=replay["replay"]))["attempts"]
        assert [a["attempt"] for a in listed] == [first["attempt"]]
    assert len(rows(hub_db, "SELECT * FROM practice_attempts")) == 1


async def test_save_refuses_what_is_not_a_counsellor_line(hub: HubServer) -> None:
    replay = await make_replay(hub)
    contact_line = next(i for i, e in enumerate(replay["events"]) if e["from"] == "contact")
    async with Wire.connect(hub.url, "/v1/staff") as tina:
        await staff_login(tina, "tina")
        assert (await save(tina, replay, contact_line, "x"))["code"] == "bad_frame"
        too_far = await tina.request("practice_save", replay=replay["replay"], event=999,
                                     offset_ms=0, text="x")
        assert too_far["code"] == "bad_frame"
        unknown = await tina.request("practice_save", replay="rnope", event=0, offset_ms=0,
                                     text="x")
        assert unknown["code"] == "not_found"
        empty = await save(tina, replay, counsellor_lines(replay)[0], "")
        assert empty["code"] == "bad_frame"
        assert ok(await tina.request("practice_list", replay=replay["replay"]))["attempts"] == []


async def test_attempts_go_when_their_replay_is_purged(hub: HubServer, hub_db: Path | str) -> None:
    """The retention purge of replays takes the practice attempts with them."""
    replay = await make_replay(hub)
    async with Wire.connect(hub.url, "/v1/staff") as tina:
        await staff_login(tina, "tina")
        ok(await save(tina, replay, counsellor_lines(replay)[0], "Hei"))
    assert len(rows(hub_db, "SELECT * FROM practice_attempts")) == 1
    await hub.hub.feature(RetentionFeature).purge(utc_now() + timedelta(days=366))
    assert rows(hub_db, "SELECT id FROM replays") == []
    assert rows(hub_db, "SELECT * FROM practice_attempts") == []


async def test_a_trainee_never_reaches_live_data(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as tina,
    ):
        await staff_login(tina, "tina")
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await contact.request("send", text="hei, jeg heter Iben"))
        for frame_type, fields in [
            ("accept", {"conversation": conv}),
            ("observe", {"conversation": conv}),
            ("note", {"conversation": conv, "text": "x"}),
            ("watch_load", {}),
            ("retention_get", {}),
        ]:
            answer = await tina.request(frame_type, **fields)
            assert answer["code"] in ("forbidden", "not_found"), (frame_type, answer)
        assert ok(await tina.request("sync", after={conv: 0}))["conversations"] == []
        assert [f for f in tina.frames if f["type"] in ("queue", "load", "event")] == []
