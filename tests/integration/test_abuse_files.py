"""The database holds conversations in clear text: only the hub's user may read it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.wire import Wire, ok
from workstation.hub.server import serve_hub


@pytest.fixture
def loose_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # the usual umask: new files 0644
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def _write_something(db: Path) -> None:
    async with serve_hub(db) as hub, Wire.connect(hub.url, "/v1/contact") as contact:
        ok(await contact.request("open", channel="chat"))
        ok(await contact.request("send", text="Jeg heter Iben og bor i Bodø."))
        files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
        assert all(file.exists() for file in files)
        assert [oct(mode(file)) for file in files] == [oct(0o600)] * 3


@pytest.mark.usefixtures("loose_umask")
async def test_a_new_database_and_its_folder_are_private(tmp_path: Path) -> None:
    db = tmp_path / "state" / "hub" / "hub.sqlite3"
    await _write_something(db)
    assert mode(db.parent) == 0o700


@pytest.fixture
def readable_db(hub_db: Path, loose_umask: None) -> Path:
    """A database (and a stale ``-wal``) made by an older hub under the usual umask."""
    os.chmod(hub_db, 0o644)
    Path(f"{hub_db}-wal").touch(0o644)
    return hub_db


async def test_a_database_made_world_readable_earlier_is_tightened(readable_db: Path) -> None:
    await _write_something(readable_db)
