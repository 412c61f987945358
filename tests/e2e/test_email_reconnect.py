"""The hub's mailbox reader outlives its mailbox: Dovecot not up yet when the hub starts, then
restarted under it — letters delivered meanwhile still reach a counsellor."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.conftest import staff_login
from tests.support.certs import make_authority
from tests.support.dovecot import dovecot, free_port
from tests.support.logged_hub import logged_hub
from tests.support.mail_hub import hub_args, letter, queued
from tests.support.smtp_sink import smtp_sink
from tests.support.wire import Wire

pytestmark = pytest.mark.slow


async def logged(log: Path, words: str, count: int = 1, timeout: float = 20.0) -> None:
    """Wait until the hub's log holds ``words`` ``count`` times (the log is a file)."""
    async with asyncio.timeout(timeout):
        while (await asyncio.to_thread(log.read_text)).count(words) < count:  # noqa: ASYNC110
            await asyncio.sleep(0.1)  # the log is a file another process writes: polled


async def test_letters_arrive_once_the_mailbox_is_up_and_after_it_restarts(
    hub_db: Path, tmp_path: Path
) -> None:
    authority = make_authority(tmp_path)
    port = free_port()
    url = f"imaps://helpline@127.0.0.1:{port}/INBOX"
    log = tmp_path / "hub.log"
    with (
        smtp_sink(tmp_path, authority) as sink,
        logged_hub(hub_db, log, args=hub_args(tmp_path, authority, url, sink)) as hub,
    ):
        async with Wire.connect(hub, "/v1/staff") as desk:
            await staff_login(desk, "kari")
            await logged(log, "mailbox unreachable (")
            with dovecot(authority, port=port) as mailbox:
                await mailbox.append(bytes(letter("a@eksempel.no", "Første brev")))
                (first,) = await queued(desk, 1, timeout=30)
                await logged(log, "mailbox open")
            # Dovecot stopped under the hub's IDLE; a new one on the same port, empty.
            with dovecot(authority, port=port) as mailbox:
                await mailbox.append(bytes(letter("b@eksempel.no", "Andre brev")))
                both = await queued(desk, 2, timeout=30)
                await logged(log, "mailbox open", 2)
    assert both[0] == first and len(set(both)) == 2
    assert "Traceback" not in log.read_text()
