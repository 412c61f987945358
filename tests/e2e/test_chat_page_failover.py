"""The chat page in Debian's Chromium with two hubs (docs/deploy.md): the page's hub is
SIGKILLed mid-conversation, the other hub takes over the database; the page moves there,
resumes, and what the young person wrote while moving arrives once. Marked slow."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import staff_login

# The browser fixture and the page's helpers are the chat page's own tests'.
from tests.e2e.test_chat_page_browser import (  # noqa: F401
    _join,
    _lines,
    _message_from_contact,
    _take_next,
    _text,
    _wait,
    _wait_text,
    _write,
    browser,
)
from tests.support.chromium import run
from tests.support.failover import TwoHubs, logged_messages
from tests.support.wire import Wire, ok

pytestmark = pytest.mark.slow
#: SQLite: hub B starts after hub A died. Several hubs on PostgreSQL add True.
SECOND_BEFORE_KILL = [False]


@pytest.mark.parametrize("second_before_kill", SECOND_BEFORE_KILL)
async def test_the_page_moves_to_the_other_hub_and_nothing_is_lost_or_doubled(
    hub_db: Path, browser: Any, second_before_kill: bool  # noqa: F811
) -> None:
    hubs = TwoHubs(hub_db, second_before_kill=second_before_kill)
    first, second = hubs.start()
    driver = browser
    try:
        await run(_join, driver, first.replace("ws://", "http://") + "/chat")
        async with Wire.connect(first, "/v1/staff") as kari:
            await staff_login(kari, "kari")
            conv = await _take_next(kari)
            ok(await kari.request("send", conversation=conv, text="Jeg er her."))
            await run(_write, driver, "før bruddet")
            await _message_from_contact(kari, conv, "før bruddet")
            await run(_wait_text, driver, "[role=log]", "Jeg er her.")
            hubs.kill_first()

        # Hub A is gone: the page says so, and what the young person writes waits.
        await run(_wait, driver, lambda d: d.find_element("id", "status").is_displayed())
        assert await run(_text, driver, "#status") == "kobler til igjen…"
        await run(_write, driver, "mens siden flytter 1")
        await run(_write, driver, "mens siden flytter 2")
        assert len(await run(driver.find_elements, "css selector", ".line.pending")) == 2

        hubs.start_second()
        async with Wire.connect(second, "/v1/staff") as kari:
            await staff_login(kari, "kari")
            ok(await kari.request("sync", after={}))
            await _message_from_contact(kari, conv, "mens siden flytter 1")
            await _message_from_contact(kari, conv, "mens siden flytter 2")
            await run(_wait, driver,
                      lambda d: not d.find_element("id", "status").is_displayed(), 30)
            ok(await kari.request("send", conversation=conv, text="Nå er vi på den andre."))
            await run(_write, driver, "etter")
            await _message_from_contact(kari, conv, "etter")
            await run(_wait, driver, lambda d: "Nå er vi på den andre." in _lines(d))
            await run(_wait, driver, lambda d: not d.find_elements("css selector", ".line.pending"))

        expected = ["Kari fra Alarmtelefonen er her nå.", "Jeg er her.", "før bruddet",
                    "mens siden flytter 1", "mens siden flytter 2", "Nå er vi på den andre.",
                    "etter"]
        assert await run(_lines, driver) == expected
        logged = [text for _, _, text in logged_messages(hub_db, conv)]
        assert logged == expected[1:]
        assert all(n == 1 for n in Counter(logged).values())
    finally:
        hubs.stop()
