"""Token buckets per key: ``burst`` tokens, refilled at ``per_minute`` a minute; a request
takes one or is refused. Buckets that have refilled completely are forgotten (they hold
nothing a fresh bucket would not), so the state is bounded by the keys active within about a
minute, and by :data:`MAX_KEYS` on top."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: Keys a bucket set holds at most; beyond, the oldest are dropped (a flood of addresses).
MAX_KEYS = 100_000


@dataclass(frozen=True, slots=True)
class Rate:
    """``per_minute`` on average, ``burst`` at once."""

    per_minute: float
    burst: float


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


@dataclass
class Buckets:
    """One token bucket per key; full buckets are pruned."""

    rate: Rate | None
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _next_prune: float = 0.0

    def take(self, key: str = "") -> bool:
        """Take a token for ``key``: ``False`` when none is left (or no limit is set)."""
        if self.rate is None:
            return True
        now = self.clock()
        if now >= self._next_prune:
            self.prune(now)
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= MAX_KEYS:
                del self._buckets[next(iter(self._buckets))]
            bucket = self._buckets[key] = _Bucket(self.rate.burst, now)
        else:
            self._refill(bucket, now)
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True

    def give_back(self, key: str = "") -> None:
        """Return a token taken for something that turned out not to count."""
        bucket = self._buckets.get(key)
        if bucket is not None and self.rate is not None:
            bucket.tokens = min(self.rate.burst, bucket.tokens + 1)

    def allows(self, key: str = "") -> bool:
        """Would :meth:`take` succeed (without taking)?"""
        if self.rate is None:
            return True
        bucket = self._buckets.get(key)
        if bucket is None:
            return True
        self._refill(bucket, self.clock())
        return bucket.tokens >= 1

    def prune(self, now: float) -> None:
        assert self.rate is not None
        # As often as a bucket refills completely (a bucket left full is dropped), at most
        # once a second, at least once a minute.
        self._next_prune = now + min(60.0, max(1.0, 60.0 * self.rate.burst / self.rate.per_minute))
        for key, bucket in list(self._buckets.items()):
            self._refill(bucket, now)
            if bucket.tokens >= self.rate.burst:
                del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)

    def _refill(self, bucket: _Bucket, now: float) -> None:
        assert self.rate is not None
        gained = (now - bucket.at) * self.rate.per_minute / 60.0
        bucket.tokens = min(self.rate.burst, bucket.tokens + gained)
        bucket.at = now
