"""The phone menu on a real hub with the simulated phone system: a caller types a return
code's digit form (docs/returning.md, "By phone"), routed exactly as the chat page's field."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.test_desk_features import db_bytes, desks, phone, until
from tests.integration.test_return_codes import first_contact
from tests.support.wire import Wire, ok
from workstation.hub.returning import giving
from workstation.hub.returning.codes import digit_form
from workstation.hub.returning.feature import ReturnFeature
from workstation.hub.server import HubServer

NUMBER = "+47 912 34 512"


async def ring(hub: HubServer, number: str = NUMBER) -> tuple[str, str]:
    """A caller rings: (call id, conversation)."""
    call = await phone(hub).ring(number)
    conv = hub.hub.queue[-1]
    return call, conv


def said(hub: HubServer, call: str) -> list[str]:
    return phone(hub).said.get(call, [])


async def until_said(hub: HubServer, call: str, *prompts: str) -> None:
    async def check() -> bool:
        return said(hub, call) == list(prompts)

    await until(check)


@pytest.fixture(autouse=True)
def short_pause(hub: HubServer) -> None:
    hub.hub.feature(ReturnFeature).phone.pause_s = 0.3


async def test_a_right_code_asks_her_first_and_nothing_typed_is_stored(
    hub: HubServer, hub_db: Path,
) -> None:
    async with desks(hub, "kari", "ola") as (kari, ola), contextlib.AsyncExitStack() as stack:
        earlier, code = await first_contact(hub, kari, stack)
        call, conv = await ring(hub)
        await phone(hub).press(call, digit_form(code) + "#")
        offer = await kari.expect(lambda f: f.get("type") == "return_offer")
        assert offer["conversation"] == conv and offer["earlier"] == earlier
        assert offer["channel"] == "phone"
        await until_said(hub, call, "found")
        assert (await ola.request("call_answer", conversation=conv))["code"] == "conflict"
        ok(await kari.request("call_answer", conversation=conv))
        returned = await kari.event(conv, "returned")
        assert returned["user"] == "kari" and returned["earlier"] == earlier
    assert digit_form(code).encode() not in db_bytes(hub_db)


async def test_a_pause_ends_the_code_as_the_hash_key_does(hub: HubServer) -> None:
    async with desks(hub, "kari") as (kari,), contextlib.AsyncExitStack() as stack:
        _earlier, code = await first_contact(hub, kari, stack)
        call, conv = await ring(hub)
        await phone(hub).press(call, "99*" + digit_form(code))  # * starts again
        offer = await kari.expect(lambda f: f.get("type") == "return_offer")
        assert offer["conversation"] == conv
        await until_said(hub, call, "found")


async def test_a_wrong_code_keeps_the_caller_where_they_were(hub: HubServer) -> None:
    async with desks(hub, "kari", "ola") as (kari, ola), contextlib.AsyncExitStack() as stack:
        _earlier, code = await first_contact(hub, kari, stack)
        _first, ahead = await ring(hub, "+47 400 00 077")
        call, conv = await ring(hub)
        assert hub.hub.position(conv) == 2
        wrong = "2" + digit_form(code)[1:] if not digit_form(code).startswith("2") else \
            "3" + digit_form(code)[1:]
        await phone(hub).press(call, wrong + "#")
        await until_said(hub, call, "wrong")
        assert hub.hub.position(conv) == 2 and conv not in hub.hub.held_for
        assert ahead in hub.hub.queue
        ok(await ola.request("call_answer", conversation=conv))
        # Typing after the call is answered changes nothing.
        await phone(hub).press(call, digit_form(code) + "#")
        assert said(hub, call) == ["wrong"]


async def test_busy_the_caller_keys_1_and_waits_for_her(hub: HubServer) -> None:
    async with (
        desks(hub, "kari", "ola") as (kari, ola),
        contextlib.AsyncExitStack() as stack,
    ):
        _earlier, code = await first_contact(hub, kari, stack)
        other_call, other = await ring(hub, "+47 400 00 077")
        ok(await kari.request("call_answer", conversation=other))  # one call: no room
        call, conv = await ring(hub)
        await phone(hub).press(call, digit_form(code) + "#")
        await until_said(hub, call, "choose")
        assert hub.hub.held_for.get(conv) == "kari"
        await phone(hub).press(call, "1")
        await until_said(hub, call, "choose", "waiting")
        assert (await ola.request("call_answer", conversation=conv))["code"] == "conflict"
        ok(await kari.request("call_hangup", conversation=other))
        offer = await kari.expect(lambda f: f.get("type") == "return_offer")
        assert offer["conversation"] == conv
        ok(await kari.request("call_answer", conversation=conv))
        assert other_call != call


async def test_away_the_caller_keys_2_and_takes_the_next(hub: HubServer) -> None:
    async with desks(hub, "kari", "ola") as (kari, ola), contextlib.AsyncExitStack() as stack:
        _earlier, code = await first_contact(hub, kari, stack)
        ok(await kari.request("presence", status="away"))
        call, conv = await ring(hub)
        await phone(hub).press(call, digit_form(code) + "#")
        await until_said(hub, call, "choose")
        assert (await ola.request("call_answer", conversation=conv))["code"] == "conflict"
        await phone(hub).press(call, "2")
        await until_said(hub, call, "choose", "next")
        assert conv not in hub.hub.held_for
        ok(await ola.request("call_answer", conversation=conv))


async def test_an_offer_not_taken_in_time_tells_the_caller_it_is_the_next(
    hub: HubServer,
) -> None:
    hub.hub.feature(ReturnFeature).offer_s = 0.3
    async with desks(hub, "kari", "ola") as (kari, ola), contextlib.AsyncExitStack() as stack:
        _earlier, code = await first_contact(hub, kari, stack)
        call, conv = await ring(hub)
        await phone(hub).press(call, digit_form(code) + "#")
        await kari.expect(lambda f: f.get("type") == "return_offer")
        await kari.expect(lambda f: f.get("type") == "return_offer_withdrawn")
        await until_said(hub, call, "found", "next")
        ok(await ola.request("call_answer", conversation=conv))


async def test_off_shift_the_caller_goes_to_the_next_at_once(hub: HubServer) -> None:
    async with contextlib.AsyncExitStack() as stack:
        async with desks(hub, "kari") as (kari,):
            _earlier, code = await first_contact(hub, kari, stack)
        async with desks(hub, "ola") as (ola,):
            call, conv = await ring(hub)
            await phone(hub).press(call, digit_form(code) + "#")
            await until_said(hub, call, "off_shift")
            assert conv not in hub.hub.held_for
            ok(await ola.request("call_answer", conversation=conv))


@pytest.fixture
def twins(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """``new_code`` hands out KANO-SOL-10, then its twin LAMM-SOL-10, then SKI-TOG-20."""
    given = ["KANO-SOL-10", "LAMM-SOL-10", "SKI-TOG-20"]
    queue = list(given)
    monkeypatch.setattr(giving, "new_code", lambda: queue.pop(0))
    yield given


async def test_a_code_whose_digit_form_is_live_is_never_given(
    hub: HubServer, twins: list[str],
) -> None:
    async with desks(hub, "kari") as (kari,), contextlib.AsyncExitStack() as stack:
        _first, code = await first_contact(hub, kari, stack)
        assert code == "KANO-SOL-10"
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        given = ok(await kari.request("return_code_offer", conversation=conv))
        assert given["code"] == "SKI-TOG-20"  # LAMM-SOL-10 is typed as KANO-SOL-10 is
        assert given["digits"] == "754 864 20"
