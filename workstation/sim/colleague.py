"""A simulated shift lead for the demo: on shift, and answering consultations.

So a demo desk is never shown "alone on shift", and *Konsulter* gets an answer. It joins each
consultation offered to it and gives one short piece of advice in the side thread; it never
writes to a young person.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from workstation.client import ClientListener, Credentials, HubError, StaffClient

log = logging.getLogger(__name__)

ADVICE = (
    "Jeg er med. Spør om hen er trygg akkurat nå, og om noen voksne vet om det. "
    "Vi vurderer avvergeplikt sammen hvis det kommer fram vold eller overgrep."
)


class _AnswerConsultations(ClientListener):
    def __init__(self, client: StaffClient, tasks: set[asyncio.Task[None]]) -> None:
        self.client = client
        self.tasks = tasks

    def on_push(self, frame: dict[str, Any]) -> None:
        if frame.get("type") == "consult_request" and isinstance(frame.get("consult"), str):
            task = asyncio.get_running_loop().create_task(self._join(frame["consult"]))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def _join(self, consult: str) -> None:
        try:
            await self.client.request({"type": "consult_accept", "consult": consult})
            await self.client.request({"type": "consult_send", "consult": consult, "text": ADVICE})
        except HubError as error:  # taken by someone else, or withdrawn: fine in a demo
            log.info("demo shift lead did not join: %s", error.code)


async def run_shift_lead(url: str, user: str, password: str) -> None:
    """Stay signed in as ``user`` until cancelled, answering consultation requests."""
    client = StaffClient(url, Credentials(user=user, password=password))
    tasks: set[asyncio.Task[None]] = set()
    client.add_listener(_AnswerConsultations(client, tasks))
    try:
        await client.run()
    finally:
        await client.close()
        for task in list(tasks):
            task.cancel()
