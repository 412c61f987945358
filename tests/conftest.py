"""Fixtures shared by every test folder: a real hub on 127.0.0.1 with test users."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.support import desk_build
from tests.support.hubs import (
    BACKENDS,
    PASSWORD,
    HubProcess,
    copy_postgres_database,
    drop_later,
    make_db,
)
from tests.support.postgres import PostgresMissing, PostgresServer
from tests.support.wire import Wire, ok
from workstation.hub.keys import KEY_FILE_ENV
from workstation.hub.server import HubServer, serve_hub


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Users are hashed with Argon2 once per run; each test gets a copy."""
    return make_db(tmp_path_factory.mktemp("template") / "hub.sqlite3")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Debian's PostgreSQL in a temporary directory, one per run (fails, never skips, when
    it is not installed)."""
    try:
        server = PostgresServer()
    except PostgresMissing as missing:
        pytest.fail(str(missing), pytrace=False)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer) -> str:
    """A PostgreSQL database with the test users, copied for each test on PostgreSQL."""
    return make_db(postgres_server.create_database())


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The hub fixtures' database: ``sqlite`` unless a test is parametrised with
    ``@pytest.mark.parametrize("backend", BACKENDS, indirect=True)`` (or its folder's
    conftest does it)."""
    chosen = str(getattr(request, "param", "sqlite"))
    assert chosen in BACKENDS, chosen
    return chosen


@pytest.fixture
def hub_db(
    backend: str, template_db: Path, tmp_path: Path, request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Path | str]:
    """The test hub's database: a copy of the template file, or on PostgreSQL a copy of the
    template database (and its key file in ``tmp_path``, named by the environment so that
    hub processes started by the test find it too)."""
    if backend == "sqlite":
        target = tmp_path / "hub.sqlite3"
        shutil.copyfile(template_db, target)
        yield target
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    dsn = copy_postgres_database(server, request.getfixturevalue("postgres_template"))
    monkeypatch.setenv(KEY_FILE_ENV, str(tmp_path / "hub.key"))
    yield dsn
    drop_later(server, dsn)


@pytest.fixture
async def hub(hub_db: Path | str) -> AsyncIterator[HubServer]:
    async with serve_hub(hub_db) as server:
        yield server


@pytest.fixture
def hub_process(hub_db: Path | str) -> Iterator[HubProcess]:
    process = HubProcess(hub_db)
    process.start()
    yield process
    process.stop()


async def staff_login(wire: Wire, user: str) -> dict[str, object]:
    return ok(await wire.request("hello", user=user, password=PASSWORD))


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """The installer's tests run last, and the desk bundle they need is built in the
    background from now on (tests/support/desk_build.py)."""
    installer = [item for item in items if item.path.name == "test_installer.py"]
    if installer and not config.option.collectonly:
        items[:] = [item for item in items if item.path.name != "test_installer.py"] + installer
        desk_build.start()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    desk_build.stop()
