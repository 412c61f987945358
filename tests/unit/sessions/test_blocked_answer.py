"""The kind answer a blocked contact meets (docs/care.md): 112/113 always, another service
open now when there is one, never this line, never a word about blocking."""

from __future__ import annotations

from datetime import datetime

from workstation.sessions.blocked_answer import blocked_answer
from workstation.sessions.referrals import OSLO


def test_the_answer_gives_emergency_numbers_and_another_open_service() -> None:
    answer = blocked_answer(datetime(2026, 12, 5, 14, 0, tzinfo=OSLO))  # a Saturday afternoon
    assert "112" in answer.text and "113" in answer.text
    assert answer.service is not None
    assert answer.service["name"] in answer.text
    assert answer.service["name"] != "Alarmtelefonen for barn og unge"
    assert "blokk" not in answer.text.lower() and "sperr" not in answer.text.lower()


def test_the_emergency_numbers_are_there_at_any_hour() -> None:
    for hour in (0, 3, 9, 18, 23):
        answer = blocked_answer(datetime(2026, 12, 7, hour, 30, tzinfo=OSLO))
        assert "ring 112 (politi) eller 113 (ambulanse)" in answer.text
