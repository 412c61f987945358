"""Real calls over SIP: one baresip process is the hub's SIP endpoint for the helpline number.

baresip answers every INVITE at once (200 OK) and plays the queue audio
(:mod:`workstation.sip.audio`) from its ``aufile`` source; this adapter turns baresip's call
events into :class:`CallEvent`: ``offered`` (with the number masked and a keyed pseudonym)
when a call is established, ``ended`` when the caller hangs up. The caller's address is read
from baresip's event and dropped right there: it is never stored, logged or reported.

The desk leg: with ``desk_phone`` (a staff user's desk softphone address), ``answer`` dials
that softphone from a user agent of its own on the same baresip and pairs the two legs through
``aubridge`` devices named for that call; either side hanging up ends both. baresip 1.0 can
switch the audio of a user agent's calls only all at once, so the caller is bridged only when
it is the endpoint's one call; otherwise (and without ``desk_phone``) ``answer`` keeps the
state only and the caller keeps hearing the waiting audio (docs/telephony.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from workstation.hub.keys import HubKeys
from workstation.hub.telephony.adapter import CallEvent, TelephonyAdapter, TelephonyError
from workstation.hub.telephony.numbers import mask, normalise
from workstation.protocol.log_safe import traceback_without_values
from workstation.sip.audio import WAIT_MINUTES, queue_audio
from workstation.sip.control import ControlError
from workstation.sip.process import BaresipProcess, BaresipSettings
from workstation.sip.prompts import prompt_audio

log = logging.getLogger(__name__)

#: The helpline's number: the SIP user the hub answers as.
HELPLINE = "116111"
#: The purpose of the callers' keyed pseudonyms (:meth:`HubKeys.pseudonym`).
PSEUDONYM_PURPOSE = "phone"
#: How long stopping waits for the last call events to be stored.
STOP_DRAIN_S = 10.0
#: How long a desk softphone may take to answer the hub's leg.
DESK_ANSWER_S = 15.0
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


def desk_phones(template: str) -> Callable[[str], str]:
    """``sip:{user}@HOST:PORT`` → a staff user name → that desk's softphone address;
    ``ValueError`` if ``template`` is not a ``sip:`` address with ``{user}`` in it."""
    if not template.startswith("sip:") or "{user}" not in template or "@" not in template:
        raise ValueError(f"{template!r} is not sip:{{user}}@HOST:PORT")
    return lambda user: template.replace("{user}", quote(user, safe=""))


@dataclass
class SipCall:
    """Attributes: state: ``ringing``, ``connected``, ``held`` or ``ended``; desk: whose."""

    ours: str
    theirs: str
    state: str = "ringing"
    desk: str | None = None
    #: the desk leg's user agent (``sip:leg…@…``) and baresip's id of the desk leg, if bridged.
    leg_aor: str | None = None
    leg_id: str | None = None
    #: True once the desk leg is answered, False if it closed before.
    leg_up: asyncio.Future[bool] | None = None


class SipTelephony(TelephonyAdapter):
    """Attributes: process: the hub's baresip; calls: live calls by our id."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, keys: HubKeys | None = None,
                 wait_minutes: float = WAIT_MINUTES,
                 desk_phone: Callable[[str], str | None] | None = None) -> None:
        """``desk_phone``: a staff user name → the SIP address of that desk's softphone
        (``sip:kari@10.0.0.7:5062``), or ``None``: no voice for that desk yet."""
        super().__init__()
        self.desk_phone = desk_phone
        self._source = ""
        self._idle_aor = ""
        self._legs: dict[str, str] = {}  # a desk leg's user agent → our call id
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
        self._source = self.process.settings.source = f"aufile,{wav}"
        control = await self.process.start()
        # A user agent with no calls: ``ausrc``/``auplay`` on it only restore the
        # configuration's devices (what the next caller gets) after a bridge is made.
        self._idle_aor = self._aor("idle" + secrets.token_hex(8))
        await control.command("uanew", f"<{self._idle_aor}>;regint=0")
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
        leg_of = self._legs.get(str(event.get("accountaor", "")))
        if leg_of is not None:
            await self._on_desk_leg(kind, theirs, leg_of)
            return
        if kind == "CALL_DTMF_START" and theirs in self._theirs:  # the phone menu
            await self.report(CallEvent("key", self._theirs[theirs], key=str(event.get("param"))))
        elif kind == "CALL_ESTABLISHED" and event.get("direction") == "incoming":
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
            if gone is not None and gone.leg_aor is not None:
                await self._end_desk_leg(gone)

    async def _on_desk_leg(self, kind: object, theirs: str, ours: str) -> None:
        """The desk leg's events: its id once dialled; when it closes, the caller's leg
        is hung up too (its ``CALL_CLOSED`` then reports ``ended``)."""
        call = self.calls.get(ours)
        if call is None:
            return
        call.leg_id = theirs
        if kind == "CALL_ESTABLISHED" and call.leg_up is not None and not call.leg_up.done():
            call.leg_up.set_result(True)
        elif kind == "CALL_CLOSED":
            if call.leg_up is not None and not call.leg_up.done():
                call.leg_up.set_result(False)  # never answered: the caller keeps waiting
                return
            if call.state != "ended" and call.leg_aor is not None:
                call.leg_aor = None
                with contextlib.suppress(TelephonyError):
                    await self._hang_up(call.theirs)
            await self._forget_leg(ours)

    async def _end_desk_leg(self, call: SipCall) -> None:
        if call.leg_up is not None and not call.leg_up.done():
            call.leg_up.set_result(False)
        if call.leg_id is not None and call.leg_aor is not None:
            with contextlib.suppress(TelephonyError):
                await self._hang_up(call.leg_id, call.leg_aor)
        await self._forget_leg(call.ours)

    async def _forget_leg(self, ours: str) -> None:
        call = self.calls.get(ours)
        if call is not None:
            call.leg_aor = call.leg_id = None
        for aor, owner in list(self._legs.items()):
            if owner == ours:
                del self._legs[aor]
                control = self.process.control
                if control is not None:
                    with contextlib.suppress(ControlError):
                        await control.command("uadel", aor)

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
        desk = self.desk_phone(user) if self.desk_phone is not None else None
        live = [c for c in self.calls.values() if c.state != "ended"]
        if desk is not None and live == [found]:
            await self._bridge(found, desk)
        found.state, found.desk = "connected", user

    def _aor(self, user: str) -> str:
        return f"sip:{user}@{self.process.settings._hostport()}"

    async def _bridge(self, call: SipCall, desk: str) -> None:
        """Dial ``desk`` from a user agent of the call's own whose devices are two
        ``aubridge`` devices named for this call (never reused: a device that lost one side
        stays unpaired in baresip 1.0); once the desk has answered, cross the caller's leg
        with them. A desk that does not answer: no bridge, the caller keeps the queue audio."""
        control = self.process.control
        if control is None:
            raise TelephonyError("the SIP endpoint is not running")
        tag = secrets.token_hex(8)
        to_desk, to_caller = f"aubridge,c2d{tag}", f"aubridge,d2c{tag}"
        call.leg_aor = self._aor("leg" + tag)
        self._legs[call.leg_aor] = call.ours
        call.leg_up = asyncio.get_running_loop().create_future()
        try:
            await control.command("uanew", f"<{call.leg_aor}>;regint=0;audio_source={to_desk}"
                                           f";audio_player={to_caller}")
            async with control.exclusive() as run:
                await run("uafind", call.leg_aor)
                await run("dial", desk)
            try:
                answered = await asyncio.wait_for(asyncio.shield(call.leg_up), DESK_ANSWER_S)
            except TimeoutError:
                answered = False
            if not answered:
                # As without a softphone: answered on the desk, no voice, the caller keeps
                # the queue audio (the hub takes a failed answer for a caller gone).
                await self._end_desk_leg(call)
                if call.state == "ended":
                    raise TelephonyError("the call has ended")
                log.warning("the desk's softphone did not answer: the call carries no voice")
                return
            async with control.exclusive() as run:
                await run("uafind", self._aor(HELPLINE))
                await run("ausrc", to_caller)
                await run("auplay", to_desk)
                # ``ausrc``/``auplay`` also set the configuration (the next caller's
                # devices): back to the queue audio, on a user agent with no calls.
                await run("uafind", self._idle_aor)
                await run("ausrc", self._source)
                await run("auplay", self.process.settings.player)
        except ControlError as exc:
            raise TelephonyError("the SIP endpoint could not reach the desk") from exc

    async def say(self, call: str, prompt: str) -> None:
        """Play the phone menu's sentence ``prompt``, then the waiting audio, to a waiting
        caller. ``ausrc`` switches every call of the helpline's user agent, so only when the
        caller is the endpoint's one call (like the bridge); otherwise the caller hears
        nothing new (the routing is the same)."""
        found = self._live(call)
        control = self.process.control
        live = [c for c in self.calls.values() if c.state != "ended"]
        if found.state != "ringing" or live != [found] or control is None or not self._folder:
            return
        wav = await asyncio.to_thread(
            prompt_audio, Path(self._folder.name), prompt, self.wait_minutes
        )
        try:
            async with control.exclusive() as run:
                await run("uafind", self._aor(HELPLINE))
                await run("ausrc", f"aufile,{wav}")
                await run("uafind", self._idle_aor)  # the next caller: the queue audio
                await run("ausrc", self._source)
        except ControlError as exc:
            raise TelephonyError("the SIP endpoint could not play the sentence") from exc

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
        await self._hang_up(found.theirs)

    async def _hang_up(self, theirs: str, aor: str | None = None) -> None:
        """Hang up baresip's call ``theirs`` of the user agent ``aor`` (default: the
        helpline's; ``callfind`` and ``hangup`` act on the current user agent's calls)."""
        control = self.process.control
        if control is None:
            raise TelephonyError("the SIP endpoint is not running")
        try:
            async with control.exclusive() as run:
                await run("uafind", aor or self._aor(HELPLINE))
                if "not found" in await run("callfind", theirs):
                    raise TelephonyError("the call has ended")
                await run("hangup", "")
        except ControlError as exc:
            raise TelephonyError("the SIP endpoint did not hang up") from exc

    async def transfer(self, call: str, to_user: str) -> None:
        found = self._live(call)
        if found.state == "ringing":
            raise TelephonyError("the call is not answered")
        found.desk = to_user
