"""Scenario scripts: every shipped one is valid; bad ones fail with a clear message; timing."""

from __future__ import annotations

import json
import random
import statistics
from pathlib import Path
from typing import Any

import pytest

from workstation.sim.cli import main
from workstation.sim.scenario import (
    SCENARIO_DIR,
    THEMES,
    Leave,
    Say,
    ScenarioError,
    Silent,
    WaitAssigned,
    WaitReply,
    load_scenario,
    load_scenarios,
    parse_scenario,
    select,
)
from workstation.sim.simulator import assign_scenarios
from workstation.sim.timing import Timing

REQUIRED_THEMES = {
    "violence_at_home",
    "neglect",
    "bullying",
    "self_harm_thoughts",
    "worried_adult",
    "just_talk",
    "silent",
    "leaves_while_queued",
}


def test_every_shipped_scenario_loads_and_validates() -> None:
    scenarios = load_scenarios()
    assert len(scenarios) >= 8
    assert len(list(SCENARIO_DIR.glob("*.json"))) == len(scenarios)
    assert {s.theme for s in scenarios} >= REQUIRED_THEMES
    assert {s.theme for s in scenarios} <= THEMES
    assert "sms" in {s.channel for s in scenarios}
    for scenario in scenarios:
        assert scenario.title and scenario.weight > 0
        assert scenario.leaves, f"{scenario.id} should end by leaving"
        assert all(len(line) <= 4000 for line in scenario.lines())


def test_the_silent_contact_writes_nothing_and_the_quitter_leaves_while_queued() -> None:
    by_theme = {s.theme: s for s in load_scenarios()}
    silent = by_theme["silent"]
    assert silent.lines() == []
    assert any(isinstance(step, Silent) for step in silent.steps)
    quitter = by_theme["leaves_while_queued"]
    waits = [step for step in quitter.steps if isinstance(step, WaitAssigned)]
    assert [w.on_timeout for w in waits] == ["leave"]
    assert not any(isinstance(step, WaitReply) for step in quitter.steps)


def test_every_other_scenario_waits_for_a_reply_first() -> None:
    for scenario in load_scenarios():
        if scenario.theme in ("silent", "leaves_while_queued"):
            continue
        assert any(isinstance(step, WaitReply) for step in scenario.steps), scenario.id


def good() -> dict[str, Any]:
    return {
        "id": "test",
        "title": "Prøve",
        "theme": "bullying",
        "channel": "chat",
        "weight": 1,
        "steps": [
            {"say": "hei", "after_s": [1, 2]},
            {"wait_reply": True, "timeout_s": 60},
            {"silent_for_s": 5},
            {"leave": True},
        ],
    }


def test_a_good_script_parses_to_steps() -> None:
    scenario = parse_scenario(good(), source="test.json")
    assert scenario.steps == (
        Say("hei", (1.0, 2.0)),
        WaitReply(60.0, "continue"),
        Silent((5.0, 5.0)),
        Leave(None),
    )
    assert scenario.lines() == ["hei"]


def _with(change: dict[str, Any], step: int | None = None, drop: str | None = None) -> Any:
    data = good()
    target = data if step is None else data["steps"][step - 1]
    target.update(change)
    if drop:
        del target[drop]
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_with({"after_s": [3, 1]}, step=1), 'test.json: step 1: "after_s" must have 0 <= min'),
        (_with({"after_s": 2}, step=1), 'test.json: step 1: "after_s" must be [min, max]'),
        (_with({"say": ""}, step=1), 'test.json: step 1: "say" must be a non-empty string'),
        (_with({"say": "x" * 4001}, step=1), 'step 1: "say" is longer than 4000'),
        (_with({"wait_reply": False}, step=2), 'test.json: step 2: "wait_reply" must be true'),
        (_with({"on_timeout": "cry"}, step=2), 'step 2: "on_timeout" must be "continue" or'),
        (_with({"timeout_s": 0}, step=2), 'step 2: "timeout_s" must be greater than 0'),
        (_with({"say": "hei"}, step=2), "test.json: step 2: a step needs exactly one of"),
        (_with({"typo": 1}, step=3), 'test.json: step 3: a "silent_for_s" step has unknown'),
        (_with({"steps": [{"leave": True}, {"say": "hei"}]}), 'step 1: "leave" must be the last'),
        (_with({"steps": []}), 'test.json: "steps" must be a non-empty list'),
        (_with({"steps": ["hei"]}), "test.json: step 1: a step must be a JSON object"),
        (_with({"theme": "weather"}), "test.json: \"theme\" 'weather' is not one of"),
        (_with({"channel": "fax"}), "test.json: \"channel\" 'fax' is not one of"),
        (_with({"weight": 0}), 'test.json: "weight" must be greater than 0'),
        (_with({"weight": True}), 'test.json: "weight" must be a number'),
        (_with({"id": "Big Id"}), "test.json: \"id\" 'Big Id' must be lower-case"),
        (_with({}, drop="title"), 'test.json: "title" must be a non-empty string'),
        (_with({"colour": "blue"}), "test.json: scenario has unknown field(s) colour"),
        (_with({"typing_cps": [0, 3]}), 'test.json: "typing_cps" must have 0 < min <= max'),
        ([], "test.json: the file must hold one JSON object"),
    ],
)
def test_a_bad_script_names_the_file_and_step(data: Any, message: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data, source="test.json")
    assert message in str(caught.value)


