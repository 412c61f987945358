"""A young person on the chat page in Debian's Chromium, a counsellor on a raw staff client,
and the real hub in between (docs/chat.md). Marked slow: each test starts a browser."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import staff_login
from tests.support.chromium import chromium, neutral_site, quit_first, run
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer, serve_hub
from workstation.hub.webchat import ChatSettings

pytestmark = pytest.mark.slow

HOSTILE = '<img src=x onerror="document.title=\'hacked\'"><script>document.title="hacked"</script>'


@dataclass
class Scene:
    hub: HubServer
    browser: Any
    neutral: str
    settings: ChatSettings

    @property
    def chat_url(self) -> str:
        return f"http://127.0.0.1:{self.hub.port}/chat"


@pytest.fixture
def neutral() -> Iterator[str]:
    with neutral_site() as url:
        yield url


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    with chromium(tmp_path / "profile") as driver:
        yield driver


@pytest.fixture
async def scene(
    hub_db: Path, browser: Any, neutral: str, request: pytest.FixtureRequest
) -> AsyncIterator[Scene]:
    """The hub (``request.param``, if given: whether the page comes from its page process)."""
    settings = ChatSettings(exit_url=neutral + "/weather")
    paged = bool(getattr(request, "param", False))
    async with serve_hub(hub_db, chat=settings, page_process=paged) as hub:
        try:
            yield Scene(hub, browser, neutral, settings)
        finally:
            await run(quit_first, browser)  # before the hub stops (see quit_first)


# --- what the young person does and sees (blocking Selenium calls, run in a thread) -------


def _wait(driver: Any, condition: Any, timeout: float = 15) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)


def _text(driver: Any, css: str) -> str:
    return str(driver.find_element("css selector", css).text)


def _wait_text(driver: Any, css: str, wanted: str) -> None:
    _wait(driver, lambda d: wanted in _text(d, css))


def _lines(driver: Any) -> list[str]:
    """The transcript's messages as the young person sees them (text only)."""
    return list(driver.execute_script(
        "return Array.from(document.querySelectorAll('[role=log] .text'), e => e.textContent)"
    ))


def _join(driver: Any, url: str, age: str = "", gender: str = "") -> None:
    from selenium.webdriver.support.ui import Select

    driver.get(url)
    if age:
        Select(driver.find_element("id", "age")).select_by_value(age)
    if gender:
        Select(driver.find_element("id", "gender")).select_by_value(gender)
    driver.find_element("id", "start").click()
    _wait(driver, lambda d: d.find_element("id", "queue-position").text.isdigit())


def _write(driver: Any, *parts: str) -> None:
    """Type into the message box; ``"\\n"`` parts are Shift+Enter; then Enter sends."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element("css selector", "textarea[name=message]")
    box.click()
    for part in parts:
        if part == "\n":
            ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(
                Keys.SHIFT).perform()
        else:
            box.send_keys(part)
    box.send_keys(Keys.ENTER)


async def _counsellor(hub: HubServer, stack: Any) -> Wire:
    wire = await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
    await staff_login(wire, "kari")
    return wire


async def _take_next(kari: Wire) -> str:
    queue = await kari.expect(lambda f: f.get("type") == "queue" and f["items"], 15)
    conv = str(queue["items"][-1]["conversation"])
    ok(await kari.request("accept", conversation=conv))
    return conv


async def _message_from_contact(kari: Wire, conv: str, text: str) -> dict[str, Any]:
    return await kari.expect(
        lambda f: f.get("type") == "event" and f.get("conversation") == conv
        and f.get("kind") == "message" and f.get("from") == "contact" and f["text"] == text,
        15,
    )


#: The WCAG 2.1 A and AA rules of axe-core (shipped inside selenium-axe-python on PyPI).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_problems(driver: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical WCAG 2.1 AA violations on the page as it is now."""
    source = (resources.files("selenium_axe_python") / "axe-core" / "axe.min.js").read_text()
    driver.set_script_timeout(30)
    driver.execute_script(source)
    found = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
        " where: v.nodes.map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe failed: ' + e, impact: 'critical', where: []}]));",
        AXE_TAGS,
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def _dark(driver: Any, on: bool) -> None:
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": "dark" if on else "light"}],
    })


