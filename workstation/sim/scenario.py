"""Scenario scripts: the JSON files in ``resources/scenarios/``, loaded and validated.

The format is documented in ``docs/simulator.md``. Validation is strict and every error names
the file and the step (1-based), e.g. ``bullying.json: step 4: "after_s" must be [min, max]``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from workstation.paths import RESOURCES
from workstation.protocol.frames import CHANNELS
from workstation.protocol.limits import MAX_TEXT_CHARS

#: Where the shipped scenarios live.
SCENARIO_DIR = RESOURCES / "scenarios"

#: Themes a scenario may have (the report's themes plus behaviours of the contact).
THEMES: frozenset[str] = frozenset(
    {
        "violence_at_home",
        "neglect",
        "bullying",
        "self_harm_thoughts",
        "worried_adult",
        "just_talk",
        "silent",
        "leaves_while_queued",
        "worried_about_friend",
        "language_barrier",
        "conflict_at_home",
        "anxiety",
        "sexual_abuse",
        "other",
    }
)

Range = tuple[float, float]
OnTimeout = Literal["continue", "leave"]

#: Defaults in scenario seconds (divided by the speed factor when run).
DEFAULT_PAUSE_S: Range = (1.0, 4.0)
DEFAULT_TYPING_CPS: Range = (2.5, 5.0)
DEFAULT_WAIT_TIMEOUT_S = 300.0
DEFAULT_LINGER_S = 120.0

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file and the step."""


@dataclass(frozen=True)
class Say:
    """Think for ``after_s`` (or the scenario's pause), type ``text`` at the typing speed, send."""

    text: str
    after_s: Range | None = None


@dataclass(frozen=True)
class WaitReply:
    """Wait until a counsellor has written since the last wait (a reply while typing counts)."""

    timeout_s: float = DEFAULT_WAIT_TIMEOUT_S
    on_timeout: OnTimeout = "continue"


@dataclass(frozen=True)
class WaitAssigned:
    """Wait until a counsellor has taken the conversation (left the queue)."""

    timeout_s: float = DEFAULT_WAIT_TIMEOUT_S
    on_timeout: OnTimeout = "continue"


@dataclass(frozen=True)
class Silent:
    """Do nothing for a while (seconds drawn from the range)."""

    for_s: Range


@dataclass(frozen=True)
class Leave:
    """Leave the conversation (``closed`` with reason ``contact_left``); always the last step."""

    after_s: Range | None = None


Step = Say | WaitReply | WaitAssigned | Silent | Leave


@dataclass(frozen=True)
class Scenario:
    """One synthetic young person (or worried adult) and what they will write.

    Attributes:
        id: a short slug, the same as the file name without ``.json``.
        title: a Norwegian title for people choosing scenarios.
        theme: one of :data:`THEMES`.
        channel: the channel the contact opens on (``chat``, ``sms``, …).
        weight: how common the scenario is, relative to the others (> 0).
        steps: what happens, in order.
        pause_s: the default thinking pause before a ``say``.
        typing_cps: typing speed range in characters per second.
        linger_s: after the last step (when not left), how long to wait for the counsellor to
            close before leaving.
        patience_s: how long the contact stays in the queue before giving up and leaving
            (None: until the script says otherwise).
    """

    id: str
    title: str
    theme: str
    channel: str
    weight: float
    steps: tuple[Step, ...]
    description: str = ""
    lang: str | None = None
    pause_s: Range = DEFAULT_PAUSE_S
    typing_cps: Range = DEFAULT_TYPING_CPS
    linger_s: float = DEFAULT_LINGER_S
    patience_s: float | None = None
    source: str = field(default="<memory>", compare=False)

    def lines(self) -> list[str]:
        """Every text the script says, in order (the whole script, no timeouts taken)."""
        return [step.text for step in self.steps if isinstance(step, Say)]

    @property
    def leaves(self) -> bool:
        """Whether the script ends by leaving (rather than lingering)."""
        return bool(self.steps) and isinstance(self.steps[-1], Leave)


