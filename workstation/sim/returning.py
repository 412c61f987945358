"""A simulated young person who comes back with a return code (the demo's; docs/returning.md)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from workstation.sim.contact import ContactResult, Report, SimulatedContact
from workstation.sim.scenario import Scenario, parse_scenario
from workstation.sim.timing import Timing

#: The young person coming back: she showed her mother, and wants to tell the same person.
RETURNING = parse_scenario({
    "id": "kommer-tilbake",
    "title": "Det er meg igjen",
    "theme": "bullying",
    "channel": "chat",
    "weight": 1,
    "description": "The girl bullied in a group chat comes back with the code she was given.",
    "steps": [
        {"say": "hei, det er meg igjen. jeg fikk en kode sist", "after_s": [2, 4]},
        {"wait_reply": True, "timeout_s": 600, "on_timeout": "leave"},
        {"say": "jeg viste mamma gruppa sånn du sa"},
        {"say": "hun skal snakke med læreren på mandag"},
        {"wait_reply": True},
        {"say": "jeg er litt redd for at det blir verre"},
        {"wait_reply": True},
        {"say": "ok. takk for at det var deg igjen"},
        {"leave": True},
    ],
}, source="workstation.sim.returning")


async def comes_back(url: str, code: str, on_shift: Callable[[], bool], after_s: float,
                     speed: float, report: Report | None = None,
                     scenario: Scenario = RETURNING) -> ContactResult:
    """Once ``on_shift()`` (the counsellor who gave ``code`` is signed in), wait ``after_s``
    and open a chat with the code; she waits for that counsellor when busy or away."""
    while not on_shift():  # noqa: ASYNC110 - a look at the hub in-process; it announces nothing
        await asyncio.sleep(0.2)
    await asyncio.sleep(after_s)
    contact = SimulatedContact(0, scenario, url, Timing(speed), report=report, code=code)
    return await contact.run()