# --- the tests -----------------------------------------------------------------------------


#: The page answered by the hub itself, and by its page process (serve --chat-page-process).
BOTH_WAYS = pytest.mark.parametrize("scene", [False, True], ids=["hub", "page-process"],
                                    indirect=True)


@BOTH_WAYS
async def test_a_young_person_joins_waits_and_talks_with_a_counsellor(scene: Scene) -> None:
    from contextlib import AsyncExitStack

    driver = scene.browser
    async with AsyncExitStack() as stack:
        ahead = await stack.enter_async_context(Wire.connect(scene.hub.url, "/v1/contact"))
        ok(await ahead.request("open", channel="chat"))
        await run(_join, driver, scene.chat_url, "13-15", "girl")
        assert await run(_text, driver, "#queue-position") == "2"
        assert not await run(lambda: driver.find_element("id", "queue-estimate").is_displayed())
        ok(await ahead.request("leave"))
        await run(_wait_text, driver, "#queue-position", "1")
        assert "neste" in await run(_text, driver, "#queue-wait")

        kari = await _counsellor(scene.hub, stack)
        conv = await _take_next(kari)
        described = await kari.event(conv, "described")
        assert (described["age_band"], described["gender"]) == ("13-15", "girl")
        await run(_wait_text, driver, "[role=log]", "Kari fra Alarmtelefonen er her nå.")
        assert not await run(lambda: driver.find_element("id", "queue").is_displayed())

        ok(await kari.request("typing", conversation=conv))
        await run(_wait, driver, lambda d: d.find_element("id", "typing").text == "Kari skriver…")
        ok(await kari.request("send", conversation=conv, text="Hei, jeg heter Kari. Hva skjer?"))
        await run(_wait_text, driver, "[role=log]", "Hei, jeg heter Kari. Hva skjer?")
        assert not await run(lambda: driver.find_element("id", "typing").is_displayed())

        await run(_write, driver, "Hei", "\n", "det er mye nå")
        got = await _message_from_contact(kari, conv, "Hei\ndet er mye nå")
        assert got["client_id"]
        await run(_wait, driver, lambda d: not d.find_elements("css selector", ".line.pending"))
        assert await run(lambda: driver.find_element("name", "message").get_attribute("value")) \
            == ""

        ok(await kari.request("close", conversation=conv))
        await run(_wait_text, driver, "#end-screen", "Den voksne avsluttet samtalen.")
        assert await run(_lines, driver) == [
            "Kari fra Alarmtelefonen er her nå.",
            "Hei, jeg heter Kari. Hva skjer?",
            "Hei\ndet er mye nå",
        ]

        # The two anonymous questions on the end screen, stored in the conversation's log.
        for choice in ("input[name=helped][value=a_bit]", "input[name=again][value=yes]"):
            await run(lambda c=choice: driver.find_element("css selector", c).click())
        await run(lambda: driver.find_element("id", "send-feedback").click())
        await run(_wait_text, driver, "#feedback-thanks", "Takk for svarene dine!")
        stored = await scene.hub.hub.store.events_after(conv, 0)
        assert [(e.fields["helped"], e.fields["again"]) for e in stored
                if e.kind == "feedback"] == [("a_bit", "yes")]


async def test_hostile_text_is_shown_as_text_both_ways(scene: Scene) -> None:
    from contextlib import AsyncExitStack

    driver = scene.browser
    async with AsyncExitStack() as stack:
        await run(_join, driver, scene.chat_url)
        kari = await _counsellor(scene.hub, stack)
        conv = await _take_next(kari)
        ok(await kari.request("send", conversation=conv, text=HOSTILE))
        await run(_wait, driver, lambda d: HOSTILE in _lines(d))
        await run(_write, driver, HOSTILE)
        await _message_from_contact(kari, conv, HOSTILE)
        await run(_wait, driver, lambda d: _lines(d).count(HOSTILE) == 2)
        injected = await run(driver.execute_script,
                             "return document.querySelectorAll('main img, main script').length")
        assert injected == 0
        assert await run(lambda: driver.title) == "Chat – Alarmtelefonen for barn og unge"


