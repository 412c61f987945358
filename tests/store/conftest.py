"""A PostgreSQL server for the whole run, a fresh database for each test that asks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.store.channel_db import db  # noqa: F401  (the channel stores' two databases)
from tests.support.postgres import PostgresMissing, PostgresServer


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer()
    except PostgresMissing as missing:
        pytest.fail(str(missing), pytrace=False)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def postgres_dsn(postgres_server: PostgresServer) -> Iterator[str]:
    dsn = postgres_server.create_database()
    yield dsn
    postgres_server.drop_database(dsn)
