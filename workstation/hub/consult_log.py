"""What the consult feature reads back from the event log: its state after a restart, its
settings, and whether a refused request was in fact carried out before (a resent outbox).

Functions here take a connection and run in the database thread (``store.run``).
"""

from __future__ import annotations

import json
from typing import Any

from workstation.protocol.frames import Request
from workstation.protocol.frames_consult import (
    Consult,
    ConsultAccept,
    ConsultDecline,
    ConsultEnd,
    ConsultSend,
    TakeOver,
)
from workstation.sessions.conversation import Status
from workstation.sessions.events import Event
from workstation.store.sql import Conn

#: A ``settings`` row that overrides the escalation time for a hub database.
ESCALATE_SETTING = "consult_escalate_after_s"

#: The event each request writes (to recognise a repeated request).
REQUEST_KINDS: dict[type[Request], str] = {
    Consult: "consult_requested",
    ConsultAccept: "consult_joined",
    ConsultDecline: "consult_declined",
    ConsultSend: "consult_message",
    ConsultEnd: "consult_ended",
    TakeOver: "assigned",
}


def read_start(conn: Conn) -> tuple[float | None, list[Event]]:
    """The escalation setting (if any) and every consult event of open conversations."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (ESCALATE_SETTING,)).fetchone()
    rows = conn.execute(
        "SELECT e.conversation, e.seq, e.at, e.kind, e.data FROM events e "
        "JOIN conversations c ON c.id = e.conversation "
        "WHERE c.status != ? AND e.kind LIKE 'consult%' ORDER BY e.conversation, e.seq",
        (Status.CLOSED.value,),
    ).fetchall()
    setting = float(row[0]) if row else None
    events = [Event(str(c), int(s), str(a), str(k), json.loads(d)) for c, s, a, k, d in rows]
    return setting, events


def mark_open(conn: Conn, opened: list[tuple[str, str]]) -> None:
    """Set ``open_consult`` (conversation, state) where it is still unset: consultations
    asked before migration 23 added the column, whose answers are decided by it."""
    for conversation, state in opened:
        conn.execute(
            "UPDATE conversations SET open_consult = ? WHERE id = ? AND open_consult IS NULL",
            (state, conversation),
        )


def stored_request(
    conn: Conn, conversation: str, user: str, request: Request
) -> tuple[int, dict[str, Any]] | None:
    """``(seq, fields)`` of the event ``request`` wrote earlier, or ``None``."""
    row = conn.execute(
        "SELECT seq, kind, data FROM events "
        "WHERE conversation = ? AND sender = ? AND client_id = ?",
        (conversation, "staff:" + user, request.id),
    ).fetchone()
    if row is None or row[1] != REQUEST_KINDS.get(type(request)):
        return None
    return int(row[0]), json.loads(row[2])


def first_answer(request: Request, conversation: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields of the ``ok`` the first time (besides ``seq``)."""
    if isinstance(request, Consult):
        return {"consult": fields["consult"], "offered": fields.get("offered", [])}
    if isinstance(request, ConsultAccept):
        return {"consult": request.consult, "conversation": conversation}
    if isinstance(request, TakeOver):
        return {"conversation": conversation}
    return {}