# --- loading ------------------------------------------------------------------------------


def load_scenarios(directory: Path | None = None) -> list[Scenario]:
    """All ``*.json`` scenarios in ``directory`` (default: the shipped ones), sorted by id."""
    folder = SCENARIO_DIR if directory is None else directory
    scenarios = [load_scenario(path) for path in sorted(folder.glob("*.json"))]
    seen: set[str] = set()
    for scenario in scenarios:
        if scenario.id in seen:
            raise ScenarioError(f"{scenario.source}: the id {scenario.id!r} is used twice")
        seen.add(scenario.id)
    if not scenarios:
        raise ScenarioError(f"{folder}: no scenario files (*.json)")
    return scenarios


def load_scenario(path: Path) -> Scenario:
    """One scenario file; raises :class:`ScenarioError` naming the file (and step)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError(f"{path.name}: cannot be read ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScenarioError(f"{path.name}: not valid UTF-8 JSON ({exc})") from None
    scenario = parse_scenario(data, source=path.name)
    if scenario.id != path.stem:
        raise ScenarioError(f"{path.name}: the id {scenario.id!r} must match the file name")
    return scenario


def select(scenarios: Iterable[Scenario], ids: Iterable[str]) -> list[Scenario]:
    """The scenarios with the given ids, in the order given; unknown ids are an error."""
    by_id = {scenario.id: scenario for scenario in scenarios}
    unknown = [sid for sid in ids if sid not in by_id]
    if unknown:
        known = ", ".join(sorted(by_id))
        raise ScenarioError(f"unknown scenario {', '.join(unknown)} (known: {known})")
    return [by_id[sid] for sid in ids]


# --- validation ---------------------------------------------------------------------------

_SCENARIO_KEYS = {
    "id",
    "title",
    "theme",
    "channel",
    "weight",
    "steps",
    "description",
    "lang",
    "pause_s",
    "typing_cps",
    "linger_s",
    "patience_s",
}
_STEP_KEYS: dict[str, set[str]] = {
    "say": {"say", "after_s"},
    "wait_reply": {"wait_reply", "timeout_s", "on_timeout"},
    "wait_assigned": {"wait_assigned", "timeout_s", "on_timeout"},
    "silent_for_s": {"silent_for_s"},
    "leave": {"leave", "after_s"},
}


def parse_scenario(data: Any, *, source: str = "<memory>") -> Scenario:
    """Validate a decoded scenario object; errors name ``source`` and the step."""
    where = _Where(source)
    if not isinstance(data, dict):
        raise where.error("the file must hold one JSON object")
    where.unknown_keys(data, _SCENARIO_KEYS, "scenario")
    sid = where.string(data, "id")
    if not _ID.match(sid):
        raise where.error(f'"id" {sid!r} must be lower-case letters, digits and dashes')
    theme = where.string(data, "theme")
    if theme not in THEMES:
        raise where.error(f'"theme" {theme!r} is not one of {", ".join(sorted(THEMES))}')
    channel = where.string(data, "channel")
    if channel not in CHANNELS:
        raise where.error(f'"channel" {channel!r} is not one of {", ".join(CHANNELS)}')
    weight = where.number(data, "weight")
    if weight <= 0:
        raise where.error('"weight" must be greater than 0')
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise where.error('"steps" must be a non-empty list')
    steps = tuple(_parse_step(where.at_step(n), raw) for n, raw in enumerate(raw_steps, 1))
    for n, step in enumerate(steps[:-1], 1):
        if isinstance(step, Leave):
            raise where.at_step(n).error('"leave" must be the last step')
    linger_s = where.number(data, "linger_s", default=DEFAULT_LINGER_S)
    if linger_s < 0:
        raise where.error('"linger_s" must not be negative')
    patience_s = where.number(data, "patience_s", default=-1.0)
    if "patience_s" in data and patience_s <= 0:
        raise where.error('"patience_s" must be greater than 0')
    lang = data.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise where.error('"lang" must be a string')
    return Scenario(
        id=sid,
        title=where.string(data, "title"),
        theme=theme,
        channel=channel,
        weight=weight,
        steps=steps,
        description=where.string(data, "description", default=""),
        lang=lang,
        pause_s=where.range(data, "pause_s") or DEFAULT_PAUSE_S,
        typing_cps=where.range(data, "typing_cps", positive=True) or DEFAULT_TYPING_CPS,
        linger_s=linger_s,
        patience_s=patience_s if "patience_s" in data else None,
        source=source,
    )


def _parse_step(where: _Where, raw: Any) -> Step:
    if not isinstance(raw, dict):
        raise where.error("a step must be a JSON object")
    actions = [key for key in _STEP_KEYS if key in raw]
    if len(actions) != 1:
        names = ", ".join(f'"{key}"' for key in _STEP_KEYS)
        raise where.error(f"a step needs exactly one of {names}")
    action = actions[0]
    where.unknown_keys(raw, _STEP_KEYS[action], f'a "{action}" step')
    if action == "say":
        text = where.string(raw, "say")
        if len(text) > MAX_TEXT_CHARS:
            raise where.error(f'"say" is longer than {MAX_TEXT_CHARS} characters')
        return Say(text, where.range(raw, "after_s"))
    if action == "silent_for_s":
        return Silent(where.range(raw, "silent_for_s", allow_number=True) or (0.0, 0.0))
    where.true(raw, action)
    if action == "leave":
        return Leave(where.range(raw, "after_s"))
    timeout_s = where.number(raw, "timeout_s", default=DEFAULT_WAIT_TIMEOUT_S)
    if timeout_s <= 0:
        raise where.error('"timeout_s" must be greater than 0')
    on_timeout = raw.get("on_timeout", "continue")
    if on_timeout not in ("continue", "leave"):
        raise where.error('"on_timeout" must be "continue" or "leave"')
    if action == "wait_reply":
        return WaitReply(timeout_s, on_timeout)
    return WaitAssigned(timeout_s, on_timeout)


class _Where:
    """Field readers that raise :class:`ScenarioError` saying where the problem is."""

    def __init__(self, source: str, step: int | None = None) -> None:
        self.source = source
        self.step = step

    def at_step(self, step: int) -> _Where:
        return _Where(self.source, step)

    def error(self, message: str) -> ScenarioError:
        place = self.source if self.step is None else f"{self.source}: step {self.step}"
        return ScenarioError(f"{place}: {message}")

    def unknown_keys(self, data: dict[str, Any], allowed: set[str], what: str) -> None:
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise self.error(f"{what} has unknown field(s) {', '.join(unknown)}")

    def string(self, data: dict[str, Any], key: str, *, default: str | None = None) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.error(f'"{key}" must be a non-empty string')
        return value

    def number(self, data: dict[str, Any], key: str, *, default: float | None = None) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(f'"{key}" must be a number')
        return float(value)

    def true(self, data: dict[str, Any], key: str) -> None:
        if data[key] is not True:
            raise self.error(f'"{key}" must be true')

    def range(
        self,
        data: dict[str, Any],
        key: str,
        *,
        positive: bool = False,
        allow_number: bool = False,
    ) -> Range | None:
        """A ``[min, max]`` pair (or one number when ``allow_number``); ``None`` when absent."""
        if key not in data:
            return None
        value = data[key]
        if allow_number and isinstance(value, int | float) and not isinstance(value, bool):
            value = [value, value]
        if (
            not isinstance(value, list)
            or len(value) != 2
            or any(isinstance(v, bool) or not isinstance(v, int | float) for v in value)
        ):
            shape = "a number or [min, max]" if allow_number else "[min, max]"
            raise self.error(f'"{key}" must be {shape}')
        low, high = float(value[0]), float(value[1])
        if low < 0 or high < low or (positive and low <= 0):
            raise self.error(f'"{key}" must have 0 {"<" if positive else "<="} min <= max')
        return (low, high)