def test_bad_files_are_named(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "broken",', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"^broken\.json: not valid UTF-8 JSON"):
        load_scenario(broken)
    misnamed = tmp_path / "other.json"
    misnamed.write_text(json.dumps(good()), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"^other\.json: the id 'test' must match"):
        load_scenario(misnamed)
    with pytest.raises(ScenarioError, match="no scenario files"):
        load_scenarios(tmp_path / "empty")


def test_select_keeps_order_and_rejects_unknown_ids() -> None:
    scenarios = load_scenarios()
    assert [s.id for s in select(scenarios, ["stille", "mobbing"])] == ["stille", "mobbing"]
    with pytest.raises(ScenarioError, match="unknown scenario nope"):
        select(scenarios, ["nope"])


# --- timing ------------------------------------------------------------------------------


def test_speed_divides_every_duration() -> None:
    slow, fast = Timing(1.0, random.Random(5)), Timing(10.0, random.Random(5))
    assert fast.scaled(120) == pytest.approx(12.0)
    assert fast.pause((2, 4)) == pytest.approx(slow.pause((2, 4)) / 10)
    text = "jeg vet ikke helt hvordan jeg skal si det. men det er noe hjemme"
    assert fast.typing(text, (3, 5)) == pytest.approx(slow.typing(text, (3, 5)) / 10)
    assert fast.arrivals(5, 20) == pytest.approx([t / 10 for t in slow.arrivals(5, 20)])


def test_pauses_stay_in_range_and_typing_grows_with_length() -> None:
    timing = Timing(2.0, random.Random(1))
    pauses = [timing.pause((1, 3)) for _ in range(200)]
    assert min(pauses) >= 0.5 and max(pauses) <= 1.5
    # 40 characters at 2–4 characters per second (0.6–1.5 jitter), no punctuation.
    durations = [timing.typing("a" * 40, (2, 4)) * 2 for _ in range(200)]
    assert all(40 * 0.6 / 4 <= d <= 40 * 1.5 / 2 for d in durations)
    short = statistics.mean(timing.typing("hei", (3, 5)) for _ in range(100))
    long = statistics.mean(timing.typing("hei " * 30, (3, 5)) for _ in range(100))
    assert long > 10 * short


def test_arrivals_are_poisson_with_the_given_mean() -> None:
    timing = Timing(4.0, random.Random(2))
    offsets = timing.arrivals(2001, 20.0)
    assert offsets[0] == 0
    assert offsets == sorted(offsets)
    gaps = [b - a for a, b in zip(offsets, offsets[1:], strict=False)]
    assert statistics.mean(gaps) == pytest.approx(5.0, rel=0.1)
    assert Timing(4.0).arrivals(3, 0) == [0, 0, 0]


def test_speed_must_be_positive() -> None:
    with pytest.raises(ValueError, match="speed"):
        Timing(0)


def test_scenarios_are_assigned_in_turn_or_by_weight() -> None:
    scenarios = load_scenarios()
    chosen = select(scenarios, ["mobbing", "stille"])
    plan = assign_scenarios(chosen, 5, random.Random(0), in_turn=True)
    assert [s.id for s in plan] == ["mobbing", "stille", "mobbing", "stille", "mobbing"]
    drawn = assign_scenarios(scenarios, 3000, random.Random(0), in_turn=False)
    counts = {s.id: 0 for s in scenarios}
    for scenario in drawn:
        counts[scenario.id] += 1
    total_weight = sum(s.weight for s in scenarios)
    for scenario in scenarios:
        expected = 3000 * scenario.weight / total_weight
        assert counts[scenario.id] == pytest.approx(expected, rel=0.3)


def test_cli_lists_scenarios_and_rejects_unknown_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == len(load_scenarios())
    assert any(line.startswith("mobbing\tchat\t") for line in listed)
    with pytest.raises(SystemExit) as caught:
        main(["--hub", "ws://127.0.0.1:1", "--scenario", "nope"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit):
        main(["--contacts", "1"])
    assert "--hub is required" in capsys.readouterr().err
