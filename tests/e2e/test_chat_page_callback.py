"""'Vil du heller bli ringt opp?' in Debian's Chromium: a young person leaves a number from
the closed page or from the queue; the desks see a masked call-back task (docs/chat.md).
Marked slow: each test starts a browser."""

from __future__ import annotations

from contextlib import AsyncExitStack
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_chat_page_browser import (  # noqa: F401  (fixtures)
    Scene,
    _axe_problems,
    _counsellor,
    _dark,
    _join,
    _text,
    _wait,
    _wait_text,
    browser,
    neutral,
    scene,
)
from tests.support.chromium import run
from tests.support.wire import Wire
from workstation.hub.server import serve_hub
from workstation.hub.webchat import ChatSettings

pytestmark = pytest.mark.slow


def _open_form_by_keyboard(driver: Any, css: str) -> None:
    """Tab to the visible call-back link and press Enter (no mouse)."""
    from selenium.webdriver.common.keys import Keys

    link = next(e for e in driver.find_elements("css selector", css) if e.is_displayed())
    driver.execute_script("arguments[0].focus()", link)
    link.send_keys(Keys.ENTER)
    _wait(driver, lambda d: d.find_element("id", "callback-screen").is_displayed())
    assert driver.switch_to.active_element.get_attribute("id") == "callback-title"


def _fill(driver: Any, number: str, window: str = "any", say_who: bool = False) -> None:
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    box = driver.find_element("id", "cb-number")
    box.clear()
    box.send_keys(number)
    Select(driver.find_element("id", "cb-window")).select_by_value(window)
    value = "yes" if say_who else "no"
    driver.find_element("css selector", f"input[name=may_say_who][value={value}]").click()
    box.send_keys(Keys.ENTER)  # submits the form


async def _task(kari: Wire) -> dict[str, Any]:
    frame = await kari.expect(lambda f: f.get("type") == "callbacks" and f["items"], 15)
    return dict(frame["items"][0])


async def test_from_the_closed_page_a_number_reaches_the_desks_masked(
    hub_db: Path, browser: Any, neutral: str  # noqa: F811 (fixtures)
) -> None:
    from workstation.hub.webchat.status import ChatHours
    from workstation.sessions.referrals import OSLO

    now = datetime.now(OSLO)
    opens, closes = now + timedelta(hours=2), now + timedelta(hours=3)
    hours = ChatHours(opens.strftime("%H:%M"), closes.strftime("%H:%M"))
    settings = ChatSettings(exit_url=neutral + "/weather", hours=hours)
    async with AsyncExitStack() as stack:
        hub = await stack.enter_async_context(serve_hub(hub_db, chat=settings))
        kari = await _counsellor(hub, stack)
        driver = browser
        await run(driver.get, f"http://127.0.0.1:{hub.port}/chat")
        await run(_wait, driver, lambda d: d.find_element("id", "closed-screen").is_displayed())
        await run(_open_form_by_keyboard, driver, "#closed-screen .callback-link")
        problems = {}
        for night in (False, True):
            await run(_dark, driver, night)
            problems[f"form{' night' if night else ''}"] = await run(_axe_problems, driver)
        # A number we cannot ring: a clear sentence, announced, and the box marked invalid.
        await run(_fill, driver, "12345")
        await run(_wait_text, driver, "#cb-error", "Vi kan ikke ringe dette nummeret.")
        assert await run(lambda: driver.find_element("id", "cb-error").get_attribute("role")) \
            == "alert"
        assert await run(
            lambda: driver.find_element("id", "cb-number").get_attribute("aria-invalid")
        ) == "true"
        problems["error"] = await run(_axe_problems, driver)
        await run(_fill, driver, "912 34 567", "16-20")
        await run(_wait, driver,
                  lambda d: d.find_element("id", "callback-sent-screen").is_displayed())
        assert await run(_text, driver, "#callback-sent-when") == \
            "Vi ringer deg mellom kl. 16 og 20."
        problems["sent"] = await run(_axe_problems, driver)
        task = await _task(kari)
        assert task["number"] == "+47 ** ** ** 67" and task["window"] == "16-20"
        assert task["may_say_who"] is False and task["lang"] == "nb"
        # The page keeps nothing of the number: not in storage, not in the emptied form.
        stored = await run(driver.execute_script,
                           "return JSON.stringify(Object.entries(sessionStorage))")
        assert "912" not in stored and "567" not in stored
        assert await run(lambda: driver.find_element("id", "cb-number").get_attribute("value")) \
            == ""
        # The quick exit still works from here.
        await run(lambda: driver.find_element("id", "quick-exit").click())
        await run(_wait, driver, lambda d: d.current_url == settings.exit_url)
    assert {screen: found for screen, found in problems.items() if found} == {}


async def test_from_the_queue_the_place_is_given_up_for_a_call_back(scene: Scene) -> None:  # noqa: F811
    async with AsyncExitStack() as stack:
        kari = await _counsellor(scene.hub, stack)
        driver = scene.browser
        await run(_join, driver, scene.chat_url)
        queued = await kari.expect(lambda f: f.get("type") == "queue" and f["items"], 15)
        conv = queued["items"][0]["conversation"]
        await run(_open_form_by_keyboard, driver, "#queue .callback-link")
        await run(driver.find_element("id", "cb-back").click)  # back to waiting, still queued
        await run(_wait, driver, lambda d: d.find_element("id", "chat-screen").is_displayed())
        await run(_open_form_by_keyboard, driver, "#queue .callback-link")
        await run(_fill, driver, "+46 70 123 45 67", "any", True)
        await run(_wait, driver,
                  lambda d: d.find_element("id", "callback-sent-screen").is_displayed())
        task = await _task(kari)
        assert task["number"] == "+46 * ** ** ** 67" and task["may_say_who"] is True
        closed = await kari.expect(
            lambda f: f.get("type") == "queue" and not f["items"], 15
        )
        assert closed["total"] == 0
        assert conv not in scene.hub.hub.queue
        # The sent screen stays (no end screen for the chat that was given up).
        assert await run(
            lambda: driver.find_element("id", "callback-sent-screen").is_displayed()
        )
        # The page forgets the chat when its end reaches it, which may come a moment after
        # the desk's queue emptied (another connection): wait for it, not for a fixed time.
        await run(_wait, driver,
                  lambda d: d.execute_script("return sessionStorage.length") == 0)
