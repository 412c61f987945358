"""A young person over the hub's abuse limits (``workstation/hub/limits.py``, as
``workstation-hub serve`` ships them) on the chat page in Debian's Chromium: the page says so
kindly and keeps working, the young person gets through once the limit's window has passed,
and the supervisor and the shift lead on the floor are alerted (docs/chat.md). Marked slow.

One change to the shipped limits, a timing only the test needs shorter: an address gets an
opening back every 5 s instead of every 12 s (the burst, and so what the page goes through,
is the shipped one)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import pytest

from tests.conftest import staff_login
from tests.e2e.test_chat_page_browser import (  # noqa: F401 (fixtures)
    _counsellor,
    _message_from_contact,
    _take_next,
    _text,
    _wait,
    _wait_text,
    _write,
    browser,
    neutral,
)
from tests.support.chromium import run
from tests.support.wire import Frame, Wire, ok
from workstation.hub.buckets import Rate
from workstation.hub.limits import LimitSettings, LimitsFeature
from workstation.hub.server import HubServer, serve_hub
from workstation.hub.webchat import ChatSettings

pytestmark = pytest.mark.slow

SHIPPED = LimitSettings()
assert SHIPPED.open_per_address is not None
#: The hub's limits here: the shipped ones, an opening back to an address every 5 s.
LIMITS = dataclasses.replace(
    SHIPPED, open_per_address=Rate(12, SHIPPED.open_per_address.burst))
TOO_FAST = "Du sender veldig fort. Vent litt, og prøv igjen."
TOO_MANY = ("Akkurat nå er det mange som prøver å komme inn. Vent litt, og prøv igjen – "
            "eller ring oss på 116 111.")

#: What a script (or a paste-and-Enter frenzy) does on the page: the page's own composer,
#: Enter after Enter, faster than anyone types.
FLOOD = """
const box = document.querySelector("textarea[name=message]");
for (let i = 0; i < arguments[0]; i++) {
  box.value = "hjelp " + i;
  box.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true, cancelable: true}));
}
"""


@pytest.fixture
async def limited_hub(hub_db: Any, neutral: str) -> AsyncIterator[HubServer]:  # noqa: F811
    async with serve_hub(hub_db, chat=ChatSettings(exit_url=neutral + "/weather")) as hub:
        hub.hub.feature(LimitsFeature).configure(LIMITS)  # an embedded hub lifts them
        yield hub


async def _watchers(hub: HubServer, stack: AsyncExitStack) -> tuple[Wire, Wire]:
    """The supervisor and the shift lead, signed in before anything happens."""
    found = []
    for user in ("sup", "lead"):
        wire = await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
        await staff_login(wire, user)
        found.append(wire)
    return found[0], found[1]


def _alert(limit: str) -> Any:
    def match(frame: Frame) -> bool:
        return frame.get("type") == "alert" and frame.get("alert") == "rate_limited" \
            and frame.get("limit") == limit
    return match


def _failed_lines(driver: Any) -> list[str]:
    return list(driver.execute_script(
        "return Array.from(document.querySelectorAll('[role=log] .line.failed .text'),"
        " e => e.textContent)"))


async def test_a_flood_of_messages_is_refused_kindly_and_the_young_person_writes_again(
    limited_hub: HubServer, browser: Any  # noqa: F811
) -> None:
    driver, hub = browser, limited_hub
    rate = LIMITS.send_per_contact
    assert rate is not None
    async with AsyncExitStack() as stack:
        sup, lead = await _watchers(hub, stack)
        await run(driver.get, f"http://127.0.0.1:{hub.port}/chat")
        await run(lambda: driver.find_element("id", "start").click())
        await run(_wait, driver, lambda d: d.find_element("id", "queue-position").text.isdigit())
        kari = await _counsellor(hub, stack)
        conv = await _take_next(kari)

        sent = int(rate.burst) + 10
        await run(driver.execute_script, FLOOD, sent)
        await run(_wait_text, driver, "#send-error", TOO_FAST)
        await run(_wait, driver, lambda d: not d.find_elements("css selector", ".line.pending"))
        refused = await run(_failed_lines, driver)
        assert 0 < len(refused) <= sent - int(rate.burst)
        # The accepted ones reached the counsellor, the refused ones did not.
        await _message_from_contact(kari, conv, "hjelp 0")
        for frame in (await sup.expect(_alert("send_per_contact")),
                      await lead.expect(_alert("send_per_contact"))):
            assert frame["refused"] >= 1
        # Not a broken page: still the conversation, nothing else shown.
        assert await run(lambda: driver.find_element("id", "chat-screen").is_displayed())
        assert not await run(lambda: driver.find_element("id", "status").is_displayed())

        await asyncio.sleep(1.5 * 60 / rate.per_minute)  # a token back in the bucket
        await run(_write, driver, "Nå skal jeg skrive roligere")
        await _message_from_contact(kari, conv, "Nå skal jeg skrive roligere")
        await run(_wait, driver, lambda d: not d.find_element("id", "send-error").is_displayed())
        assert await run(_failed_lines, driver) == refused


async def test_a_flood_of_new_chats_from_one_address_turns_the_page_away_kindly_for_a_while(
    limited_hub: HubServer, browser: Any  # noqa: F811
) -> None:
    driver, hub = browser, limited_hub
    rate = LIMITS.open_per_address
    assert rate is not None
    async with AsyncExitStack() as stack:
        sup, lead = await _watchers(hub, stack)
        # A script on the same address (a school's network, a phone's NAT) opens chats first.
        for _ in range(int(rate.burst)):
            async with Wire.connect(hub.url, "/v1/contact") as script:
                ok(await script.request("open", channel="chat"))
        await run(driver.get, f"http://127.0.0.1:{hub.port}/chat")
        await run(lambda: driver.find_element("id", "start").click())
        await run(_wait_text, driver, "#status", TOO_MANY)
        assert await run(lambda: driver.find_element("id", "start-screen").is_displayed())
        assert await run(lambda: driver.find_element("id", "start").is_enabled())
        for frame in (await sup.expect(_alert("open_per_address")),
                      await lead.expect(_alert("open_per_address"))):
            assert frame["refused"] == 1

        await asyncio.sleep(1.1 * 60 / rate.per_minute)  # one open back for the address
        await run(lambda: driver.find_element("id", "start").click())
        await run(_wait, driver, lambda d: d.find_element("id", "queue-position").text.isdigit())
        assert await run(_text, driver, "#queue-position") == str(int(rate.burst) + 1)
        assert not await run(lambda: driver.find_element("id", "status").is_displayed())
