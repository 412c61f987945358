"""The database's own catalog, the same answers on SQLite and PostgreSQL: which tables there
are, their columns, primary keys and foreign keys (the retention purge finds every table that
names a conversation this way, so a new feature's table is purged without being listed)."""

from __future__ import annotations

from typing import NamedTuple

from workstation.store.sql import Conn, dialect


class ForeignKey(NamedTuple):
    """``table.source`` points at ``parent.target`` (``target`` None: the parent's key)."""

    parent: str
    source: str
    target: str | None


def tables(conn: Conn) -> list[str]:
    """The hub's tables, by name (not the database's own)."""
    if dialect(conn) == "sqlite":
        sql = ("SELECT name FROM sqlite_master WHERE type = 'table' "
               "AND name NOT LIKE 'sqlite_%' ORDER BY name")
    else:
        sql = ("SELECT table_name FROM information_schema.tables WHERE table_schema = "
               "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")
    return [str(row[0]) for row in conn.execute(sql)]


def table_exists(conn: Conn, table: str) -> bool:
    if dialect(conn) == "sqlite":
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    else:
        sql = ("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
               "AND table_name = ?")
    return conn.execute(sql, (table,)).fetchone() is not None


def columns(conn: Conn, table: str) -> list[str]:
    """The table's columns in their order."""
    if dialect(conn) == "sqlite":
        return [str(col[1]) for col in conn.execute(f'PRAGMA table_info("{table}")')]
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = ? ORDER BY ordinal_position",
        (table,),
    )
    return [str(row[0]) for row in rows]


def primary_key(conn: Conn, table: str) -> str | None:
    """The first column of the table's primary key (None: it has none)."""
    if dialect(conn) == "sqlite":
        keys = [str(col[1]) for col in conn.execute(f'PRAGMA table_info("{table}")')
                if col[5] == 1]
        return keys[0] if keys else None
    row = conn.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = i.indkey[0] WHERE i.indrelid = to_regclass(?) AND i.indisprimary",
        (table,),
    ).fetchone()
    return None if row is None else str(row[0])


def foreign_keys(conn: Conn, table: str) -> list[ForeignKey]:
    """Each single-column foreign key of ``table``."""
    if dialect(conn) == "sqlite":
        return [
            ForeignKey(str(fk[2]), str(fk[3]), None if fk[4] is None else str(fk[4]))
            for fk in conn.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
        ]
    rows = conn.execute(
        "SELECT p.relname, sa.attname, ta.attname FROM pg_constraint c "
        "JOIN pg_class p ON p.oid = c.confrelid "
        "JOIN pg_attribute sa ON sa.attrelid = c.conrelid AND sa.attnum = c.conkey[1] "
        "JOIN pg_attribute ta ON ta.attrelid = c.confrelid AND ta.attnum = c.confkey[1] "
        "WHERE c.contype = 'f' AND c.conrelid = to_regclass(?)",
        (table,),
    ).fetchall()
    return [ForeignKey(str(parent), str(source), str(target)) for parent, source, target in rows]
