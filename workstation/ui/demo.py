"""``workstation --demo``: a hub, demo staff and simulated young people, all in-process.

``workstation --demo --as ROLE`` signs the person in as the demo user of that role (see
:data:`ROLES`); the demo's other desk users are played by simulated colleagues
(``workstation.sim.colleague``), so somebody takes contacts whichever window is open.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import secrets
import tempfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workstation.hub.keys import HubKeys
from workstation.hub.returning.demo import seed_earlier_contact
from workstation.hub.server import serve_hub
from workstation.hub.telephony.feature import CallsFeature
from workstation.hub.telephony.sip import SipTelephony, parse_address
from workstation.sim import run_simulator
from workstation.sim.colleague import Habits, run_colleague
from workstation.sim.returning import comes_back
from workstation.sim.simulator import log_event
from workstation.sip.softphone import NULL_DEVICES, DeskSoftphone
from workstation.store import open_store

log = logging.getLogger(__name__)

#: (user name, display name, roles) of the demo staff.
DEMO_USERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("demo", "Demo Veileder", ("counsellor",)),
    ("vaktleder", "Demo Vaktleder", ("counsellor", "shift_lead")),
    ("kollega", "Simulert vaktleder", ("counsellor", "shift_lead")),
    ("leder", "Demo Leder", ("supervisor",)),
    ("trener", "Demo Trener", ("trainer",)),
)
DEMO_COUNSELLOR = "demo"
#: ``--as`` role → the demo user the person signs in as.
ROLES: dict[str, str] = {
    "counsellor": "demo",
    "shift-lead": "vaktleder",
    "supervisor": "leder",
    "trainer": "trener",
}
#: Always played by the demo itself, so no desk is ever alone on shift.
DEMO_SHIFT_LEAD = "kollega"
#: Desk users played by the demo when the person is not one of them.
SIMULATED_DESKS = (DEMO_SHIFT_LEAD, DEMO_COUNSELLOR)
#: A simulated young person leaves the queue after about this long (scenario seconds: five
#: minutes, a bit under two at the demo's speed), so the queue stays as short as on a real
#: evening.
DEMO_PATIENCE_S = 300.0
#: After the opening burst, a young person arrives about every this many scenario seconds
#: (20 s at the demo's speed) for as long as the demo runs (:data:`STREAM_CONTACTS` of them).
STREAM_INTERVAL_S = 60.0
STREAM_CONTACTS = 240
#: How long a contact waits before a simulated colleague takes it (real seconds): the person
#: at a demo desk gets the first chance; in the supervisor's and trainer's demo nobody else
#: is at a desk.
TAKE_AFTER_S = {"desk": 40.0, "no desk": 5.0}
#: The demo's contacts take these scenarios in turn, so every run shows chats, a call and an
#: SMS and an e-mail early on (``oppringning`` is a phone call, ``sms-krangel`` an SMS
#: conversation, ``epost-natt`` a letter).
DEMO_SCENARIOS = (
    "bare-prate",
    "oppringning",
    "mobbing",
    "sms-krangel",
    "epost-natt",
    "vold-hjemme",
    "venn-bekymring",
    "oppringning",
    "selvskading-tanker",
    "bekymret-voksen",
    "sms-krangel",
    "lite-norsk",
    "omsorgssvikt",
)
#: The young person who comes back with a code the demo counsellor gave two days ago
#: (seeded; docs/returning.md) opens this many real seconds after she comes on shift.
RETURN_AFTER_S = 20.0


@dataclass(frozen=True)
class DemoHub:
    """A running demo hub and how to sign in to it (``user``: the one the person plays)."""

    url: str
    user: str
    password: str = field(repr=False)
    passwords: dict[str, str] = field(default_factory=dict, repr=False)
    #: With ``sip``: where to dial 116111 (``udp:HOST:PORT``).
    sip: str | None = None
    #: With ``sip``: the demo desk's own softphone, which the hub dials on an answer.
    softphone: DeskSoftphone | None = None

    def password_of(self, user: str) -> str:
        return self.passwords[user]


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
    contacts: int = 6,
    speed: float = 3.0,
    interval_s: float = 10.0,
    seed: int | None = None,
    scenarios: tuple[str, ...] = DEMO_SCENARIOS,
    user: str = DEMO_COUNSELLOR,
    stream: bool = True,
    sip: str | None = None,
    softphone: dict[str, Any] | None = None,
    return_after_s: float | None = RETURN_AFTER_S,
) -> AsyncIterator[DemoHub]:
    """Run a hub on a temporary database with demo staff and the simulator feeding it.

    ``contacts`` arrive first, about every ``interval_s`` scenario seconds, taking
    ``scenarios`` in turn (so the desk is busy at once); then a steady stream follows (see
    :data:`STREAM_INTERVAL_S`) unless ``stream`` is False. ``user`` is the demo user the
    person plays; every other desk user in :data:`SIMULATED_DESKS` is played by a simulated
    colleague. With ``sip`` (``udp:HOST:PORT``) real calls to 116111 ring there too
    (docs/telephony.md); the simulated callers keep coming. Then ``user`` has a desk
    softphone of its own (:class:`DeskSoftphone` with ``softphone`` as its keyword
    arguments; by default file/bridge devices, no sound card), and a caller answered on
    ``user``'s desk is bridged to it. ``return_after_s``: that long after the demo
    counsellor comes on shift, a young person comes back with the code she gave in a seeded
    earlier conversation (``None``: nobody comes back).
    """
    async with contextlib.AsyncExitStack() as stack:
        desk = None
        if sip is not None:
            host = parse_address(sip)[0]
            options = {"source": NULL_DEVICES[0], "player": NULL_DEVICES[1],
                       **(softphone or {})}
            desk = await stack.enter_async_context(DeskSoftphone(user, hub_host=host,
                                                                 **options))
        async with _run_demo_hub(contacts, speed, interval_s, seed, scenarios, user, stream,
                                 sip, desk, return_after_s) as demo:
            yield demo


@contextlib.asynccontextmanager
async def _run_demo_hub(
    contacts: int,
    speed: float,
    interval_s: float,
    seed: int | None,
    scenarios: tuple[str, ...],
    user: str,
    stream: bool,
    sip: str | None,
    desk: DeskSoftphone | None,
    return_after_s: float | None,
) -> AsyncIterator[DemoHub]:
    phone = _sip_phone(sip, user, desk) if sip is not None else None
    with tempfile.TemporaryDirectory(prefix="workstation-demo-") as folder:
        db_path = Path(folder) / "demo-hub.db"
        passwords = await asyncio.to_thread(create_demo_users, db_path)
        async with serve_hub(db_path, host="127.0.0.1", port=0, telephony=phone) as hub:
            log.info("demo hub listening on %s", hub.url)
            burst = run_simulator(
                hub.url,
                contacts,
                speed=speed,
                interval_s=interval_s,
                seed=seed,
                scenarios=list(scenarios),
                patience_s=DEMO_PATIENCE_S,
            )
            at_desk = "desk" if user in (DEMO_COUNSELLOR, ROLES["shift-lead"]) else "no desk"
            habits = Habits(take_after_s=TAKE_AFTER_S[at_desk])
            tasks: list[asyncio.Future[Any]] = [asyncio.ensure_future(burst)]
            if stream:
                tasks.append(
                    asyncio.ensure_future(
                        _stream(hub.url, contacts, speed, interval_s, seed, scenarios)
                    )
                )
            tasks += [
                asyncio.ensure_future(
                    run_colleague(hub.url, name, passwords[name], habits, seed=seed)
                )
                for name in SIMULATED_DESKS
                if name != user
            ]
            if return_after_s is not None:
                code = await seed_earlier_contact(hub.hub, DEMO_COUNSELLOR)
                tasks.append(asyncio.ensure_future(comes_back(
                    hub.url, code, lambda: bool(hub.hub.staff.get(DEMO_COUNSELLOR)),
                    return_after_s, speed, report=log_event)))
            try:
                adapter = hub.hub.feature(CallsFeature).adapter
                address = adapter.address if isinstance(adapter, SipTelephony) else None
                yield DemoHub(hub.url, user, passwords[user], passwords, address, desk)
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)


def _sip_phone(address: str, user: str,
               desk: DeskSoftphone | None) -> Callable[[HubKeys], SipTelephony]:
    """The hub's endpoint; it dials ``desk`` when ``user`` answers (the simulated
    colleagues have no softphone: their answers carry no voice)."""
    host, port = parse_address(address)

    def desk_phone(who: str) -> str | None:
        return desk.address if desk is not None and who == user else None

    return lambda keys: SipTelephony(host, port, keys=keys, desk_phone=desk_phone)


async def _stream(
    url: str,
    after: int,
    speed: float,
    interval_s: float,
    seed: int | None,
    scenarios: tuple[str, ...],
) -> None:
    """The steady arrivals that follow the opening burst of ``after`` contacts."""
    await asyncio.sleep(after * interval_s / speed)
    await run_simulator(
        url,
        STREAM_CONTACTS,
        speed=speed,
        interval_s=STREAM_INTERVAL_S,
        seed=None if seed is None else seed + 1,
        scenarios=list(scenarios),
        patience_s=DEMO_PATIENCE_S,
    )


def demo_parser(module: str, doc: str | None) -> argparse.ArgumentParser:
    """The argument parser of a ``python -m …demo`` module: its whole docstring as the help."""
    text = (doc or "").replace("``", "").strip()
    return argparse.ArgumentParser(
        prog=f"python -m {module}",
        description=text,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
