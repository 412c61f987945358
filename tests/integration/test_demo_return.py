"""``workstation --demo``: a young person comes back with the code the demo counsellor gave in
the seeded earlier conversation, and her desk is offered the contact first with the earlier
summary ("kom tilbake og spurte etter deg"; docs/returning.md). Shown on the wire; the desk's
window for it is tested in tests/gui/test_desk_return_code.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.support.wire import Wire, ok
from workstation.hub.returning.demo import EARLIER_SUMMARY, seed_earlier_contact
from workstation.hub.server import serve_hub
from workstation.sessions import summary as summaries
from workstation.ui.demo import DEMO_COUNSELLOR, run_demo_hub


async def test_in_the_demo_a_young_person_comes_back_to_the_same_counsellor() -> None:
    async with run_demo_hub(contacts=0, stream=False, speed=10.0, return_after_s=0.2) as demo:
        assert demo.user == DEMO_COUNSELLOR
        async with Wire.connect(demo.url, "/v1/staff") as desk:
            ok(await desk.request("hello", user=demo.user, password=demo.password))
            offer = await desk.expect(lambda f: f.get("type") == "return_offer", timeout=20)
            assert offer["summary"] == summaries.to_dict(EARLIER_SUMMARY)
            conversation = offer["conversation"]
            ok(await desk.request("accept", conversation=conversation))
            returned = await desk.event(conversation, "returned")
            assert returned["user"] == DEMO_COUNSELLOR and returned["counsellor"] == (
                "Demo Veileder")
            first = await desk.event(conversation, "message", timeout=20)
            assert first["text"] == "hei, det er meg igjen. jeg fikk en kode sist"


async def test_the_seeded_code_is_kept_as_a_keyed_hash_only(tmp_path: Path) -> None:
    """The code is made like any other: only its hash is in ``return_codes``."""
    db = tmp_path / "hub.sqlite3"
    async with serve_hub(db) as hub:
        code = await seed_earlier_contact(hub.hub, "demo")
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT code, counsellor FROM return_codes").fetchall()
    assert len(stored) == 1 and stored[0][1] == "demo"
    assert code not in stored[0][0] and code.replace("-", "") not in stored[0][0]
