"""Several hubs: a call command from a counsellor whose hub does not hold the call
(docs/telephony.md, "A transfer across hubs").

A call's media lives on the hub that answered it; after a transfer to a colleague signed in
on another hub, her ``call_hold``, ``call_resume``, ``call_hangup``, ``call_transfer`` (and a
lost softphone or desk) reach her own hub. That hub writes the command as a row of
``call_commands`` (migration 27) and announces the ``call_commands`` topic on
``hub_settings``; the hub holding the call claims the rows of its calls, carries each out as
for a desk of its own (the same checks, events and answers) and writes the outcome into the
row (``call_outcomes`` topic); the asking hub answers its desk from it. As everywhere between
hubs, the database is the truth and a notification only a nudge: both topics are read again
when the listening connection is (again) in place.

Bounded: a command not answered within :data:`TIMEOUT_S` is answered with an error and its
row deleted; a hub claims no row older than that (one left by a hub that died is deleted a
while later by whoever claims).
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import secrets
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from workstation.hub.background import Background
from workstation.protocol import ErrorCode, ProtocolError
from workstation.protocol.log_safe import traceback_without_values
from workstation.protocol.times import format_time, utc_now

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.store.postgres_store import PostgresStore

log = logging.getLogger(__name__)
#: The topic a hub announces new commands on; the one it announces outcomes on.
COMMANDS_TOPIC = "call_commands"
OUTCOMES_TOPIC = "call_outcomes"
#: A command unanswered this long is answered with an error (and no longer carried out).
TIMEOUT_S = 10.0
#: A row this old (its asking hub died) is deleted by a hub claiming commands.
STALE_S = 60.0

#: Carries out one claimed command: (kind, user name, conversation, request id, args) →
#: the outcome's fields (``seq``, ``held`` …); raises ProtocolError for an error answer.
Executor = Callable[[str, str, str, str, dict[str, Any]], Awaitable[dict[str, Any]]]


def _ago(seconds: float) -> str:
    return format_time(utc_now() - timedelta(seconds=seconds))


class CallCommands:
    """Attributes: held: the conversations whose calls this hub holds (a callable, read at
    each claim); waiting: command id → the future its asking request awaits."""

    def __init__(self, hub: Hub, held: Callable[[], list[str]], execute: Executor) -> None:
        self.hub = hub
        self.held = held
        self.execute = execute
        self.waiting: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._background = Background("A call command of another hub failed")

    @property
    def store(self) -> PostgresStore | None:
        from workstation.store.postgres_store import PostgresStore

        store = self.hub.store
        return store if self.hub.shared is not None and isinstance(store, PostgresStore) else None

    def start(self) -> None:
        self.hub.follow_shared(COMMANDS_TOPIC, self._claim)
        self.hub.follow_shared(OUTCOMES_TOPIC, self._outcomes)

    async def stop(self) -> None:
        await self._background.cancel()
        for future in self.waiting.values():
            future.cancel()

    # --- the asking hub ------------------------------------------------------------------

    async def forward(self, kind: str, user: str, conversation: str, request_id: str,
                      args: dict[str, Any] | None = None) -> dict[str, Any]:
        """Have the hub holding ``conversation``'s call carry out ``kind`` for ``user``: its
        outcome's fields, or ProtocolError as that hub answered (or ``conflict`` when no hub
        answered within :data:`TIMEOUT_S`)."""
        store = self.store
        if store is None:
            raise ProtocolError(ErrorCode.CONFLICT, "That conversation is not a call.",
                                request_id)
        command = secrets.token_hex(8)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiting[command] = future
        try:
            async with store.pooled() as conn, conn.transaction():
                await conn.execute(
                    "INSERT INTO call_commands (id, conversation, hub, kind, user_name, "
                    "request_id, args, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    (command, conversation, store.hub_id, kind, user, request_id,
                     json.dumps(args or {}), format_time(utc_now())),
                )
            self.hub.shared_changed(COMMANDS_TOPIC)
            try:
                outcome = await asyncio.wait_for(asyncio.shield(future), TIMEOUT_S)
            except TimeoutError:
                outcome = await self._give_up(store, command)
        finally:
            self.waiting.pop(command, None)
        if "code" in outcome:
            raise ProtocolError(ErrorCode(outcome["code"]), str(outcome.get("message")),
                                request_id)
        return outcome

    async def _give_up(self, store: PostgresStore, command: str) -> dict[str, Any]:
        async with store.pooled() as conn:
            cursor = await conn.execute(
                "DELETE FROM call_commands WHERE id = %s RETURNING outcome", (command,))
            row = await cursor.fetchone()
        if row is not None and row[0] is not None:  # answered just now
            return dict(json.loads(row[0]))
        return {"code": ErrorCode.CONFLICT.value,
                "message": "The hub holding the call did not answer."}

    async def _outcomes(self) -> None:
        store = self.store
        if store is None:
            return
        async with store.pooled() as conn:
            cursor = await conn.execute(
                "DELETE FROM call_commands WHERE hub = %s AND outcome IS NOT NULL "
                "RETURNING id, outcome", (store.hub_id,))
            rows = await cursor.fetchall()
        for command, outcome in rows:
            future = self.waiting.get(str(command))
            if future is not None and not future.done():
                future.set_result(dict(json.loads(outcome)))

    # --- the hub holding the call ----------------------------------------------------------

    async def _claim(self) -> None:
        store, held = self.store, self.held()
        if store is None or not held:
            return
        async with store.pooled() as conn, conn.transaction():
            await conn.execute("DELETE FROM call_commands WHERE created_at < %s",
                               (_ago(STALE_S),))
            cursor = await conn.execute(
                "UPDATE call_commands SET claimed_by = %s WHERE claimed_by IS NULL "
                "AND conversation = ANY(%s) AND created_at >= %s "
                "RETURNING id, kind, user_name, conversation, request_id, args",
                (store.hub_id, held, _ago(TIMEOUT_S)),
            )
            rows = await cursor.fetchall()
        for command, kind, user, conversation, request_id, args in rows:
            self._background.later(functools.partial(
                self._carry_out, store, str(command), str(kind), str(user), str(conversation),
                str(request_id), dict(json.loads(args))))

    async def _carry_out(self, store: PostgresStore, command: str, kind: str, user: str,
                         conversation: str, request_id: str, args: dict[str, Any]) -> None:
        try:
            outcome = await self.execute(kind, user, conversation, request_id, args)
        except ProtocolError as exc:
            outcome = {"code": exc.code.value, "message": exc.message}
        except Exception as exc:
            log.error("Carrying out a call command failed\n%s", traceback_without_values(exc))
            outcome = {"code": ErrorCode.INTERNAL.value,
                       "message": "The hub holding the call failed."}
        async with store.pooled() as conn, conn.transaction():
            await conn.execute("UPDATE call_commands SET outcome = %s WHERE id = %s",
                               (json.dumps(outcome), command))
        self.hub.shared_changed(OUTCOMES_TOPIC)
