""""Same counsellor again" in Debian's Chromium: the code given at the end is shown on the end
screen; typed on the start screen next time, it brings the young person to that counsellor,
or lets them choose when she is busy (docs/returning.md). Marked slow: starts a browser."""

from __future__ import annotations

from contextlib import AsyncExitStack
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.e2e.test_chat_page_browser import (  # noqa: F401  (fixtures)
    Scene,
    _axe_problems,
    _counsellor,
    _take_next,
    _text,
    _wait,
    _wait_text,
    browser,
    neutral,
    scene,
)
from tests.support.chromium import run
from tests.support.wire import Wire, ok
from workstation.hub.returning.feature import ReturnFeature
from workstation.protocol.times import format_time

pytestmark = pytest.mark.slow


def _join_with_code(driver: Any, url: str, code: str) -> None:
    driver.get(url)
    driver.find_element("id", "return-code").send_keys(code)
    driver.find_element("id", "start").click()
    _wait(driver, lambda d: d.find_element("id", "queue-position").text.isdigit())


async def _given_code(scene: Scene, kari: Wire, **offer: Any) -> str:  # noqa: F811
    """A first chat in the browser; Kari gives a code and closes; the end screen shows it."""
    driver = scene.browser
    await run(driver.get, scene.chat_url)
    await run(lambda: driver.find_element("id", "start").click())
    conv = await _take_next(kari)
    code = str(ok(await kari.request("return_code_offer", conversation=conv, **offer))["code"])
    ok(await kari.request("close", conversation=conv))
    await run(_wait_text, driver, "#end-screen", "Den voksne avsluttet samtalen.")
    assert await run(_text, driver, "#return-code-value") == code
    assert await run(lambda: driver.find_element("id", "return-code-box").is_displayed())
    assert await run(_axe_problems, driver) == []
    await run(driver.save_screenshot, str(scene.hub.hub.store.path.parent / "end-code.png"))
    return code


async def test_a_code_typed_on_the_start_screen_reaches_the_same_counsellor(
    scene: Scene,  # noqa: F811
) -> None:
    driver = scene.browser
    async with AsyncExitStack() as stack:
        kari = await _counsellor(scene.hub, stack)
        at = datetime(2099, 1, 2, 14, 30, tzinfo=UTC)  # a Friday; 15.30 in Oslo
        scene.hub.hub.feature(ReturnFeature).expiry_days = 365 * 80
        code = await _given_code(scene, kari, follow_up_at=format_time(at))
        note = await run(_text, driver, "#return-code-time")
        assert note.startswith("Dere har avtalt en ny samtale fredag 2. januar"), note
        assert "15:30" in note or "15.30" in note, note
        await run(lambda: driver.find_element("id", "again").click())
        typed = code.lower().replace("-", " ")
        await run(_join_with_code, driver, scene.chat_url, typed)
        await run(_wait_text, driver, "#returning", "Vi sier fra til Kari at du er her.")
        offer = await kari.expect(lambda f: f.get("type") == "return_offer", 15)
        ok(await kari.request("accept", conversation=offer["conversation"]))
        await run(_wait_text, driver, "[role=log]", "Kari fra Alarmtelefonen er her nå.")


async def test_a_busy_counsellor_the_young_person_chooses_to_wait(scene: Scene) -> None:  # noqa: F811
    driver = scene.browser
    async with AsyncExitStack() as stack:
        kari = await _counsellor(scene.hub, stack)
        code = await _given_code(scene, kari)
        ok(await kari.request("presence", status="away"))
        await run(lambda: driver.find_element("id", "again").click())
        await run(_join_with_code, driver, scene.chat_url, code)
        await run(_wait_text, driver, "#returning", "Kari har en liten pause akkurat nå.")
        assert await run(_axe_problems, driver) == []
        await run(driver.save_screenshot,
                  str(scene.hub.hub.store.path.parent / "returning-choice.png"))
        await run(lambda: driver.find_element("id", "return-wait").click())
        await run(_wait_text, driver, "#returning", "Du venter på Kari.")
        ok(await kari.request("presence", status="available"))
        offer = await kari.expect(lambda f: f.get("type") == "return_offer", 15)
        ok(await kari.request("accept", conversation=offer["conversation"]))
        await run(_wait_text, driver, "[role=log]", "Kari fra Alarmtelefonen er her nå.")


async def test_a_wrong_code_gets_a_kind_sentence_and_the_queue(scene: Scene) -> None:  # noqa: F811
    driver = scene.browser
    await run(_join_with_code, driver, scene.chat_url, "SOL-ORM-99")
    await run(_wait_text, driver, "#returning", "Vi fant ikke den koden.")
    assert await run(_text, driver, "#queue-position") == "1"
