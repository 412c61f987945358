"""The desk features' rows (capacity, contact summaries, canned responses), on either
database: each function runs inside ``store.run`` on a :class:`~workstation.store.sql.Sql`,
and each change commits with its audit line. ``"user"`` is quoted: on PostgreSQL a bare
``user`` is the session's role name, not the column."""

from __future__ import annotations

import json

from workstation.store import audit
from workstation.store.sql import Conn

# --- capacity ------------------------------------------------------------------------------


def capacity_rows(conn: Conn) -> list[tuple[str, str]]:
    """``(user or the default row's name, limits as JSON)`` of every stored capacity."""
    return [(str(u), str(limits))
            for u, limits in conn.execute('SELECT "user", limits FROM desk_capacity')]


def set_capacity(
    conn: Conn, row: str, limits: dict[str, int] | None, at: str, actor: str, target: str
) -> None:
    """Store (``None``: forget) one capacity row, with its audit line."""
    if limits is None:
        conn.execute('DELETE FROM desk_capacity WHERE "user" = ?', (row,))
    else:
        conn.execute(
            'INSERT INTO desk_capacity ("user", limits, updated_at, updated_by) '
            "VALUES (?, ?, ?, ?) ON CONFLICT (\"user\") DO UPDATE SET limits = excluded.limits, "
            "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            (row, json.dumps(limits), at, actor),
        )
    audit.write(conn, actor, "capacity_set", target, json.dumps(limits, sort_keys=True))


# --- contact summaries ------------------------------------------------------------------------


def assigned_user(conn: Conn, conversation: str) -> str | None:
    row = conn.execute(
        "SELECT assigned_user FROM conversations WHERE id = ?", (conversation,)
    ).fetchone()
    return None if row is None else row[0]


def save_summary(
    conn: Conn, conversation: str, data: str, categories: str, silent: bool, user: str, at: str
) -> None:
    """The conversation's summary (replacing an earlier one)."""
    conn.execute(
        'INSERT INTO desk_summaries (conversation, data, categories, silent, "user", saved_at) '
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (conversation) DO UPDATE SET "
        'data = excluded.data, categories = excluded.categories, silent = excluded.silent, '
        '"user" = excluded."user", saved_at = excluded.saved_at',
        (conversation, data, categories, int(silent), user, at),
    )


def summary_of(conn: Conn, conversation: str) -> tuple[str, str, str] | None:
    """``(data, user, saved_at)`` of the conversation's summary."""
    row = conn.execute(
        'SELECT data, "user", saved_at FROM desk_summaries WHERE conversation = ?',
        (conversation,),
    ).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def has_summary(conn: Conn, conversation: str) -> bool:
    return conn.execute(
        "SELECT 1 FROM desk_summaries WHERE conversation = ?", (conversation,)
    ).fetchone() is not None


# --- canned responses ------------------------------------------------------------------------


def canned_rows(conn: Conn) -> list[tuple[str, str | None]]:
    """``(id, item as JSON or None when hidden)``, oldest change first."""
    return [(str(i), item)
            for i, item in conn.execute("SELECT id, item FROM desk_canned ORDER BY updated_at")]


def store_canned(
    conn: Conn, item_id: str, item: dict[str, str] | None, shipped: bool, at: str, actor: str
) -> None:
    """An edited or added response; ``None`` hides a shipped one and forgets an added one.
    With its audit line."""
    if item is None and not shipped:
        conn.execute("DELETE FROM desk_canned WHERE id = ?", (item_id,))
    else:
        conn.execute(
            "INSERT INTO desk_canned (id, item, updated_at, updated_by) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET item = excluded.item, "
            "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            (item_id, None if item is None else json.dumps(item), at, actor),
        )
    audit.write(conn, actor, "canned_delete" if item is None else "canned_set", item_id)
