"""Jittered exponential backoff between reconnection attempts. No I/O."""

import random


class Backoff:
    """Delays that double from ``initial`` up to ``maximum``, each jittered down by up to half.

    The n-th delay (counting from 0) lies in ``[c / 2, c]`` with ``c = min(maximum,
    initial * factor ** n)``: never zero, so a restarted hub is not stampeded by every desk at
    once, and never above ``maximum``. :meth:`reset` after a successful ``hello``.

    Attributes:
        attempts: delays handed out since the last reset.
    """

    def __init__(
        self,
        initial: float = 0.3,
        maximum: float = 10.0,
        factor: float = 2.0,
        rng: random.Random | None = None,
    ) -> None:
        if initial <= 0 or maximum < initial or factor < 1:
            raise ValueError("need 0 < initial <= maximum and factor >= 1")
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
        self.attempts = 0
        self._rng = rng or random.Random()

    def ceiling(self, attempt: int) -> float:
        """The largest delay the given attempt may get."""
        # Cap the exponent: factor ** attempt overflows long before anyone waits that long.
        exponent = min(attempt, 64)
        return min(self.maximum, self.initial * self.factor**exponent)

    def next_delay(self) -> float:
        top = self.ceiling(self.attempts)
        self.attempts += 1
        return self._rng.uniform(top / 2, top)

    def reset(self) -> None:
        self.attempts = 0
