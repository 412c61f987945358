"""How long a simulated person takes: thinking pauses, typing, arrivals. Pure arithmetic.

Every duration is drawn in *scenario seconds* and divided by the ``speed`` factor, so
``speed=10`` makes the whole simulation ten times faster with the same proportions.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from workstation.sim.scenario import Range

#: Characters after which a typist often hesitates a little.
_HESITATE_AFTER = ".,!?\n"


class Timing:
    """Random but reproducible durations for one simulated person (or the arrival process).

    Attributes:
        speed: the factor every duration is divided by (> 0).
        rng: the random source; seed it for reproducible runs.
    """

    def __init__(self, speed: float = 1.0, rng: random.Random | None = None) -> None:
        if speed <= 0:
            raise ValueError("speed must be greater than 0")
        self.speed = speed
        self.rng = rng if rng is not None else random.Random()

    def scaled(self, seconds: float) -> float:
        """A fixed duration in real seconds."""
        return seconds / self.speed

    def pause(self, seconds: Range) -> float:
        """A thinking pause drawn uniformly from ``seconds``, in real seconds."""
        low, high = seconds
        return self.rng.uniform(low, high) / self.speed

    def typing(self, text: str, cps: Range) -> float:
        """Time to type ``text``: characters at a speed from ``cps``, each with some jitter,
        plus a short hesitation after punctuation. In real seconds."""
        speed = self.rng.uniform(*cps)
        total = 0.0
        for char in text:
            total += self.rng.uniform(0.6, 1.5) / speed
            if char in _HESITATE_AFTER and self.rng.random() < 0.5:
                total += self.rng.uniform(0.2, 1.0)
        return total / self.speed

    def arrivals(self, count: int, mean_interval_s: float) -> list[float]:
        """Start offsets of ``count`` contacts, in real seconds: the first at 0, then a
        Poisson process (exponential gaps) with the given mean gap. A mean of 0 means all
        at once."""
        offsets = []
        at = 0.0
        for n in range(count):
            if n and mean_interval_s > 0:
                at += self.rng.expovariate(1.0 / mean_interval_s)
            offsets.append(at / self.speed)
        return offsets


def weighted_cycle(weights: list[float], rng: random.Random) -> Iterator[int]:
    """Indexes drawn with the given relative weights, forever."""
    population = list(range(len(weights)))
    while True:
        yield rng.choices(population, weights)[0]