async def test_quick_exit_leaves_nothing_and_tells_the_counsellor(scene: Scene) -> None:
    from contextlib import AsyncExitStack

    driver = scene.browser
    async with AsyncExitStack() as stack:
        await run(driver.get, scene.neutral + "/before")
        await run(_join, driver, scene.chat_url)
        assert await run(driver.execute_script, "return sessionStorage.length") == 1
        kari = await _counsellor(scene.hub, stack)
        conv = await _take_next(kari)
        await run(_wait_text, driver, "[role=log]", "Kari fra Alarmtelefonen er her nå.")

        await run(lambda: driver.find_element("id", "quick-exit").click())
        await run(_wait, driver, lambda d: d.current_url == scene.settings.exit_url)
        await kari.event(conv, "left_quickly")
        assert (await kari.event(conv, "closed"))["reason"] == "contact_left"

        await run(driver.back)  # Back goes to where the young person was before the chat
        await run(_wait, driver, lambda d: d.current_url == scene.neutral + "/before")
        await run(driver.get, scene.chat_url)  # the same tab, the chat's origin again
        assert await run(driver.execute_script, "return sessionStorage.length") == 0
        assert await run(driver.execute_script, "return localStorage.length") == 0  # no token
        assert await run(lambda: driver.find_element("id", "start").is_displayed())


async def test_a_blocked_browser_meets_the_kind_answer_not_the_queue(scene: Scene) -> None:
    from contextlib import AsyncExitStack

    driver = scene.browser
    async with AsyncExitStack() as stack:
        await run(_join, driver, scene.chat_url)
        token = await run(driver.execute_script,
                          "return localStorage.getItem('alarmtelefonen.browser')")
        assert token and len(token) >= 32
        kari = await _counsellor(scene.hub, stack)
        conv = await _take_next(kari)
        ok(await kari.request("abuse_mark", conversation=conv, reason="Tøys"))
        ok(await kari.request("close", conversation=conv, reason="staff_closed"))
        lead = await stack.enter_async_context(Wire.connect(scene.hub.url, "/v1/staff"))
        await staff_login(lead, "lead")
        ok(await lead.request("block_add", conversation=conv, hours=24, reason="Tøys"))

        await run(driver.get, scene.chat_url)
        await run(lambda: driver.find_element("id", "start").click())
        await run(_wait, driver, lambda d: d.find_element("id", "blocked-screen").is_displayed())
        text = await run(_text, driver, "#blocked-text")
        assert "112" in text and "113" in text
        assert await run(_text, driver, "#blocked-services")  # another service, by name
        assert scene.hub.hub.queue == []
        assert not await _axe_problems_async(driver)


async def _axe_problems_async(driver: Any) -> list[dict[str, Any]]:
    return await run(_axe_problems, driver)


async def test_escape_twice_is_a_quick_exit_too(scene: Scene) -> None:
    from contextlib import AsyncExitStack

    from selenium.webdriver.common.keys import Keys

    driver = scene.browser
    async with AsyncExitStack() as stack:
        kari = await _counsellor(scene.hub, stack)
        await run(_join, driver, scene.chat_url)
        await kari.expect(lambda f: f.get("type") == "queue" and len(f["items"]) == 1)
        body = await run(driver.find_element, "css selector", "textarea[name=message]")
        await run(body.send_keys, Keys.ESCAPE)
        await run(body.send_keys, Keys.ESCAPE)
        await run(_wait, driver, lambda d: d.current_url == scene.settings.exit_url)
        await kari.expect(lambda f: f.get("type") == "queue" and f["items"] == [])


