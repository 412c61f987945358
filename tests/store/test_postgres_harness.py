"""The test PostgreSQL server starts, serves fresh databases, and is gone after ``stop``."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import psycopg
import pytest

from tests.support import postgres
from tests.support.postgres import PostgresMissing, PostgresServer


def test_a_server_starts_answers_and_stops() -> None:
    server = PostgresServer().start()
    root = server.root
    try:
        assert server.running()
        with psycopg.connect(server.dsn()) as conn:
            (version,) = conn.execute("SHOW server_version_num").fetchone() or (0,)
            assert int(version) >= 150000
            (user,) = conn.execute("SELECT current_user").fetchone() or ("",)
            assert user == postgres.SUPERUSER
        if os.geteuid() == 0:
            assert root.stat().st_uid != 0, "the server does not run as root"
    finally:
        server.stop()
    assert not server.running()
    assert not root.exists()
    with socket.socket() as probe:  # nothing listens on its port any more
        assert probe.connect_ex(("127.0.0.1", server.port)) != 0


def test_each_test_gets_an_empty_database(postgres_dsn: str) -> None:
    with psycopg.connect(postgres_dsn) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        assert tables == (0,)
        conn.execute("CREATE TABLE mine (id INTEGER)")


def test_the_next_database_is_empty_again(postgres_dsn: str) -> None:
    test_each_test_gets_an_empty_database(postgres_dsn)


def test_a_missing_postgresql_is_a_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres, "Path", lambda _: Path("/nonexistent"))
    with pytest.raises(PostgresMissing, match="apt-get install -y postgresql"):
        PostgresServer()
