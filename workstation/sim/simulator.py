"""Many simulated contacts arriving over time: the demo's, the tests' and the benchmarks' load."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import random
import ssl
from collections.abc import Sequence

from workstation.sim.contact import ContactResult, Report, SimEvent, SimulatedContact
from workstation.sim.scenario import Scenario, load_scenarios, select
from workstation.sim.timing import Timing, weighted_cycle

logger = logging.getLogger("workstation.sim")


def assign_scenarios(
    scenarios: Sequence[Scenario], count: int, rng: random.Random, *, in_turn: bool
) -> list[Scenario]:
    """Which scenario each of ``count`` contacts plays: ``in_turn`` cycles through the list in
    order (explicitly chosen scenarios); otherwise each is drawn by ``weight``."""
    if not scenarios:
        raise ValueError("no scenarios to choose from")
    if in_turn:
        return list(itertools.islice(itertools.cycle(scenarios), count))
    draws = weighted_cycle([scenario.weight for scenario in scenarios], rng)
    return [scenarios[next(draws)] for _ in range(count)]


class Simulator:
    """Starts ``contacts`` simulated contacts with Poisson arrivals and waits for them all.

    ``speed`` divides every delay (arrival gaps, pauses, typing, timeouts). ``stop()`` makes
    every running contact leave its conversation and the run return soon after.
    ``patience_s`` (scenario seconds) makes a contact leave the queue after waiting about that
    long, unless its scenario sets its own ``patience_s``.
    """

    def __init__(
        self,
        hub_url: str,
        contacts: int,
        *,
        scenarios: Sequence[Scenario],
        in_turn: bool = False,
        speed: float = 1.0,
        interval_s: float = 20.0,
        seed: int | None = None,
        report: Report | None = None,
        patience_s: float | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if contacts < 0:
            raise ValueError("contacts must not be negative")
        if interval_s < 0:
            raise ValueError("interval_s must not be negative")
        self.hub_url = hub_url
        self.speed = speed
        self._rng = random.Random(seed)
        self.plan = assign_scenarios(scenarios, contacts, self._rng, in_turn=in_turn)
        self.offsets = Timing(speed, self._rng).arrivals(contacts, interval_s)
        self._seeds = [self._rng.getrandbits(64) for _ in range(contacts)]
        self._report = report
        self._patience_s = patience_s
        self._ssl_context = ssl_context
        self._stop = asyncio.Event()

    def stop(self) -> None:
        """Stop: no more arrivals; running contacts leave and finish."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    async def run(self) -> list[ContactResult]:
        """Run every contact to its end (or until stopped); results in contact order."""
        tasks = [
            asyncio.create_task(self._arrive(index, scenario, offset), name=f"sim-{index}")
            for index, (scenario, offset) in enumerate(zip(self.plan, self.offsets, strict=True), 1)
        ]
        everyone = asyncio.gather(*tasks)
        try:
            # Shielded: a cancel from outside (the demo shutting down) must not cut the
            # contacts off mid-conversation; they are stopped, leave, and then we go.
            return list(await asyncio.shield(everyone))
        except asyncio.CancelledError:
            self.stop()
            await asyncio.wait(tasks)  # a second cancel here cancels the contacts outright
            raise

    async def _arrive(self, index: int, scenario: Scenario, offset: float) -> ContactResult:
        if offset > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), offset)
        if self._stop.is_set():
            return ContactResult(contact=index, scenario=scenario.id, outcome="stopped")
        timing = Timing(self.speed, random.Random(self._seeds[index - 1]))
        contact = SimulatedContact(
            index,
            scenario,
            self.hub_url,
            timing,
            report=self._report,
            stop=self._stop,
            patience_s=self._patience_s,
            ssl_context=self._ssl_context,
        )
        return await contact.run()


def log_event(event: SimEvent) -> None:
    """The default report: one INFO line per event, no message text."""
    logger.info("%s", event.line())


async def run_simulator(
    url: str,
    contacts: int,
    *,
    speed: float = 1.0,
    interval_s: float = 20.0,
    seed: int | None = None,
    scenarios: list[str] | None = None,
    patience_s: float | None = None,
) -> None:
    """Run the simulator in-process (for the demo) until every contact is done.

    ``scenarios`` chooses scenario ids (contacts take them in turn); ``None`` draws from every
    shipped scenario by weight. Cancelling the task makes the running contacts leave first.
    Events are logged to the ``workstation.sim`` logger without any message text.
    """
    shipped = load_scenarios()
    chosen = select(shipped, scenarios) if scenarios else shipped
    simulator = Simulator(
        url,
        contacts,
        scenarios=chosen,
        in_turn=bool(scenarios),
        speed=speed,
        interval_s=interval_s,
        seed=seed,
        report=log_event,
        patience_s=patience_s,
    )
    await simulator.run()
