"""Several hubs serving one helpline from one PostgreSQL (issue 16, item 3; docs/deploy.md,
"Several hubs at once"): each hub applies the others' events to its routing state and
delivers them to its own connections (:mod:`.relay`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workstation.hub.cluster import clock
from workstation.hub.cluster.presence import EXPIRES_S, GRACE_S, ClusterPresence
from workstation.hub.cluster.relay import EventRelay
from workstation.hub.cluster.shared import SharedState
from workstation.store.pg_events import CHANNEL, SETTINGS_CHANNEL, STATE_CHANNEL, Listener

if TYPE_CHECKING:
    from workstation.hub.staff_api import StaffApi


class Cluster:
    """This hub's part in several hubs on one PostgreSQL: the event relay, the shared
    presence, the features' shared settings, and the one listening connection all three are
    told through."""

    def __init__(self, api: StaffApi, presence_expires_s: float = EXPIRES_S,
                 grace_s: float = GRACE_S) -> None:
        from workstation.store.postgres_store import PostgresStore

        hub = api.hub
        assert isinstance(hub.store, PostgresStore)
        self.relay = EventRelay(hub, hub.store)
        self.presence = ClusterPresence(hub, api, hub.store, presence_expires_s, grace_s)
        self.shared = SharedState(hub.store)
        self.listener = Listener(
            hub.store.dsn,
            {CHANNEL: self.relay.on_payload, STATE_CHANNEL: self.presence.on_payload,
             SETTINGS_CHANNEL: self.shared.on_payload},
            self._connected,
        )
        hub.relay = self.relay
        hub.shared = self.shared
        hub.features.append(self.presence)

    async def start(self) -> None:
        """Listen (returns once LISTEN is in place and the hub has caught up)."""
        await self.listener.start()

    async def stop(self) -> None:
        await self.listener.stop()
        await self.relay.stop()
        await self.shared.stop()

    async def _connected(self) -> None:
        await clock.measure(self.presence.hub, self.presence.store)
        await self.presence.row.renew()  # alive before it takes any call
        await self.relay.catch_up()
        await self.presence.read()
        await self.shared.read_all()


def cluster_of(api: StaffApi, presence_expires_s: float = EXPIRES_S,
               grace_s: float = GRACE_S) -> Cluster | None:
    """On PostgreSQL, this hub's :class:`Cluster`; on SQLite (one hub) None."""
    from workstation.store.postgres_store import PostgresStore

    if not isinstance(api.hub.store, PostgresStore):
        return None
    return Cluster(api, presence_expires_s, grace_s)