async def test_a_dropped_connection_resumes_with_nothing_lost_or_doubled(
    hub_db: Path, browser: Any, neutral: str
) -> None:
    from contextlib import AsyncExitStack

    settings = ChatSettings(exit_url=neutral + "/weather")
    driver = browser
    async with AsyncExitStack() as stack:
        hub = await stack.enter_async_context(serve_hub(hub_db, chat=settings))
        port = hub.port
        chat_url = f"http://127.0.0.1:{port}/chat"
        await run(_join, driver, chat_url)
        kari = await _counsellor(hub, stack)
        conv = await _take_next(kari)
        ok(await kari.request("send", conversation=conv, text="Jeg er her."))
        await run(_write, driver, "før bruddet")
        await _message_from_contact(kari, conv, "før bruddet")
        await run(_wait_text, driver, "[role=log]", "Jeg er her.")

    # The hub goes away: the page says so, and what the young person writes waits.
    await run(_wait, driver, lambda d: d.find_element("id", "status").is_displayed())
    assert await run(_text, driver, "#status") == "kobler til igjen…"
    await run(_write, driver, "under bruddet 1")
    await run(_write, driver, "under bruddet 2")
    assert len(await run(driver.find_elements, "css selector", ".line.pending")) == 2

    async with AsyncExitStack() as stack:
        hub = await stack.enter_async_context(serve_hub(hub_db, port=port, chat=settings))
        kari = await _counsellor(hub, stack)
        ok(await kari.request("sync", after={}))
        await _message_from_contact(kari, conv, "under bruddet 1")
        await _message_from_contact(kari, conv, "under bruddet 2")
        await run(_wait, driver, lambda d: not d.find_element("id", "status").is_displayed(), 30)
        ok(await kari.request("send", conversation=conv, text="Fint at du er tilbake."))
        await run(_write, driver, "etter")
        await _message_from_contact(kari, conv, "etter")
        await run(_wait, driver, lambda d: "Fint at du er tilbake." in _lines(d))
        await run(_wait, driver, lambda d: not d.find_elements("css selector", ".line.pending"))

        expected = ["Kari fra Alarmtelefonen er her nå.", "Jeg er her.", "før bruddet",
                    "under bruddet 1", "under bruddet 2", "Fint at du er tilbake.", "etter"]
        assert await run(_lines, driver) == expected
        async with Wire.connect(hub.url, "/v1/staff") as again:
            await staff_login(again, "kari")
            ok(await again.request("sync", after={}))
            stored = [f["text"] for f in again.events(conv) if f["kind"] == "message"]
        assert stored == expected[1:]


async def test_every_screen_passes_axe_in_light_and_night_mode(scene: Scene) -> None:
    from contextlib import AsyncExitStack

    driver = scene.browser
    problems: dict[str, list[dict[str, Any]]] = {}

    async def check(screen: str) -> None:
        for night in (False, True):
            await run(_dark, driver, night)
            problems[f"{screen}{' night' if night else ''}"] = await run(_axe_problems, driver)

    async with AsyncExitStack() as stack:
        await run(driver.get, scene.chat_url)
        await check("start")
        await run(_join, driver, scene.chat_url)
        await run(_write, driver, "hei")
        await check("queue")
        kari = await _counsellor(scene.hub, stack)
        conv = await _take_next(kari)
        ok(await kari.request("send", conversation=conv, text="Hei, jeg heter Kari."))
        await run(_wait_text, driver, "[role=log]", "Hei, jeg heter Kari.")
        await check("conversation")
        ok(await kari.request("close", conversation=conv))
        await run(_wait, driver, lambda d: d.find_element("id", "end-screen").is_displayed())
        await check("end")
    assert {screen: found for screen, found in problems.items() if found} == {}
    assert len(problems) == 8


def _background(driver: Any) -> str:
    return str(driver.execute_script("return getComputedStyle(document.body).backgroundColor"))


@BOTH_WAYS
async def test_the_page_is_drawn_with_its_own_style_and_icon_and_breaks_no_policy(
    scene: Scene,
) -> None:
    """The style sheet, icon and status are in the page (allowed by the CSP's hash and
    ``data:``; the status is a data block): the browser draws with them, fetches nothing but
    the page and its script, and reports nothing blocked."""
    driver = scene.browser
    await run(driver.get, scene.chat_url)
    # the status as the page carries it is shown (Alarmtelefonen's phone is always offered)
    await run(_wait, driver, lambda d: d.execute_script(
        "return document.getElementById('busy-services').children.length > 0"))
    await run(driver.find_element("id", "start").click)  # a round trip to the hub after it
    await run(_wait, driver, lambda d: d.find_element("id", "queue-position").text.isdigit())
    assert await run(_background, driver) == "rgb(255, 255, 255)"
    exit_colour = await run(driver.execute_script, "return getComputedStyle("
                            "document.getElementById('quick-exit')).backgroundColor")
    assert exit_colour not in ("rgba(0, 0, 0, 0)", "rgb(239, 239, 239)")  # not the default
    icon = await run(driver.execute_script,
                     "return document.querySelector('link[rel=icon]').href")
    assert icon.startswith("data:image/svg+xml;base64,")
    fetched = await run(driver.execute_script, "return performance.getEntriesByType('resource')"
                        ".map(e => new URL(e.name).pathname)")
    assert [path.rsplit("/", 1)[-1] for path in fetched] == ["app.js"]
    log = await run(driver.get_log, "browser")
    assert not [entry for entry in log if "Content Security Policy" in entry["message"]], log


