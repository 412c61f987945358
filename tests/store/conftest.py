"""A fresh PostgreSQL database for each store test that asks (the server: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.store.channel_db import db  # noqa: F401  (the channel stores' two databases)
from tests.support.postgres import PostgresServer


@pytest.fixture
def postgres_dsn(postgres_server: PostgresServer) -> Iterator[str]:
    dsn = postgres_server.create_database()
    yield dsn
    postgres_server.drop_database(dsn)
