"""A hub stand-in for the trainer demo: the demo replays and practice answers, in memory.

It answers like :class:`HubSource` does (deleting, saving and listing practice answers), so the
demo shows the trainer window as a trainer on a hub sees it, with no hub running.
"""

from __future__ import annotations

import builtins
import secrets
from typing import Any

from workstation.sessions.replay import Annotation, Replay, summary
from workstation.sessions.replay_player import Attempt, is_counsellor_message
from workstation.ui.trainer.attempts_model import PracticeAnswer
from workstation.ui.trainer.source import HubSource

#: (user name, display name, answers at the first counsellor messages, in order)
DEMO_TRAINEES = (
    ("ida", "Ida Øvesen", (
        "Hei! Så bra at du tok kontakt. Hva vil du prate om i dag?",
        "Så skummelt. Har han gjort sånt før?",
        "Er det noen voksne du kan være hos i kveld?",
    )),
    ("jonas", "Jonas Lærling", (
        "Hei, hva skjer?",
        "Du må ringe politiet med en gang.",
    )),
)


class DemoHubSource(HubSource):
    """Replays and practice answers held in memory; ``roles`` as given."""

    def __init__(self, replays: builtins.list[Replay], roles: tuple[str, ...] = ("trainer",),
                 user: str = "trener", display_name: str = "Demo Trener") -> None:
        self.replays = {r.replay or "": r for r in replays}
        self.roles = frozenset(roles)
        self.user = (user, display_name)
        self.answers: dict[str, builtins.list[PracticeAnswer]] = {}

    def add_demo_answers(self) -> None:
        """Answers from two made-up trainees at each replay's first counsellor messages."""
        for replay_id, replay in self.replays.items():
            stops = [i for i, e in enumerate(replay.events) if is_counsellor_message(e)]
            for name, display, texts in DEMO_TRAINEES:
                for index, text in zip(stops, texts, strict=False):
                    self._keep(replay_id, name, display, index, replay.events[index].offset_ms,
                               text)

    def _keep(self, replay_id: str, name: str, display: str, index: int, offset_ms: int,
              text: str) -> PracticeAnswer:
        answer = PracticeAnswer("p" + secrets.token_hex(6), name, display, index, offset_ms, text)
        self.answers.setdefault(replay_id, []).append(answer)
        return answer

    async def list(self) -> builtins.list[dict[str, Any]]:
        return [summary(key, replay) for key, replay in self.replays.items()]

    async def get(self, replay_id: str) -> Replay:
        return self.replays[replay_id]

    async def annotate(self, replay: Replay, offset_ms: int, text: str) -> Annotation:
        return Annotation(annotation="a" + secrets.token_hex(6), offset_ms=offset_ms, text=text)

    async def delete(self, replay_id: str) -> None:
        self.replays.pop(replay_id, None)
        self.answers.pop(replay_id, None)

    async def save_attempt(self, replay_id: str, attempt: Attempt) -> PracticeAnswer:
        return self._keep(replay_id, *self.user, attempt.index, attempt.offset_ms, attempt.mine)

    async def attempts(self, replay_id: str) -> builtins.list[PracticeAnswer]:
        mine = None if self.sees_everyone else self.user[0]
        return [a for a in self.answers.get(replay_id, []) if mine in (None, a.trainee)]
