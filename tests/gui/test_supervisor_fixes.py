"""The supervisor's window on a real hub: names in "Tidsgrenser", waits that keep counting,
and a sentence instead of empty tables when the shift is quiet."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
import shiboken6

from tests.conftest import staff_login
from tests.gui.helpers import eventually
from tests.support.hubs import PASSWORD
from tests.support.wire import Wire, ok
from workstation.client import Credentials, StaffClient
from workstation.hub.server import HubServer
from workstation.protocol.times import parse_time, utc_now
from workstation.sessions.clock import format_clock, format_date
from workstation.ui.supervisor.window import SupervisorWindow


class Clock:
    """A UTC clock the test moves on by hand (the hub keeps real time)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return utc_now() + self.offset


@contextlib.asynccontextmanager
async def supervisor(
    hub: HubServer, qtbot: Any, clock: Callable[[], datetime] = utc_now, **options: Any
) -> AsyncIterator[SupervisorWindow]:
    """A supervisor window signed in as ``sup``, started; stopped and closed after."""
    client = StaffClient(hub.url, Credentials(user="sup", password=PASSWORD))
    task = asyncio.ensure_future(client.run())
    await client.wait_connected()
    win = SupervisorWindow(client, clock=clock, **options)
    qtbot.addWidget(win)  # closed and deleted by pytest-qt, also when the test fails
    win.show()
    await win.start()
    try:
        yield win
    finally:
        # pytest-qt closes and deletes its widgets *before* fixture teardown: the window may
        # already be gone (its close stopped the controller then).
        if shiboken6.isValid(win):
            await win.controller.stop()
            win.close()
        await client.close()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await task


@pytest.fixture
async def window(hub: HubServer, qtbot: Any) -> AsyncIterator[SupervisorWindow]:
    async with supervisor(hub, qtbot) as win:
        yield win


async def test_time_limits_name_the_supervisor_by_display_name(
    window: SupervisorWindow, hub: HubServer
) -> None:
    panel = window.limits
    chat = panel.rows["chat"]
    chat.enabled.setChecked(True)
    assert await panel.save("chat")
    record = window.controller.policies["chat"]
    moment = parse_time(record["updated_at"])
    expected = f"av Siri Supervisor, {format_date(moment)} kl. {format_clock(moment)}"
    assert chat.changed_by.text() == expected
    assert "sup," not in chat.changed_by.text()


async def test_longest_conversation_keeps_counting_like_the_duration(
    hub: HubServer, qtbot: Any
) -> None:
    clock = Clock()
    async with (
        supervisor(hub, qtbot, clock) as window,
        Wire.connect(hub.url, "/v1/staff") as kari,
        Wire.connect(hub.url, "/v1/contact") as contact,
    ):
        await staff_login(kari, "kari")
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        staff, conversations = window.controller.staff, window.controller.conversations

        def held() -> None:
            assert staff.row_of("kari") >= 0
            assert staff.index(staff.row_of("kari"), staff.HELD).data() == "1"
            assert conversations.rowCount() == 1

        await eventually(held)
        clock.offset += timedelta(minutes=7, seconds=5)
        window.controller.tick()
        longest = staff.index(staff.row_of("kari"), staff.LONGEST).data()
        duration = conversations.index(0, conversations.DURATION).data()
        assert longest == duration == "7 min"


async def test_a_quiet_shift_says_so_and_traffic_hides_the_sentence(
    window: SupervisorWindow, hub: HubServer
) -> None:
    quiet = window.overview.quiet
    await eventually(lambda: quiet.isVisible())
    assert quiet.text().startswith("Ingen i kø, ingen samtaler og ingen veiledere pålogget nå.")
    async with Wire.connect(hub.url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        await eventually(lambda: quiet.text().startswith("Ingen i kø og ingen samtaler nå."))
        async with Wire.connect(hub.url, "/v1/contact") as contact:
            ok(await contact.request("open", channel="chat"))
            await eventually(lambda: not quiet.isVisible())
            assert window.controller.queue.rowCount() == 1
