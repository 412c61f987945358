"""Real calls over SIP: one baresip process is the hub's SIP endpoint for the helpline number.

baresip answers every INVITE at once (200 OK) and plays the queue audio
(:mod:`workstation.sip.audio`) from its ``aufile`` source; this adapter turns baresip's call
events into :class:`CallEvent`: ``offered`` (with the number masked and a keyed pseudonym)
when a call is established, ``ended`` when the caller hangs up. The caller's address is read
from baresip's event and dropped right there: it is never stored, logged or reported.

Not yet (docs/telephony.md): the desk leg. ``answer``, ``hold``, ``resume`` and ``transfer``
keep the state only, and the caller keeps hearing the waiting audio.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workstation.hub.keys import HubKeys
from workstation.hub.telephony.adapter import CallEvent, TelephonyAdapter, TelephonyError
from workstation.hub.telephony.numbers import mask, normalise
from workstation.protocol.log_safe import traceback_without_values
from workstation.sip.audio import WAIT_MINUTES, queue_audio
from workstation.sip.control import ControlError
from workstation.sip.process import BaresipProcess, BaresipSettings

log = logging.getLogger(__name__)

#: The helpline's number: the SIP user the hub answers as.
HELPLINE = "116111"
#: The purpose of the callers' keyed pseudonyms (:meth:`HubKeys.pseudonym`).
PSEUDONYM_PURPOSE = "phone"
#: How long stopping waits for the last call events to be stored.
STOP_DRAIN_S = 10.0
_USER = re.compile(r"^(?:sips?|tel):([^@;?]+)")


def caller_number(peer_uri: str) -> str | None:
    """The user part of a caller's SIP address (``sip:+4791234512@…`` → ``+4791234512``)."""
    found = _USER.match(peer_uri.strip().strip("<>"))
    return found.group(1) if found else None


def parse_address(text: str) -> tuple[str, int]:
    """``udp:HOST:PORT`` (``udp:[::1]:5060`` for IPv6) → (host, port); ``ValueError`` if not."""
    transport, _, rest = text.partition(":")
    host, _, port = rest.rpartition(":")
    host = host.strip("[]")
    if transport != "udp" or not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise ValueError(f"{text!r} is not udp:HOST:PORT")
    return host, int(port)


@dataclass
class SipCall:
    """Attributes: state: ``ringing``, ``connected``, ``held`` or ``ended``; desk: whose."""

    ours: str
    theirs: str
    state: str = "ringing"
    desk: str | None = None


class SipTelephony(TelephonyAdapter):
    """Attributes: process: the hub's baresip; calls: live calls by our id."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, keys: HubKeys | None = None,
                 wait_minutes: float = WAIT_MINUTES) -> None:
        super().__init__()
        self.keys = keys
        self.wait_minutes = wait_minutes
        self.process = BaresipProcess(BaresipSettings(user=HELPLINE, host=host, port=port))
        self.calls: dict[str, SipCall] = {}
        self._theirs: dict[str, str] = {}
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._events: asyncio.Task[None] | None = None

    @property
    def address(self) -> str:
        """``udp:HOST:PORT`` where the hub takes calls (the port is known once started)."""
        return self.process.address

    async def start(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="hub-sip-")
        wav = await asyncio.to_thread(queue_audio, Path(self._folder.name), self.wait_minutes)
        self.process.settings.source = f"aufile,{wav}"
        control = await self.process.start()
        self._events = asyncio.get_running_loop().create_task(self._follow(control.events))
        log.info("SIP endpoint started")

    async def stop(self) -> None:
        """baresip hangs up every call as it quits; their ``ended`` are reported before this
        returns (a hang-up being stored is never cut off halfway)."""
        await self.process.stop()
        if self._events is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._events), STOP_DRAIN_S)
            except TimeoutError:
                self._events.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._events
        if self._folder is not None:
            self._folder.cleanup()

    # --- the network's side -------------------------------------------------------------

    async def _follow(self, events: asyncio.Queue[dict[str, Any] | None]) -> None:
        while (event := await events.get()) is not None:
            try:
                await self._on_event(event)
            except Exception as exc:  # one bad call must not stop the others' events
                # Without the exception's message: it could quote a caller's address.
                log.error("SIP event not handled\n%s", traceback_without_values(exc))
        log.info("the SIP endpoint's control connection closed")

    async def _on_event(self, event: dict[str, Any]) -> None:
        kind, theirs = event.get("type"), str(event.get("id", ""))
        if event.get("class") != "call" or not theirs:
            return
        if kind == "CALL_ESTABLISHED" and event.get("direction") == "incoming":
            if theirs in self._theirs:
                return
            call = SipCall("s" + secrets.token_hex(8), theirs)
            self.calls[call.ours] = call
            self._theirs[theirs] = call.ours
            number = caller_number(str(event.get("peeruri", "")))
            await self.report(CallEvent("offered", call.ours, number=mask(number),
                                        caller=self._pseudonym(number)))
        elif kind == "CALL_CLOSED":
            ours = self._theirs.pop(theirs, "")
            gone = self.calls.pop(ours) if ours in self.calls else None
            if gone is not None and gone.state != "ended":
                gone.state = "ended"
                await self.report(CallEvent("ended", gone.ours))

    def _pseudonym(self, number: str | None) -> str | None:
        e164 = normalise(number)
        if e164 is None or self.keys is None:
            return None
        return self.keys.pseudonym(PSEUDONYM_PURPOSE, e164)

    def has(self, call: str) -> bool:
        """Calls from before a restart are gone: baresip ended them when the hub died."""
        found = self.calls.get(call)
        return found is not None and found.state != "ended"

    # --- the hub's commands ---------------------------------------------------------------

    def _live(self, call: str) -> SipCall:
        found = self.calls.get(call)
        if found is None or found.state == "ended":
            raise TelephonyError("the call has ended")
        return found

    async def answer(self, call: str, user: str) -> None:
        found = self._live(call)
        if found.state != "ringing":
            raise TelephonyError("the call is already answered")
        found.state, found.desk = "connected", user

    async def hold(self, call: str) -> None:
        found = self._live(call)
        if found.state != "connected":
            raise TelephonyError("the call is not connected")
        found.state = "held"

    async def resume(self, call: str) -> None:
        found = self._live(call)
        if found.state != "held":
            raise TelephonyError("the call is not on hold")
        found.state = "connected"

    async def hangup(self, call: str) -> None:
        found = self._live(call)
        found.state = "ended"
        control = self.process.control
        if control is None:
            raise TelephonyError("the SIP endpoint is not running")
        try:
            async with control.exclusive() as run:
                if "not found" in await run("callfind", found.theirs):
                    raise TelephonyError("the call has ended")
                await run("hangup", "")
        except ControlError as exc:
            raise TelephonyError("the SIP endpoint did not hang up") from exc

    async def transfer(self, call: str, to_user: str) -> None:
        found = self._live(call)
        if found.state == "ringing":
            raise TelephonyError("the call is not answered")
        found.desk = to_user
