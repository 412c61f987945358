"""Trainees and a short closed conversation made into a replay, for the practice tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.support.hubs import PASSWORD, add_users
from tests.support.wire import Wire, ok
from workstation.hub.replays import ReplayFeature
from workstation.hub.server import HubServer

TRAINEES = {"tina": "Tina Trainee", "tore": "Tore Trainee"}
#: What Kari writes in :func:`make_replay`, in order.
COUNSELLOR_LINES = ("Så fint at du skriver.", "Er du trygg nå?")


def add_trainees(db: Path | str) -> None:
    """Two users with only the ``trainee`` role (password :data:`PASSWORD`)."""
    add_users(db, {name: (["trainee"], display) for name, display in TRAINEES.items()})


async def make_replay(hub: HubServer) -> dict[str, Any]:
    """A short closed conversation between a young person and Kari; its replay as listed by
    ``replay_get``."""
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as kari,
    ):
        ok(await kari.request("hello", user="kari", password=PASSWORD))
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        ok(await contact.request("send", text="hei, pappa blir så sint"))
        ok(await kari.request("send", conversation=conv, text=COUNSELLOR_LINES[0]))
        ok(await contact.request("send", text="han kasta en stol"))
        ok(await kari.request("send", conversation=conv, text=COUNSELLOR_LINES[1]))
        ok(await kari.request("close", conversation=conv))
    await hub.hub.feature(ReplayFeature).idle()
    async with Wire.connect(hub.url, "/v1/staff") as trainer:
        ok(await trainer.request("hello", user="trainer", password=PASSWORD))
        listed = ok(await trainer.request("replay_list"))["replays"]
        return ok(await trainer.request("replay_get", replay=listed[0]["replay"]))
