import random

import pytest

from workstation.client.backoff import Backoff


def test_delays_double_within_jitter_bounds_and_stop_at_the_maximum() -> None:
    backoff = Backoff(initial=0.3, maximum=10.0, rng=random.Random(7))
    ceilings = [0.3, 0.6, 1.2, 2.4, 4.8, 9.6, 10.0, 10.0, 10.0]
    for top in ceilings:
        delay = backoff.next_delay()
        assert top / 2 <= delay <= top
    assert backoff.attempts == len(ceilings)


def test_jitter_spreads_desks_apart() -> None:
    delays = {Backoff(rng=random.Random(seed)).next_delay() for seed in range(50)}
    assert len(delays) == 50
    assert min(delays) >= 0.15
    assert max(delays) <= 0.3


def test_reset_starts_again_from_the_initial_delay() -> None:
    backoff = Backoff(initial=0.5, maximum=4.0, rng=random.Random(1))
    for _ in range(10):
        backoff.next_delay()
    assert backoff.next_delay() >= 2.0
    backoff.reset()
    assert backoff.attempts == 0
    assert 0.25 <= backoff.next_delay() <= 0.5


def test_a_long_outage_never_overflows() -> None:
    backoff = Backoff(initial=0.3, maximum=10.0)
    backoff.attempts = 10_000
    assert 5.0 <= backoff.next_delay() <= 10.0


@pytest.mark.parametrize(
    ("initial", "maximum", "factor"), [(0, 1, 2), (-1, 1, 2), (2, 1, 2), (1, 2, 0.5)]
)
def test_nonsense_settings_are_refused(initial: float, maximum: float, factor: float) -> None:
    with pytest.raises(ValueError):
        Backoff(initial, maximum, factor)
