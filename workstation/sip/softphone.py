"""The desk's softphone: a baresip user agent of the desk's own that answers the hub's leg.

The hub dials ``sip:{user}@HOST:PORT`` when the counsellor answers a caller
(``--sip-desk``, docs/telephony.md "The desk leg"); :class:`DeskSoftphone` listens there for
that one user. It answers only calls from the hub's host (``hub_host``) and refuses the rest
(answer mode ``manual``; the check is on the caller's host, not a secret: see "Not yet").
It has one call at a time, a mute that holds across calls, and a state the desk shows:
``off`` (not running), ``ready`` (listening), ``in_call``.

Audio devices: :func:`desk_devices` picks baresip's ``alsa`` module for a real desk when it
is installed (Debian's baresip-core has ``alsa``, not ``pulse``); the demo and the tests
pass file or bridge devices. Nothing here logs a caller's address.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from workstation.sip.control import BaresipControl, ControlError
from workstation.sip.devices import at_volume
from workstation.sip.process import (
    MODULE_PATH,
    BaresipMissing,
    BaresipProcess,
    BaresipSettings,
)

log = logging.getLogger(__name__)

#: After the softphone's baresip died: how often, and how far apart, it is started again.
RESTART_ATTEMPTS = 5
RESTART_DELAY_S = 1.0

#: How often the softphone's baresip must answer a command on its control connection, and
#: how long it may take: a baresip that hangs without dying (stopped, deadlocked) is killed
#: and treated as lost (docs/telephony.md, "A softphone that hangs").
HEARTBEAT_S = 1.0
HEARTBEAT_TIMEOUT_S = 2.5
#: The command: baresip 1.0's menu ``reginfo`` (its user agents; read, never logged).
HEARTBEAT_COMMAND = "reginfo"

#: A desk with no sound card module: silence out, nothing played.
NULL_DEVICES = ("aubridge,desk-silence", "aubridge,desk-nowhere")


def desk_devices(modules: Path = MODULE_PATH,
                 cards: Path = Path("/proc/asound/cards")) -> tuple[str, str]:
    """(source, player) for a real desk: ALSA's default device if baresip has the module
    and the machine a sound card, else :data:`NULL_DEVICES` (the call still connects; the
    desk plays nothing and sends no sound)."""
    try:
        has_card = cards.read_text().strip()[:1].isdigit()
    except OSError:
        has_card = False
    if has_card and (modules / "alsa.so").exists():
        return "alsa,default", "alsa,default"
    return NULL_DEVICES


def _modules_for(source: str, player: str) -> tuple[str, ...]:
    return ("alsa.so",) if "alsa," in f"{source} {player}" else ()


def peer_host(uri: str) -> str:
    """``sip:leg1@127.0.0.1:5060;transport=udp`` → ``127.0.0.1`` (``[::1]`` → ``::1``)."""
    rest = uri.strip("<>").split(":", 1)[-1].split(";", 1)[0].rsplit("@", 1)[-1]
    if rest.startswith("["):
        return rest[1:rest.find("]")]
    return rest.rsplit(":", 1)[0] if rest.count(":") == 1 else rest


class DeskSoftphone:
    """``await start()``, ``await stop()`` (also ``async with``).

    Attributes:
        user: the staff user name (the SIP user the hub dials).
        state: ``off``, ``ready`` or ``in_call``.
        muted: the counsellor's microphone is off (for this call and the next).
        on_change: called with no arguments whenever ``state`` or ``muted`` changes.
        on_lost: called with no arguments when baresip died (its control connection closed
            without :meth:`stop`) or hung (it did not answer the heartbeat within
            :data:`HEARTBEAT_TIMEOUT_S`: it is killed); the softphone then starts again on the
            same port.
        on_ready: called with no arguments each time baresip has started and listens (the
            first start, a start again after it was lost, a change of devices): the desk
            tells the hub the port (``softphone_ready``).
        restarts: how many times it was started again after dying.
        volume: 0-100, how loud the call plays on the speaker (ALSA's gain: see
            :func:`workstation.sip.devices.at_volume`).
        hangs: how many times it was killed for not answering the heartbeat.
    """

    def __init__(self, user: str, hub_host: str, host: str = "127.0.0.1", port: int = 0,
                 source: str | None = None, player: str | None = None,
                 record_to: Path | None = None, log_to: Path | None = None,
                 volume: int = 100, other_hubs: tuple[str, ...] = ()) -> None:
        default_source, default_player = desk_devices()
        self.user = user
        self.hub_host = hub_host
        #: The hosts it answers: its hub's and the other hubs' of a desk given several
        #: (``--hub a,b``): a call transferred from a colleague on another hub comes
        #: from that hub (docs/telephony.md).
        self.hub_hosts = frozenset({hub_host, *other_hubs})
        self.volume = max(0, min(100, volume))
        self._player = player or default_player
        self.process = BaresipProcess(BaresipSettings(
            user=quote(user, safe=""), host=host, port=port,
            source=source or default_source, player=at_volume(self._player, self.volume),
            answer="manual", record_to=record_to, max_calls=1, log=log_to,
            extra_modules=_modules_for(source or default_source, self._player),
        ))
        self.state = "off"
        self.muted = False
        self.on_change: Callable[[], None] = lambda: None
        self.on_lost: Callable[[], None] = lambda: None
        self.on_ready: Callable[[], None] = lambda: None
        self.restarts = 0
        self.hangs = 0
        self._heartbeat: asyncio.Task[None] | None = None
        self._stopping = False
        self._restart: asyncio.Task[None] | None = None
        self._call: str | None = None
        self._changed = asyncio.Event()
        self._events: asyncio.Task[None] | None = None
        self._pending: tuple[str, str] | None = None
        self._switch: asyncio.Task[None] | None = None

    @property
    def devices(self) -> tuple[str, str]:
        """(source, player) as chosen (the player before its volume is applied)."""
        return self.process.settings.source, self._player

    async def set_devices(self, source: str, player: str) -> None:
        """Use ``source`` and ``player`` (baresip's ``audio_source`` / ``audio_player``):
        at once when no call is on (baresip starts again with them, on the same port, in
        well under a second), else when the call ends."""
        if (source, player) == self.devices:
            self._pending = None
            return
        if self.state == "in_call":
            self._pending = (source, player)
            return
        self._apply(source, player)
        if self.state != "off":
            await self.stop()
            await self.start()

    def _apply(self, source: str, player: str) -> None:
        settings = self.process.settings
        self._player = player
        settings.source, settings.player = source, at_volume(player, self.volume)
        settings.extra_modules = _modules_for(source, player)
        self._pending = None

    async def set_volume(self, volume: int) -> None:
        """Play calls at ``volume`` (0-100) of their loudness: during a call at once (baresip's
        ``auplay`` opens the player again, a gap of about a frame), else from the next call.
        A player that is not ALSA (no sound, a file) keeps its loudness."""
        volume = max(0, min(100, volume))
        if volume == self.volume:
            return
        self.volume = volume
        player = at_volume(self._player, volume)
        if player == self.process.settings.player:  # not ALSA: no gain to change
            return
        self.process.settings.player = player
        if self.process.control is not None:
            # ``auplay`` switches the calls of the current user agent (the softphone has one)
            # and sets the configuration's player for the next call: no restart needed.
            try:
                async with self.process.control.exclusive() as run:
                    await run("auplay", player)
            except ControlError:
                log.warning("the softphone's baresip did not take the new volume")

    @property
    def address(self) -> str:
        """``sip:USER@HOST:PORT``, what the hub dials (the port is known once started)."""
        return f"sip:{self.process.settings.user}@{self.process.address.removeprefix('udp:')}"

    @property
    def port(self) -> int:
        """The UDP port it listens on (known once started)."""
        return self.process.settings.port

    @property
    def template(self) -> str:
        """The hub's ``--sip-desk`` for desks like this one: ``sip:{user}@HOST:PORT``."""
        return "sip:{user}@" + self.process.address.removeprefix("udp:")

    async def __aenter__(self) -> DeskSoftphone:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    async def start(self) -> None:
        self._stopping = False
        await self._start()

    async def _start(self) -> None:
        control = await self.process.start()
        loop = asyncio.get_running_loop()
        self._events = loop.create_task(self._follow(control.events))
        self._heartbeat = loop.create_task(self._beat(control))
        self._set(state="ready")
        self.on_ready()

    async def _beat(self, control: BaresipControl) -> None:
        """Every :data:`HEARTBEAT_S`, baresip must answer :data:`HEARTBEAT_COMMAND` within
        :data:`HEARTBEAT_TIMEOUT_S` (waiting for another command counts); if not, it hangs:
        killed, so that its control connection closes and :meth:`_follow` treats it as lost.
        A refusal is an answer."""
        while True:
            await asyncio.sleep(HEARTBEAT_S)
            try:
                await asyncio.wait_for(control.command(HEARTBEAT_COMMAND),
                                       HEARTBEAT_TIMEOUT_S)
            except TimeoutError:
                break
            except ControlError as exc:
                if isinstance(exc.__cause__, TimeoutError):
                    break
                if control is not self.process.control:
                    return  # closed: _follow has seen it
        if control is self.process.control and not self._stopping:
            log.warning("the softphone's baresip did not answer: killed as hung")
            self.hangs += 1
            self.process.kill()

    async def stop(self) -> None:
        self._stopping = True
        if self._restart is not None and self._restart is not asyncio.current_task():
            self._restart.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._restart
            self._restart = None
        await self._stop_heartbeat()
        if self._events is not None:
            self._events.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._events
            self._events = None
        await self.process.stop()
        self._call = None
        self._set(state="off")

    async def _stop_heartbeat(self) -> None:
        beat, self._heartbeat = self._heartbeat, None
        if beat is not None and beat is not asyncio.current_task():
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat

    async def set_muted(self, muted: bool) -> None:
        """Mute or unmute the microphone; with no call, the next call starts so."""
        if muted != self.muted:
            self.muted = muted
            if self._call is not None:
                await self._toggle_mute(self._call)
            self._set()

    async def hang_up(self) -> None:
        if self._call is not None and self.process.control is not None:
            async with self.process.control.exclusive() as run:
                await run("callfind", self._call)
                await run("hangup", "")

    async def _toggle_mute(self, call: str) -> None:
        """baresip's ``mute`` toggles the current call's microphone."""
        if self.process.control is not None:
            async with self.process.control.exclusive() as run:
                await run("callfind", call)
                await run("mute", "")

    async def _follow(self, events: asyncio.Queue[dict[str, Any] | None]) -> None:
        while (event := await events.get()) is not None:
            try:
                await self._on(event)
            except ControlError:
                log.warning("the softphone's baresip refused a command")
        log.warning("the softphone's baresip closed its control connection")
        self._call = None
        self._set(state="off")
        if not self._stopping:
            self.on_lost()
            self._restart = asyncio.get_running_loop().create_task(self._start_again())

    async def _start_again(self) -> None:
        """baresip died: start it again (same port, same devices) until it runs."""
        self._events = None  # this task's caller, ending now
        await self._stop_heartbeat()
        self.process.kill()  # a hung one was killed already; a stopped one takes no SIGTERM
        await self.process.stop()  # reaps the dead process and removes its folder
        for _ in range(RESTART_ATTEMPTS):
            await asyncio.sleep(RESTART_DELAY_S)
            try:
                await self._start()
            except (BaresipMissing, ControlError):
                log.warning("the softphone did not start again")
                continue
            self.restarts += 1
            return

    async def _on(self, event: dict[str, Any]) -> None:
        kind, call = event.get("type"), str(event.get("id", ""))
        control = self.process.control
        if control is None:
            return
        if kind == "CALL_INCOMING":
            ours = peer_host(str(event.get("peeruri", ""))) in self.hub_hosts
            async with control.exclusive() as run:
                await run("callfind", call)
                await run("accept" if ours and self._call is None else "hangup", "")
            if not ours:
                log.warning("the softphone refused a call that did not come from the hub")
        elif kind == "CALL_ESTABLISHED":
            self._call = call
            if self.muted:
                await self._toggle_mute(call)
            self._set(state="in_call")
        elif kind == "CALL_CLOSED" and call == self._call:
            self._call = None
            self._set(state="ready")
            if self._pending is not None:
                self._switch = asyncio.get_running_loop().create_task(
                    self.set_devices(*self._pending))

    async def until(self, state: str) -> None:
        """Return once ``state`` is ``state`` (wrap in a timeout)."""
        while self.state != state:
            self._changed.clear()
            await self._changed.wait()

    def _set(self, state: str | None = None) -> None:
        if state is not None:
            self.state = state
        self._changed.set()
        self.on_change()
