"""Who is signed in, and available or away, the same from every hub (issue 16, item 3).

Each hub writes a ``staff_presence`` row (migration 22) for every staff member connected to
it — at sign-in, at each ``presence`` change, gone at sign-out — and renews the
``heartbeat_at`` of its rows every :data:`HEARTBEAT_S` (times by the database's clock:
:mod:`.clock`, measured again at each heartbeat). Each write ends with a ``hub_state``
notification; the other hubs then read the rows of the hubs that are not themselves into
:attr:`Hub.elsewhere`, which the supervisor's load view adds to the staff connected here. A
hub that died stops renewing: its rows count as gone once older than :data:`EXPIRES_S` (every
hub reads them again each heartbeat), and are deleted a while later. A hub whose own beats broke
off (a database outage, after which every row is old at once) takes nobody it saw for gone
until it has beaten steadily for the expiry again (:meth:`.hubs.HubRow.unbroken_for`).
Someone who drops out of
:attr:`Hub.elsewhere` and is not signed in here is signed in nowhere: the features are told
(:meth:`Feature.on_staff_gone`; a young person waiting for her is released).
The hub's own ``hubs`` row (:mod:`.hubs`) is renewed with the same heartbeat, so a hub with
no staff signed in is known to live too (its calls are not taken for a gone hub's).

A hub that stops cleanly (SIGTERM: a rolling restart) does not sign its staff out: their
desks sign in on another hub a few seconds later. It marks its rows leaving instead (status
:data:`LEAVING`, no softphone, the heartbeat set so that the row counts for :data:`GRACE_S`
more): the other hubs keep such a counsellor signed in, away (nothing is offered to her, the
load view says ``reconnecting``), until her desk signs in on one of them or the grace passes
and she drops out as above. A counsellor who signs out herself is signed out at once.

Tests shorten the expiry (and the heartbeat with it, a third of it) through
:attr:`HubServer.presence_expires_s <workstation.hub.server.HubServer>`, which ``serve`` sets
from ``$WORKSTATION_HUB_TEST_PRESENCE_EXPIRES_S`` (its configuration layer, ``cli.py``);
and the grace through :attr:`HubServer.restart_grace_s`, from
``$WORKSTATION_HUB_TEST_RESTART_GRACE_S``; production keeps these defaults.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from workstation.hub.cluster import clock
from workstation.hub.cluster.hubs import HubRow
from workstation.hub.feature import Feature
from workstation.hub.peers import StaffPeer
from workstation.hub.roster import RosterFeature
from workstation.hub.supervision import SupervisionFeature
from workstation.protocol.log_safe import traceback_without_values
from workstation.protocol.times import format_time
from workstation.store.pg_events import notify_state

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.hub.staff_api import StaffApi
    from workstation.store.postgres_store import PostgresStore

log = logging.getLogger(__name__)
#: How often a hub renews its rows' heartbeat (and reads the others' again).
HEARTBEAT_S = 5.0
#: A row not renewed for this long belongs to a hub that is gone.
EXPIRES_S = 15.0
#: A row not renewed for this long is deleted (by any hub).
DELETE_AFTER_S = 3600.0
#: How long the staff of a hub stopped cleanly stay signed in on the others (a rolling
#: restart: their desks sign in on another hub meanwhile).
GRACE_S = 30.0
#: The ``status`` of a row its hub left signed in when it stopped cleanly.
LEAVING = "reconnecting"


class ElsewhereMember(NamedTuple):
    """Someone signed in on another hub."""

    display_name: str
    roles: tuple[str, ...]
    status: str
    #: Where their desk's softphone listens (``softphone_ready`` on their hub), or ``None``.
    softphone: str | None = None
    #: Their hub stopped cleanly; their desk has not signed in again yet (``status``: away).
    reconnecting: bool = False


class ClusterPresence(Feature):
    """Attributes: hub_id: this hub's name in ``staff_presence``; expires_s: when another
    hub's row counts as gone; heartbeat_s: how often this hub renews its rows (a third of
    ``expires_s``); grace_s: how long its staff stay signed in once it stopped cleanly;
    row: this hub's own ``hubs`` row, renewed with them."""

    def __init__(self, hub: Hub, api: StaffApi, store: PostgresStore,
                 expires_s: float = EXPIRES_S, grace_s: float = GRACE_S) -> None:
        super().__init__(hub, api)
        self.store = store
        self.hub_id = store.hub_id
        self.expires_s = expires_s
        self.grace_s = grace_s
        self.heartbeat_s = expires_s * HEARTBEAT_S / EXPIRES_S
        self.row = HubRow(hub, store)
        self._writes: asyncio.Lock | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._heartbeat: asyncio.Task[None] | None = None
        self._reading = False
        self._read_again = False

    async def start(self) -> None:
        self._writes = asyncio.Lock()
        self._heartbeat = asyncio.get_running_loop().create_task(self._beat())

    async def stop(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
        tasks = [t for t in (self._heartbeat, *self._tasks) if t is not None]
        await asyncio.gather(*tasks, return_exceptions=True)
        try:  # its staff's desks sign in on another hub within the grace (a rolling restart)
            await self._write(
                "UPDATE staff_presence SET status = %s, softphone = NULL, heartbeat_at = %s "
                "WHERE hub = %s",
                (LEAVING, self._ago(self.expires_s - self.grace_s), self.hub_id),
            )
        except Exception as exc:  # the database is gone: the rows expire by themselves
            log.warning("Could not mark this hub's presence rows leaving (%s)",
                        type(exc).__name__)

    # --- this hub's staff --------------------------------------------------------------

    def on_staff_online(self, peer: StaffPeer) -> None:
        user = peer.user
        if user is None:
            return
        status = self.hub.presence.get(user.name, "available")
        self._later(
            "INSERT INTO staff_presence (user_name, hub, display_name, roles, status, "
            "heartbeat_at) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (user_name, hub) DO "
            "UPDATE SET status = excluded.status, heartbeat_at = excluded.heartbeat_at",
            (user.name, self.hub_id, user.display_name, json.dumps(list(user.roles)),
             status, self._now()),
        )

    def on_presence(self, user: str, status: str) -> None:
        self._later(
            "UPDATE staff_presence SET status = %s, heartbeat_at = %s "
            "WHERE user_name = %s AND hub = %s",
            (status, self._now(), user, self.hub_id),
        )

    def on_softphone(self, user: str, address: str | None) -> None:
        """``user``'s desk here said where its softphone listens (``None``: it stopped):
        the hub holding a call transferred to them dials it (docs/telephony.md)."""
        self._later(
            "UPDATE staff_presence SET softphone = %s WHERE user_name = %s AND hub = %s",
            (address, user, self.hub_id),
        )

    def on_staff_offline(self, user: str) -> None:
        if self.hub.stopping:  # disconnected by the stop, not signed out: :meth:`stop`
            return
        self._later(  # and the rows a stopped hub left her: she signed out, not reconnecting
            "DELETE FROM staff_presence WHERE user_name = %s AND (hub = %s OR status = %s)",
            (user, self.hub_id, LEAVING),
        )

    def _later(self, sql: str, params: tuple[Any, ...]) -> None:
        """Write in the background, in the order the changes happened (one lock, FIFO)."""
        task = asyncio.get_running_loop().create_task(self._write_logged(sql, params))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _write_logged(self, sql: str, params: tuple[Any, ...]) -> None:
        try:
            await self._write(sql, params)
        except Exception as exc:
            log.error("Presence write failed\n%s", traceback_without_values(exc))

    async def _write(self, sql: str, params: tuple[Any, ...]) -> None:
        assert self._writes is not None
        async with self._writes, self.store.pooled() as conn, conn.transaction():
            await conn.execute(sql.encode(), params)
            await notify_state(conn, self.hub_id)

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_s)
            try:
                await clock.measure(self.hub, self.store)
                await self.row.renew(self.expires_s)
                await self._write(
                    "UPDATE staff_presence SET heartbeat_at = %s WHERE hub = %s",
                    (self._now(), self.hub_id),
                )
                await self._write(
                    "DELETE FROM staff_presence WHERE heartbeat_at < %s",
                    (self._ago(DELETE_AFTER_S),),
                )
                await self.read()  # the dead hubs' rows drop out here
            except Exception as exc:
                log.error("Presence heartbeat failed\n%s", traceback_without_values(exc))

    # --- the other hubs' staff ---------------------------------------------------------

    async def find(self, user: str) -> ElsewhereMember | None:
        """``user`` as signed in on another hub now (their row renewed most lately; not one
        whose hub stopped and left it for the restart grace), read from the database
        rather than :attr:`Hub.elsewhere` (which may be a notice late)."""
        async with self.store.pooled() as conn:
            cursor = await conn.execute(
                "SELECT display_name, roles, status, softphone FROM staff_presence "
                "WHERE user_name = %s AND hub != %s AND heartbeat_at >= %s AND status != %s "
                "ORDER BY heartbeat_at DESC LIMIT 1",
                (user, self.hub_id, self._ago(self.expires_s), LEAVING),
            )
            row = await cursor.fetchone()
        if row is None:
            return None
        display, roles, status, phone = row
        return ElsewhereMember(str(display), tuple(json.loads(roles)), str(status),
                               phone and str(phone))

    async def back_since(self, user: str, since: datetime) -> bool:
        """Whether ``user`` signed in (again) on any hub after ``since`` (the database's
        clock): a row of theirs written or renewed since then."""
        async with self.store.pooled() as conn:
            cursor = await conn.execute(
                "SELECT 1 FROM staff_presence WHERE user_name = %s AND heartbeat_at > %s",
                (user, format_time(since)),
            )
            return await cursor.fetchone() is not None

    def on_payload(self, hub_id: str) -> None:
        """A ``hub_state`` notification."""
        if hub_id != self.hub_id:
            self._tasks_add(self.read())

    def _tasks_add(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def read(self) -> None:
        """Read the other hubs' live rows into :attr:`Hub.elsewhere` (one read at a time;
        a notification meanwhile reads once more)."""
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        try:
            while True:
                self._read_again = False
                async with self.store.pooled() as conn:
                    cursor = await conn.execute(
                        "SELECT user_name, display_name, roles, status, softphone, "
                        "heartbeat_at >= %s FROM staff_presence "
                        "WHERE hub != %s ORDER BY heartbeat_at",
                        (self._ago(self.expires_s), self.hub_id),
                    )
                    rows = await cursor.fetchall()
                # Back from a break in its own beats (a database outage: every row is old
                # at once), a hub keeps whom it saw until it has beaten steadily for the
                # expiry — by when every hub alive has beaten again (HubRow.unbroken_for).
                steady = self.row.unbroken_for(self.expires_s)
                elsewhere = members([row[:-1] for row in rows if row[-1] or (
                    not steady and row[0] in self.hub.elsewhere)])
                if elsewhere != self.hub.elsewhere:
                    gone = set(self.hub.elsewhere) - set(elsewhere)
                    self.hub.elsewhere = elsewhere
                    self.hub.feature(SupervisionFeature).changed()
                    self.hub.feature(RosterFeature).changed()
                    self._gone(gone)
                if not self._read_again:
                    break
        except Exception as exc:
            log.error("Reading presence failed\n%s", traceback_without_values(exc))
        finally:
            self._reading = False

    def staff_load(self) -> dict[str, dict[str, Any]]:
        """The load view: who is signed in elsewhere only through a stopped hub's grace."""
        return {name: {"reconnecting": True} for name, member in self.hub.elsewhere.items()
                if member.reconnecting and name not in self.hub.staff}

    def _gone(self, users: set[str]) -> None:
        """Tell the features who is signed in on no hub any more (not here either)."""
        for user in sorted(users):
            if self.hub.staff.get(user):
                continue
            for feature in self.hub.features:
                try:
                    feature.on_staff_gone(user)
                except Exception as exc:
                    log.error("A feature failed on a counsellor gone from every hub\n%s",
                              traceback_without_values(exc))

    def gone_before(self) -> str:
        """A heartbeat older than this is a gone hub's (by the database's clock)."""
        return self._ago(self.expires_s)

    def _now(self) -> str:
        return format_time(clock.hub_now(self.hub))

    def _ago(self, seconds: float) -> str:
        return format_time(clock.hub_now(self.hub) - timedelta(seconds=seconds))


def members(rows: list[tuple[Any, ...]]) -> dict[str, ElsewhereMember]:
    """Rows of ``staff_presence`` (user, display name, roles, status, softphone; the oldest
    heartbeat first) by user: a row its stopped hub left (:data:`LEAVING`) counts as away and
    reconnecting, and only while she is signed in on no live hub."""
    found: dict[str, ElsewhereMember] = {}
    for name, display, roles, status, phone in sorted(rows, key=lambda r: r[3] != LEAVING):
        leaving = status == LEAVING
        found[str(name)] = ElsewhereMember(
            str(display), tuple(json.loads(roles)), "away" if leaving else str(status),
            phone and str(phone), reconnecting=leaving,
        )
    return found
