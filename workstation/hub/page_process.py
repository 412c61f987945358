"""The hub's side of the chat page's own process (:mod:`workstation.hub.page_worker`).

With ``serve --chat-page-process`` the hub binds its port as always but does not accept on
it: the page process does, answers the page's files, and passes every other connection back
over a Unix socket (``SOCK_SEQPACKET``: one message per connection, its file descriptor
attached). :class:`PageProcess` starts that process, takes the connections it passes and
gives each to websockets' connection factory, with the bytes already read
(:attr:`FrontDoors.adopted <workstation.hub.front_door.FrontDoors.adopted>`), and starts it
again if it stops: meanwhile new connections wait in the port's queue, and the chats already
open, which live in the hub, go on.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import sys
from collections.abc import Callable
from functools import partial

from workstation.hub.front_door import FrontDoors
from workstation.hub.metrics import Network
from workstation.hub.page_worker import MAX_PASSED, READY, settings_json
from workstation.hub.webchat.http import ChatSettings

log = logging.getLogger(__name__)

#: Seconds the page process has to start accepting before the hub gives up starting.
START_TIMEOUT_S = 30.0
#: Seconds the page process has to end after the hub closed its channel.
STOP_TIMEOUT_S = 5.0
#: Seconds before a stopped page process is started again: after each quick failure in a
#: row the next delay, staying at the last.
RESTART_DELAYS_S = (0.2, 1.0, 5.0, 30.0)
#: A page process that ran this long before it stopped is started again at once.
STEADY_S = 60.0


class PageProcessError(Exception):
    """The page process could not be started."""


class PageProcess:
    """Runs the page process for a hub's listening socket and takes what it passes on.

    Attributes:
        pid: the running page process's id (None while none runs).
        restarts: how often it was started again after it stopped by itself (each also
            calls ``on_restart``: the hub's ``/metrics`` counts them).
    """

    def __init__(self, settings: ChatSettings, proxies: tuple[Network, ...],
                 doors: FrontDoors, factory: Callable[[], asyncio.Protocol],
                 on_restart: Callable[[], None] = lambda: None) -> None:
        self._settings = settings
        self._on_restart = on_restart
        self._proxies = proxies
        self._doors = doors
        self._factory = factory
        self._listening: socket.socket | None = None
        self._process: asyncio.subprocess.Process | None = None
        self._channel: socket.socket | None = None
        self._ready: asyncio.Future[None] | None = None
        self._watch: asyncio.Task[None] | None = None
        self._adopting: set[asyncio.Task[object]] = set()
        self._stopping = False
        self.restarts = 0

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def start(self, listening: socket.socket) -> None:
        """Starts the page process on ``listening``; returns once it accepts connections."""
        self._listening = listening
        await self._spawn()
        self._watch = asyncio.get_running_loop().create_task(self._keep_running())

    async def stop(self) -> None:
        """Ends the page process (it closes its kept-alive page connections)."""
        self._stopping = True
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
        await self._end()
        for task in list(self._adopting):
            task.cancel()

    async def _spawn(self) -> None:
        assert self._listening is not None
        loop = asyncio.get_running_loop()
        self._process = None
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        listen_fd, channel_fd = self._listening.fileno(), theirs.fileno()
        try:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "workstation.hub.page_worker",
                "--listen-fd", str(listen_fd), "--channel-fd", str(channel_fd),
                "--settings", settings_json(self._settings),
                "--proxies", ",".join(str(network) for network in self._proxies),
                pass_fds=(listen_fd, channel_fd), stdin=asyncio.subprocess.DEVNULL,
            )
        except OSError as exc:
            ours.close()
            raise PageProcessError(f"The chat page's process could not start: {exc}") from exc
        finally:
            theirs.close()
        ours.setblocking(False)
        self._channel = ours
        self._ready = loop.create_future()
        loop.add_reader(ours.fileno(), self._receive, ours)
        exited = loop.create_task(_exit_of(self._process))
        try:
            await asyncio.wait([self._ready, exited], timeout=START_TIMEOUT_S,
                               return_when=asyncio.FIRST_COMPLETED)
        finally:
            exited.cancel()
        if not self._ready.done():
            await self._end()
            raise PageProcessError(
                "The chat page's process did not start (its log, above, says why).")

    async def _keep_running(self) -> None:
        """Starts the page process again whenever it stops by itself."""
        failures = 0
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            code = await self._process.wait() if self._process is not None else None
            self._close_channel()
            if self._stopping:
                return
            failures = 0 if loop.time() - started >= STEADY_S else failures + 1
            delay = RESTART_DELAYS_S[min(failures, len(RESTART_DELAYS_S)) - 1] if failures else 0
            log.warning("the chat page's process stopped (exit code %s); starting it again "
                        "in %.1f s (new connections wait meanwhile)", code, delay)
            await asyncio.sleep(delay)
            try:
                await self._spawn()
            except PageProcessError as exc:
                log.error("%s", exc)
                continue
            self.restarts += 1
            self._on_restart()

    async def _end(self) -> None:
        self._close_channel()  # the page process ends when its channel does
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), STOP_TIMEOUT_S)
        except TimeoutError:
            log.warning("the chat page's process did not end; killing it")
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()

    def _close_channel(self) -> None:
        channel, self._channel = self._channel, None
        if channel is not None:
            asyncio.get_running_loop().remove_reader(channel.fileno())
            channel.close()

    def _receive(self, channel: socket.socket) -> None:
        """Takes what the page process sent: that it is ready, or connections."""
        while True:
            try:
                data, fds, flags, _ = socket.recv_fds(channel, MAX_PASSED + 1024, 1)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                log.warning("the chat page's channel failed: %s", exc)
                self._close_channel()
                return
            if not data and not fds:  # the page process closed it: it is ending
                self._close_channel()
                return
            if not fds:
                if data == READY and self._ready is not None and not self._ready.done():
                    self._ready.set_result(None)
                continue
            if flags & (socket.MSG_TRUNC | socket.MSG_CTRUNC) or len(fds) != 1:
                log.warning("a connection passed by the chat page's process was cut; closed")
                for fd in fds:
                    socket.close(fd)
                continue
            self._adopt(fds[0], data)

    def _adopt(self, fd: int, data: bytes) -> None:
        """Gives a passed connection to websockets' factory, with the bytes read so far."""
        head, _, raw = data.partition(b"\n")
        try:
            client = json.loads(head).get("client")
            sock = socket.socket(fileno=fd)
        except (ValueError, OSError) as exc:
            log.warning("a connection passed by the chat page's process was not taken: %s", exc)
            socket.close(fd)
            return
        sock.setblocking(False)
        self._doors.adopted[fd] = ((str(client[0]), int(client[1])) if client else None, raw)
        loop = asyncio.get_running_loop()
        task: asyncio.Task[object] = loop.create_task(
            loop.connect_accepted_socket(self._factory, sock))
        self._adopting.add(task)
        task.add_done_callback(partial(self._adopted, sock, fd))

    def _adopted(self, sock: socket.socket, fd: int, task: asyncio.Task[object]) -> None:
        self._adopting.discard(task)
        if task.cancelled() or task.exception() is not None:
            if not task.cancelled():
                log.warning("a connection passed by the chat page's process was not taken: %s",
                            task.exception())
            self._doors.adopted.pop(fd, None)
            sock.close()


async def _exit_of(process: asyncio.subprocess.Process) -> None:
    await process.wait()
