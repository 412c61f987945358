"""One baresip process: a generated configuration in a temporary folder, free ports, its
control connection, and a clean stop.

Audio devices are files and bridges only (``aufile``, ``ausine``, ``aubridge``, ``sndfile``):
nothing here opens a sound card. The hub's process writes nothing to any log (its standard
output would name callers); a test's process may keep its output in a file.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from workstation.sip.control import BaresipControl, ControlError

#: Where Debian's baresip-core puts its modules.
MODULE_PATH = Path("/usr/lib/baresip/modules")
#: How long baresip may take to open its control port.
START_TIMEOUT_S = 15.0
#: How often a start on ports chosen here is tried.
START_ATTEMPTS = 3
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the process that started it dies, even by
    SIGKILL, so that no baresip outlives its hub or desk (Linux only)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def signal_child(proc: asyncio.subprocess.Process, sig: int) -> None:
    """Send ``sig`` to a child asyncio has not reaped yet. ``os.kill``, not
    ``Process.kill``/``terminate``: those go through ``Popen.send_signal``, which polls first
    and may reap a child that has just died before asyncio's watcher thread does; the
    watcher then reports returncode 255 instead of the signal (CPython issue 86276), e.g.
    when a hung softphone is killed and then killed again on stop."""
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, sig)


async def end_process(proc: asyncio.subprocess.Process | None) -> None:
    """SIGTERM, then SIGKILL after 5 s (Kamailio, the JACK server): waits until it is gone."""
    if proc is None or proc.returncode is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        signal_child(proc, sig)
        try:
            await asyncio.wait_for(proc.wait(), 5)
            return
        except TimeoutError:
            continue


class _ExitedAtStart(Exception):
    pass


class BaresipMissing(RuntimeError):
    """baresip is not installed (Debian: ``apt-get install baresip-core``)."""


def free_port(kind: int, host: str = "127.0.0.1") -> int:
    """A port free now on ``host`` for ``kind`` (``socket.SOCK_DGRAM`` or ``SOCK_STREAM``)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, kind) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


#: Control ports held by this process's baresips: each is handed out once. Lines start side by
#: side, and two free-port probes can name the same port; baresip, finding its control port
#: taken, runs on without one, so the second line's connection reached the first line's
#: baresip, whose own connection baresip then closed ("stopped by itself"), while the second
#: line's baresip answered callers the hub never heard of (CI, 2026-12-06).
_CONTROL_PORTS: set[int] = set()
_CONTROL_PORTS_LOCK = threading.Lock()


def control_port() -> int:
    """A free TCP port on loopback that no other baresip of this process has."""
    with _CONTROL_PORTS_LOCK:
        while (port := free_port(socket.SOCK_STREAM)) in _CONTROL_PORTS:
            pass
        _CONTROL_PORTS.add(port)
        return port


def release_control_port(port: int) -> None:
    with _CONTROL_PORTS_LOCK:
        _CONTROL_PORTS.discard(port)


