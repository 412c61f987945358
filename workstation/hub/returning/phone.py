"""The phone menu: a waiting caller types a return code's digit form (docs/returning.md).

The announcement says "Har du en kode, tast den nå, og avslutt med firkant". The adapter
reports each key (``CallEvent("key")``); the digits are collected per call until ``#`` or a
pause of :data:`KEY_PAUSE_S`, then looked up as the chat page's code field is, by the keyed
hash of the digit form (:meth:`ReturnFeature.arrived` with ``keyed=True``), with the same
routing: she is asked first when available with room; busy or away, the caller chooses with
``1`` (wait for her) or ``2`` (the next counsellor); off shift, the next counsellor; a wrong
code, a kind sentence and the caller keeps their place in the queue. ``*`` starts again.

The digits live in memory only until they are looked up: never stored, logged or spoken back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workstation.hub.background import Background
from workstation.hub.telephony.adapter import TelephonyError
from workstation.sessions.conversation import Conversation, Status

if TYPE_CHECKING:
    from workstation.hub.returning.feature import ReturnFeature

log = logging.getLogger(__name__)

#: A pause after the last digit that ends the code as ``#`` does.
KEY_PAUSE_S = 5.0
#: More keys than any code's digit form has (14) are not kept.
MAX_DIGITS = 20
#: What the caller hears after a code, by the ``returning`` status (workstation/sip/prompts.py).
PROMPT_BY_STATUS = {"available": "found", "busy": "choose", "away": "choose",
                    "off_shift": "off_shift", "unknown": "wrong", "rate_limited": "wrong"}

Say = Callable[[str], Awaitable[None]]


@dataclass
class Typed:
    """The keys one waiting caller has typed so far (memory only)."""

    caller: str | None
    say: Say
    digits: str = ""
    timer: asyncio.TimerHandle | None = field(default=None, repr=False)

    def cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


class PhoneMenu:
    """Attributes: pause_s: the pause that ends a code; typed: per waiting call."""

    def __init__(self, feature: ReturnFeature) -> None:
        self.feature = feature
        self.pause_s = KEY_PAUSE_S
        self.typed: dict[str, Typed] = {}
        self._background = Background("The phone menu failed")

    def key(self, conv: Conversation, key: str, caller: str | None, say: Say) -> None:
        """The caller of the queued ``conv`` pressed ``key``; ``caller``: the keyed pseudonym
        of their number (wrong codes are counted per caller), ``say``: plays a sentence."""
        if conv.status is not Status.QUEUED:
            return  # in a conversation, keys mean nothing to the hub
        typed = self.typed.setdefault(conv.id, Typed(caller, say))
        typed.cancel()
        wanted = self.feature.wanted.get(conv.id)
        if wanted is not None:  # a code was found: only the choice is left
            if wanted.state == "choosing" and key in ("1", "2"):
                self._background.later(lambda: self._choose(conv.id, key == "1", typed))
            return
        if key == "#":
            self._background.later(lambda: self._submit(conv.id))
        elif key == "*":
            typed.digits = ""
        elif key.isdigit() and len(typed.digits) < MAX_DIGITS:
            typed.digits += key
            typed.timer = asyncio.get_running_loop().call_later(
                self.pause_s, lambda: self._background.later(lambda: self._submit(conv.id))
            )

    def forget(self, conv_id: str) -> None:
        typed = self.typed.pop(conv_id, None)
        if typed is not None:
            typed.cancel()

    async def stop(self) -> None:
        for typed in self.typed.values():
            typed.cancel()
        await self._background.stop()

    async def _submit(self, conv_id: str) -> None:
        typed = self.typed.get(conv_id)
        conv = self.feature.hub.conversations.get(conv_id)
        if typed is None or not typed.digits or conv is None or conv.status is not Status.QUEUED:
            return
        typed.cancel()
        digits, typed.digits = typed.digits, ""
        remote = "phone:" + (typed.caller or conv_id)
        answer = await self.feature.arrived(conv, digits, remote, keyed=True)
        status = str(answer["status"])
        log.info("The phone menu took a code: %s", status)
        if status == "off_shift":  # on the phone: the next counsellor at once (said there)
            self.feature.release(conv_id, "off_shift")
        else:
            await self._say(typed, PROMPT_BY_STATUS.get(status, "wrong"))

    async def _choose(self, conv_id: str, wait: bool, typed: Typed) -> None:
        result = await self.feature.decide(conv_id, wait)
        if result == "off_shift":  # she left meanwhile: the next counsellor
            self.feature.release(conv_id, "off_shift")
        elif result == "waiting":  # "next" is said as it is released
            await self._say(typed, result)

    def released(self, conv_id: str, reason: str) -> None:
        """No longer held for her (the caller chose the next, she went off shift, did not
        take the offer in time, no key was pressed in time): a caller hears it."""
        typed = self.typed.get(conv_id)
        if typed is not None:
            prompt = "off_shift" if reason == "off_shift" else "next"
            self._background.later(lambda: self._say(typed, prompt))

    async def _say(self, typed: Typed, prompt: str) -> None:
        with contextlib.suppress(TelephonyError):  # the caller hung up meanwhile
            await typed.say(prompt)
