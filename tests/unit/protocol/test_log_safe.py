"""Tracebacks for logs keep where it failed and drop what the exception said."""

from __future__ import annotations

from workstation.protocol.log_safe import traceback_without_values

WORDS = "Iben Solberg 412 34 567"


def parse_age(text: str) -> int:
    return int(text)


def test_message_dropped_frames_and_type_kept() -> None:
    try:
        parse_age(WORDS)
    except ValueError as exc:
        logged = traceback_without_values(exc)
    assert "Iben" not in logged and "412" not in logged
    assert logged.startswith("Traceback (most recent call last):")
    assert "in parse_age" in logged and "return int(text)" in logged
    assert logged.endswith("ValueError")


def test_causes_are_kept_without_their_messages() -> None:
    try:
        try:
            {}[WORDS]
        except KeyError as exc:
            raise RuntimeError(f"lookup of {WORDS} failed") from exc
    except RuntimeError as exc:
        logged = traceback_without_values(exc)
    assert "Iben" not in logged
    assert logged.index("KeyError") < logged.index("RuntimeError")
