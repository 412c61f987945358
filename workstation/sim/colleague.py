"""Simulated colleagues for the demos: on shift, answering consultations, taking contacts.

So a demo desk is never shown "alone on shift", *Konsulter* gets an answer, and the queue
does not only grow. A colleague joins each consultation offered to it (when it is a shift
lead) and gives one short piece of advice in the side thread. It also takes chats and SMS that
have waited a while (leaving the newest to the person at the demo desk), holds at most a few
at once, answers each message from the young person with a short, kind line after a pause, and
closes the conversation after a few answers. It never logs message text.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from dataclasses import dataclass, field
from typing import Any

from workstation.client import ClientListener, Credentials, HubError, StaffClient
from workstation.client.errors import NotConnected, RequestTimeout
from workstation.protocol.times import parse_time, utc_now

log = logging.getLogger(__name__)

ADVICE = (
    "Jeg er med. Spør om hen er trygg akkurat nå, og om noen voksne vet om det. "
    "Vi vurderer avvergeplikt sammen hvis det kommer fram vold eller overgrep."
)
#: What a simulated colleague writes to a young person, in turn.
REPLIES = (
    "Hei, du har kommet til Alarmtelefonen. Så bra at du tok kontakt. Jeg leser det du skriver.",
    "Takk for at du forteller meg dette. Det høres tungt ut. Vil du si litt mer?",
    "Det er ikke din feil. Er det en voksen du stoler på som du kan snakke med?",
    "Du kan alltid ta kontakt med oss igjen, hele døgnet. Passer godt på deg.",
)
CHANNELS_TAKEN = frozenset({"chat", "sms"})


@dataclass(frozen=True)
class Habits:
    """How a simulated colleague works, in real seconds.

    Attributes:
        take_after_s: a contact must have waited this long before it is taken (the person
            at the demo desk gets the first chance).
        capacity: at most this many conversations at once.
        reply_s: the pause before each answer, drawn from this range.
        check_s: how often the queue is looked at.
        flag_risk: the share of taken conversations flagged as risk (for the supervisor demo).
    """

    take_after_s: float = 40.0
    capacity: int = 3
    reply_s: tuple[float, float] = (4.0, 10.0)
    check_s: float = 1.0
    flag_risk: float = 0.0


@dataclass
class _Held:
    answered: int = 0
    replying: asyncio.Task[None] | None = field(default=None, repr=False)


class SimulatedColleague(ClientListener):
    """The behaviour on one :class:`StaffClient`: consultations, queue, replies.

    Attributes:
        held: the conversations it holds now.
        queue: the last ``queue`` push's items.
    """

    def __init__(
        self, client: StaffClient, habits: Habits | None = None, rng: random.Random | None = None
    ) -> None:
        self.client = client
        self.habits = habits or Habits()
        self.rng = rng or random.Random()
        self.held: dict[str, _Held] = {}
        self.queue: list[dict[str, Any]] = []
        self.tasks: set[asyncio.Task[None]] = set()

    # --- pushes ------------------------------------------------------------------------------

    def on_push(self, frame: dict[str, Any]) -> None:
        if frame.get("type") == "consult_request" and isinstance(frame.get("consult"), str):
            self._spawn(self._join(frame["consult"]))

    def on_queue(self, items: list[dict[str, Any]]) -> None:
        self.queue = [item for item in items if isinstance(item, dict)]

    def on_event(self, event: dict[str, Any]) -> None:
        held = self.held.get(str(event.get("conversation")))
        if held is None:
            return
        kind = event.get("kind")
        if kind == "closed":
            self.held.pop(str(event["conversation"]), None)
            if held.replying is not None:
                held.replying.cancel()
        elif kind == "message" and event.get("from") == "contact" and held.replying is None:
            held.replying = self._spawn(self._answer(str(event["conversation"]), held))

    # --- work --------------------------------------------------------------------------------

    async def work(self) -> None:
        """Look at the queue every ``check_s`` and take what has waited long enough."""
        while True:
            await asyncio.sleep(self.habits.check_s)
            conversation = self.next_to_take()
            if conversation is not None:
                await self._take(conversation)

    def next_to_take(self) -> str | None:
        """The longest-waiting chat or SMS past ``take_after_s``, when there is room."""
        if len(self.held) >= self.habits.capacity:
            return None
        now = utc_now()
        for item in sorted(self.queue, key=lambda i: str(i.get("waiting_since", ""))):
            if item.get("channel") not in CHANNELS_TAKEN or item["conversation"] in self.held:
                continue
            with contextlib.suppress(KeyError, ValueError):
                waited = (now - parse_time(str(item["waiting_since"]))).total_seconds()
                if waited >= self.habits.take_after_s:
                    return str(item["conversation"])
        return None

    async def _take(self, conversation: str) -> None:
        self.held[conversation] = _Held()
        try:
            await self.client.accept(conversation)
        except (HubError, NotConnected, RequestTimeout) as error:  # someone was quicker
            self.held.pop(conversation, None)
            code = getattr(error, "code", type(error).__name__)
            log.info("demo colleague did not take a contact: %s", code)
            return
        log.info("demo colleague took %s", conversation)
        if self.rng.random() < self.habits.flag_risk:
            with contextlib.suppress(HubError, NotConnected, RequestTimeout):
                await self.client.flag(conversation, "risk")
        held = self.held.get(conversation)
        if held is not None and held.replying is None:  # the backlog may have started one
            held.replying = self._spawn(self._answer(conversation, held))

    async def _answer(self, conversation: str, held: _Held) -> None:
        try:
            await asyncio.sleep(self.rng.uniform(*self.habits.reply_s))
            self.client.send_message(conversation, REPLIES[min(held.answered, len(REPLIES) - 1)])
            held.answered += 1
            if held.answered >= len(REPLIES):
                await asyncio.sleep(self.rng.uniform(*self.habits.reply_s))
                self.held.pop(conversation, None)
                await self.client.close_conversation(conversation)
        except (HubError, NotConnected, RequestTimeout) as error:
            log.info("demo colleague could not answer: %s", type(error).__name__)
        finally:
            held.replying = None

    async def _join(self, consult: str) -> None:
        try:
            await self.client.request({"type": "consult_accept", "consult": consult})
            await self.client.request({"type": "consult_send", "consult": consult, "text": ADVICE})
        except HubError as error:  # taken by someone else, or withdrawn: fine in a demo
            log.info("demo colleague did not join: %s", error.code)

    def _spawn(self, work: Any) -> asyncio.Task[None]:
        task: asyncio.Task[None] = asyncio.get_running_loop().create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def stop(self) -> None:
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)


async def run_colleague(
    url: str, user: str, password: str, habits: Habits | None = None, seed: int | None = None
) -> None:
    """Stay signed in as ``user`` until cancelled: answer consultations, take contacts."""
    client = StaffClient(url, Credentials(user=user, password=password))
    lead = SimulatedColleague(client, habits, random.Random(seed))
    client.add_listener(lead)
    connection = asyncio.ensure_future(client.run())
    worker = asyncio.ensure_future(lead.work())
    try:
        await asyncio.gather(connection, worker)
    finally:
        worker.cancel()
        await lead.stop()
        await client.close()
        connection.cancel()
        await asyncio.gather(connection, worker, return_exceptions=True)
