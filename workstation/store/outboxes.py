"""The SMS and e-mail outboxes' SQL, written once for both tables and both databases.

``sms_outbox`` (migration 12) and ``email_outbox`` (migration 16) are twins: a reply is added
when its ``message`` event is committed (``pending``), counted at each try, and moved on to a
later status exactly once (``sent``, ``delivered``, ``failed``) with its payload — the SMS text,
the sealed e-mail — emptied in the same statement. What differs is named by an
:class:`Outbox`. The features keep their row types (:mod:`workstation.hub.sms.store`,
:mod:`workstation.hub.email.store`) and call these through ``store.run``.

Portable: ``ON CONFLICT DO NOTHING`` (not ``INSERT OR IGNORE``), the status change is one
conditional ``UPDATE … RETURNING`` (decided in the database, not read-then-write), rows are
ordered by ``created_at``, ``conversation``, ``message_seq`` (not SQLite's ``rowid``), times
are ISO text computed in Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from workstation.store.sql import Sql


@dataclass(frozen=True)
class Outbox:
    """One outbox table.

    Attributes:
        table: the outbox table.
        columns: the row's columns as its feature reads them (the key column among them).
        key: the column a sender drains by, in order (``thread`` or ``conversation``).
        payload: the column emptied once the gateway has it (``text``, ``sealed``).
        threads: the feature's table of open threads (``conversation`` column).
        thread_column: the thread column of ``threads`` returned by :func:`unqueued`, if any.
        meta: the table whose ``outbox_since`` says when the outbox began.
        rank: status → rank; a status only ever moves to a higher rank.
    """

    table: str
    columns: tuple[str, ...]
    key: str
    payload: str
    threads: str
    thread_column: str | None
    meta: str
    rank: Mapping[str, int]

    @cached_property
    def insert(self) -> str:
        marks = ", ".join("?" * len(self.columns))
        return (f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES ({marks}) "
                "ON CONFLICT DO NOTHING")

    @cached_property
    def insert_at(self) -> str:
        """:attr:`insert` with ``created_at`` given (the tests' clock)."""
        return self.insert.replace(") VALUES (", ", created_at) VALUES (?, ", 1)

    @cached_property
    def advances(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Per status: the conditional UPDATE that moves a row to it, and the statuses it
        moves from (those of a lower rank)."""
        made = {}
        for status, rank in self.rank.items():
            lower = tuple(name for name, other in self.rank.items() if other < rank)
            marks = ", ".join("?" * len(lower))
            made[status] = (
                f"UPDATE {self.table} SET status = ?, {self.payload} = NULL "
                f"WHERE ref = ? AND status IN ({marks}) RETURNING {', '.join(self.columns)}",
                lower,
            )
        return made


def add(conn: Sql, box: Outbox, values: Sequence[Any], at: str | None = None) -> bool:
    """Add a row (``values`` in ``box.columns`` order) once; False when its ref or its message
    was already there."""
    if at is None:  # the column's default: the database's clock in the same text form
        return conn.execute(box.insert, tuple(values)).rowcount == 1
    return conn.execute(box.insert_at, (*values, at)).rowcount == 1


def pending(conn: Sql, box: Outbox, key: str | None = None) -> list[tuple[Any, ...]]:
    """Pending rows (of ``key``), oldest first."""
    where, args = (f"AND {box.key} = ?", (key,)) if key else ("", ())
    rows = conn.execute(
        f"SELECT {', '.join(box.columns)} FROM {box.table} WHERE status = 'pending' {where} "
        "ORDER BY created_at, conversation, message_seq",
        args,
    ).fetchall()
    return [tuple(row) for row in rows]


def count_attempt(conn: Sql, box: Outbox, ref: str) -> None:
    """One more try of ``ref`` (before it is handed to the gateway)."""
    conn.execute(f"UPDATE {box.table} SET attempts = attempts + 1 WHERE ref = ?", (ref,))


def attempts(conn: Sql, box: Outbox, ref: str) -> int | None:
    row = conn.execute(f"SELECT attempts FROM {box.table} WHERE ref = ?", (ref,)).fetchone()
    return None if row is None else int(row[0])


def advance(conn: Sql, box: Outbox, ref: str, status: str) -> tuple[Any, ...] | None:
    """Set ``status`` (emptying the payload) unless the row is already as far or further: the
    row as it is now if it changed, else None. One conditional UPDATE: two hubs (or a gateway's
    late report racing its answer) cannot both move it."""
    sql, lower = box.advances[status]
    if not lower:
        return None
    # every row fetched: SQLite ends the statement before COMMIT
    rows = conn.execute(sql, (status, ref, *lower)).fetchall()
    return tuple(rows[0]) if rows else None


def unqueued(conn: Sql, box: Outbox) -> list[tuple[str, int, str, str]]:
    """Counsellors' messages in open threads that never reached the outbox (the hub stopped
    between storing the message and queueing it), since the outbox began:
    (conversation, seq, thread or ``""``, event data), in order."""
    thread = f"t.{box.thread_column}" if box.thread_column else "''"
    rows = conn.execute(
        f"SELECT e.conversation, e.seq, {thread}, e.data FROM events e "
        f"JOIN {box.threads} t ON t.conversation = e.conversation "
        "WHERE e.kind = 'message' AND e.sender LIKE 'staff:%' "
        f"AND e.at >= (SELECT value FROM {box.meta} WHERE name = 'outbox_since') "
        f"AND NOT EXISTS (SELECT 1 FROM {box.table} o "
        "WHERE o.conversation = e.conversation AND o.message_seq = e.seq) "
        "ORDER BY e.conversation, e.seq"
    ).fetchall()
    return [(str(c), int(seq), str(t), str(data)) for c, seq, t, data in rows]


# --- which hub sends (migration 21) ---------------------------------------------------------


def claim(conn: Sql, box: Outbox, key: str, holder: str, now: str, until: str) -> bool:
    """``holder`` sends the rows of ``key`` until ``until`` (or keeps doing so); False when
    another holder's lease is still good at ``now``."""
    return claim_lease(conn, box.table, key, holder, now, until)


def claim_lease(conn: Sql, outbox: str, key: str, holder: str, now: str, until: str) -> bool:
    """The ``outbox_leases`` row of (``outbox``, ``key``) for ``holder`` until ``until``,
    unless another holder's is still good at ``now``. One conditional upsert: of two hubs
    claiming at once, the second waits for the first's COMMIT and then finds it held."""
    rows = conn.execute(  # every row fetched: SQLite ends the statement before COMMIT
        "INSERT INTO outbox_leases (outbox, drain_key, holder, held_until) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (outbox, drain_key) DO UPDATE SET holder = excluded.holder, "
        "held_until = excluded.held_until "
        "WHERE outbox_leases.holder = excluded.holder OR outbox_leases.held_until < ? "
        "RETURNING holder",
        (outbox, key, holder, until, now),
    ).fetchall()
    return bool(rows)


def renew(conn: Sql, holder: str, until: str) -> None:
    """Every lease of ``holder`` is good until ``until``."""
    conn.execute("UPDATE outbox_leases SET held_until = ? WHERE holder = ?", (until, holder))


def release(conn: Sql, box: Outbox, key: str, holder: str) -> None:
    conn.execute(
        "DELETE FROM outbox_leases WHERE outbox = ? AND drain_key = ? AND holder = ?",
        (box.table, key, holder),
    )


def release_all(conn: Sql, holder: str, now: str) -> None:
    """``holder`` stops: its leases go, and any lease run out (a hub that died)."""
    conn.execute("DELETE FROM outbox_leases WHERE holder = ? OR held_until < ?", (holder, now))


def unclaimed(conn: Sql, box: Outbox, now: str) -> list[str]:
    """Keys with pending rows that no hub holds at ``now`` (their holder stopped or died)."""
    rows = conn.execute(
        f"SELECT DISTINCT o.{box.key} FROM {box.table} o WHERE o.status = 'pending' "
        "AND NOT EXISTS (SELECT 1 FROM outbox_leases l WHERE l.outbox = ? "
        f"AND l.drain_key = o.{box.key} AND l.held_until >= ?)",
        (box.table, now),
    ).fetchall()
    return sorted(str(row[0]) for row in rows)
