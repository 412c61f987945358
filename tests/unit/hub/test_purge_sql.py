"""The purge's SQL on a real SQLite file, without a hub: damaged rows, foreign keys, reasons."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from workstation.hub.purge_transcripts import deletion_plan, purge_conversations
from workstation.store.schema import connect, migrate


def database(tmp_path: Path) -> sqlite3.Connection:
    path = tmp_path / "hub.sqlite3"
    conn = connect(path)
    migrate(conn, path)
    # A future feature's table whose rows point at another table that names conversations.
    conn.execute("CREATE TABLE threads (id TEXT PRIMARY KEY, conversation TEXT)")
    conn.execute("CREATE TABLE posts (thread TEXT REFERENCES threads (id), body TEXT)")
    for conv in ("c1", "c2"):
        conn.execute(
            "INSERT INTO conversations (id, channel, created_at, status, closed_at) "
            "VALUES (?, 'chat', '2026-01-01T10:00:00Z', 'closed', '2026-01-01T10:30:00Z')",
            (conv,),
        )
        conn.execute("INSERT INTO threads VALUES (?, ?)", ("t-" + conv, conv))
        conn.execute("INSERT INTO posts VALUES (?, 'hei')", ("t-" + conv,))
    return conn


def test_rows_pointing_at_a_conversations_rows_go_first(tmp_path: Path) -> None:
    conn = database(tmp_path)
    plan = deletion_plan(conn)
    assert plan[0].startswith('DELETE FROM "posts"') and plan[-1].startswith("DELETE FROM conv")
    result = purge_conversations(conn, ["c1"])
    assert result.counts["transcripts"] == 1 and not result.failures
    assert conn.execute("SELECT thread FROM posts").fetchall() == [("t-c2",)]


def test_a_damaged_summary_fails_alone_and_its_words_stay_out_of_the_reason(
    tmp_path: Path,
) -> None:
    conn = database(tmp_path)
    conn.execute(
        "INSERT INTO desk_summaries VALUES ('c1', 'Iben bor i Halden {', '[]', 0, 'kari', "
        "'2026-01-01T10:30:00Z')"
    )
    result = purge_conversations(conn, ["c1", "c2"])
    assert result.counts["transcripts"] == 1
    assert [(f.conversation, f.reason) for f in result.failures] == [("c1", "JSONDecodeError")]
    assert conn.execute("SELECT id FROM conversations").fetchall() == [("c1",)]
    assert conn.execute("SELECT COUNT(*) FROM contact_stats").fetchone() == (1,)
