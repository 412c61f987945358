"""Several hubs: which hub ends a live call whose own hub is gone (issue 16; docs/telephony.md,
"A hub that starts" and "The call's hub gone").

A call's media lives on the hub that took it, and its ``desk_calls`` row names that hub
(``hub``, migration 28). Each decision below is one ``UPDATE … RETURNING`` that ties the
rows to the hub that runs it, so a row is taken by one hub only, whichever runs first:

- :func:`take_back`: a hub that starts takes the live calls of its own front (itself
  before a restart, however recently it beat), unless a living hub at another front
  has already taken them to end them;
- :func:`adopt_orphans`: every heartbeat, a living hub takes the live calls of the hubs that
  have not beaten for the presence expiry (or have no ``hubs`` row), and ends them as their
  own hub would at its restart. A hub that dies halfway leaves the rows tied to itself: the
  next living hub takes them.

Only calls of a phone system (``via = 'adapter'``) of open conversations; PostgreSQL only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workstation.hub.telephony.store import Call, call_of

if TYPE_CHECKING:
    from workstation.store.postgres_store import PostgresStore

_LIVE = (
    b"d.ended_at IS NULL AND d.via = 'adapter' AND d.conversation IN "
    b"(SELECT id FROM conversations WHERE status != 'closed')"
)
_RETURNING = (
    b" RETURNING d.call, d.conversation, d.number, d.via, d.offered_at, d.state, "
    b"d.answered_at, d.front, d.hub"
)


async def take_back(store: PostgresStore, front: str, gone_before: str) -> list[Call]:
    """The live calls taken at ``front``, now tied to this hub (a hub that starts)."""
    async with store.pooled() as conn:
        cursor = await conn.execute(
            b"UPDATE desk_calls d SET hub = %(me)s WHERE " + _LIVE + b" AND d.front = %(front)s "
            b"AND NOT EXISTS (SELECT 1 FROM hubs h WHERE h.id = d.hub AND h.id != %(me)s "
            b"AND h.heartbeat_at >= %(gone)s AND h.front IS DISTINCT FROM %(front)s)"
            + _RETURNING,
            {"me": store.hub_id, "front": front, "gone": gone_before},
        )
        return [call_of(row) for row in await cursor.fetchall()]


async def adopt_orphans(store: PostgresStore, gone_before: str) -> list[Call]:
    """The live calls of gone hubs, now tied to this hub (which ends them)."""
    async with store.pooled() as conn:
        cursor = await conn.execute(
            b"UPDATE desk_calls d SET hub = %(me)s WHERE " + _LIVE + b" AND d.hub IS NOT NULL "
            b"AND d.hub != %(me)s AND NOT EXISTS (SELECT 1 FROM hubs h WHERE h.id = d.hub "
            b"AND h.heartbeat_at >= %(gone)s)" + _RETURNING,
            {"me": store.hub_id, "gone": gone_before},
        )
        return [call_of(row) for row in await cursor.fetchall()]