@dataclass
class BaresipSettings:
    """What one process is.

    Attributes:
        user: the SIP user of its one account (``116111`` for the hub).
        host, port: where it listens for SIP over UDP (port 0: a free one).
        source, player: audio devices (``aufile,/path.wav``, ``ausine,1000``,
            ``aubridge,NAME``).
        answer: ``auto`` answers every call at once; ``manual`` waits for ``accept``.
        record_to: a folder where the ``sndfile`` module keeps what each call sends and
            receives (``dump-…-enc.wav`` / ``-dec.wav``); ``None``: nothing is recorded.
        max_calls: how many calls at once.
        log: a file for baresip's own output; ``None`` discards it (it names callers).
        jitter_frames: the RTP jitter buffer, (min, max) packets (baresip's
            ``jitter_buffer_delay``; (0, 0): none, decode each packet as it arrives).
        audio_buffer_ms: the received audio's buffer before the player, (min, max) ms
            (``audio_buffer``; the player waits for min, frames beyond max are dropped).
    """

    user: str
    host: str = "127.0.0.1"
    port: int = 0
    source: str = "aubridge,silence"
    player: str = "aubridge,nowhere"
    answer: str = "auto"
    record_to: Path | None = None
    max_calls: int = 64
    log: Path | None = None
    extra_modules: tuple[str, ...] = field(default_factory=tuple)
    jitter_frames: tuple[int, int] = (5, 10)  # baresip 1.0's defaults
    audio_buffer_ms: tuple[int, int] = (20, 160)
    #: More configuration lines (the mixer's ``jack`` settings, workstation/sip/mixer.py).
    extra_config: tuple[str, ...] = field(default_factory=tuple)
    #: More environment for the process (``JACK_DEFAULT_SERVER``).
    env: dict[str, str] = field(default_factory=dict)

    def config(self, control_port: int, sounds: Path) -> str:
        """``sounds``: baresip's folder of tones; an empty one, so that it plays none."""
        modules = ["g711.so", "aufile.so", "aubridge.so", "ausine.so", *self.extra_modules]
        if self.record_to is not None:
            modules.append("sndfile.so")
        lines = [
            "poll_method epoll",
            f"sip_listen {self._hostport()}",
            "call_local_timeout 120",
            f"call_max_calls {self.max_calls}",
            f"audio_player {self.player}",
            f"audio_source {self.source}",
            f"audio_alert {self.player}",
            "jitter_buffer_delay {}-{}".format(*self.jitter_frames),
            "audio_buffer {}-{}".format(*self.audio_buffer_ms),
            f"module_path {MODULE_PATH}",
            *(f"module {name}" for name in modules),
            "module_app account.so",
            "module_app menu.so",
            "module_app ctrl_tcp.so",
            f"ctrl_tcp_listen 127.0.0.1:{control_port}",
            # No tones of baresip's own (ringback, ring, call waiting, busy): they play on the
            # player or alert device, and a tone player on an ``aubridge`` device unpairs the
            # bridge when it stops (aubridge's device_stop clears both sides): the desk leg's
            # voice would never reach the caller (docs/telephony.md).
            "ringback_disabled yes",
            f"audio_path {sounds}",
        ]
        if self.record_to is not None:
            lines.append(f"snd_path {self.record_to}")
        lines.extend(self.extra_config)
        return "\n".join(lines) + "\n"

    def account(self) -> str:
        return f"<sip:{self.user}@{self._hostport()}>;regint=0;answermode={self.answer}\n"

    def _hostport(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


class BaresipProcess:
    """Start with :meth:`start`, end with :meth:`stop` (also ``async with``).

    Attributes:
        settings: with the port chosen once started.
        control: the control connection once started.
    """

    def __init__(self, settings: BaresipSettings) -> None:
        self.settings = settings
        self.control: BaresipControl | None = None
        self._proc: asyncio.subprocess.Process | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._control_port: int | None = None

    @property
    def address(self) -> str:
        """``udp:HOST:PORT`` where it takes calls."""
        return f"udp:{self.settings._hostport()}"

    async def __aenter__(self) -> BaresipProcess:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    def _prepare(self) -> tuple[str, Path, int]:
        """(the program, its configuration folder, its control port)."""
        program = shutil.which("baresip")
        if program is None or not MODULE_PATH.is_dir():
            raise BaresipMissing("baresip is not installed (apt-get install baresip-core)")
        if self.settings.port == 0:
            self.settings.port = free_port(socket.SOCK_DGRAM, self.settings.host)
        if self._control_port is not None:
            release_control_port(self._control_port)
        self._control_port = port = control_port()
        self._folder = tempfile.TemporaryDirectory(prefix="baresip-")
        folder = Path(self._folder.name)
        (folder / "sounds").mkdir()
        (folder / "config").write_text(self.settings.config(port, folder / "sounds"))
        (folder / "accounts").write_text(self.settings.account())
        (folder / "contacts").write_text("")
        return program, folder, port

    async def start(self) -> BaresipControl:
        """Start; with ports chosen here, try again on new ones if baresip exits at once
        (another program took a port between the choice and baresip's bind)."""
        chosen = self.settings.port == 0
        for attempt in range(START_ATTEMPTS):
            try:
                self.control = await self._start_once()
                return self.control
            except _ExitedAtStart as exc:
                if not chosen or attempt == START_ATTEMPTS - 1:
                    raise ControlError(str(exc)) from None
                self.settings.port = 0
        raise AssertionError("unreachable")

    async def _start_once(self) -> BaresipControl:
        program, folder, port = await asyncio.to_thread(self._prepare)
        output = self.settings.log.open("ab") if self.settings.log else None
        try:
            self._proc = await asyncio.create_subprocess_exec(
                program, "-f", str(folder),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=output or asyncio.subprocess.DEVNULL,
                stderr=output or asyncio.subprocess.DEVNULL,
                preexec_fn=_die_with_parent,
                env={**os.environ, **self.settings.env} if self.settings.env else None,
            )
        finally:
            if output is not None:
                output.close()
        return await self._connect(self._proc, port)

    async def _connect(self, proc: asyncio.subprocess.Process, port: int) -> BaresipControl:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_TIMEOUT_S
        while True:
            if proc.returncode is not None:
                await self.stop()
                raise _ExitedAtStart(f"baresip exited at start (code {proc.returncode})")
            try:
                return await BaresipControl.connect("127.0.0.1", port)
            except OSError:
                if loop.time() > deadline:
                    await self.stop()
                    raise ControlError("baresip did not open its control port") from None
                await asyncio.sleep(0.05)

    async def exit_code(self, within: float) -> int | None:
        """baresip's exit code once it has exited, waiting at most ``within`` seconds for it
        (None: still running)."""
        proc = self._proc
        if proc is None:
            return None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(proc.wait(), within)
        return proc.returncode

    def kill(self) -> None:
        """SIGKILL at once (a hung or stopped baresip answers no ``quit`` and takes no
        SIGTERM); :meth:`stop` still reaps it."""
        if self._proc is not None:
            signal_child(self._proc, signal.SIGKILL)

    async def stop(self) -> None:
        """``quit``, then SIGTERM after 5 s, SIGKILL after 5 more."""
        if self.control is not None:
            with contextlib.suppress(ControlError):
                await self.control.command("quit", timeout=2)
            await self.control.close()
            self.control = None
        proc, self._proc = self._proc, None
        if proc is not None and proc.returncode is None:
            try:  # after ``quit``
                await asyncio.wait_for(proc.wait(), 5)
            except TimeoutError:
                await end_process(proc)
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
        if self._control_port is not None:
            release_control_port(self._control_port)
            self._control_port = None
