"""Several hubs serving one helpline from one PostgreSQL (issue 16, item 3; docs/deploy.md,
"Several hubs at once"): each hub applies the others' events to its routing state and
delivers them to its own connections (:mod:`.relay`)."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from workstation.hub.cluster.presence import ClusterPresence
from workstation.hub.cluster.relay import EventRelay
from workstation.protocol.log_safe import traceback_without_values
from workstation.store.pg_events import (
    CHANNEL,
    SETTINGS_CHANNEL,
    STATE_CHANNEL,
    Listener,
    parse_settings,
)

if TYPE_CHECKING:
    from workstation.hub.staff_api import StaffApi

log = logging.getLogger(__name__)


class Cluster:
    """This hub's part in several hubs on one PostgreSQL: the event relay, the shared
    presence, and the one listening connection both are told through."""

    def __init__(self, api: StaffApi) -> None:
        from workstation.store.postgres_store import PostgresStore

        hub = api.hub
        assert isinstance(hub.store, PostgresStore)
        self.hub = hub
        self.hub_id = hub.store.hub_id
        self._tasks: set[asyncio.Task[None]] = set()
        self._listened = False
        self.relay = EventRelay(hub, hub.store)
        self.presence = ClusterPresence(hub, api, hub.store)
        self.listener = Listener(
            hub.store.dsn,
            {CHANNEL: self.relay.on_payload, STATE_CHANNEL: self.presence.on_payload,
             SETTINGS_CHANNEL: self._on_settings},
            self._connected,
        )
        hub.relay = self.relay
        hub.features.append(self.presence)

    async def start(self) -> None:
        """Listen (returns once LISTEN is in place and the hub has caught up)."""
        await self.listener.start()

    async def stop(self) -> None:
        await self.listener.stop()
        await self.relay.stop()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _connected(self) -> None:
        await self.relay.catch_up()
        await self.presence.read()
        if self._listened:  # a notice may have been missed while not listening
            self._reload("*")
        self._listened = True

    def _on_settings(self, text: str) -> None:
        """A ``hub_settings`` notification: another hub changed stored settings."""
        parsed = parse_settings(text)
        if parsed is not None and parsed[0] != self.hub_id:
            self._reload(parsed[1])

    def _reload(self, what: str) -> None:
        task = asyncio.get_running_loop().create_task(self._reload_now(what))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _reload_now(self, what: str) -> None:
        for feature in list(self.hub.features):
            try:
                await feature.on_settings_changed(what)
            except Exception as exc:
                log.error("Reading changed settings failed\n%s", traceback_without_values(exc))


def cluster_of(api: StaffApi) -> Cluster | None:
    """On PostgreSQL, this hub's :class:`Cluster`; on SQLite (one hub) None."""
    from workstation.store.postgres_store import PostgresStore

    return Cluster(api) if isinstance(api.hub.store, PostgresStore) else None
