"""Which time warning is due, and when to look again: pure logic, no clock, no socket."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from workstation.protocol import ErrorCode, ProtocolError, decode_staff
from workstation.protocol.frames_policy import PolicySet, TimeContinue
from workstation.protocol.times import format_time
from workstation.sessions.events import Event
from workstation.sessions.time_policy import (
    Clock,
    Decision,
    TimePolicy,
    clock_from_events,
    decide,
    warning_fields,
)

T0 = datetime(2026, 11, 26, 22, 0, tzinfo=UTC)
CHAT = TimePolicy("chat", soft_s=600, hard_s=900, min_queue=0)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_nothing_before_the_soft_limit_and_the_timer_aims_at_it() -> None:
    assert decide(CHAT, Clock(T0), at(599.9), 0, set()) == Decision(None, 599, at(600))


def test_soft_at_the_limit_then_hard() -> None:
    clock = Clock(T0)
    soft = decide(CHAT, clock, at(600), 0, set())
    assert soft == Decision("soft", 600, at(900))
    clock.fired = "soft"
    assert decide(CHAT, clock, at(700), 0, set()) == Decision(None, 700, at(900))
    hard = decide(CHAT, clock, at(900.5), 0, set())
    assert hard == Decision("hard", 900, None)
    clock.fired = "hard"
    assert decide(CHAT, clock, at(5000), 0, set()) == Decision(None, 5000, None)


def test_each_level_once_and_only_the_highest_when_both_are_due() -> None:
    assert decide(CHAT, Clock(T0), at(1000), 0, set()).level == "hard"
    assert decide(CHAT, Clock(T0, fired="hard"), at(1000), 0, set()).level is None
    same = TimePolicy("chat", soft_s=60, hard_s=60, min_queue=0)
    assert decide(same, Clock(T0), at(60), 0, set()) == Decision("hard", 60, None)


def test_queue_condition_holds_warnings_until_enough_wait() -> None:
    busy = TimePolicy("chat", soft_s=600, hard_s=900, min_queue=2)
    # Nobody waiting enough: nothing due, and no timer — the queue change will ask again.
    assert decide(busy, Clock(T0), at(100), 1, set()) == Decision(None, 100, None)
    assert decide(busy, Clock(T0), at(700), 1, set()) == Decision(None, 700, None)
    # The queue grows past the limit: the warning comes at once.
    assert decide(busy, Clock(T0), at(700), 2, set()) == Decision("soft", 700, at(900))
    assert decide(busy, Clock(T0), at(100), 3, set()) == Decision(None, 100, at(600))


@pytest.mark.parametrize(
    ("policy", "clock", "flags"),
    [
        (None, Clock(T0), set()),
        (TimePolicy("chat", 600, 900, 0, enabled=False), Clock(T0), set()),
        (CHAT, Clock(T0), {"risk"}),
        (CHAT, Clock(T0), {"self_harm", "risk"}),
        (CHAT, Clock(T0, continued=True), set()),
    ],
    ids=["no policy", "disabled", "risk", "risk among flags", "continued"],
)
def test_exempt_conversations_never_warn_and_need_no_timer(
    policy: TimePolicy | None, clock: Clock, flags: set[str]
) -> None:
    for seconds in (0, 600, 900, 10_000):
        assert decide(policy, clock, at(seconds), 50, flags) == Decision(None, seconds, None)


def test_other_flags_do_not_exempt() -> None:
    assert decide(CHAT, Clock(T0), at(600), 0, {"followup"}).level == "soft"


def test_a_new_assignment_restarts_the_clock_but_continue_stands() -> None:
    clock = Clock(T0, fired="hard")
    clock.reassigned(at(1000))
    assert decide(CHAT, clock, at(1000 + 600), 0, set()).level == "soft"
    continued = Clock(T0, continued=True)
    continued.reassigned(at(1000))
    assert continued.continued and continued.fired is None


def test_warning_fields() -> None:
    decision = decide(CHAT, Clock(T0), at(601.7), 3, set())
    assert warning_fields(CHAT, decision, 3) == {
        "level": "soft", "elapsed_s": 601, "soft_s": 600, "hard_s": 900, "waiting": 3,
    }


def test_clock_rebuilt_from_the_log_after_a_restart() -> None:
    def ev(seq: int, seconds: float, kind: str, **fields: object) -> Event:
        return Event("c1", seq, format_time(at(seconds)), kind, dict(fields))

    assert clock_from_events([]) is None
    log = [ev(3, 0, "assigned"), ev(5, 600, "time_warning", level="soft")]
    assert clock_from_events(log) == Clock(T0, fired="soft")
    log += [ev(9, 1000, "assigned")]  # taken over: a new clock
    assert clock_from_events(log) == Clock(at(1000))
    log += [ev(12, 1200, "time_continued", reason="crisis")]
    assert clock_from_events(log) == Clock(at(1000), continued=True)


def test_policy_frames_are_validated() -> None:
    frame = decode_staff(
        '{"type":"policy_set","id":"p","channel":"chat","soft_s":600,"hard_s":900,"min_queue":0}'
    )
    assert frame == PolicySet(id="p", channel="chat", soft_s=600, hard_s=900, min_queue=0)
    assert isinstance(frame, PolicySet) and frame.enabled
    for bad in (
        '"soft_s":0,"hard_s":900,"min_queue":0',
        '"soft_s":600,"hard_s":599,"min_queue":0',
        '"soft_s":600,"hard_s":900,"min_queue":-1',
        '"soft_s":600.5,"hard_s":900,"min_queue":0',
    ):
        with pytest.raises(ProtocolError) as rejected:
            decode_staff('{"type":"policy_set","id":"p","channel":"chat",' + bad + "}")
        assert rejected.value.code is ErrorCode.BAD_FRAME and rejected.value.re == "p"
    with pytest.raises(ProtocolError):
        decode_staff('{"type":"policy_set","id":"p","channel":"fax","soft_s":1,"hard_s":1,'
                     '"min_queue":0}')


def test_continue_needs_a_known_reason() -> None:
    frame = decode_staff('{"type":"time_continue","id":"t","conversation":"c1","reason":"crisis"}')
    assert frame == TimeContinue(id="t", conversation="c1", reason="crisis")
    with pytest.raises(ProtocolError) as rejected:
        decode_staff('{"type":"time_continue","id":"t","conversation":"c1","reason":"bored"}')
    assert rejected.value.code is ErrorCode.BAD_FRAME
