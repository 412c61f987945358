"""Real calls over SIP: the hub's Kamailio hands each caller to a one-call baresip line.

The hub's SIP address is a Kamailio of its own in front of a pool of baresip processes, one
caller each (:mod:`workstation.hub.telephony.lines`). A line answers at once (200 OK) and
plays the queue audio (:mod:`workstation.sip.audio`), then the caller's place in the queue
every ``position_every_s`` (:mod:`workstation.sip.waiting`); this adapter turns the lines'
call events into :class:`CallEvent`: ``offered`` (with the number masked and a keyed
pseudonym) when a call is established, ``ended`` when the caller hangs up. The caller's
address is read from baresip's event and dropped right there: it is never stored, logged or
reported.

The desk leg: with ``desk_phone`` (a staff user's desk softphone address), ``answer`` dials
that softphone from a user agent of its own on the caller's line and pairs the two legs
through ``aubridge`` devices named for that leg; the desk hanging up ends the call. As each
line has one caller, switching that line's audio touches no other caller. Hold hangs up the
desk leg and plays the waiting audio; resume and transfer dial a desk again
(docs/telephony.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from workstation.hub.keys import HubKeys
from workstation.hub.telephony.adapter import CallEvent, TelephonyAdapter, TelephonyError
from workstation.hub.telephony.lines import (
    LINE_AUDIO_BUFFER_MS,
    LINE_JITTER_FRAMES,
    LINES,
    Front,
    Line,
    SipTls,
    line_host,
)
from workstation.hub.telephony.numbers import mask, normalise
from workstation.hub.telephony.overflow import Overflow
from workstation.hub.telephony.trunk import TrunkRegistration
from workstation.protocol.log_safe import traceback_without_values
from workstation.sip.audio import WAIT_MINUTES, announcement, queue_audio
from workstation.sip.control import ControlError
from workstation.sip.mixer import Jack, MixerMissing, MixPort, wiring
from workstation.sip.process import BaresipProcess, BaresipSettings
from workstation.sip.prompts import prompt_audio
from workstation.sip.waiting import hold_audio, position_audio, seconds

log = logging.getLogger(__name__)

#: The helpline's number: the SIP user the hub answers as.
HELPLINE = "116111"
#: The purpose of the callers' keyed pseudonyms (:meth:`HubKeys.pseudonym`).
PSEUDONYM_PURPOSE = "phone"
#: How long stopping waits for the last call events to be stored.
STOP_DRAIN_S = 10.0
#: How long a desk softphone may take to answer the hub's leg.
DESK_ANSWER_S = 15.0
#: How often a waiting caller hears their place in the queue (``--sip-position-seconds``).
POSITION_EVERY_S = 60.0
#: Waiting audio after a position beyond ``POSITION_EVERY_S`` (the next one cuts it off).
POSITION_SLACK_S = 20.0
#: How often a line's start is tried (on new ports) before the hub gives up.
LINE_ATTEMPTS = 3
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


async def _answered(up: asyncio.Future[bool]) -> bool:
    """Whether a dialled phone answered within ``DESK_ANSWER_S`` (False: it refused or
    did not answer in time)."""
    try:
        return await asyncio.wait_for(asyncio.shield(up), DESK_ANSWER_S)
    except TimeoutError:
        return False


def outside_phones(template: str) -> Callable[[str], str]:
    """``sip:{number}@HOST:PORT`` (the trunk) → a number as the referral directory writes it
    (``116 006``, ``+47 22 …``) → the SIP address to dial it at (``sip:116006@HOST:PORT``);
    ``ValueError`` if ``template`` is not a ``sip:`` address with ``{number}`` in it."""
    if not template.startswith("sip:") or "{number}" not in template or "@" not in template:
        raise ValueError(f"{template!r} is not sip:{{number}}@HOST:PORT")
    return lambda number: template.replace(
        "{number}", "".join(c for c in number if c.isdigit() or c == "+"))


@dataclass
class Leg:
    """The hub's leg to a desk softphone: its user agent (``sip:leg…@LINE``), baresip's id of
    the call once dialled, and whether the desk answered (False: it closed before)."""

    aor: str
    tag: str
    up: asyncio.Future[bool]
    id: str | None = None


@dataclass
class SipCall:
    """Attributes: state: ``ringing``, ``connected``, ``held`` or ``ended``; desk: whose;
    line: the baresip it is on; leg: the desk leg bridged to it, if any."""

    ours: str
    theirs: str
    line: Line
    arrived: float
    state: str = "ringing"
    desk: str | None = None
    leg: Leg | None = None
    announcer: asyncio.Task[None] | None = None
    mix: Mix | None = None


@dataclass
class Party:
    """One party of a mixed call: its mix port, whether its call is up, and for the
    caller's and the desk's party the line's leg that carries them into the mix."""

    port: MixPort
    up: asyncio.Future[bool]
    line_leg: Leg | None = None
    follower: asyncio.Task[None] | None = None