async def test_night_mode_follows_the_device_and_the_toggle_flips_it(scene: Scene) -> None:
    driver = scene.browser
    await run(_dark, driver, True)
    await run(driver.get, scene.chat_url)
    toggle = await run(driver.find_element, "id", "theme")
    assert await run(_background, driver) == "rgb(22, 23, 27)"
    assert await run(toggle.get_attribute, "aria-pressed") == "true"
    await run(toggle.click)
    assert await run(_background, driver) == "rgb(255, 255, 255)"
    assert await run(toggle.get_attribute, "aria-pressed") == "false"
    await run(driver.refresh)  # the choice holds for the tab
    assert await run(_background, driver) == "rgb(255, 255, 255)"


def _phone(driver: Any) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True,
    })


def _sideways(driver: Any) -> int:
    """How far the page would scroll sideways with its text at 200 %."""
    driver.execute_script("document.documentElement.style.fontSize = '200%'")
    return int(driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"))


async def test_text_at_200_percent_on_a_phone_needs_no_sideways_scrolling(scene: Scene) -> None:
    from contextlib import AsyncExitStack

    driver = scene.browser
    await run(_phone, driver)
    async with AsyncExitStack() as stack:
        await run(driver.get, scene.chat_url)
        widths = {"start": await run(_sideways, driver)}
        await run(_join, driver, scene.chat_url)
        await run(_write, driver, "et_veldig_langt_ord_uten_mellomrom_" * 4)
        widths["queue"] = await run(_sideways, driver)
        kari = await _counsellor(scene.hub, stack)
        conv = await _take_next(kari)
        ok(await kari.request("close", conversation=conv))
        await run(_wait, driver, lambda d: d.find_element("id", "end-screen").is_displayed())
        widths["end"] = await run(_sideways, driver)
    assert widths == {"start": 0, "queue": 0, "end": 0}


async def test_a_closed_chat_says_when_it_opens_and_who_is_open_now(
    hub_db: Path, browser: Any, neutral: str
) -> None:
    from datetime import datetime, timedelta

    from workstation.hub.webchat.status import ChatHours
    from workstation.sessions.referrals import OSLO

    now = datetime.now(OSLO)
    opens, closes = now + timedelta(hours=2), now + timedelta(hours=3)
    hours = ChatHours(opens.strftime("%H:%M"), closes.strftime("%H:%M"))
    settings = ChatSettings(exit_url=neutral + "/weather", hours=hours)
    async with serve_hub(hub_db, chat=settings) as hub:
        await run(browser.get, f"http://127.0.0.1:{hub.port}/chat")
        await run(_wait, browser, lambda d: d.find_element("id", "closed-screen").is_displayed())
        assert await run(_text, browser, "#closed-when") == (
            f"Vi åpner igjen kl. {opens.strftime('%H.%M')}. Du er velkommen tilbake da.")
        offered = await run(_text, browser, "#closed-services")
        assert "Alarmtelefonen for barn og unge" in offered and "Telefon: 116 111" in offered
        assert not await run(lambda: browser.find_element("id", "start").is_displayed())
        assert await run(lambda: browser.find_element("id", "quick-exit").is_displayed())
        assert await run(_axe_problems, browser) == []


async def test_a_long_queue_offers_other_services_beside_waiting(
    hub_db: Path, browser: Any, neutral: str
) -> None:
    from contextlib import AsyncExitStack

    settings = ChatSettings(exit_url=neutral + "/weather", busy_from=2)
    async with AsyncExitStack() as stack:
        hub = await stack.enter_async_context(serve_hub(hub_db, chat=settings))
        kari = await _counsellor(hub, stack)
        for _ in range(3):  # three chats taken just now: the hub knows the pace
            async with Wire.connect(hub.url, "/v1/contact") as earlier:
                conv = ok(await earlier.request("open", channel="chat"))["conversation"]
                ok(await kari.request("accept", conversation=conv))
                ok(await kari.request("close", conversation=conv))
        ahead = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        ok(await ahead.request("open", channel="chat"))
        await run(_join, browser, f"http://127.0.0.1:{hub.port}/chat")
        assert await run(_text, browser, "#queue-position") == "2"
        await run(_wait_text, browser, "#queue-estimate",
                  "Med farten akkurat nå tar det omtrent 1 min.")
        await run(_wait, browser, lambda d: d.find_element("id", "busy").is_displayed())
        assert "Telefon: 116 111" in await run(_text, browser, "#busy-services")
        ok(await ahead.request("leave"))  # now first in line: no need to look elsewhere
        await run(_wait_text, browser, "#queue-position", "1")
        assert not await run(lambda: browser.find_element("id", "busy").is_displayed())


async def test_bidi_marks_stay_text_and_an_overlong_message_gets_a_clear_error(
    scene: Scene,
) -> None:
    from contextlib import AsyncExitStack

    driver = scene.browser
    bidi = "hei \u202egnirts\u202c og \u2066isolert\u2069"
    async with AsyncExitStack() as stack:
        await run(_join, driver, scene.chat_url)
        kari = await _counsellor(scene.hub, stack)
        conv = await _take_next(kari)
        await run(_write, driver, bidi)
        await _message_from_contact(kari, conv, bidi)
        await run(_wait, driver, lambda d: bidi in _lines(d))
        # maxlength stops typing at 4,000; a pasted or scripted 10,000 still meets the hub's limit
        await run(driver.execute_script,
                  "document.querySelector('textarea[name=message]').value = 'x'.repeat(10000)")
        await run(_write, driver, "")
        await run(_wait, driver, lambda d: d.find_element("id", "send-error").is_displayed())
        assert await run(_text, driver, "#send-error") == (
            "Meldingen er for lang (høyst 4000 tegn). Del den gjerne opp.")
        assert len(await run(driver.find_elements, "css selector", ".line.failed")) == 1
        ok(await kari.request("send", conversation=conv, text="Fikk med meg den første."))
        await run(_wait, driver, lambda d: "Fikk med meg den første." in _lines(d))
        stored = [f["text"] for f in kari.events(conv) if f["kind"] == "message"]
        assert stored == [bidi, "Fikk med meg den første."]


async def test_the_page_speaks_bokmal_nynorsk_and_english(scene: Scene, hub_db: Path) -> None:
    import sqlite3
    from contextlib import closing

    from selenium.webdriver.support.ui import Select

    driver = scene.browser
    await run(driver.get, scene.chat_url)
    picker = await run(lambda: Select(driver.find_element("id", "lang")))
    await run(picker.select_by_value, "nn")
    assert await run(_text, driver, "#start-title") == "Chat med ein vaksen som kan hjelpe"
    await run(picker.select_by_value, "en")
    assert await run(_text, driver, "#start-title") == "Chat with an adult who can help"
    assert await run(driver.execute_script, "return document.documentElement.lang") == "en"
    assert await run(lambda: driver.title) == (
        "Chat – Alarmtelefonen, the helpline for children and young people")
    await run(picker.select_by_value, "nb")  # Bokmål comes back with its emphasis
    assert await run(driver.execute_script,
                     "return document.querySelectorAll('#start-screen .facts strong').length") == 2
    await run(picker.select_by_value, "en")
    await run(driver.refresh)  # the choice holds for the tab
    await run(lambda: driver.find_element("id", "start").click())
    await run(_wait_text, driver, "#queue", "You are in the queue. You are number 1 in line.")
    assert await run(_text, driver, "#queue-wait") == "You are next."
    assert await run(lambda: driver.find_element("name", "message").get_attribute(
        "placeholder")) == "Write here. Enter sends, Shift+Enter starts a new line."
    with closing(sqlite3.connect(hub_db)) as db:
        assert db.execute("SELECT lang FROM conversations").fetchall() == [("en",)]
