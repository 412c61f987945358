"""One synthetic young person running one scenario through a :class:`ContactClient`."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workstation.client.contact import ContactClient, ContactError
from workstation.sim.scenario import Leave, Say, Scenario, Silent, Step, WaitAssigned, WaitReply
from workstation.sim.timing import Timing

#: How long (real seconds) a stopping contact waits for its ``leave`` to be acknowledged.
_LEAVE_ON_STOP_S = 5.0


@dataclass(frozen=True)
class SimEvent:
    """Something that happened to a simulated contact. Never carries message text.

    ``kind`` is one of ``arrived``, ``opened``, ``queue``, ``assigned``, ``sent``, ``reply``,
    ``timeout``, ``left``, ``closed``, ``done``, ``error``, ``returned`` (came back with a
    code: ``status``).
    """

    contact: int
    scenario: str
    kind: str
    conversation: str | None = None
    fields: dict[str, int | str] = field(default_factory=dict)

    def line(self) -> str:
        """One log line: ids, kinds and counts only."""
        parts = [f"contact={self.contact}", f"scenario={self.scenario}", f"event={self.kind}"]
        if self.conversation is not None:
            parts.append(f"conversation={self.conversation}")
        parts.extend(f"{key}={value}" for key, value in self.fields.items())
        return " ".join(parts)


@dataclass
class ContactResult:
    """How one simulated contact went.

    ``outcome`` is ``left`` (the contact left), ``closed`` (staff closed it), ``stopped``
    (the simulator was stopped) or ``error`` (see ``error``).
    """

    contact: int
    scenario: str
    conversation: str | None = None
    sent: int = 0
    replies: int = 0
    timeouts: int = 0
    outcome: str = "stopped"
    closed_reason: str | None = None
    error: str | None = None


Report = Callable[[SimEvent], None]


class _Ended(Exception):
    """The conversation ended (closed by staff, or the simulator stopped)."""


class SimulatedContact:
    """Runs one :class:`Scenario`: opens, types with human-like delays, waits for replies.

    Attributes:
        result: what happened so far (filled in as it goes).
    """

    def __init__(
        self,
        index: int,
        scenario: Scenario,
        hub_url: str,
        timing: Timing,
        *,
        report: Report | None = None,
        stop: asyncio.Event | None = None,
        patience_s: float | None = None,
        ssl_context: ssl.SSLContext | None = None,
        code: str | None = None,
    ) -> None:
        self.index = index
        #: A return code given last time: opened with it, and waits for that counsellor when
        #: she is busy or away (docs/returning.md).
        self.code = code
        self.scenario = scenario
        self.timing = timing
        self.result = ContactResult(contact=index, scenario=scenario.id)
        self._report_to = report
        self._stop = stop if stop is not None else asyncio.Event()
        self._client = ContactClient(
            hub_url, on_event=self._on_event, buffer_events=False, ssl_context=ssl_context
        )
        self._changed = asyncio.Event()
        self._staff_messages = 0
        self._replies_seen = 0
        self._assigned = False
        self._left = False
        patience = scenario.patience_s if scenario.patience_s is not None else patience_s
        #: Scenario seconds in the queue before giving up (None: the script decides).
        self._patience_s = patience
        self._gives_up_at: float | None = None

    async def run(self) -> ContactResult:
        """Play the whole scenario; never raises for hub trouble (see ``result``)."""
        self._report("arrived")
        try:
            # A chat contact brings a per-browser token, as the chat page does (docs/care.md).
            browser = secrets.token_hex(16) if self.scenario.channel == "chat" else None
            opened = await self._client.open(
                self.scenario.channel, lang=self.scenario.lang, browser=browser, code=self.code
            )
            self.result.conversation = opened.conversation
            returning = (opened.returning or {}).get("status")
            if returning is not None:
                self._report("returned", status=str(returning))
            if returning in ("busy", "away"):
                await self._client.return_choice(wait=True)
            self._report("opened", position=opened.position if opened.position else 0)
            if self._patience_s is not None:
                low, high = 0.75 * self._patience_s, 1.25 * self._patience_s
                self._gives_up_at = asyncio.get_running_loop().time() + self.timing.pause(
                    (low, high)
                )
            for step in self.scenario.steps:
                await self._step(step)
            if not self._left:
                await self._linger()
        except _Ended:
            pass
        except ContactError as exc:
            if self._client.closed_reason is None:
                self.result.outcome = "error"
                self.result.error = exc.code
                self._report("error", code=exc.code)
        finally:
            await self._finish()
        return self.result

    # --- steps ---------------------------------------------------------------------------

    async def _step(self, step: Step) -> None:
        if isinstance(step, Say):
            await self._say(step)
        elif isinstance(step, WaitReply):
            got = await self._until(self._has_reply, self.timing.scaled(step.timeout_s))
            self._replies_seen = self._staff_messages
            if not got:
                await self._timed_out("wait_reply", step.on_timeout)
        elif isinstance(step, WaitAssigned):
            got = await self._until(lambda: self._assigned, self.timing.scaled(step.timeout_s))
            if not got:
                await self._timed_out("wait_assigned", step.on_timeout)
        elif isinstance(step, Silent):
            await self._idle(self.timing.pause(step.for_s))
        elif isinstance(step, Leave):
            await self._idle(self.timing.pause(step.after_s or self.scenario.pause_s))
            await self._leave()

    async def _say(self, step: Say) -> None:
        await self._idle(self.timing.pause(step.after_s or self.scenario.pause_s))
        await self._idle(self.timing.typing(step.text, self.scenario.typing_cps))
        seq = await self._client.send(step.text)
        self.result.sent += 1
        self._report("sent", seq=seq, n=self.result.sent)

    async def _timed_out(self, what: str, on_timeout: str) -> None:
        self.result.timeouts += 1
        self._report("timeout", step=what)
        if on_timeout == "leave":
            await self._leave()
            raise _Ended

    async def _give_up(self) -> None:
        """Waited in the queue past the contact's patience: leave (as young people do)."""
        self.result.timeouts += 1
        self._report("timeout", step="queue")
        await self._leave()
        raise _Ended

    async def _leave(self) -> None:
        await self._client.leave()
        self._left = True
        self.result.outcome = "left"
        self._report("left")

    async def _linger(self) -> None:
        """The script is over: stay until staff close, or leave after ``linger_s``."""
        closed = await self._until(lambda: False, self.timing.scaled(self.scenario.linger_s))
        if not closed:
            await self._leave()

    # --- waiting -------------------------------------------------------------------------

    def _has_reply(self) -> bool:
        return self._staff_messages > self._replies_seen

    async def _idle(self, seconds: float) -> None:
        """Wait ``seconds``; the conversation ending or a stop cuts it short."""
        await self._until(lambda: False, seconds)

    async def _until(self, condition: Callable[[], bool], timeout_s: float) -> bool:
        """Wait for ``condition`` (True) or the timeout (False); raises :class:`_Ended` when the
        conversation is closed or the simulator stops first."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while True:
            if self._stop.is_set() or self._client.closed_reason is not None:
                raise _Ended
            if condition():
                return True
            now = loop.time()
            if self._gives_up_at is not None and not self._assigned and now >= self._gives_up_at:
                await self._give_up()
            remaining = deadline - now
            if remaining <= 0:
                return False
            if self._gives_up_at is not None and not self._assigned:
                remaining = min(remaining, self._gives_up_at - now)
            self._changed.clear()
            stop_wait = asyncio.ensure_future(self._stop.wait())
            change_wait = asyncio.ensure_future(self._changed.wait())
            try:
                await asyncio.wait(
                    {stop_wait, change_wait},
                    timeout=remaining,
                    return_when=asyncio.FIRST_COMPLETED,
                )
            finally:
                stop_wait.cancel()
                change_wait.cancel()
                # Let both end here, so none is left pending when the loop closes.
                await asyncio.gather(stop_wait, change_wait, return_exceptions=True)

    # --- events --------------------------------------------------------------------------

    def _on_event(self, frame: dict[str, Any]) -> None:
        if frame["type"] == "queue":
            position = frame.get("position")
            if isinstance(position, int):
                self._report("queue", position=position)
        elif frame.get("kind") == "message" and frame.get("from") == "staff":
            self._staff_messages += 1
            self.result.replies += 1
            self._report("reply", n=self.result.replies)
        elif frame.get("kind") == "assigned":
            self._assigned = True
            self._report("assigned")
        elif frame.get("kind") == "closed":
            reason = str(frame.get("reason", "closed"))
            self.result.closed_reason = reason
            if not self._left:
                self.result.outcome = "left" if reason == "contact_left" else "closed"
            self._report("closed", reason=reason)
        self._changed.set()

    async def _finish(self) -> None:
        stopped = self._stop.is_set() and self.result.outcome != "error"
        if stopped and not self._left and self._client.closed_reason is None:
            # Stopping: leave rather than abandon a conversation in the queue.
            with contextlib.suppress(ContactError, TimeoutError):
                await asyncio.wait_for(self._leave(), _LEAVE_ON_STOP_S)
            self.result.outcome = "stopped"
        await self._client.close()
        self._report("done", sent=self.result.sent, replies=self.result.replies)

    def _report(self, kind: str, **fields: int | str) -> None:
        if self._report_to is not None:
            event = SimEvent(self.index, self.scenario.id, kind, self.result.conversation, fields)
            self._report_to(event)
