"""Screenshots of the chat page's screens in Debian's Chromium, for docs/chat.md.

    python -m tests.support.chat_screenshots docs/screenshots

stages a real hub, a young person on the page and a counsellor on a raw staff client, and
saves ``chat-<screen>-<phone|desktop>[-night].png`` (phone 390x844, desktop 1280x800);
``python -m tests.support.chat_screenshots docs/screenshots blocked`` only the blocked screen.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from contextlib import AsyncExitStack
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tests.support.chromium import chromium, neutral_site, run
from tests.support.hubs import PASSWORD, make_db
from tests.support.wire import Wire, ok
from workstation.hub.server import serve_hub
from workstation.hub.webchat import ChatSettings
from workstation.hub.webchat.status import ChatHours
from workstation.sessions.referrals import OSLO

SIZES = {"phone": (390, 844, True), "desktop": (1280, 800, False)}


def _setup(driver: Any, size: str, night: bool) -> None:
    width, height, mobile = SIZES[size]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile,
    })
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": "dark" if night else "light"}],
    })


def _wait(driver: Any, condition: Any) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 15, poll_frequency=0.05).until(condition)


def _type(driver: Any, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element("name", "message")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)


async def stage(out: Path, size: str, night: bool, tmp: Path) -> None:
    suffix = f"{size}{'-night' if night else ''}"
    db = make_db(tmp / f"hub-{suffix}.sqlite3")
    with neutral_site() as neutral, chromium(tmp / f"profile-{suffix}") as driver:
        async with AsyncExitStack() as stack:
            hub = await stack.enter_async_context(
                serve_hub(db, chat=ChatSettings(exit_url=neutral)))
            url = f"http://127.0.0.1:{hub.port}/chat"
            await run(_setup, driver, size, night)
            await run(driver.get, url)
            await run(driver.save_screenshot, str(out / f"chat-start-{suffix}.png"))

            ahead = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
            ok(await ahead.request("open", channel="chat"))
            await run(lambda: driver.find_element("id", "start").click())
            await run(_wait, driver, lambda d: d.find_element("id", "queue-position").text == "2")
            await run(_type, driver, "hei. jeg vet ikke helt hva jeg skal skrive")
            await run(driver.save_screenshot, str(out / f"chat-queue-{suffix}.png"))

            kari = await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
            ok(await kari.request("hello", user="kari", password=PASSWORD))
            queue = await kari.expect(lambda f: f.get("type") == "queue" and len(f["items"]) == 2)
            conv = queue["items"][1]["conversation"]
            ok(await kari.request("accept", conversation=conv))
            ok(await kari.request("send", conversation=conv, text=(
                "Hei, så fint at du skriver til oss. Jeg heter Kari. Du kan skrive akkurat "
                "det du vil, og i ditt eget tempo.")))
            await run(_type, driver, "det er bare mye krangling hjemme nå. mamma og han nye "
                      "kjæresten hennes roper hele tiden")
            ok(await kari.request("send", conversation=conv, text=(
                "Det høres slitsomt ut. Vil du fortelle litt om hvordan det er for deg?")))
            await run(_wait, driver, lambda d: "slitsomt" in d.find_element(
                "css selector", "[role=log]").text)
            await run(_type, driver, "det er vanskelig å forklare")
            ok(await kari.request("typing", conversation=conv))
            await run(_wait, driver, lambda d: d.find_element("id", "typing").is_displayed())
            await run(driver.save_screenshot, str(out / f"chat-conversation-{suffix}.png"))

            ok(await kari.request("close", conversation=conv))
            await run(_wait, driver, lambda d: d.find_element("id", "end-screen").is_displayed())
            await run(driver.save_screenshot, str(out / f"chat-end-{suffix}.png"))


async def closed(out: Path, tmp: Path) -> None:
    """The closed screen on a phone: a hub whose chat opens in two hours."""
    opens = datetime.now(OSLO) + timedelta(hours=2)
    hours = ChatHours(opens.strftime("%H:00"), (opens + timedelta(hours=8)).strftime("%H:00"))
    with neutral_site() as neutral, chromium(tmp / "profile-closed") as driver:
        settings = ChatSettings(exit_url=neutral, hours=hours)
        async with serve_hub(make_db(tmp / "hub-closed.sqlite3"), chat=settings) as hub:
            await run(_setup, driver, "phone", False)
            await run(driver.get, f"http://127.0.0.1:{hub.port}/chat")
            await run(_wait, driver, lambda d: d.find_element("id", "closed-screen").is_displayed())
            await run(driver.save_screenshot, str(out / "chat-closed-phone.png"))


def _ask_callback(driver: Any, number: str) -> None:
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element("id", "cb-number")
    box.clear()
    box.send_keys(number, Keys.ENTER)


async def callback(out: Path, size: str, night: bool, tmp: Path) -> None:
    """The call-back form, its error for a number we cannot ring, and the sent screen."""
    suffix = f"{size}{'-night' if night else ''}"
    with neutral_site() as neutral, chromium(tmp / f"profile-cb-{suffix}") as driver:
        settings = ChatSettings(exit_url=neutral)
        async with serve_hub(make_db(tmp / f"hub-cb-{suffix}.sqlite3"), chat=settings) as hub:
            await run(_setup, driver, size, night)
            await run(driver.get, f"http://127.0.0.1:{hub.port}/chat")
            await run(lambda: driver.find_element("css selector", ".callback-link").click())
            await run(_wait, driver,
                      lambda d: d.find_element("id", "callback-screen").is_displayed())
            await run(driver.save_screenshot, str(out / f"chat-callback-{suffix}.png"))
            await run(_ask_callback, driver, "12345")
            await run(_wait, driver, lambda d: d.find_element("id", "cb-error").is_displayed())
            await run(driver.execute_script,
                      "document.getElementById('cb-number').scrollIntoView({block: 'center'})")
            await run(driver.save_screenshot, str(out / f"chat-callback-error-{suffix}.png"))
            await run(_ask_callback, driver, "912 34 567")
            await run(_wait, driver,
                      lambda d: d.find_element("id", "callback-sent-screen").is_displayed())
            await run(driver.save_screenshot, str(out / f"chat-callback-sent-{suffix}.png"))


async def blocked(out: Path, tmp: Path) -> None:
    """A blocked browser on a phone (docs/care.md): the kind answer instead of the queue."""
    with neutral_site() as neutral, chromium(tmp / "profile-blocked") as driver:
        settings = ChatSettings(exit_url=neutral)
        async with serve_hub(make_db(tmp / "hub-blocked.sqlite3"), chat=settings) as hub:
            await run(_setup, driver, "phone", False)
            url = f"http://127.0.0.1:{hub.port}/chat"
            await run(driver.get, url)
            await run(lambda: driver.find_element("id", "start").click())
            await run(_wait, driver, lambda d: d.find_element("id", "queue-position").text)
            async with Wire.connect(hub.url, "/v1/staff") as kari, Wire.connect(
                hub.url, "/v1/staff"
            ) as lead:
                ok(await kari.request("hello", user="kari", password=PASSWORD))
                ok(await lead.request("hello", user="lead", password=PASSWORD))
                queue = await kari.expect(lambda f: f.get("type") == "queue" and f["items"])
                conv = queue["items"][0]["conversation"]
                ok(await kari.request("accept", conversation=conv))
                ok(await kari.request("close", conversation=conv))
                ok(await lead.request("block_add", conversation=conv, hours=24, reason="Tull"))
            await run(driver.get, url)
            await run(lambda: driver.find_element("id", "start").click())
            await run(_wait, driver,
                      lambda d: d.find_element("id", "blocked-screen").is_displayed())
            await run(driver.save_screenshot, str(out / "chat-blocked-phone.png"))


async def main(out: Path, only: str = "") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if only == "blocked":
            await blocked(out, Path(tmp))
            return
        for size in SIZES:
            for night in (False, True):
                await stage(out, size, night, Path(tmp))
        await closed(out, Path(tmp))
        for size in SIZES:
            for night in (False, True):
                await callback(out, size, night, Path(tmp))
        await blocked(out, Path(tmp))


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    target.mkdir(parents=True, exist_ok=True)
    if sys.argv[2:] == ["--callback"]:  # only the call-back screens
        with tempfile.TemporaryDirectory() as tmp:
            for size in SIZES:
                for night in (False, True):
                    asyncio.run(callback(target, size, night, Path(tmp)))
    else:
        asyncio.run(main(target, sys.argv[2] if len(sys.argv) > 2 else ""))
