"""Two hub processes on one database, for failover tests: hub A dies, clients move to hub B.

Two hubs must not run on one SQLite file at once, so by default hub B starts only after hub A
was SIGKILLed, on a port reserved before (the clients are given both addresses from the
start). With a database several hubs may share (PostgreSQL, issue 16), ``second_before_kill``
starts hub B at once and the same tests run on two live hubs.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.hubs import HubProcess, query
from tests.support.postgres import free_port
from workstation.client import ClientListener, ConnectionState


class TwoHubs:
    """Hub A (``first``) and hub B (``second``) serving one helpline's database, each told the
    other's address (``serve --peer-url``) for the chat page.

    Attributes:
        urls: both hubs' ``ws://`` addresses, A first; known before either runs.
    """

    def __init__(self, db: Path, *, second_before_kill: bool = False,
                 args: tuple[str, ...] = ()) -> None:
        self.db = db
        self.second_before_kill = second_before_kill
        ports = free_port(), free_port()
        while ports[1] == ports[0]:
            ports = ports[0], free_port()
        self.urls = [f"ws://127.0.0.1:{port}" for port in ports]
        self.first = HubProcess(db, args=(*args, "--peer-url", self.urls[1]))
        self.second = HubProcess(db, args=(*args, "--peer-url", self.urls[0]))
        self.first.port, self.second.port = ports

    def start(self) -> list[str]:
        self.first.start()
        if self.second_before_kill:
            self.second.start()
        return self.urls

    def kill_first(self) -> None:
        """SIGKILL hub A mid-conversation."""
        self.first.kill()

    def start_second(self) -> None:
        """Hub B takes over (already running when ``second_before_kill``)."""
        if not self.second_before_kill:
            self.second.start()

    def stop(self) -> None:
        self.first.stop()
        self.second.stop()


def logged_messages(db: Path | str, conversation: str) -> list[tuple[int, str, str]]:
    """The conversation's ``message`` events in the hub's log: ``(seq, from, text)``."""
    rows = query(db, "SELECT seq, data FROM events WHERE conversation = ? AND kind = 'message' "
                     "ORDER BY seq", conversation)
    return [(int(str(seq)), json.loads(str(data))["from"], json.loads(str(data))["text"])
            for seq, data in rows]


def logged_seqs(db: Path | str, conversation: str) -> list[int]:
    rows = query(db, "SELECT seq FROM events WHERE conversation = ? ORDER BY seq", conversation)
    return [int(str(seq)) for (seq,) in rows]


class Desk(ClientListener):
    """What the desk's client reports: every event, every state and which hub."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.states: list[ConnectionState] = []
        self.hubs: list[tuple[int, int, bool]] = []
        self.queue: list[dict[str, Any]] = []
        self._changed = asyncio.Event()

    def on_event(self, event: dict[str, Any]) -> None:
        self.events.append(event)
        self._changed.set()

    def on_state(self, state: ConnectionState) -> None:
        self.states.append(state)
        self._changed.set()

    def on_hub(self, index: int, count: int, moving: bool) -> None:
        self.hubs.append((index, count, moving))
        self._changed.set()

    def on_queue(self, items: list[dict[str, Any]]) -> None:
        self.queue = items
        self._changed.set()

    async def until(self, condition: Callable[[], bool], timeout: float = 30.0) -> None:
        async with asyncio.timeout(timeout):
            while not condition():
                self._changed.clear()
                await self._changed.wait()

    def seqs(self, conversation: str) -> list[int]:
        return [e["seq"] for e in self.events if e["conversation"] == conversation]
