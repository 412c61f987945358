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

import json
import secrets
import sqlite3
from typing import Any

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

_ATTEMPT_COLUMNS = "a.id, a.trainee, COALESCE(u.display_name, a.trainee), a.event, " \
    "a.offset_ms, a.text, a.created_at"


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
            lambda c: _delete_replay(c, request.replay, user.name, request.id, at), write=True
        )
        if outcome is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such replay.", request.id)
        peer.push(ok(request.id, replay=outcome))

    async def practice_save(self, peer: StaffPeer, user: UserRecord, request: PracticeSave) -> None:
        _require(user, PRACTICE_ROLES, request.id)
        attempt_id = "p" + secrets.token_hex(8)
        at = self.hub.now()
        outcome: dict[str, Any] | str = await self.hub.store.run(
            lambda c: _save_attempt(c, attempt_id, user.name, request, at), write=True
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
            lambda c: _list_attempts(c, request.replay, only), write=False
        )
        if found is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such replay.", request.id)
        peer.push(ok(request.id, replay=request.replay, attempts=found))


# --- SQL, run in the database thread -----------------------------------------------------------


def _delete_replay(
    conn: sqlite3.Connection, replay_id: str, actor: str, request_id: str, at: str
) -> str | None:
    """The id of the replay deleted; None if there is no such replay."""
    if conn.execute("SELECT 1 FROM replays WHERE id = ?", (replay_id,)).fetchone() is None:
        return None
    counts = {
        table: int(conn.execute(f"DELETE FROM {table} WHERE replay = ?", (replay_id,)).rowcount)
        for table in ("replay_annotations", "practice_attempts")
    }
    conn.execute("DELETE FROM replays WHERE id = ?", (replay_id,))
    detail = json.dumps({"request": request_id, "annotations": counts["replay_annotations"],
                         "attempts": counts["practice_attempts"]})
    conn.execute(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        (at, actor, "replay_delete", replay_id, detail),
    )
    return replay_id


def _is_counsellor_message(conn: sqlite3.Connection, replay_id: str, index: int) -> bool | None:
    """Is event ``index`` of the replay a counsellor message? None when there is no replay."""
    row = conn.execute("SELECT data FROM replays WHERE id = ?", (replay_id,)).fetchone()
    if row is None:
        return None
    events = json.loads(row[0]).get("events") or []
    if not 0 <= index < len(events):
        return False
    event = events[index]
    return bool(event.get("kind") == "message" and event.get("from") == "staff")


def _attempt(row: tuple[Any, ...]) -> dict[str, Any]:
    attempt_id, trainee, name, event, offset_ms, text, at = row
    return {"attempt": attempt_id, "trainee": trainee, "trainee_name": name, "event": event,
            "offset_ms": offset_ms, "text": text, "at": at}


def _save_attempt(
    conn: sqlite3.Connection, attempt_id: str, trainee: str, request: PracticeSave, at: str
) -> dict[str, Any] | str:
    """The stored attempt, or why it was refused."""
    valid = _is_counsellor_message(conn, request.replay, request.event)
    if valid is None:
        return "missing"
    if not valid:
        return "not_counsellor"
    (count,) = conn.execute(
        "SELECT COUNT(*) FROM practice_attempts WHERE replay = ? AND trainee = ?",
        (request.replay, trainee),
    ).fetchone()
    if count >= MAX_ATTEMPTS:
        return "full"
    conn.execute(
        "INSERT INTO practice_attempts (id, replay, trainee, event, offset_ms, text, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (attempt_id, request.replay, trainee, request.event, request.offset_ms, request.text, at),
    )
    query = (f"SELECT {_ATTEMPT_COLUMNS} FROM practice_attempts a "
             "LEFT JOIN users u ON u.name = a.trainee WHERE a.id = ?")
    return _attempt(conn.execute(query, (attempt_id,)).fetchone())


def _list_attempts(
    conn: sqlite3.Connection, replay_id: str, only: str | None
) -> list[dict[str, Any]] | None:
    """Attempts at a replay by trainee, moment and time (``only`` one trainee's); None if the
    replay is unknown."""
    if conn.execute("SELECT 1 FROM replays WHERE id = ?", (replay_id,)).fetchone() is None:
        return None
    query = (f"SELECT {_ATTEMPT_COLUMNS} FROM practice_attempts a "
             "LEFT JOIN users u ON u.name = a.trainee WHERE a.replay = ?")
    args: tuple[str, ...] = (replay_id,)
    if only is not None:
        query += " AND a.trainee = ?"
        args = (replay_id, only)
    query += " ORDER BY a.trainee, a.event, a.created_at, a.id"
    return [_attempt(row) for row in conn.execute(query, args)]
