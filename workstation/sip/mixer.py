"""The hub's audio mixer for listen-in and three-way calls: a JACK server and one baresip per
party (docs/telephony.md, "Listen-in and three-way").

baresip 1.0 has no conference module and its ``aubridge`` pairs one source with one player,
so the mixing is JACK's: a JACK input port sums every output port connected to it. Each
party of a conference is a *mix port*: a baresip of its own (one call, ``jack`` audio
devices, float samples, ``jack_client_name`` = the port's name), so its two JACK ports are
found by name: ``NAME…:output_1`` carries what the party says, ``NAME…:input_1`` is what the
party hears. Who hears whom is then only JACK connections (``jack_connect``): a listener's
``output_1`` goes nowhere, every other party hears the sum of the talkers but itself.

The JACK server runs without a sound card (``-d dummy``) at the telephone's 8 kHz with 20 ms
periods, named for its hub (``JACK_DEFAULT_SERVER``), so that two hubs on one machine do not
share one.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil

from workstation.sip.control import BaresipControl, ControlError
from workstation.sip.process import (
    BaresipProcess,
    BaresipSettings,
    _die_with_parent,
    end_process,
)

#: The telephone's rate (PCMU/PCMA): JACK and baresip's devices must agree.
RATE = 8000
#: One period: baresip's 20 ms packet.
PERIOD = 160
#: How long the JACK server may take to start.
JACK_START_S = 10.0


class MixerMissing(RuntimeError):
    """JACK is not installed (Debian: ``apt-get install jackd2``)."""


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise MixerMissing(f"{name} is not installed (apt-get install jackd2)")
    return found


class Jack:
    """A JACK server of the hub's own: start, list and connect ports, stop."""

    def __init__(self) -> None:
        self.name = "hub" + secrets.token_hex(6)
        self.env = {"JACK_DEFAULT_SERVER": self.name, "JACK_NO_AUDIO_RESERVATION": "1"}
        self._proc: asyncio.subprocess.Process | None = None
        self._lock = asyncio.Lock()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.returncode is None

    async def start(self) -> None:
        if self.running:
            return
        self._proc = await asyncio.create_subprocess_exec(
            _program("jackd"), "--no-realtime", "-n", self.name, "-d", "dummy",
            "-r", str(RATE), "-p", str(PERIOD),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL, preexec_fn=_die_with_parent,
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + JACK_START_S
        while True:
            with contextlib.suppress(ControlError):
                if await self.ports():
                    return
            if not self.running or loop.time() > deadline:
                await self.stop()
                raise ControlError("the JACK server did not start")
            await asyncio.sleep(0.1)

    async def _run(self, *argv: str) -> str:
        proc = await asyncio.create_subprocess_exec(
            *argv, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL, env=self._environ(),
        )
        out, _ = await proc.communicate()
        if proc.returncode != 0:
            raise ControlError(f"{argv[0].rsplit('/', 1)[-1]} failed")
        return out.decode()

    def _environ(self) -> dict[str, str]:
        return {**os.environ, **self.env}

    async def ports(self) -> list[str]:
        return (await self._run(_program("jack_lsp"))).split()

    async def connect(self, source: str, sink: str) -> None:
        async with self._lock:
            await self._run(_program("jack_connect"), source, sink)

    async def disconnect(self, source: str, sink: str) -> None:
        async with self._lock:
            with contextlib.suppress(ControlError):  # a port gone with its party
                await self._run(_program("jack_disconnect"), source, sink)

    async def stop(self) -> None:
        proc, self._proc = self._proc, None
        await end_process(proc)


class MixPort:
    """One party's way into the mix: a baresip with JACK devices and one call.

    Attributes: name (its JACK client name); process; says/hears: its JACK ports once its
    call is up (``output_1``: the party's voice; ``input_1``: what the party hears);
    talks: False for a listener (its voice goes nowhere). ``jitter_frames`` and
    ``audio_buffer_ms``: its buffers (:class:`BaresipSettings`; baresip's defaults unless
    given — the hub gives a line's, docs/performance.md "The mixer's added delay")."""

    def __init__(self, jack: Jack, host: str, talks: bool = True,
                 jitter_frames: tuple[int, int] = (5, 10),
                 audio_buffer_ms: tuple[int, int] = (20, 160)) -> None:
        self.name = "m" + secrets.token_hex(6)
        self.talks = talks
        self.says = self.hears = ""
        self.process = BaresipProcess(BaresipSettings(
            user=self.name, host=host, source="jack,mix", player="jack,mix", answer="auto",
            max_calls=1, extra_modules=("jack.so",), jitter_frames=jitter_frames,
            audio_buffer_ms=audio_buffer_ms,
            extra_config=("ausrc_format float", "auplay_format float",
                          f"jack_client_name {self.name}", "jack_connect_ports no"),
            env=jack.env,
        ))
        self._jack = jack

    @property
    def aor(self) -> str:
        return f"sip:{self.name}@{self.process.address.removeprefix('udp:')}"

    async def start(self) -> BaresipControl:
        return await self.process.start()

    async def find_ports(self, timeout: float = 5.0) -> None:
        """Once its call is established: its two JACK ports (the names JACK gave its two
        clients, ``NAME`` and ``NAME-01``, in whichever order they opened)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            mine = [p for p in await self._jack.ports()
                    if p.split(":", 1)[0] in (self.name, f"{self.name}-01")]
            says = [p for p in mine if p.endswith(":output_1")]
            hears = [p for p in mine if p.endswith(":input_1")]
            if says and hears:
                self.says, self.hears = says[0], hears[0]
                return
            if loop.time() > deadline:
                raise ControlError("a mix port's JACK ports did not appear")
            await asyncio.sleep(0.05)

    async def stop(self) -> None:
        await self.process.stop()


def wiring(ports: list[MixPort]) -> set[tuple[str, str]]:
    """Every connection of a conference: each talker's voice into every other party."""
    return {(speaker.says, hearer.hears) for speaker in ports if speaker.talks and speaker.says
            for hearer in ports if hearer is not speaker and hearer.hears}
