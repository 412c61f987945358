"""The replay player without a window: position, speed, visibility, practice stops."""

from __future__ import annotations

import pytest

from workstation.sessions.replay import Replay, ReplayEvent
from workstation.sessions.replay_player import ReplayPlayer


def line(offset_ms: int, sender: str, text: str = "", kind: str = "message") -> ReplayEvent:
    return ReplayEvent(offset_ms=offset_ms, kind=kind, sender=sender, text=text)


def sample() -> Replay:
    return Replay(
        duration_s=60,
        events=[
            line(0, "system", kind="opened"),
            line(5_000, "contact", "hei"),
            line(10_000, "staff", "Hei, så fint at du skriver."),
            line(10_000, "contact", "takk"),
            line(30_000, "contact", "jeg har det ikke bra"),
            line(40_000, "staff", "Vil du fortelle mer?"),
            line(60_000, "system", kind="closed"),
        ],
    )


def test_plays_in_real_time_at_speed_one() -> None:
    player = ReplayPlayer(sample())
    assert player.visible == 1 and player.duration_ms == 60_000
    assert not player.advance(1000)  # paused: nothing moves
    player.play()
    player.advance(4_999)
    assert player.visible == 1
    player.advance(1)
    assert player.position_ms == 5_000 and player.visible == 2


@pytest.mark.parametrize("speed", [1, 2, 8])
def test_speed_multiplies_time(speed: int) -> None:
    player = ReplayPlayer(sample())
    player.set_speed(speed)
    player.play()
    player.advance(1_000)
    assert player.position_ms == 1_000 * speed


def test_other_speeds_are_refused() -> None:
    with pytest.raises(ValueError):
        ReplayPlayer(sample()).set_speed(3)


def test_seek_shows_everything_up_to_the_moment_and_clamps() -> None:
    player = ReplayPlayer(sample())
    player.seek(10_000)
    assert player.visible == 4  # both lines at 10 s
    player.seek(9_999)
    assert player.visible == 2
    player.seek(-5)
    assert player.position_ms == 0 and player.visible == 1
    player.seek(10**9)
    assert player.position_ms == 60_000 and player.finished and player.visible == 7


def test_stops_at_the_end_and_play_restarts() -> None:
    player = ReplayPlayer(sample())
    player.set_speed(8)
    player.play()
    player.advance(100_000)
    assert player.finished and not player.playing and player.visible == 7
    player.play()
    assert player.position_ms == 0 and player.playing


def test_practice_stops_before_each_counsellor_message() -> None:
    player = ReplayPlayer(sample())
    player.set_practice(True)
    assert player.next_stop_ms() == 10_000
    player.set_speed(8)
    player.play()
    player.advance(20_000)  # would reach 160 s
    assert player.stopped_at == 2 and player.position_ms == 10_000
    assert player.visible == 2 and not player.playing  # the counsellor's reply is hidden
    player.play()
    assert not player.playing  # waits for an answer
    attempt = player.answer("Hei! Fint at du tok kontakt.")
    assert attempt.original == "Hei, så fint at du skriver." and attempt.offset_ms == 10_000
    assert player.visible == 3 and player.stopped_at is None
    player.play()
    player.advance(1)
    assert player.visible == 4  # the contact's line at the same moment follows
    player.advance(100_000)
    assert player.stopped_at == 5 and player.position_ms == 40_000
    player.skip()
    assert player.visible == 6 and 5 not in player.attempts
    player.play()
    player.advance(100_000)
    assert player.finished and player.visible == 7
    assert list(player.attempts) == [2]


def test_seeking_back_lets_the_trainee_practise_again() -> None:
    player = ReplayPlayer(sample())
    player.set_practice(True)
    player.seek(45_000)
    assert player.visible == 6
    player.seek(0)
    player.play()
    player.advance(11_000)
    assert player.stopped_at == 2


def test_turning_practice_off_reveals_the_waiting_message() -> None:
    player = ReplayPlayer(sample())
    player.set_practice(True)
    player.play()
    player.advance(15_000)
    assert player.stopped_at == 2
    player.set_practice(False)
    assert player.stopped_at is None and player.visible == 3
    with pytest.raises(RuntimeError):
        player.answer("too late")


def test_empty_replay_is_finished_at_once() -> None:
    player = ReplayPlayer(Replay())
    player.play()
    assert not player.advance(1000)
    assert player.visible == 0 and player.next_stop_ms() is None
