"""Fixtures shared by every test folder: a real hub on 127.0.0.1 with test users."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.support.hubs import PASSWORD, HubProcess, make_db
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer, serve_hub


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Users are hashed with Argon2 once per run; each test gets a copy."""
    return make_db(tmp_path_factory.mktemp("template") / "hub.sqlite3")


@pytest.fixture
def hub_db(template_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "hub.sqlite3"
    shutil.copyfile(template_db, target)
    return target


@pytest.fixture
async def hub(hub_db: Path) -> AsyncIterator[HubServer]:
    async with serve_hub(hub_db) as server:
        yield server


@pytest.fixture
def hub_process(hub_db: Path) -> Iterator[HubProcess]:
    process = HubProcess(hub_db)
    process.start()
    yield process
    process.stop()


async def staff_login(wire: Wire, user: str) -> dict[str, object]:
    return ok(await wire.request("hello", user=user, password=PASSWORD))
