"""``workstation-hub serve`` at DEBUG level, with its simulated phone system and SMS gateway
driven from standard input — for the end-to-end privacy test (a real hub process).

Each stdin line is a JSON command; each answer is one JSON line on stdout (after the usual
``listening on`` line):

- ``{"ring": number}`` → ``{"call": id}`` — a caller rings (the adapter masks the number);
- ``{"sms": number, "text": text}`` → ``{"conversation": id}`` — a young person texts;
- ``{"email": address, "text": text, "subject": subject}`` → ``{"conversation": id}`` — a
  young person writes a letter;
- ``{"hangup": call}`` → ``{"ok": true}`` — the caller hangs up.

Everything else is the real command line: ``main`` sets up logging and signals as always;
only the root logger is lowered to DEBUG first.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from typing import Any

from workstation.hub import cli
from workstation.hub.email.feature import EmailFeature
from workstation.hub.email.simulated import SimulatedEmail
from workstation.hub.server import HubServer
from workstation.hub.sms.feature import SmsFeature
from workstation.hub.sms.simulated import SimulatedSmsGateway
from workstation.hub.telephony.feature import CallsFeature
from workstation.hub.telephony.simulated import SimulatedTelephony


class PhoneHub(HubServer):
    """The hub, plus a reader of commands for its simulated adapters."""

    async def start(self, *args: Any, **kwargs: Any) -> None:
        await super().start(*args, **kwargs)
        self._tasks: set[asyncio.Task[None]] = set()
        asyncio.get_running_loop().add_reader(sys.stdin.fileno(), self._on_line)

    async def stop(self) -> None:
        asyncio.get_running_loop().remove_reader(sys.stdin.fileno())
        await super().stop()

    def _on_line(self) -> None:
        line = sys.stdin.readline()
        if not line:
            asyncio.get_running_loop().remove_reader(sys.stdin.fileno())
            return
        task = asyncio.create_task(self._run(json.loads(line)))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, command: dict[str, Any]) -> None:
        phone = self.hub.feature(CallsFeature).adapter
        sms = self.hub.feature(SmsFeature).gateway
        mail = self.hub.feature(EmailFeature).gateway
        assert isinstance(phone, SimulatedTelephony) and isinstance(sms, SimulatedSmsGateway)
        assert isinstance(mail, SimulatedEmail)
        if "ring" in command:
            answer: dict[str, Any] = {"call": await phone.ring(command["ring"])}
        elif "sms" in command:
            answer = {"conversation": await sms.receive(command["sms"], command["text"])}
        elif "email" in command:
            answer = {"conversation": await mail.receive(
                command["email"], command["text"], command["subject"])}
        else:
            await phone.caller_hangs_up(command["hangup"])
            answer = {"ok": True}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    logging.basicConfig(
        level=logging.DEBUG, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    cli.HubServer = PhoneHub  # type: ignore[misc]
    sys.exit(cli.main(sys.argv[1:]))
