"""Several hubs on one PostgreSQL (docs/deploy.md "Decisions once, in the database"): the
steps of a held return contact, each decided once in the database, and the holds as the log
says (a hub that starts holds what was held).

A hold is in one state at a time: ``offered`` (to her counsellor, until ``until``),
``choosing`` (the young person, until ``until``) or ``waiting`` (until the counsellor has
room). ``returned`` begins it (with ``state`` and ``until``); every step out of a state is an
event of sender ``hub:returning`` whose ``client_id`` names the ``seq`` of the event that
began the state (``hold:<seq>``): a ``return_held`` (the next state) or a
``return_released``. Every hub times every hold; two hubs taking a step from the same state
at once (the offer runs out on both; the young person chooses on one while her choice runs
out on the other) write the same ``client_id``, so under the conversation's row lock the
second finds the first's event, writes nothing and follows it when it arrives. Each step
also expects the contact still queued (``expect={"status": "queued"}``)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from workstation.protocol.times import parse_time
from workstation.sessions.conversation import Status
from workstation.sessions.events import Event
from workstation.store import AppendResult
from workstation.store.records import PreconditionFailed

if TYPE_CHECKING:
    from workstation.hub.core import Hub

#: The staff-only event written when a hold ends, on which every hub releases the contact.
RELEASED = "return_released"
#: The staff-only event of a hold's next state (``waiting``, or ``offered`` to her).
HELD = "return_held"
#: The sender of a hold's steps (with the ``client_id`` of :func:`step_id`).
SENDER = "hub:returning"
#: The events that begin or end a hold's state.
KINDS = ("returned", HELD, RELEASED)


def step_id(since: int) -> str:
    """The ``client_id`` of the step out of the state that began at ``since`` (its ``seq``),
    the same on every hub."""
    return f"hold:{since}"


async def write_step(hub: Hub, conversation: str, since: int, kind: str,
                     fields: dict[str, Any]) -> AppendResult | None:
    """The hold's next step, once across hubs: the stored event (``duplicate``: another
    hub's step from the same state, written first), or None when the contact is no longer
    queued (taken or closed: their events end the hold)."""
    try:
        return await hub.store.append(
            conversation, kind, fields, hub.on_event, sender=SENDER,
            client_id=step_id(since), expect={"status": Status.QUEUED.value},
        )
    except PreconditionFailed:
        return None


def state_of(event: Event, choice_s: float) -> tuple[str, datetime | None]:
    """The state a ``returned`` or ``return_held`` event began, and when it runs out
    (``returned`` written before ``state`` existed: choosing, for ``choice_s``)."""
    state = str(event.fields.get("state") or "choosing")
    until = event.fields.get("until")
    if until:
        return state, parse_time(str(until))
    if event.kind == "returned" and "state" not in event.fields:
        return state, parse_time(event.at) + timedelta(seconds=choice_s)
    return state, None


def load(conn: sqlite3.Connection) -> list[Event]:
    """The last of :data:`KINDS` of every queued conversation that has one (an index read
    per queued conversation)."""
    rows = conn.execute(
        "SELECT e.conversation, e.seq, e.at, e.kind, e.data FROM conversations c "
        "JOIN events e ON e.conversation = c.id WHERE c.status = ? AND e.kind IN (?, ?, ?) "
        "ORDER BY e.conversation, e.seq",
        (Status.QUEUED.value, *KINDS),
    ).fetchall()
    last: dict[str, Event] = {}
    for conversation, seq, at, kind, data in rows:
        fields = json.loads(data) if isinstance(data, str) else dict(data or {})
        last[str(conversation)] = Event(str(conversation), int(seq), str(at), str(kind), fields)
    return list(last.values())
