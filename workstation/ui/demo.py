"""``workstation --demo``: a hub, demo staff and simulated young people, all in-process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from workstation.hub.server import serve_hub
from workstation.sim import run_simulator
from workstation.sim.colleague import run_shift_lead
from workstation.store import open_store

log = logging.getLogger(__name__)

#: (user name, display name, roles) of the demo staff.
DEMO_USERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("demo", "Demo Veileder", ("counsellor",)),
    ("vaktleder", "Demo Vaktleder", ("counsellor", "shift_lead")),
    ("leder", "Demo Leder", ("supervisor",)),
    ("trener", "Demo Trener", ("trainer",)),
)
DEMO_COUNSELLOR = "demo"
#: Signed in by the demo itself (``workstation.sim.colleague``), so the desk is never alone.
DEMO_SHIFT_LEAD = "vaktleder"
#: The demo's contacts take these scenarios in turn, so every run shows chats, a call and an
#: SMS early on (``oppringning`` is a phone call, ``sms-krangel`` an SMS conversation).
DEMO_SCENARIOS = (
    "bare-prate",
    "oppringning",
    "mobbing",
    "sms-krangel",
    "vold-hjemme",
    "venn-bekymring",
    "oppringning",
    "selvskading-tanker",
    "bekymret-voksen",
    "sms-krangel",
    "lite-norsk",
    "omsorgssvikt",
)


@dataclass(frozen=True)
class DemoHub:
    """A running demo hub and how to sign in to it."""

    url: str
    user: str
    password: str = field(repr=False)


def create_demo_users(db_path: Path) -> dict[str, str]:
    """Create the demo staff with random passwords (blocking); returns name → password."""
    store = open_store(db_path)
    passwords = {}
    try:
        for name, display_name, roles in DEMO_USERS:
            passwords[name] = secrets.token_urlsafe(16)
            store.add_user(name, passwords[name], roles=list(roles), display_name=display_name)
    finally:
        store.close_blocking()
    return passwords


@contextlib.asynccontextmanager
async def run_demo_hub(
    contacts: int = 12,
    speed: float = 3.0,
    interval_s: float = 10.0,
    seed: int | None = None,
    scenarios: tuple[str, ...] = DEMO_SCENARIOS,
) -> AsyncIterator[DemoHub]:
    """Run a hub on a temporary database with demo staff and the simulator feeding it."""
    with tempfile.TemporaryDirectory(prefix="workstation-demo-") as folder:
        db_path = Path(folder) / "demo-hub.db"
        passwords = await asyncio.to_thread(create_demo_users, db_path)
        async with serve_hub(db_path, host="127.0.0.1", port=0) as hub:
            log.info("demo hub listening on %s", hub.url)
            simulator = asyncio.ensure_future(
                run_simulator(
                    hub.url,
                    contacts,
                    speed=speed,
                    interval_s=interval_s,
                    seed=seed,
                    scenarios=list(scenarios),
                )
            )
            colleague = asyncio.ensure_future(
                run_shift_lead(hub.url, DEMO_SHIFT_LEAD, passwords[DEMO_SHIFT_LEAD])
            )
            try:
                yield DemoHub(hub.url, DEMO_COUNSELLOR, passwords[DEMO_COUNSELLOR])
            finally:
                simulator.cancel()
                colleague.cancel()
                await asyncio.gather(simulator, colleague, return_exceptions=True)
