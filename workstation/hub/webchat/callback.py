"""Call-back requests: "Vil du heller bli ringt opp?" on the chat page, a task on the desks.

A young person leaves a number (``callback`` on /v1/contact, limited like ``open``); the hub
keeps it sealed (:mod:`workstation.hub.webchat.callback_tasks`, its SQL in
:mod:`~workstation.hub.webchat.callback_store`) and pushes
``{"type":"callbacks","items":[…]}`` — every open task with the number masked — to
counsellors, shift leads and supervisors. They are not the queue: a call-back is no live
contact waiting. A counsellor takes one (``callback_take``: checked in memory first, then
decided once in the database with its audit row, so a counsellor on another hub sharing the
database cannot take it too); only that counsellor may ask for the number
(``callback_number``, audited without it) and record the outcome (``callback_done``):
``no_answer`` puts the task back for another try, ``reached`` and ``unreachable`` end it and
empty the number at once. The purge deletes every request 48 hours after it was made.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag

from workstation.hub.core import QUEUE_ROLES, new_id
from workstation.hub.feature import Feature, Handler
from workstation.hub.limits import LimitsFeature
from workstation.hub.peers import ContactPeer, StaffPeer
from workstation.hub.retention_policy import CALLBACK_HOURS
from workstation.hub.webchat import callback_store as rows
from workstation.hub.webchat.callback_tasks import PURPOSE, Task, callable_number, readable
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import CallbackRequest, Request
from workstation.protocol.frames_webchat import CallbackDone, CallbackNumber, CallbackTake
from workstation.protocol.times import format_time, parse_time, utc_now
from workstation.store import UserRecord

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.hub.staff_api import StaffApi

log = logging.getLogger(__name__)

#: Who may take a call-back task.
TAKER_ROLES = ("counsellor", "shift_lead")
#: How often tasks past the 48 hours leave the desks' list (the purge deletes the rows).
EXPIRY_CHECK_S = 600.0
#: A counsellor offline this long gives their taken tasks back (a reconnect is quicker).
RELEASE_AFTER_S = 120.0


class CallbackFeature(Feature):
    """Stores call-back requests and lets one counsellor at a time ring each back.

    Attributes:
        tasks: open tasks by id, oldest first (no numbers: those stay sealed in the table).
    """

    def __init__(self, hub: Hub, api: StaffApi) -> None:
        super().__init__(hub, api)
        self.tasks: dict[str, Task] = {}
        self.release_after_s = RELEASE_AFTER_S
        self._expiry: asyncio.TimerHandle | None = None
        self._releases: dict[str, asyncio.TimerHandle] = {}  # user -> pending give-back
        self._saving: set[asyncio.Task[Any]] = set()

    def handlers(self) -> dict[type[Request], Handler]:
        return {
            CallbackTake: self.callback_take,
            CallbackNumber: self.callback_number,
            CallbackDone: self.callback_done,
        }

    async def start(self) -> None:
        since = self._oldest_kept()

        opened = await self.hub.store.run(lambda c: rows.open_tasks(c, since), write=True)
        self.tasks = {task.id: task for task in opened}
        self._schedule_expiry()
        # Nobody is online yet: takers who do not come back within the grace give them back.
        for user in {task.taken_by for task in self.tasks.values() if task.taken_by}:
            self.on_staff_offline(user)

    async def stop(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
        for timer in self._releases.values():
            timer.cancel()
        await asyncio.gather(*self._saving, return_exceptions=True)

    def on_staff_online(self, peer: StaffPeer) -> None:
        if peer.user is not None and (timer := self._releases.pop(peer.user.name, None)):
            timer.cancel()
        if peer.has_role(*QUEUE_ROLES):
            peer.push(self.frame())

    def on_staff_offline(self, user: str) -> None:
        if any(task.taken_by == user for task in self.tasks.values()):
            if (earlier := self._releases.pop(user, None)) is not None:
                earlier.cancel()
            loop = asyncio.get_running_loop()
            self._releases[user] = loop.call_later(self.release_after_s, self.release, user)

    def release(self, user: str) -> None:
        """Give back the tasks ``user`` took and did not finish: anyone may take them now."""
        self._releases.pop(user, None)
        given = [task for task in self.tasks.values() if task.taken_by == user]
        for task in given:
            task.taken_by = task.taken_name = task.taken_at = None
            saving = asyncio.get_running_loop().create_task(
                self.hub.store.run(partial(rows.give_back, task_id=task.id, user=user),
                                   write=True)
            )
            self._saving.add(saving)
            saving.add_done_callback(self._saved)
        if given:
            self.push()

    def _saved(self, saving: asyncio.Task[Any]) -> None:
        self._saving.discard(saving)
        if not saving.cancelled() and saving.exception() is not None:
            log.error("A released call-back task could not be saved (it stays taken on restart)")

    # --- the young person ---------------------------------------------------------------

    async def request(self, peer: ContactPeer, request: CallbackRequest) -> None:
        """Store a call-back request; answered ``ok`` with the task's ``callback`` id."""
        e164 = callable_number(request.number)
        if e164 is None:
            raise ProtocolError(
                ErrorCode.BAD_FRAME, "That is not a phone number we can ring.", request.id,
                {"field": "number"},
            )
        self.hub.feature(LimitsFeature).check_open("chat", peer.remote, request.id)
        task = Task.new(
            new_id("cb"), self.hub.now(), e164, request.window, request.may_say_who,
            request.lang,
        )
        sealed = self.hub.keys.seal(PURPOSE, e164)
        conversation = peer.conversation or ""
        await self.hub.store.run(lambda c: rows.add_task(c, task, conversation, sealed), write=True)
        self.tasks[task.id] = task
        log.info("A call-back request was stored")
        peer.push(ok(request.id, callback=task.id))
        self.push()

    # --- the desks ----------------------------------------------------------------------

    def frame(self) -> dict[str, Any]:
        return {"type": "callbacks", "items": [task.to_wire() for task in self.tasks.values()]}

    def push(self) -> None:
        frame = self.frame()
        for peers in self.hub.staff.values():
            for peer in peers:
                if peer.has_role(*QUEUE_ROLES):
                    peer.push(frame)

    def _task(self, task_id: str, request_id: str) -> Task:
        task = self.tasks.get(task_id)
        if task is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "No open call-back task by that id.",
                                request_id)
        return task

    def _own(self, user: UserRecord, task_id: str, request_id: str) -> Task:
        task = self._task(task_id, request_id)
        if task.taken_by != user.name:
            raise ProtocolError(
                ErrorCode.FORBIDDEN, "Only the counsellor who took this call-back may do that.",
                request_id,
            )
        return task

    async def callback_take(self, peer: StaffPeer, user: UserRecord, req: CallbackTake) -> None:
        if not any(role in user.roles for role in TAKER_ROLES):
            raise ProtocolError(ErrorCode.FORBIDDEN, "Your role does not take call-backs.", req.id)
        task = self._task(req.callback, req.id)
        if task.taken_by not in (None, user.name):
            raise ProtocolError(
                ErrorCode.CONFLICT, "Another counsellor has taken this call-back.", req.id
            )
        at = self.hub.now()
        task.taken_by, task.taken_name, task.taken_at = user.name, user.display_name, at
        taken = False
        try:  # decided in the database (another hub's counsellor may have taken it)
            taken = await self.hub.store.run(
                lambda c: rows.take_task(c, task.id, user.name, at), write=True
            )
        finally:
            if not taken:
                task.taken_by = task.taken_name = task.taken_at = None
        if not taken:
            raise ProtocolError(
                ErrorCode.CONFLICT, "Another counsellor has taken this call-back.", req.id
            )
        peer.push(ok(req.id, **task.to_wire()))
        self.push()

    async def callback_number(
        self, peer: StaffPeer, user: UserRecord, req: CallbackNumber
    ) -> None:
        task = self._own(user, req.callback, req.id)
        sealed = await self.hub.store.run(lambda c: rows.sealed_number(c, task.id), write=False)
        if sealed is None:  # purged meanwhile
            self.tasks.pop(task.id, None)
            self.push()
            raise ProtocolError(ErrorCode.NOT_FOUND, "This call-back's number is gone.", req.id)
        try:
            number = self.hub.keys.unseal(PURPOSE, sealed)
        except InvalidTag:  # another hub key than the one it was sealed with
            raise ProtocolError(
                ErrorCode.INTERNAL, "This call-back's number cannot be read with this hub's key.",
                req.id,
            ) from None
        await self.hub.store.audit(user.name, "callback_reveal", task.id)
        peer.push(ok(req.id, callback=task.id, number=readable(number)))

    async def callback_done(self, peer: StaffPeer, user: UserRecord, req: CallbackDone) -> None:
        task = self._own(user, req.callback, req.id)
        if req.outcome == "no_answer":  # back on the list for another try
            attempts = await self.hub.store.run(
                lambda c: rows.not_reached(c, task.id, user.name), write=True
            )
            done = attempts is not None
            if done:
                task.attempts = attempts
                task.taken_by = task.taken_name = task.taken_at = None
        else:
            self.tasks.pop(task.id, None)
            at = self.hub.now()
            try:
                done = await self.hub.store.run(
                    lambda c: rows.finish_task(c, task.id, user.name, req.outcome, at),
                    write=True,
                )
            except Exception:
                self.tasks[task.id] = task
                raise
            if not done:
                self.tasks[task.id] = task
        if not done:
            raise ProtocolError(
                ErrorCode.FORBIDDEN, "Only the counsellor who took this call-back may do that.",
                req.id,
            )
        peer.push(ok(req.id, callback=task.id, outcome=req.outcome, attempts=task.attempts))
        self.push()

    # --- the 48 hours -------------------------------------------------------------------

    @staticmethod
    def _oldest_kept() -> str:
        return format_time(utc_now() - timedelta(hours=CALLBACK_HOURS))

    def _schedule_expiry(self) -> None:
        loop = asyncio.get_running_loop()
        self._expiry = loop.call_later(EXPIRY_CHECK_S, self.expire)

    def expire(self) -> None:
        """Drop tasks older than 48 hours from the desks' list (the purge deletes the rows)."""
        oldest = parse_time(self._oldest_kept())
        old = [t.id for t in self.tasks.values() if parse_time(t.requested_at) < oldest]
        for task_id in old:
            del self.tasks[task_id]
        if old:
            self.push()
        self._schedule_expiry()
