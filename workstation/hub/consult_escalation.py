"""Unanswered consultation requests: after a while, ask the next shift lead and tell the
supervisors; again after each further wait, until someone joins or the request ends.

With several hubs every hub times every pending request (each follows the others' steps), so
one whose hub died is still escalated. Each escalation is stored once: its ``client_id`` is
made of the request and the step (``escalated:<consult>:<step>``, sender ``hub:consult``), so
the second hub's append of the same step finds the first one's under the row lock, writes
nothing, and takes that hub's choice of shift lead. Supervisors are alerted by each hub when
the ``consult_escalated`` event reaches it (:meth:`ConsultFeature.on_event`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from workstation.hub import consult_offers as offers
from workstation.hub.consults import Consultation, ConsultStatus
from workstation.protocol.times import utc_now
from workstation.store import AppendResult

if TYPE_CHECKING:
    from workstation.hub.core import Hub

log = logging.getLogger(__name__)

#: Writes a staff-only event of the hub's: ``(conversation, kind, fields, client_id)``.
Write = Callable[[str, str, dict[str, Any], str], Awaitable[AppendResult]]


class Escalation:
    """One timer per pending request.

    Attributes:
        after_s: how long a request waits unanswered before each escalation.
    """

    def __init__(
        self, hub: Hub, write: Write, pending_changed: Callable[[set[str]], None], after_s: float
    ) -> None:
        self.hub = hub
        self.after_s = after_s
        self._write = write
        self._pending_changed = pending_changed
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def arm(self, consult: Consultation) -> None:
        """Start (or restart) the wait of a pending request."""
        self.disarm(consult)
        loop = asyncio.get_running_loop()
        self._timers[consult.id] = loop.call_later(self.after_s, self.now, consult)

    def disarm(self, consult: Consultation) -> None:
        timer = self._timers.pop(consult.id, None)
        if timer is not None:
            timer.cancel()

    def now(self, consult: Consultation) -> None:
        """Escalate without waiting (nobody left to ask)."""
        self.disarm(consult)
        task = asyncio.get_running_loop().create_task(self._escalate(consult))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def stop(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _escalate(self, consult: Consultation) -> None:
        """Offer to the next available shift lead (if any) and record it, once across hubs
        (the supervisors are alerted as the event is delivered, on every hub)."""
        if consult.status is not ConsultStatus.PENDING:
            return
        exclude = consult.offered | consult.declined | {consult.requester}
        leads = offers.available_shift_leads(self.hub, exclude, everywhere=True)
        target = leads[0] if leads else None
        waiting = consult.waiting_s(utc_now())
        consult.escalations += 1
        step = consult.escalations
        if target is not None:
            consult.addressees.add(target.name)
            consult.offered.add(target.name)
        fields = {
            "consult": consult.id,
            "to": target.name if target else None,
            "to_name": target.display_name if target else None,
            "waiting_s": waiting,
            "step": step,
        }
        to = target.name if target is not None else None
        try:
            result = await self._write(
                consult.conversation, "consult_escalated", fields, escalation_id(consult, step)
            )
        except Exception as exc:
            log.error("Could not record an escalation: %s", type(exc).__name__)
        else:
            if result.duplicate:  # another hub took this step first: its choice stands
                stored = result.event.fields.get("to")
                if to is not None and to != stored:
                    consult.addressees.discard(to)
                    consult.offered.discard(to)
                to = stored if isinstance(stored, str) else None
                if to is not None:  # its event finds this step taken here: offered from here
                    consult.addressees.add(to)
                    consult.offered.add(to)
        if consult.status is not ConsultStatus.PENDING:
            return
        if to is not None:
            offers.push_offer(self.hub, consult, {to})
            self._pending_changed({to})
        self.arm(consult)

def escalation_id(consult: Consultation, step: int) -> str:
    """The ``client_id`` of a request's ``step``-th escalation, the same on every hub."""
    return f"escalated:{consult.id}:{step}"
