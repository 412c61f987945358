"""Replays: made on close with nothing identifying, role rules, annotations, retention purges."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import staff_login
from tests.support.hubs import query
from tests.support.wire import Wire, ok
from workstation.hub.replays import ReplayFeature
from workstation.hub.retention import RetentionFeature
from workstation.hub.server import HubServer, serve_hub
from workstation.protocol.times import utc_now

#: Corpus-style lines from a young person, full of things that identify them.
CONTACT_LINES = [
    "hei, jeg er Iben og jeg trenger å snakke med noen",
    "ring meg på 412 34 567 hvis det blir brudd",
    "jeg bor i Solgate 134C i Halden",
    "han som truer meg er @xxidaxx på tiktok",
    "går i 10. klasse på Nordstrand videregående",
]
IDENTIFYING = ["iben", "412", "solgate", "halden", "xxidaxx", "nordstrand"]


def text_of(replay: object, key: str = "") -> str:
    """Every string in a replay, lower-cased, but its random id (``replay``: hex, which may
    hold "412" by chance) and the numbers (an offset may be 412 ms)."""
    if isinstance(replay, dict):
        return " ".join(text_of(v, k) for k, v in replay.items() if k != "replay")
    if isinstance(replay, list):
        return " ".join(text_of(v) for v in replay)
    return replay.lower() if isinstance(replay, str) else ""
STAFF_NAMES = ["kari", "vera", "lead", "vaktleder vera"]


def feature(hub: HubServer) -> ReplayFeature:
    return hub.hub.feature(ReplayFeature)


async def run_conversation(hub: HubServer, *, consult: bool = False) -> str:
    """A whole conversation between a young person and Kari (and the shift lead); closed."""
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as kari,
        Wire.connect(hub.url, "/v1/staff") as lead,
    ):
        await staff_login(kari, "kari")
        await staff_login(lead, "lead")
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        for line in CONTACT_LINES[:2]:
            ok(await contact.request("send", text=line))
        ok(await kari.request(
            "send", conversation=conv, text="Hei Iben, jeg heter Kari. Så fint at du skriver."
        ))
        ok(await kari.request("note", conversation=conv, text="Iben bor i Halden, ring 41234567"))
        for line in CONTACT_LINES[2:]:
            ok(await contact.request("send", text=line))
        ok(await kari.request("flag", conversation=conv, flag="risk"))
        if consult:
            consult_id = ok(await kari.request("consult", conversation=conv, to="lead"))["consult"]
            ok(await lead.request("consult_accept", consult=consult_id))
            advice = "Kari, spør om Iben er trygg"
            ok(await lead.request("consult_send", consult=consult_id, text=advice))
            ok(await lead.request("consult_end", consult=consult_id))
        ok(await kari.request("send", conversation=conv, text="Er du trygg nå, Iben?"))
        ok(await kari.request("close", conversation=conv))
    await feature(hub).idle()
    return conv


async def get_only_replay(wire: Wire) -> dict:  # type: ignore[type-arg]
    listed = ok(await wire.request("replay_list"))["replays"]
    assert len(listed) == 1
    return ok(await wire.request("replay_get", replay=listed[0]["replay"]))


async def test_replay_made_on_close_has_nothing_identifying(hub: HubServer) -> None:
    conv = await run_conversation(hub)
    async with Wire.connect(hub.url, "/v1/staff") as trainer:
        await staff_login(trainer, "trainer")
        listed = ok(await trainer.request("replay_list"))["replays"]
        assert len(listed) == 1
        row = listed[0]
        assert row["channel"] == "chat" and row["duration_s"] >= 0
        assert row["categories"] == [] and row["marker_count"] == 1
        assert row["message_count"] == 7
        answer = ok(await trainer.request("replay_get", replay=row["replay"]))
    dumped = text_of(answer)
    for word in IDENTIFYING + STAFF_NAMES + [conv.lower(), "trond"]:
        assert word not in dumped, word
    assert conv.lower() not in answer["replay"].lower()  # its id is not the conversation's
    messages = [e for e in answer["events"] if e["kind"] == "message"]
    senders = ["contact"] * 2 + ["staff"] + ["contact"] * 3 + ["staff"]
    assert [e["from"] for e in messages] == senders
    assert {e["role"] for e in messages if e["from"] == "staff"} == {"Veileder"}
    assert messages[2]["text"] == "Hei [NAVN], jeg heter [NAVN]. Så fint at du skriver."
    assert "[TELEFON]" in messages[1]["text"] and "[ADRESSE]" in messages[3]["text"]
    assert all(e["kind"] != "note" for e in answer["events"])  # notes are left out by default
    offsets = [e["offset_ms"] for e in answer["events"]]
    assert offsets[0] == 0 and offsets == sorted(offsets)
    assert answer["markers"] == [
        {"offset_ms": answer["markers"][0]["offset_ms"], "kind": "flag", "detail": "risk"}
    ]
    assert answer["events"][-1]["kind"] == "closed"
    assert answer["annotations"] == []
    assert not any(key in answer for key in ("conversation", "created_at", "at"))


async def test_staff_notes_included_anonymised_when_set(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/staff") as admin:
        await staff_login(admin, "admin")
        ok(await admin.request("retention_set", replay_staff_notes=True))
    await run_conversation(hub, consult=True)
    async with Wire.connect(hub.url, "/v1/staff") as sup:
        await staff_login(sup, "sup")
        answer = await get_only_replay(sup)
    dumped = text_of(answer)
    for word in IDENTIFYING + STAFF_NAMES:
        assert word not in dumped, word
    note = next(e for e in answer["events"] if e["kind"] == "note")
    assert note["text"] == "[NAVN] bor i [STED], ring [TELEFON]" and note["role"] == "Veileder"
    consult = next(e for e in answer["events"] if e["kind"] == "consult_message")
    assert consult["role"] == "Vaktleder" and consult["text"].startswith("[NAVN], spør om [NAVN]")
    kinds = [(m["kind"], m["detail"]) for m in answer["markers"]]
    assert kinds == [
        ("flag", "risk"),
        ("consultation", "requested"),
        ("consultation", "joined"),
        ("consultation", "ended"),
    ]


@pytest.mark.parametrize("user", ["kari", "lead", "admin"])
async def test_only_trainers_and_supervisors_read_replays(hub: HubServer, user: str) -> None:
    await run_conversation(hub)
    async with Wire.connect(hub.url, "/v1/staff") as trainer, Wire.connect(
        hub.url, "/v1/staff"
    ) as other:
        await staff_login(trainer, "trainer")
        replay_id = ok(await trainer.request("replay_list"))["replays"][0]["replay"]
        await staff_login(other, user)
        assert (await other.request("replay_list"))["code"] == "forbidden"
        assert (await other.request("replay_get", replay=replay_id))["code"] == "forbidden"
        answer = await other.request("replay_annotate", replay=replay_id, offset_ms=0, text="x")
        assert answer["code"] == "forbidden"


async def test_trainer_annotates_supervisor_reads_but_may_not_annotate(hub: HubServer) -> None:
    await run_conversation(hub)
    async with Wire.connect(hub.url, "/v1/staff") as trainer, Wire.connect(
        hub.url, "/v1/staff"
    ) as sup:
        await staff_login(trainer, "trainer")
        await staff_login(sup, "sup")
        replay_id = ok(await sup.request("replay_list"))["replays"][0]["replay"]
        saved = ok(await trainer.request(
            "replay_annotate", replay=replay_id, offset_ms=1500, text="Godt åpningsspørsmål"
        ))
        assert saved["annotation"] and saved["offset_ms"] == 1500
        denied = await sup.request("replay_annotate", replay=replay_id, offset_ms=0, text="x")
        assert denied["code"] == "forbidden"
        missing = await trainer.request("replay_annotate", replay="rnope", offset_ms=0, text="x")
        assert missing["code"] == "not_found"
        assert (await trainer.request("replay_get", replay="rnope"))["code"] == "not_found"
        answer = ok(await sup.request("replay_get", replay=replay_id))
        assert answer["annotations"] == [
            {"annotation": saved["annotation"], "offset_ms": 1500, "text": "Godt åpningsspørsmål"}
        ]
        assert ok(await sup.request("replay_list"))["replays"][0]["annotation_count"] == 1
        empty = await trainer.request("replay_annotate", replay=replay_id, offset_ms=0, text="")
        assert empty["code"] == "bad_frame"


async def test_trainer_never_reaches_live_data(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as waiting,
        Wire.connect(hub.url, "/v1/contact") as talking,
        Wire.connect(hub.url, "/v1/staff") as kari,
        Wire.connect(hub.url, "/v1/staff") as trainer,
    ):
        await staff_login(kari, "kari")
        queued = ok(await waiting.request("open", channel="chat"))["conversation"]
        live = ok(await talking.request("open", channel="sms"))["conversation"]
        ok(await kari.request("accept", conversation=live))
        ok(await talking.request("send", text="hei, jeg heter Iben"))
        await staff_login(trainer, "trainer")
        for conv in (queued, live):
            attempts = [
                ("accept", {"conversation": conv}),
                ("send", {"conversation": conv, "text": "hei"}),
                ("note", {"conversation": conv, "text": "x"}),
                ("flag", {"conversation": conv, "flag": "risk"}),
                ("close", {"conversation": conv}),
                ("consult", {"conversation": conv}),
                ("take_over", {"conversation": conv}),
                ("observe", {"conversation": conv}),
            ]
            for frame_type, fields in attempts:
                answer = await trainer.request(frame_type, **fields)
                assert answer["type"] == "error", (frame_type, answer)
                assert answer["code"] in ("forbidden", "not_found"), (frame_type, answer)
        for frame_type, fields in [
            ("watch_load", {}),
            ("stats", {"since": "2020-01-01T00:00:00Z"}),
            ("retention_set", {"replays_days": 1}),
        ]:
            assert (await trainer.request(frame_type, **fields))["code"] == "forbidden"
        synced = ok(await trainer.request("sync", after={queued: 0, live: 0}))
        assert synced["conversations"] == []
        ok(await talking.request("send", text="er du der?"))
        await kari.event(live, "message")
        await kari.event(live, "message")
        ok(await trainer.request("replay_list"))  # a round trip after it all
        assert trainer.events() == []
        assert [f for f in trainer.frames if f["type"] in ("queue", "load", "event")] == []
        assert ok(await trainer.request("replay_list"))["replays"] == []  # nothing is closed


async def test_retention_settings_are_admin_only_audited_and_kept(hub_db: Path | str) -> None:
    async with (
        serve_hub(hub_db) as hub,
        Wire.connect(hub.url, "/v1/staff") as admin,
        Wire.connect(hub.url, "/v1/staff") as sup,
    ):
        await staff_login(admin, "admin")
        await staff_login(sup, "sup")
        assert ok(await admin.request("retention_get"))["transcripts_days"] == 90
        assert (await sup.request("retention_set", replays_days=5))["code"] == "forbidden"
        assert (await sup.request("retention_get"))["code"] == "forbidden"
        bad = await admin.request("retention_set", transcripts_days=0)
        assert bad["code"] == "bad_frame"
        answer = ok(await admin.request("retention_set", transcripts_days=30))
        assert answer["transcripts_days"] == 30 and answer["replays_days"] == 365
        assert answer["replay_staff_notes"] is False
    async with serve_hub(hub_db) as hub, Wire.connect(hub.url, "/v1/staff") as admin:
        await staff_login(admin, "admin")
        assert ok(await admin.request("retention_get"))["transcripts_days"] == 30
    rows = query(hub_db, "SELECT actor, action FROM audit WHERE action = 'retention_set'")
    assert rows == [("admin", "retention_set")]


def count(db_path: Path | str, sql: str, *args: object) -> int:
    return int(query(db_path, sql, *args)[0][0])  # type: ignore[call-overload]


async def test_raw_transcript_purge_spares_open_conversations(
    hub: HubServer, hub_db: Path | str
) -> None:
    closed = await run_conversation(hub)
    async with Wire.connect(hub.url, "/v1/contact") as contact:
        still_open = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await contact.request("send", text="hei"))
        replays = hub.hub.feature(RetentionFeature)
        assert (await replays.purge(now=utc_now() + timedelta(days=89))).removed == 0
        result = (await replays.purge(now=utc_now() + timedelta(days=91))).counts
        assert (result["transcripts"], result["replays"]) == (1, 0)
        assert count(hub_db, "SELECT COUNT(*) FROM events WHERE conversation = ?", closed) == 0
        assert count(hub_db, "SELECT COUNT(*) FROM conversations WHERE id = ?", closed) == 0
        assert count(hub_db, "SELECT COUNT(*) FROM events WHERE conversation = ?", still_open) == 2
        assert count(hub_db, "SELECT COUNT(*) FROM replays") == 1  # the replay outlives it
        # Years later the open conversation is still there (it was never closed).
        await replays.purge(now=utc_now() + timedelta(days=5000))
        assert count(hub_db, "SELECT COUNT(*) FROM conversations WHERE id = ?", still_open) == 1
        ok(await contact.request("send", text="fortsatt her"))


async def test_replay_purge_follows_its_own_retention(hub: HubServer, hub_db: Path | str) -> None:
    await run_conversation(hub)
    async with Wire.connect(hub.url, "/v1/staff") as admin, Wire.connect(
        hub.url, "/v1/staff"
    ) as trainer:
        await staff_login(admin, "admin")
        await staff_login(trainer, "trainer")
        replay_id = ok(await trainer.request("replay_list"))["replays"][0]["replay"]
        ok(await trainer.request("replay_annotate", replay=replay_id, offset_ms=0, text="merk"))
        ok(await admin.request("retention_set", replays_days=10, transcripts_days=400))
        await feature(hub).idle()
        replays = hub.hub.feature(RetentionFeature)
        assert (await replays.purge(now=utc_now() + timedelta(days=9))).counts["replays"] == 0
        result = (await replays.purge(now=utc_now() + timedelta(days=11))).counts
        assert (result["transcripts"], result["replays"]) == (0, 1)
        assert ok(await trainer.request("replay_list"))["replays"] == []
        assert count(hub_db, "SELECT COUNT(*) FROM replay_annotations") == 0
        assert count(hub_db, "SELECT COUNT(*) FROM conversations") == 1
    ((detail,),) = query(hub_db, "SELECT detail FROM audit WHERE action = 'purge'")
    assert isinstance(detail, str)
    assert json.loads(detail)["replays"] == 1 and json.loads(detail)["transcripts"] == 0


async def test_missed_replays_are_made_at_start(hub_db: Path | str) -> None:
    async with serve_hub(hub_db) as hub:
        await run_conversation(hub)
    query(hub_db, "DELETE FROM replays")
    query(hub_db, "DELETE FROM replay_sources")
    async with serve_hub(hub_db) as hub:
        await feature(hub).idle()
        async with Wire.connect(hub.url, "/v1/staff") as trainer:
            await staff_login(trainer, "trainer")
            assert len(ok(await trainer.request("replay_list"))["replays"]) == 1


async def test_summary_saved_after_close_gives_the_replay_its_categories(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as kari,
        Wire.connect(hub.url, "/v1/staff") as trainer,
    ):
        await staff_login(kari, "kari")
        await staff_login(trainer, "trainer")
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        ok(await contact.request("send", text="pappa slår"))
        ok(await kari.request("close", conversation=conv))
        await feature(hub).idle()
        assert ok(await trainer.request("replay_list"))["replays"][0]["categories"] == []
        summary = {"contact_by": "child_self", "age_band": "13-15", "gender": "girl",
                   "categories": ["violence.physical"], "wanted": ["listened_to"],
                   "actions": ["advice"], "text": "Kort."}
        ok(await kari.request("summary_set", conversation=conv, summary=summary))
        await feature(hub).idle()
        listed = ok(await trainer.request("replay_list"))["replays"]
        assert listed[0]["categories"] == ["violence.physical"]