@dataclass
class Mix:
    """A call in the mixer: its parties by name (``caller``, ``desk``, ``lead:<user>``,
    ``outside:<id>``) and the JACK connections made for them."""

    parties: dict[str, Party]
    wired: set[tuple[str, str]]


class SipTelephony(TelephonyAdapter):
    """Attributes: front: the hub's Kamailio; lines: its one-call baresips; calls: live
    calls by our id."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, keys: HubKeys | None = None,
                 wait_minutes: float = WAIT_MINUTES,
                 desk_phone: Callable[[str], str | None] | None = None,
                 lines: int = LINES, position_every_s: float = POSITION_EVERY_S,
                 trunk: TrunkRegistration | None = None, tls: SipTls | None = None,
                 outside_phone: Callable[[str], str | None] | None = None) -> None:
        """``desk_phone``: a staff user name → the SIP address of that desk's softphone
        (``sip:kari@10.0.0.7:5062``), or ``None``: no voice for that desk yet.
        ``lines``: how many callers at once; ``position_every_s``: how often a waiting
        caller hears their place in the queue (0: never); ``trunk``: the operator's
        registrar the hub's Kamailio registers with (``serve --sip-register``); ``tls``:
        where it also takes calls over TLS (``serve --sip-tls``). ``outside_phone``: a number
        from the referral directory → the SIP address to dial it at (the trunk), or ``None``."""
        super().__init__()
        if lines < 1:
            raise ValueError("a SIP endpoint needs one line at least")
        self.desk_phone = desk_phone
        self.keys = keys
        self.wait_minutes = wait_minutes
        self.position_every_s = position_every_s
        self.host = host
        self._folder = Path(tempfile.mkdtemp(prefix="hub-sip-"))
        self.front = Front(host, port, self._folder / "front", trunk, tls)
        self.lines = [Line(i, BaresipProcess(BaresipSettings(
            user=HELPLINE, host=line_host(host), max_calls=1, jitter_frames=LINE_JITTER_FRAMES,
            audio_buffer_ms=LINE_AUDIO_BUFFER_MS))) for i in range(lines)]
        self.overflow = Overflow(HELPLINE, line_host(host), self._folder / "overflow")
        self.calls: dict[str, SipCall] = {}
        self._legs: dict[str, tuple[str, Leg]] = {}  # a desk leg's user agent → call, leg
        self._source = self._hold = ""
        self._announced_s = 0.0
        self._clips: dict[int, Path] = {}
        self._stopping = False
        self.outside_phone = outside_phone
        self.jack = Jack()

    @property
    def address(self) -> str:
        """``udp:HOST:PORT`` where the hub takes calls (the port is known once started)."""
        return self.front.address

    async def start(self) -> None:
        folder = self._folder
        wav = await asyncio.to_thread(queue_audio, folder / "queue", self.wait_minutes)
        self._source = f"aufile,{wav}"
        self._hold = f"aufile,{await asyncio.to_thread(hold_audio, folder, self.wait_minutes)}"
        (folder / "said").mkdir()
        self._announced_s = await asyncio.to_thread(
            lambda: seconds(announcement(folder / "said")))
        for line in self.lines:
            line.process.settings.source = self._source
        try:
            # Every start runs to its end before a failure is raised (and the lines stopped).
            started = await asyncio.gather(*(self._start_line(line) for line in self.lines),
                                           return_exceptions=True)
            for failed in started:
                if failed is not None:
                    raise failed
            await self.overflow.start()
            await self.front.start([line.hostport for line in self.lines],
                                   self.overflow.hostport)
        except OSError as exc:  # a host this machine does not have
            await self._stop_lines()
            await self.overflow.stop()
            raise ControlError(f"cannot listen on {self.address}: {exc.strerror}") from None
        except BaseException:
            await self._stop_lines()
            await self.overflow.stop()
            raise
        log.info("SIP endpoint started with %d lines", len(self.lines))

    async def _start_line(self, line: Line, attempts: int = LINE_ATTEMPTS) -> None:
        """Start a line; a baresip that dies at once (another program took the port it was
        given meanwhile) is tried again on a new port, ``attempts`` times in all."""
        for attempt in range(attempts):
            try:
                control = await line.process.start()
                # A user agent with no calls: ``ausrc``/``auplay`` on it only restore the
                # configuration's devices (what the line's next caller gets) after a switch.
                line.idle_aor = line.aor("idle" + secrets.token_hex(8))
                await control.command("uanew", f"<{line.idle_aor}>;regint=0")
                break
            except ControlError:
                await line.process.stop()
                if attempt == attempts - 1:
                    raise
                line.process.settings.port = 0
        line.events = asyncio.get_running_loop().create_task(self._follow(line, control.events))

    async def stop(self) -> None:
        """baresip hangs up every call as it quits; their ``ended`` are reported before this
        returns (a hang-up being stored is never cut off halfway)."""
        await self.front.stop()
        await self._stop_lines()
        for call in list(self.calls.values()):
            await self._unmix(call)
        await self.jack.stop()
        await self.overflow.stop()
        shutil.rmtree(self._folder, ignore_errors=True)

    async def _stop_lines(self) -> None:
        self._stopping = True
        for call in self.calls.values():
            if call.announcer is not None:
                call.announcer.cancel()
        await asyncio.gather(*(line.process.stop() for line in self.lines))
        for line in self.lines:
            if line.events is None or line.events.done():
                continue
            try:
                await asyncio.wait_for(asyncio.shield(line.events), STOP_DRAIN_S)
            except TimeoutError:
                line.events.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await line.events

    # --- the network's side -------------------------------------------------------------

    async def _follow(self, line: Line, events: asyncio.Queue[dict[str, Any] | None]) -> None:
        while (event := await events.get()) is not None:
            try:
                await self._on_event(line, event)
            except Exception as exc:  # one bad call must not stop the others' events
                # Without the exception's message: it could quote a caller's address.
                log.error("SIP event not handled\n%s", traceback_without_values(exc))
        log.info("a SIP line's control connection closed")
        if not self._stopping:
            await self._restart(line)

    async def _restart(self, line: Line) -> None:
        """A line's baresip died while the hub runs: its caller is gone (``ended``) and the
        line starts again on the same port, where Kamailio still sends callers."""
        control = line.process.control
        why = control.ended if control is not None else None
        gone = self.calls.pop(line.call or "", None)
        line.call = None
        if gone is not None:
            if gone.announcer is not None:
                gone.announcer.cancel()
            if gone.state != "ended":
                gone.state = "ended"
                await self.report(CallEvent("ended", gone.ours))
        for aor in [aor for aor in self._legs if aor.endswith(f"@{line.hostport}")]:
            del self._legs[aor]
        code = await line.process.exit_code(within=1.0)
        log.warning("a SIP line stopped by itself (control connection: %s; baresip: %s): "
                    "starting it again", why or "unknown",
                    "still running" if code is None else f"exit code {code}")
        await line.process.stop()
        try:
            await self._start_line(line, attempts=1)  # on its port: Kamailio's list names it
        except (ControlError, OSError):
            log.error("a SIP line could not be started again: %d lines left",
                      sum(1 for other in self.lines if other.process.control is not None))

    async def _on_event(self, line: Line, event: dict[str, Any]) -> None:
        kind, theirs = event.get("type"), str(event.get("id", ""))
        if event.get("class") != "call" or not theirs:
            return
        aor = str(event.get("accountaor", ""))
        if aor in self._legs:
            await self._on_desk_leg(kind, theirs, *self._legs[aor])
            return
        if aor and aor != line.aor(HELPLINE):
            return  # a desk leg already let go of
        current = self.calls.get(line.call or "")
        if kind == "CALL_DTMF_START":  # the phone menu: a key the line's caller pressed
            if current is not None and current.theirs == theirs:
                await self.report(CallEvent("key", current.ours, key=str(event.get("param"))))
        elif kind == "CALL_ESTABLISHED" and event.get("direction") == "incoming":
            if current is not None:
                return
            call = SipCall("s" + secrets.token_hex(8), theirs, line,
                           asyncio.get_running_loop().time())
            self.calls[call.ours] = call
            line.call = call.ours
            number = caller_number(str(event.get("peeruri", "")))
            await self.report(CallEvent("offered", call.ours, number=mask(number),
                                        caller=self._pseudonym(number)))
            if self.position_every_s > 0 and call.state == "ringing":
                call.announcer = asyncio.get_running_loop().create_task(self._announce(call))
        elif kind == "CALL_CLOSED" and current is not None and current.theirs == theirs:
            line.call = None
            gone = self.calls.pop(current.ours)
            if gone.announcer is not None:
                gone.announcer.cancel()
            if gone.state != "ended":
                gone.state = "ended"
                await self.report(CallEvent("ended", gone.ours))
            await self._unmix(gone)
            if gone.leg is not None:
                leg, gone.leg = gone.leg, None
                await self._drop_leg(line, leg)

    async def _on_desk_leg(self, kind: object, theirs: str, ours: str, leg: Leg) -> None:
        """The desk leg's events: its id once dialled; when the bridged desk hangs up, the
        caller is hung up too (its ``CALL_CLOSED`` then reports ``ended``)."""
        leg.id = theirs
        if kind == "CALL_ESTABLISHED" and not leg.up.done():
            leg.up.set_result(True)
        elif kind == "CALL_CLOSED":
            call = self.calls.get(ours)
            if not leg.up.done():
                leg.up.set_result(False)  # never answered: the caller keeps waiting
                return
            if call is not None and call.leg is leg:
                call.leg = None
                if call.state != "ended":
                    with contextlib.suppress(TelephonyError):
                        await self._hang_up(call.line, call.theirs)
                await self._drop_leg(call.line, leg)

    async def _drop_leg(self, line: Line, leg: Leg) -> None:
        """Hang up a desk leg (if still up) and delete its user agent."""
        if self._legs.pop(leg.aor, None) is None:
            return
        if leg.id is not None:
            with contextlib.suppress(TelephonyError):
                await self._hang_up(line, leg.id, leg.aor)
        control = line.process.control
        if control is not None:
            with contextlib.suppress(ControlError):
                await control.command("uadel", leg.aor)

    def _pseudonym(self, number: str | None) -> str | None:
        e164 = normalise(number)
        if e164 is None or self.keys is None:
            return None
        return self.keys.pseudonym(PSEUDONYM_PURPOSE, e164)

    def has(self, call: str) -> bool:
        """Calls from before a restart are gone: baresip ended them when the hub died."""
        found = self.calls.get(call)
        return found is not None and found.state != "ended"

    # --- what a waiting caller hears -------------------------------------------------------

    def position(self, call: SipCall) -> int:
        """A ringing caller's place among the callers waiting (first come, first)."""
        return 1 + sum(1 for other in self.calls.values()
                       if other.state == "ringing" and other.arrived < call.arrived)

    async def _announce(self, call: SipCall) -> None:
        """After the announcement, and every ``position_every_s`` until answered (for at
        most ``wait_minutes``): "Du er nummer N i køen", then waiting audio."""
        loop = asyncio.get_running_loop()
        until = call.arrived + self.wait_minutes * 60
        await asyncio.sleep(self._announced_s)
        while call.state == "ringing" and loop.time() < until:
            number = self.position(call)
            clip = self._clips.get(number)
            if clip is None:
                clip = self._clips[number] = await asyncio.to_thread(
                    position_audio, self._folder / "positions", number,
                    self.position_every_s + POSITION_SLACK_S)
            if call.state != "ringing":
                return
            with contextlib.suppress(ControlError):
                await self._play(call.line, f"aufile,{clip}")
            await asyncio.sleep(self.position_every_s)

    async def _play(self, line: Line, source: str, player: str | None = None) -> None:
        """Switch the line's caller to ``source`` (and ``player``); the next caller's
        devices are restored on the idle user agent (``ausrc`` sets the configuration too)."""
        control = line.process.control
        if control is None:
            raise ControlError("the line is not running")
        async with control.exclusive() as run:
            await run("uafind", line.aor(HELPLINE))
            await run("ausrc", source)
            if player is not None:
                await run("auplay", player)
            await run("uafind", line.idle_aor)
            await run("ausrc", self._source)
            await run("auplay", line.process.settings.player)

    async def _quiet(self, call: SipCall) -> None:
        """Stop the position announcements (before the caller's audio is switched)."""
        if call.announcer is not None:
            call.announcer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await call.announcer
            call.announcer = None

    # --- the hub's commands ---------------------------------------------------------------

    def _live(self, call: str) -> SipCall:
        found = self.calls.get(call)
        if found is None or found.state == "ended":
            raise TelephonyError("the call has ended")
        return found

    def _desk(self, user: str) -> str | None:
        return self.desk_phone(user) if self.desk_phone is not None else None

    async def answer(self, call: str, user: str) -> None:
        found = self._live(call)
        if found.state != "ringing":
            raise TelephonyError("the call is already answered")
        found.state, found.desk = "connected", user
        await self._quiet(found)
        desk = self._desk(user)
        if desk is not None and not await self._bridge(found, desk):
            # As without a softphone: answered on the desk, no voice, the caller keeps
            # the waiting audio (the hub takes a failed answer for a caller gone).
            log.warning("the desk's softphone did not answer: the call carries no voice")

    async def _bridge(self, call: SipCall, desk: str) -> bool:
        """Dial ``desk`` from a user agent of its own on the caller's line whose devices are
        two ``aubridge`` devices named for this leg (never reused: a device that lost one
        side stays unpaired in baresip 1.0); once the desk has answered, cross the caller's
        leg with them and let go of the previous leg, if any. False if the desk does not
        answer: the caller keeps what it heard."""
        line = call.line
        control = line.process.control
        if control is None:
            raise TelephonyError("the SIP endpoint is not running")
        tag = secrets.token_hex(8)
        to_desk, to_caller = f"aubridge,c2d{tag}", f"aubridge,d2c{tag}"
        leg = Leg(line.aor("leg" + tag), tag, asyncio.get_running_loop().create_future())
        self._legs[leg.aor] = (call.ours, leg)
        try:
            await control.command("uanew", f"<{leg.aor}>;regint=0;audio_source={to_desk}"
                                           f";audio_player={to_caller}")
            async with control.exclusive() as run:
                await run("uafind", leg.aor)
                await run("dial", desk)
            answered = await _answered(leg.up)
            if not answered or call.state == "ended":
                await self._drop_leg(line, leg)
                if call.state == "ended":
                    raise TelephonyError("the call has ended")
                return False
            await self._play(line, to_caller, to_desk)
        except ControlError as exc:
            await self._drop_leg(line, leg)
            raise TelephonyError("the SIP endpoint could not reach the desk") from exc
        previous, call.leg = call.leg, leg
        if previous is not None:
            await self._drop_leg(line, previous)
        return True

    async def _unbridge(self, call: SipCall) -> None:
        """The caller hears the waiting audio; the desk leg, if any, is hung up."""
        try:
            await self._play(call.line, self._hold, "aubridge,held" + secrets.token_hex(8))
        except ControlError as exc:
            raise TelephonyError("the SIP endpoint could not hold the call") from exc
        if call.leg is not None:
            leg, call.leg = call.leg, None
            await self._drop_leg(call.line, leg)

    async def say(self, call: str, prompt: str) -> None:
        """Play the phone menu's sentence ``prompt``, then the waiting audio, to a waiting
        caller (each caller has a line of their own, so no other caller hears it)."""
        found = self._live(call)
        if found.state != "ringing":
            return
        wav = await asyncio.to_thread(prompt_audio, self._folder, prompt, self.wait_minutes)
        try:
            await self._play(found.line, f"aufile,{wav}")
        except ControlError as exc:
            raise TelephonyError("the SIP endpoint could not play the sentence") from exc

    async def hold(self, call: str) -> None:
        """The caller hears the waiting audio, the desk nothing (its leg is hung up)."""
        found = self._live(call)
        if found.state != "connected":
            raise TelephonyError("the call is not connected")
        await self._unmix(found)
        await self._unbridge(found)
        found.state = "held"

    async def resume(self, call: str) -> None:
        """The desk is dialled again and bridged; a desk that does not answer leaves the
        call on hold (``TelephonyError``)."""
        found = self._live(call)
        if found.state != "held":
            raise TelephonyError("the call is not on hold")
        desk = self._desk(found.desk) if found.desk is not None else None
        if desk is not None and not await self._bridge(found, desk):
            raise TelephonyError("the desk's softphone did not answer")
        found.state = "connected"

    async def hangup(self, call: str) -> None:
        found = self._live(call)
        found.state = "ended"
        await self._quiet(found)
        await self._hang_up(found.line, found.theirs)

    async def _hang_up(self, line: Line, theirs: str, aor: str | None = None) -> None:
        """Hang up baresip's call ``theirs`` of the user agent ``aor`` (default: the
        helpline's; ``callfind`` and ``hangup`` act on the current user agent's calls)."""
        control = line.process.control
        if control is None:
            raise TelephonyError("the SIP endpoint is not running")
        try:
            async with control.exclusive() as run:
                await run("uafind", aor or line.aor(HELPLINE))
                if "not found" in await run("callfind", theirs):
                    raise TelephonyError("the call has ended")
                await run("hangup", "")
        except ControlError as exc:
            raise TelephonyError("the SIP endpoint did not hang up") from exc

    async def transfer(self, call: str, to_user: str) -> None:
        """The voice moves to ``to_user``'s desk softphone once it answers (until then the
        caller stays with the first desk); a desk that does not answer: ``TelephonyError``."""
        found = self._live(call)
        if found.state == "ringing":
            raise TelephonyError("the call is not answered")
        desk = self._desk(to_user)
        await self._unmix(found)
        if desk is not None and found.state == "connected" and not await self._bridge(found,
                                                                                       desk):
            raise TelephonyError("the colleague's softphone did not answer")
        found.desk = to_user

    # --- listen-in and three-way: the mixer (docs/telephony.md) ------------------------------

    async def listen(self, call: str, user: str) -> str:
        """Dial ``user``'s desk softphone from a mix port whose voice goes nowhere: it hears
        the caller and the counsellor, nobody hears it."""
        found = self._connected(call)
        desk = self._desk(user)
        if desk is None:
            raise TelephonyError("that desk has no softphone")
        name = f"lead:{user}"
        mix = await self._mixed(found)
        if name in mix.parties:
            raise TelephonyError("that desk is already in the call")
        await self._add_party(found, mix, name, desk, talks=False)
        return name

    async def join(self, call: str, user: str) -> None:
        """The listening ``user`` is heard by the caller and the counsellor too."""
        found = self._connected(call)
        party = found.mix.parties.get(f"lead:{user}") if found.mix is not None else None
        if found.mix is None or party is None:
            raise TelephonyError("that desk is not listening")
        party.port.talks = True
        await self._rewire(found.mix)

    async def add_outside(self, call: str, number: str) -> str:
        """Dial an outside party (police, an emergency clinic) into the call: three-way."""
        found = self._connected(call)
        address = self.outside_phone(number) if self.outside_phone is not None else None
        if address is None:
            raise TelephonyError("the hub has no line out")
        mix = await self._mixed(found)
        name = "outside:" + secrets.token_hex(4)
        await self._add_party(found, mix, name, address, talks=True)
        return name

    async def drop_party(self, call: str, party: str) -> None:
        found = self._live(call)
        gone = found.mix.parties.pop(party, None) if found.mix is not None else None
        if found.mix is None or gone is None or party in ("caller", "desk"):
            raise TelephonyError("no such party in the call")
        await self._stop_party(gone)
        await self._rewire(found.mix)

    def _connected(self, call: str) -> SipCall:
        found = self._live(call)
        if found.state != "connected":
            raise TelephonyError("the call is not connected")
        return found

    async def _port(self, talks: bool) -> tuple[MixPort, Party]:
        try:
            await self.jack.start()
        except (MixerMissing, ControlError) as exc:
            raise TelephonyError(f"the mixer did not start: {exc}") from None
        port = MixPort(self.jack, line_host(self.host), talks=talks,
                       jitter_frames=LINE_JITTER_FRAMES, audio_buffer_ms=LINE_AUDIO_BUFFER_MS)
        party = Party(port, asyncio.get_running_loop().create_future())
        try:
            await port.start()
        except ControlError as exc:
            await port.stop()
            raise TelephonyError("the mixer could not start a party") from exc
        return port, party

    async def _follow_party(self, call: SipCall, name: str, party: Party) -> None:
        """A party's call events: up once established; a party that hangs up leaves the
        call (``left``), which goes on without it."""
        control = party.port.process.control
        if control is None:
            return
        while (event := await control.events.get()) is not None:
            kind = event.get("type")
            if kind == "CALL_ESTABLISHED" and not party.up.done():
                party.up.set_result(True)
            elif kind == "CALL_CLOSED":
                if not party.up.done():
                    party.up.set_result(False)
                    return
                mix = call.mix
                if mix is not None and mix.parties.get(name) is party:
                    del mix.parties[name]
                    await self._rewire(mix)
                    await party.port.stop()  # its follower is this task: nothing to cancel
                    await self.report(CallEvent("left", call.ours, party=name))
                return

    async def _add_party(self, call: SipCall, mix: Mix, name: str, address: str,
                         talks: bool) -> None:
        port, party = await self._port(talks)
        party.follower = asyncio.get_running_loop().create_task(
            self._follow_party(call, name, party))
        mix.parties[name] = party
        try:
            control = port.process.control
            assert control is not None
            async with control.exclusive() as run:
                await run("uafind", port.aor)
                await run("dial", address)
            up = await _answered(party.up)
            if not up or call.mix is not mix:
                raise TelephonyError("the party did not answer")
            await port.find_ports()
            await self._rewire(mix)
        except (TelephonyError, ControlError) as exc:
            if mix.parties.get(name) is party:
                del mix.parties[name]
            await self._stop_party(party)
            raise TelephonyError(str(exc) if isinstance(exc, TelephonyError)
                                 else "the mixer could not reach the party") from None

    async def _mixed(self, call: SipCall) -> Mix:
        """The call's mix; the first time, the caller and the desk are moved into it: the
        line dials a mix port for each (a leg of its own with two ``aubridge`` devices), and
        the caller's and the desk leg's devices are switched to those legs."""
        if call.mix is not None:
            return call.mix
        mix = call.mix = Mix({}, set())
        try:
            caller = await self._line_party(call, mix, "caller")
            desk = await self._line_party(call, mix, "desk") if call.leg is not None else None
            await self._rewire(mix)
            assert caller.line_leg is not None
            tag = caller.line_leg.tag
            await self._play(call.line, f"aubridge,xo{tag}", f"aubridge,xi{tag}")
            if desk is not None and desk.line_leg is not None and call.leg is not None:
                tag = desk.line_leg.tag
                await self._switch(call.line, call.leg.aor, f"aubridge,xo{tag}",
                                   f"aubridge,xi{tag}")
        except (TelephonyError, ControlError) as exc:
            await self._unmix(call)
            raise TelephonyError("the mixer could not take the call") from exc
        return mix

    async def _line_party(self, call: SipCall, mix: Mix, name: str) -> Party:
        """A mix port answering a leg from the call's line (the caller's or the desk's way
        into the mix)."""
        port, party = await self._port(talks=True)
        mix.parties[name] = party
        party.follower = asyncio.get_running_loop().create_task(
            self._follow_party(call, name, party))
        line = call.line
        control = line.process.control
        if control is None:
            raise TelephonyError("the SIP endpoint is not running")
        tag = secrets.token_hex(8)
        leg = Leg(line.aor("mix" + tag), tag, asyncio.get_running_loop().create_future())
        party.line_leg = leg
        self._legs[leg.aor] = (call.ours, leg)
        await control.command("uanew", f"<{leg.aor}>;regint=0;audio_source=aubridge,xi{tag}"
                                       f";audio_player=aubridge,xo{tag}")
        async with control.exclusive() as run:
            await run("uafind", leg.aor)
            await run("dial", port.aor)
        up = await _answered(leg.up)
        if not up:
            raise TelephonyError("a mix port did not answer")
        await port.find_ports()
        return party

    async def _switch(self, line: Line, aor: str, source: str, player: str) -> None:
        """Switch the devices of the user agent ``aor`` on ``line`` (and restore the
        configuration's on the idle one)."""
        control = line.process.control
        if control is None:
            raise ControlError("the line is not running")
        async with control.exclusive() as run:
            await run("uafind", aor)
            await run("ausrc", source)
            await run("auplay", player)
            await run("uafind", line.idle_aor)
            await run("ausrc", self._source)
            await run("auplay", line.process.settings.player)

    async def _rewire(self, mix: Mix) -> None:
        """Make JACK's connections what the parties' roles say."""
        wanted = wiring([party.port for party in mix.parties.values()])
        for source, sink in mix.wired - wanted:
            await self.jack.disconnect(source, sink)
        for source, sink in wanted - mix.wired:
            try:
                await self.jack.connect(source, sink)
            except ControlError:
                log.warning("a mixer connection failed")
                continue
        mix.wired = wanted

    async def _stop_party(self, party: Party) -> None:
        await party.port.stop()
        if party.follower is not None and not party.follower.done():
            party.follower.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await party.follower

    async def _unmix(self, call: SipCall) -> None:
        """Take the call out of the mixer: every party's port stops (their calls end), the
        line's legs into it are hung up. The caller and the desk are then bridged again by
        whoever called this (hold, transfer) or are gone (the call ended)."""
        mix, call.mix = call.mix, None
        if mix is None:
            return
        parties = list(mix.parties.values())
        mix.parties.clear()
        for party in parties:
            if party.line_leg is not None:
                await self._drop_leg(call.line, party.line_leg)
        await asyncio.gather(*(self._stop_party(party) for party in parties))
