"""Where replays come from: the hub (``replay_list``/``replay_get``/``replay_annotate``,
``replay_delete``, ``practice_save``/``practice_list``) or, in classroom mode, files opened
without a hub (annotations are saved into the file; practice answers are not kept)."""

from __future__ import annotations

import asyncio
import builtins
import secrets
from pathlib import Path
from typing import Any, Protocol

import msgspec

from workstation.client import StaffClient
from workstation.sessions.replay import Annotation, Replay, decode, summary
from workstation.sessions.replay_player import Attempt
from workstation.ui.trainer.attempts_model import PracticeAnswer
from workstation.ui.trainer.files import read_replay, write_replay


class ReplaySource(Protocol):
    """What the trainer window needs from a place that holds replays."""

    async def list(self) -> list[dict[str, Any]]: ...

    async def get(self, replay_id: str) -> Replay: ...

    async def annotate(self, replay: Replay, offset_ms: int, text: str) -> Annotation:
        """Save an annotation; the caller adds the returned one to ``replay``."""
        ...


#: Roles that may delete a replay on the hub; that annotate; that see every trainee's
#: practice answers (docs/protocol.md, Replays).
DELETE_ROLES = frozenset({"trainer", "supervisor"})
ANNOTATE_ROLES = SEE_ALL_ROLES = frozenset({"trainer"})


class HubSource:
    """Replays on the hub, through a signed-in :class:`StaffClient`.

    Attributes:
        client: the signed-in connection.
        roles: the signed-in user's roles.
    """

    def __init__(self, client: StaffClient) -> None:
        self.client = client
        self.roles = frozenset((client.user or {}).get("roles") or ())

    @property
    def may_delete(self) -> bool:
        return bool(self.roles & DELETE_ROLES)

    @property
    def may_annotate(self) -> bool:
        return bool(self.roles & ANNOTATE_ROLES)

    @property
    def sees_everyone(self) -> bool:
        """True when practice answers of every trainee are listed, not only one's own."""
        return bool(self.roles & SEE_ALL_ROLES)

    async def list(self) -> list[dict[str, Any]]:
        answer = await self.client.request({"type": "replay_list"})
        return list(answer.get("replays", []))

    async def get(self, replay_id: str) -> Replay:
        answer = await self.client.request({"type": "replay_get", "replay": replay_id})
        return decode(answer)

    async def annotate(self, replay: Replay, offset_ms: int, text: str) -> Annotation:
        answer = await self.client.request(
            {"type": "replay_annotate", "replay": replay.replay, "offset_ms": offset_ms,
             "text": text}
        )
        return Annotation(
            annotation=str(answer["annotation"]), offset_ms=offset_ms, text=text
        )

    async def delete(self, replay_id: str) -> None:
        await self.client.request({"type": "replay_delete", "replay": replay_id})

    async def save_attempt(self, replay_id: str, attempt: Attempt) -> PracticeAnswer:
        """Keep the signed-in user's answer at a practice stop on the hub."""
        answer = await self.client.request(
            {"type": "practice_save", "replay": replay_id, "event": attempt.index,
             "offset_ms": attempt.offset_ms, "text": attempt.mine}
        )
        return PracticeAnswer.from_wire(answer)

    async def attempts(self, replay_id: str) -> builtins.list[PracticeAnswer]:
        """The practice answers at a replay: one's own, or everyone's for a trainer."""
        answer = await self.client.request({"type": "practice_list", "replay": replay_id})
        return [PracticeAnswer.from_wire(a) for a in answer.get("attempts", [])]


class FileSource:
    """Classroom mode: replays opened from files; annotations are written back to the file."""

    def __init__(self) -> None:
        self.paths: dict[str, Path] = {}
        self.replays: dict[str, Replay] = {}

    async def open(self, path: Path) -> str:
        """Load a file; returns the id it is listed under."""
        replay = await asyncio.to_thread(read_replay, path)
        key = replay.replay or "file:" + path.name
        replay.replay = key
        self.paths[key] = path
        self.replays[key] = replay
        return key

    async def list(self) -> list[dict[str, Any]]:
        return [summary(key, replay) for key, replay in self.replays.items()]

    async def get(self, replay_id: str) -> Replay:
        return self.replays[replay_id]

    async def annotate(self, replay: Replay, offset_ms: int, text: str) -> Annotation:
        annotation = Annotation(annotation="a" + secrets.token_hex(6), offset_ms=offset_ms,
                                text=text)
        key = replay.replay or ""
        path = self.paths.get(key)
        if path is not None:
            saved = msgspec.structs.replace(
                replay, annotations=[*replay.annotations, annotation]
            )
            await asyncio.to_thread(write_replay, path, saved)
        return annotation
