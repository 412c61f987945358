"""Practice on replays: deleting a replay, and trainees' own answers kept beside the original.

- ``replay_delete`` (trainer, supervisor): the replay goes with its annotations and practice
  attempts, in one transaction with an audit entry (``replay_delete``: who, when, which
  replay, the request id and what went with it).
- ``practice_save`` (anyone who may read replays): the signed-in user's own answer at a
  practice stop, kept in ``practice_attempts``.
- ``practice_list``: a trainer sees every attempt at a replay; anyone else only their own.

A repeated ``replay_delete`` or ``practice_save`` (same ``id`` from the same user) gets the
first answer from :mod:`workstation.hub.idempotency`, which runs each handler once.

Attempts hang on the replay (``ON DELETE CASCADE``), so the retention purge of replays takes
them too. They hold no conversation id. See docs/protocol.md (Replays).
"""

from __future__ import annotations

import secrets
from typing import Any

from workstation.hub import practice_store
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_replay import PracticeList, PracticeSave, ReplayDelete
from workstation.store import UserRecord

#: Who may read replays, and so practise on them.
PRACTICE_ROLES = ("trainer", "supervisor", "trainee")
#: Who sees every trainee's attempts (everyone else sees their own).
SEE_ALL_ROLES = ("trainer",)
DELETE_ROLES = ("trainer", "supervisor")
#: Attempts one person may keep at one replay.
MAX_ATTEMPTS = 1000

def _require(user: UserRecord, roles: tuple[str, ...], request_id: str) -> None:
    if not any(role in user.roles for role in roles):
        raise ProtocolError(ErrorCode.FORBIDDEN, "Your role may not do that.", request_id)


class PracticeFeature(Feature):
    """Replay deletion and practice attempts."""

    def handlers(self) -> dict[type[Request], Handler]:
        return {
            ReplayDelete: self.replay_delete,
            PracticeSave: self.practice_save,
            PracticeList: self.practice_list,
        }

    async def replay_delete(self, peer: StaffPeer, user: UserRecord, request: ReplayDelete) -> None:
        _require(user, DELETE_ROLES, request.id)
        at = self.hub.now()
        outcome: str | None = await self.hub.store.run(
            lambda c: practice_store.delete_replay(c, request.replay, user.name, request.id, at),
            write=True,
        )
        if outcome is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such replay.", request.id)
        peer.push(ok(request.id, replay=outcome))

    async def practice_save(self, peer: StaffPeer, user: UserRecord, request: PracticeSave) -> None:
        _require(user, PRACTICE_ROLES, request.id)
        attempt_id = "p" + secrets.token_hex(8)
        at = self.hub.now()
        outcome: dict[str, Any] | str = await self.hub.store.run(
            lambda c: practice_store.save_attempt(
                c, attempt_id, user.name, request, at, MAX_ATTEMPTS
            ), write=True
        )
        if outcome == "missing":
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such replay.", request.id)
        if outcome == "not_counsellor":
            raise ProtocolError(
                ErrorCode.BAD_FRAME, "That event is not a counsellor message.", request.id
            )
        if outcome == "full":
            raise ProtocolError(
                ErrorCode.CONFLICT, "You have too many attempts at this replay.", request.id
            )
        assert isinstance(outcome, dict)
        peer.push(ok(request.id, **outcome))

    async def practice_list(self, peer: StaffPeer, user: UserRecord, request: PracticeList) -> None:
        _require(user, PRACTICE_ROLES, request.id)
        only = None if any(role in user.roles for role in SEE_ALL_ROLES) else user.name
        found: list[dict[str, Any]] | None = await self.hub.store.run(
            lambda c: practice_store.list_attempts(c, request.replay, only), write=False
        )
        if found is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such replay.", request.id)
        peer.push(ok(request.id, replay=request.replay, attempts=found))
