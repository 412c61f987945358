"""The SQL of telephony at the desk (``desk_calls``, migration 4), on SQLite and PostgreSQL.

A row per phone conversation: the call, its masked number, its state and times. The hub
reads the calls of open conversations back at start (a restart mid-call). Several hubs: each
row also says where its hub takes calls (``front``, migration 25) and which hub holds it
(``hub``, migration 28; :mod:`.orphans`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workstation.store.sql import Sql


@dataclass
class Call:
    """Attributes:
    call: the adapter's call id (for calls over /v1/contact: one of ours).
    conversation: the ``phone`` conversation.
    number: masked (``+47 ** ** ** 12``) or ``None`` (withheld, or a simulated caller).
    via: ``adapter`` or ``contact``; ``remote``: another hub's call, ringing here too (several
        hubs; never stored by this hub).
    state: ``ringing``, ``answering``, ``answered``, ``held`` or ``ended``.
    """

    call: str
    conversation: str
    number: str | None
    via: str
    offered_at: str
    state: str = "ringing"
    answered_at: str | None = None
    #: the keyed pseudonym of the caller's number (memory only: the phone menu counts
    #: wrong codes per caller).
    caller: str | None = None
    #: where the hub holding the call takes calls (``TelephonyAdapter.address``), if known.
    front: str | None = None
    #: several hubs: the id of the hub holding the call (``hubs``, migration 28); ``None``
    #: on one hub (SQLite).
    hub: str | None = None


def live_calls(conn: Sql) -> list[Call]:
    """The calls of conversations not closed."""
    rows = conn.execute(
        "SELECT d.call, d.conversation, d.number, d.via, d.offered_at, d.state, "
        "d.answered_at, d.front, d.hub FROM desk_calls d JOIN conversations c "
        "ON c.id = d.conversation WHERE c.status != 'closed'"
    ).fetchall()
    return [call_of(row) for row in rows]


def call_of(row: tuple[Any, ...]) -> Call:
    """A call from ``call, conversation, number, via, offered_at, state, answered_at,
    front, hub`` (that order)."""
    call, conversation, number, via, offered_at, state, answered_at, front, hub = row
    return Call(call, conversation, number, via, offered_at, state, answered_at,
                front=front, hub=hub)


def save_call(conn: Sql, call: Call, ended_at: str | None = None) -> None:
    """Write the call's row as it is now (one row per conversation)."""
    conn.execute(
        "INSERT INTO desk_calls (conversation, call, number, via, state, offered_at, "
        "answered_at, ended_at, front, hub) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (conversation) DO UPDATE SET call = excluded.call, "
        "number = excluded.number, via = excluded.via, state = excluded.state, "
        "offered_at = excluded.offered_at, answered_at = excluded.answered_at, "
        "ended_at = excluded.ended_at, front = excluded.front, hub = excluded.hub",
        (call.conversation, call.call, call.number, call.via, call.state, call.offered_at,
         call.answered_at, ended_at, call.front, call.hub),
    )
