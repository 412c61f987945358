"""Held return contacts and pauses across two hubs on one PostgreSQL (issue 16; docs/deploy.md
"Several hubs at once", "Decisions once, in the database"): each hold's step and each pause's
end is decided once, whichever hubs time it, and a hub that starts (or survives) holds and
times what was held."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

import psycopg
import pytest

from tests.conftest import staff_login
from tests.integration.test_sms_outbox import eventually
from tests.integration.test_two_hubs_features import assigned_conversation, held
from tests.support.hubs import HubProcess, query
from tests.support.two_hubs import NO_LIMITS, stored_fields
from tests.support.wire import Frame, Wire, ok
from workstation.hub.cli import GRACE_ENV
from workstation.hub.cluster import clock, presence
from workstation.hub.pauses import PauseFeature
from workstation.hub.returning.feature import ReturnFeature
from workstation.hub.server import HubServer, serve_hub
from workstation.store import pg_events

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)


def audited(dsn: str, action: str, target: str) -> int:
    return len(query(dsn, "SELECT 1 FROM audit WHERE action = ? AND target = ?", action, target))


async def test_a_pause_timed_by_a_hub_started_during_it_is_over_once(hub_db: str) -> None:
    async with serve_hub(hub_db) as a:
        pauses_a = a.hub.feature(PauseFeature)
        pauses_a.minute_s = 1.0  # a pause of 3 "minutes" lasts 3 s
        async with Wire.connect(a.url, "/v1/staff") as kari:
            await staff_login(kari, "kari")
            ok(await kari.request("pause_start", minutes=3))
            async with serve_hub(hub_db) as b:  # started during the pause: it times it too
                pauses_b = b.hub.feature(PauseFeature)
                assert "kari" in pauses_b.paused
                await eventually(lambda: "kari" not in pauses_a.paused
                                 and "kari" not in pauses_b.paused, seconds=10)
                await pauses_a._background.idle()
                await pauses_b._background.idle()
                assert audited(hub_db, "pause_over", "kari") == 1


async def test_a_pause_ended_on_its_hub_is_not_timed_on_a_hub_started_during_it(
    hub_db: str,
) -> None:
    async with serve_hub(hub_db) as a, Wire.connect(a.url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        ok(await kari.request("pause_start", minutes=3))
        async with serve_hub(hub_db) as b:
            pauses_b = b.hub.feature(PauseFeature)
            assert "kari" in pauses_b.paused
            ok(await kari.request("pause_end"))
            # Hub B reads the pauses again: Kari is no longer paused there either (her
            # accept on B would be refused until the pause's old end otherwise).
            await eventually(lambda: "kari" not in pauses_b.paused, seconds=5)
            assert audited(hub_db, "pause_end", "kari") == 1


@pytest.fixture
def hub_a(hub_db: str) -> Iterator[HubProcess]:
    """Hub A as a process (SIGKILL): an offer to the counsellor lasts 2 s there."""
    a = HubProcess(hub_db, args=(*NO_LIMITS, "--return-offer-seconds", "2"))
    a.start()
    try:
        yield a
    finally:
        a.stop()


def hold_steps(dsn: str, conversation: str) -> list[str]:
    """The hold's events in the log: ``returned``, ``return_held:<state>``, the release."""
    return [kind if kind != "return_held" else f"{kind}:{fields['state']}"
            for kind, fields in stored_fields(dsn, conversation)
            if kind in ("returned", "return_held", "return_released", "assigned")]


def said(kind: str) -> object:
    return lambda f: f.get("type") == kind


async def back_for_kari(stack: contextlib.AsyncExitStack, hub_url: str,
                        away: bool) -> tuple[Wire, Wire, Frame]:
    """Kari (signed in on ``hub_url``, ``away`` or not) gave a young person a code in an
    earlier conversation; she comes back with it: Kari's desk, the contact, ``open``'s
    answer."""
    kari = await stack.enter_async_context(Wire.connect(hub_url, "/v1/staff"))
    await staff_login(kari, "kari")
    async with Wire.connect(hub_url, "/v1/contact") as first:
        earlier = await assigned_conversation(first, kari)
        code = str(ok(await kari.request("return_code_offer", conversation=earlier))["code"])
        ok(await kari.request("close", conversation=earlier))
    if away:
        ok(await kari.request("presence", status="away"))
    contact = await stack.enter_async_context(Wire.connect(hub_url, "/v1/contact"))
    answer = ok(await contact.request("open", channel="chat", code=code))
    assert answer["returning"]["status"] == ("away" if away else "available"), answer
    return kari, contact, answer


#: Someone not (yet) in :attr:`Hub.elsewhere`: not seen away there.
NOT_SEEN = presence.ElsewhereMember("", (), "available")


async def waiting_for_kari(stack: contextlib.AsyncExitStack, hub_url: str, ola: Wire,
                           *hubs: HubServer) -> tuple[Wire, Wire, str, str]:
    """Kari (signed in on ``hub_url``, away) gave a young person a code; she came back with
    it and chose to wait for Kari; Ola's queue shows her held, ``hubs`` see Kari. Kari's
    desk, the contact, the conversation and its resume token."""
    kari, contact, answer = await back_for_kari(stack, hub_url, away=True)
    conv, token = str(answer["conversation"]), str(answer["resume_token"])
    # The hubs know she is away before the young person waits (else one that still saw her
    # available would offer her the young person as soon as she waits).
    await eventually(lambda: all(h.hub.elsewhere.get("kari", NOT_SEEN).status == "away"
                                 for h in hubs), seconds=5)
    assert ok(await contact.request("return_choice", wait=True))["waiting"] is True
    await ola.until(held(ola, conv, "kari"), timeout=3.0)
    return kari, contact, conv, token


async def moved_to(stack: contextlib.AsyncExitStack, hub_url: str, contact: Wire,
                   token: str) -> Wire:
    """The young person's page, whose hub is gone, resumed on ``hub_url``."""
    await contact.closed.wait()
    moved = await stack.enter_async_context(Wire.connect(hub_url, "/v1/contact"))
    ok(await moved.request("resume", resume_token=token, after=0))
    return moved


async def released_once(hub_db: str, conv: str, ola: Wire, *hubs: HubServer) -> None:
    """The hold ended on ``hubs`` with one ``return_released``; Ola takes the young person."""
    await ola.until(held(ola, conv, None), timeout=3.0)
    for hub in hubs:
        await eventually(lambda h=hub: conv not in h.hub.held_for, seconds=3)
        await hub.hub.feature(ReturnFeature)._background.idle()
    assert hold_steps(hub_db, conv) == ["returned", "return_held:waiting", "return_released"]
    ok(await ola.request("accept", conversation=conv))


async def test_a_young_person_whose_hub_died_chooses_on_the_other_and_is_offered_there(
    hub_a: HubProcess, hub_db: str
) -> None:
    async with serve_hub(hub_db) as b, Wire.connect(b.url, "/v1/staff") as ola, \
            contextlib.AsyncExitStack() as stack:
        b.hub.feature(ReturnFeature).offer_s = 1.5  # B's offer to Kari, once she moved there
        await staff_login(ola, "ola")
        kari, contact, answer = await back_for_kari(stack, hub_a.url, away=True)
        conv, token = answer["conversation"], answer["resume_token"]
        await ola.until(held(ola, conv, "kari"), timeout=3.0)
        hub_a.kill()  # the holding hub; the young person and Kari come to hub B
        await kari.closed.wait()
        await contact.closed.wait()
        kari_b = await stack.enter_async_context(Wire.connect(b.url, "/v1/staff"))
        await staff_login(kari_b, "kari")
        moved = await stack.enter_async_context(Wire.connect(b.url, "/v1/contact"))
        ok(await moved.request("resume", resume_token=token, after=0))
        assert ok(await moved.request("return_choice", wait=True))["waiting"] is True
        offer = await kari_b.expect(said("return_offer"), timeout=3.0)
        assert offer["conversation"] == conv
        assert (await ola.request("accept", conversation=conv))["code"] == "conflict"
        # Kari does not take her in time: hub B's offer runs out, once.
        await kari_b.expect(said("return_offer_withdrawn"), timeout=4.0)
        released = await moved.expect(said("returning"), timeout=3.0)
        assert released["status"] == "next" and released["reason"] == "offer_timeout"
        await ola.until(held(ola, conv, None), timeout=3.0)
        ok(await ola.request("accept", conversation=conv))
        assert hold_steps(hub_db, conv) == [
            "returned", "return_held:waiting", "return_held:offered", "return_released",
            "assigned"]


async def test_an_offer_whose_hub_died_runs_out_on_the_other_once(
    hub_a: HubProcess, hub_db: str
) -> None:
    async with serve_hub(hub_db) as b, serve_hub(hub_db) as c, \
            Wire.connect(b.url, "/v1/staff") as ola, contextlib.AsyncExitStack() as stack:
        await staff_login(ola, "ola")
        kari, _contact, answer = await back_for_kari(stack, hub_a.url, away=False)
        conv = answer["conversation"]
        await kari.expect(said("return_offer"), timeout=3.0)
        await ola.until(held(ola, conv, "kari"), timeout=3.0)
        hub_a.kill()  # offered on A, which dies: B and C both time the offer's 2 s
        await ola.until(held(ola, conv, None), timeout=5.0)
        for hub in (b, c):
            await eventually(lambda h=hub: conv not in h.hub.held_for, seconds=3)
            await hub.hub.feature(ReturnFeature)._background.idle()
        ok(await ola.request("accept", conversation=conv))
        assert hold_steps(hub_db, conv) == ["returned", "return_released", "assigned"]
        released = [f for k, f in stored_fields(hub_db, conv) if k == "return_released"]
        assert released[0]["reason"] == "offer_timeout"


async def test_a_hub_started_while_a_contact_is_held_holds_her(
    hub_a: HubProcess, hub_db: str
) -> None:
    async with contextlib.AsyncExitStack() as stack:
        _kari, contact, answer = await back_for_kari(stack, hub_a.url, away=True)
        conv = answer["conversation"]
        assert ok(await contact.request("return_choice", wait=True))["waiting"] is True
        async with serve_hub(hub_db) as b, Wire.connect(b.url, "/v1/staff") as ola:
            await staff_login(ola, "ola")
            queue: Frame = await ola.expect(said("queue"), timeout=3.0)
            assert [(i["conversation"], i.get("held_for")) for i in queue["items"]] == [
                (conv, "kari")]
            assert (await ola.request("accept", conversation=conv))["code"] == "conflict"
            # Kari comes back on B, available: she is offered the young person waiting
            # for her there.
            kari_b = await stack.enter_async_context(Wire.connect(b.url, "/v1/staff"))
            await staff_login(kari_b, "kari")
            offer = await kari_b.expect(said("return_offer"), timeout=3.0)
            assert offer["conversation"] == conv
            ok(await kari_b.request("accept", conversation=conv))


async def test_a_choice_made_as_the_time_to_choose_runs_out_on_the_other_hub_is_decided_once(
    hub_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with serve_hub(hub_db) as a, serve_hub(hub_db) as b, \
            contextlib.AsyncExitStack() as stack:
        assert a.cluster is not None
        _kari, contact, answer = await back_for_kari(stack, a.url, away=True)
        conv = answer["conversation"]
        await eventually(lambda: conv in b.hub.feature(ReturnFeature).held_elsewhere)
        # Hub A hears nothing of hub B for a moment, in which B's time to choose runs out:
        # A still sees her choosing when she chooses to wait.
        relay = a.cluster.relay
        monkeypatch.setattr(relay, "_read", lambda conv_id: None)
        b.hub.feature(ReturnFeature).release(conv, "no_choice")
        await eventually(lambda: "return_released" in hold_steps(hub_db, conv))
        refused = await contact.request("return_choice", wait=True)
        assert refused.get("code") == "conflict", refused  # the database said: released
        monkeypatch.undo()
        relay._read(conv)
        told = await contact.expect(said("returning"), timeout=3.0)
        assert told["status"] == "next" and told["reason"] == "no_choice"
        assert hold_steps(hub_db, conv) == ["returned", "return_released"]
        assert conv not in a.hub.held_for


async def test_a_hub_that_lost_its_listening_connection_follows_the_hold_it_missed(
    hub_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pg_events, "RECONNECT_S", (1.0,))  # a gap long enough to choose in
    async with serve_hub(hub_db) as a, serve_hub(hub_db) as b, \
            contextlib.AsyncExitStack() as stack:
        assert b.cluster is not None
        listener = b.cluster.listener
        _kari, contact, answer = await back_for_kari(stack, a.url, away=True)
        conv = answer["conversation"]
        held_on_b = b.hub.feature(ReturnFeature).held_elsewhere
        await eventually(lambda: conv in held_on_b)
        assert listener.backend_pid is not None
        with psycopg.connect(hub_db, autocommit=True) as conn:  # as a network cut would
            conn.execute("SELECT pg_terminate_backend(%s)", (listener.backend_pid,))
        await eventually(lambda: listener.backend_pid is None, seconds=2)
        assert ok(await contact.request("return_choice", wait=True))["waiting"] is True
        await eventually(lambda: listener.connections == 2, seconds=5)
        await eventually(lambda: held_on_b[conv].state == "waiting", seconds=3)
        # Kari signs in on B: B offers her the young person who waits for her.
        kari_b = await stack.enter_async_context(Wire.connect(b.url, "/v1/staff"))
        await staff_login(kari_b, "kari")
        offer = await kari_b.expect(said("return_offer"), timeout=3.0)
        assert offer["conversation"] == conv


async def test_a_young_person_waiting_for_a_counsellor_whose_hub_died_is_released_once(
    hub_a: HubProcess, hub_db: str
) -> None:
    async with serve_hub(hub_db) as b, serve_hub(hub_db) as c, \
            Wire.connect(b.url, "/v1/staff") as ola, contextlib.AsyncExitStack() as stack:
        await staff_login(ola, "ola")
        _kari, contact, conv, token = await waiting_for_kari(stack, hub_a.url, ola, b, c)
        hub_a.kill()  # Kari's hub, which holds the young person waiting for her
        killed = time.monotonic()
        moved = await moved_to(stack, b.url, contact, token)
        # No accept needed: once Kari's presence rows expire on B and C (15-20 s), the hold
        # ends, decided once, and the young person is told.
        expiry = presence.EXPIRES_S + presence.HEARTBEAT_S
        told = await moved.expect(said("returning"), timeout=expiry + 5.0)
        assert told["status"] == "next" and told["reason"] == "off_shift"
        assert time.monotonic() - killed < expiry + 5.0
        await released_once(hub_db, conv, ola, b, c)


async def test_a_counsellor_signed_in_on_another_hub_is_reported_as_she_is_there(
    hub_db: str,
) -> None:
    async with serve_hub(hub_db) as a, serve_hub(hub_db) as b, \
            Wire.connect(a.url, "/v1/staff") as sup, Wire.connect(a.url, "/v1/staff") as ola, \
            Wire.connect(b.url, "/v1/staff") as kari, \
            Wire.connect(b.url, "/v1/contact") as first:
        await staff_login(sup, "sup")
        await staff_login(ola, "ola")
        await staff_login(kari, "kari")
        earlier = await assigned_conversation(first, kari)
        code = str(ok(await kari.request("return_code_offer", conversation=earlier))["code"])
        ok(await kari.request("close", conversation=earlier))
        await eventually(lambda: "kari" in a.hub.elsewhere, seconds=5)
        a.hub.feature(ReturnFeature).offer_s = 30.0  # hub A's offers (B's last 60 s)

        async def back_on_a() -> Frame:
            contact = await stack.enter_async_context(Wire.connect(a.url, "/v1/contact"))
            return ok(await contact.request("open", channel="chat", code=code))

        async with contextlib.AsyncExitStack() as stack:
            # Kari has room on hub B: offered to her there, at once, as on one hub.
            answer = await back_on_a()
            conv = answer["conversation"]
            assert answer["returning"]["status"] == "available", answer
            offer = await kari.expect(said("return_offer"), timeout=3.0)
            assert offer["conversation"] == conv and offer["earlier"] == earlier
            assert 25 <= offer["offer_s"] <= 30  # the seconds left of A's offer
            assert (await ola.request("accept", conversation=conv))["code"] == "conflict"
            ok(await kari.request("accept", conversation=conv))
            assert hold_steps(hub_db, conv) == ["returned", "assigned"]
            # No room left for her (one chat each, set on hub A): busy.
            ok(await sup.request("capacity_set", user=None, limits={"chat": 1}))
            await kari.expect(lambda f: f.get("type") == "capacity" and f["limits"]["chat"] == 1)
            assert (await back_on_a())["returning"]["status"] == "busy"
            ok(await kari.request("presence", status="away"))
            await eventually(lambda: a.hub.elsewhere["kari"].status == "away", seconds=5)
            assert (await back_on_a())["returning"]["status"] == "away"


async def test_a_hub_whose_clock_is_off_times_another_hubs_hold_by_the_database_clock(
    hub_a: HubProcess, hub_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = clock.utc_now
    monkeypatch.setattr(clock, "utc_now", lambda: real() + timedelta(seconds=30))
    async with serve_hub(hub_db) as b, Wire.connect(b.url, "/v1/staff") as ola, \
            contextlib.AsyncExitStack() as stack:
        # Hub B's machine is 30 s ahead: it measured so against PostgreSQL's clock.
        assert abs(b.hub.clock_offset + timedelta(seconds=30)) < timedelta(seconds=1)
        await staff_login(ola, "ola")
        kari, _contact, answer = await back_for_kari(stack, hub_a.url, away=False)
        conv = answer["conversation"]
        await kari.expect(said("return_offer"), timeout=3.0)
        offered = time.monotonic()
        await ola.until(held(ola, conv, "kari"), timeout=3.0)
        # A's offer lasts 2 s; B, 30 s ahead, does not end it at once (B's "until" passed).
        await kari.expect(said("return_offer_withdrawn"), timeout=5.0)
        assert time.monotonic() - offered > 1.5
        await ola.until(held(ola, conv, None), timeout=3.0)
        assert "kari" in b.hub.elsewhere  # nor does B take A's staff for gone
        assert hold_steps(hub_db, conv) == ["returned", "return_released"]


@contextlib.contextmanager
def stopping_hub(hub_db: str, monkeypatch: pytest.MonkeyPatch,
                 grace_s: float | None = None) -> Iterator[HubProcess]:
    """Hub A as a process to stop with SIGTERM (a rolling restart); ``grace_s``: its restart
    grace (``serve``'s test hook), else the production one."""
    if grace_s is not None:
        monkeypatch.setenv(GRACE_ENV, str(grace_s))
    a = HubProcess(hub_db, args=NO_LIMITS)
    try:
        a.start()
        monkeypatch.delenv(GRACE_ENV, raising=False)
        yield a
    finally:
        a.stop()


def reconnecting(sup: Wire, user: str) -> Callable[[], bool]:
    """The supervisor's latest ``load`` shows ``user`` signed in, away and reconnecting."""

    def check() -> bool:
        loads = [f for f in sup.frames if f.get("type") == "load"]
        return bool(loads) and any(
            s["user"] == user and s["status"] == "away" and s.get("reconnecting") is True
            for s in loads[-1]["staff"])

    return check


async def test_a_young_person_waits_on_through_her_counsellors_hub_restart_and_is_offered_to_her(
    hub_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with stopping_hub(hub_db, monkeypatch) as a:
        async with serve_hub(hub_db) as b, Wire.connect(b.url, "/v1/staff") as sup, \
                Wire.connect(b.url, "/v1/staff") as ola, contextlib.AsyncExitStack() as stack:
            await staff_login(sup, "sup")
            await staff_login(ola, "ola")
            ok(await sup.request("watch_load"))
            kari = await stack.enter_async_context(Wire.connect(a.url, "/v1/staff"))
            await staff_login(kari, "kari")
            async with Wire.connect(a.url, "/v1/contact") as first:
                earlier = await assigned_conversation(first, kari)
                code = str(ok(await kari.request("return_code_offer",
                                                 conversation=earlier))["code"])
                ok(await kari.request("close", conversation=earlier))
            # Kari is busy: one chat at a time, and she has one.
            talking = await stack.enter_async_context(Wire.connect(a.url, "/v1/contact"))
            busy = await assigned_conversation(talking, kari)
            ok(await sup.request("capacity_set", user=None, limits={"chat": 1}))
            await kari.expect(lambda f: f.get("type") == "capacity" and f["limits"]["chat"] == 1)
            contact = await stack.enter_async_context(Wire.connect(a.url, "/v1/contact"))
            answer = ok(await contact.request("open", channel="chat", code=code))
            assert answer["returning"]["status"] == "busy", answer
            conv, token = answer["conversation"], answer["resume_token"]
            assert ok(await contact.request("return_choice", wait=True))["waiting"] is True
            await ola.until(held(ola, conv, "kari"), timeout=3.0)
            await eventually(lambda: "kari" in b.hub.elsewhere, seconds=5)
            await asyncio.to_thread(a.stop)  # SIGTERM: hub A stops cleanly, to be upgraded
            await kari.closed.wait()
            await contact.closed.wait()
            # Hub B keeps Kari signed in through A's restart grace: away, reconnecting.
            await sup.until(reconnecting(sup, "kari"), timeout=5.0)
            assert held(ola, conv, "kari")()
            moved = await stack.enter_async_context(Wire.connect(b.url, "/v1/contact"))
            ok(await moved.request("resume", resume_token=token, after=0))
            kari_b = await stack.enter_async_context(Wire.connect(b.url, "/v1/staff"))
            await staff_login(kari_b, "kari")
            # She finishes the chat she had: room now, and the young person is offered to her.
            ok(await kari_b.request("close", conversation=busy))
            offer = await kari_b.expect(said("return_offer"), timeout=5.0)
            assert offer["conversation"] == conv
            ok(await kari_b.request("accept", conversation=conv))
            assert hold_steps(hub_db, conv) == [
                "returned", "return_held:waiting", "return_held:offered", "assigned"]


async def test_a_young_person_is_released_once_when_the_restart_grace_passes_without_her_counsellor(
    hub_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    grace = 4.0
    with stopping_hub(hub_db, monkeypatch, grace) as a:
        async with serve_hub(hub_db) as b, serve_hub(hub_db) as c, \
                Wire.connect(b.url, "/v1/staff") as ola, contextlib.AsyncExitStack() as stack:
            await staff_login(ola, "ola")
            _kari, contact, conv, token = await waiting_for_kari(stack, a.url, ola, b, c)
            stopped = time.monotonic()
            await asyncio.to_thread(a.stop)  # SIGTERM; Kari's desk never signs in again
            moved = await moved_to(stack, b.url, contact, token)
            # Once the grace has passed (B and C look each heartbeat), the hold ends, once.
            await ola.until(held(ola, conv, None), timeout=grace + presence.HEARTBEAT_S + 5.0)
            assert time.monotonic() - stopped >= grace
            told = await moved.expect(said("returning"), timeout=3.0)
            assert told["status"] == "next" and told["reason"] == "off_shift"
            await released_once(hub_db, conv, ola, b, c)


async def test_a_young_person_waiting_for_a_counsellor_who_signs_out_is_released_at_once(
    hub_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with stopping_hub(hub_db, monkeypatch) as a:  # the production grace: 30 s
        async with serve_hub(hub_db) as b, Wire.connect(b.url, "/v1/staff") as ola, \
                contextlib.AsyncExitStack() as stack:
            await staff_login(ola, "ola")
            kari, contact, conv, _token = await waiting_for_kari(stack, a.url, ola, b)
            signed_out = time.monotonic()
            ok(await kari.request("logout"))
            told = await contact.expect(said("returning"), timeout=5.0)
            assert told["status"] == "next" and told["reason"] == "off_shift"
            assert time.monotonic() - signed_out < presence.GRACE_S / 2
            await released_once(hub_db, conv, ola, b)


async def test_a_counsellor_back_after_her_hub_restarted_who_signs_out_releases_at_once(
    hub_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with stopping_hub(hub_db, monkeypatch) as a:  # the production grace: 30 s
        async with serve_hub(hub_db) as b, serve_hub(hub_db) as c, \
                Wire.connect(b.url, "/v1/staff") as ola, contextlib.AsyncExitStack() as stack:
            await staff_login(ola, "ola")
            _kari, contact, conv, token = await waiting_for_kari(stack, a.url, ola, b, c)
            await asyncio.to_thread(a.stop)  # SIGTERM
            moved = await moved_to(stack, b.url, contact, token)
            kari_b = await stack.enter_async_context(Wire.connect(b.url, "/v1/staff"))
            await staff_login(kari_b, "kari")
            offer = await kari_b.expect(said("return_offer"), timeout=5.0)
            assert offer["conversation"] == conv
            # Back within the grace, she signs out on B: nobody waits for her any more.
            signed_out = time.monotonic()
            ok(await kari_b.request("logout"))
            told = await moved.expect(said("returning"), timeout=5.0)
            assert told["status"] == "next" and told["reason"] == "off_shift"
            assert time.monotonic() - signed_out < presence.GRACE_S / 2
            await eventually(lambda: "kari" not in c.hub.elsewhere, seconds=presence.HEARTBEAT_S)
            assert hold_steps(hub_db, conv) == [
                "returned", "return_held:waiting", "return_held:offered", "return_released"]


async def test_a_young_person_waits_for_her_counsellor_across_a_restart_of_the_only_hub(
    hub_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with stopping_hub(hub_db, monkeypatch) as a:  # one hub on PostgreSQL, restarted
        async with contextlib.AsyncExitStack() as stack:
            ola = await stack.enter_async_context(Wire.connect(a.url, "/v1/staff"))
            await staff_login(ola, "ola")
            _kari, contact, conv, token = await waiting_for_kari(stack, a.url, ola)
            await asyncio.to_thread(a.stop)  # SIGTERM, and started again (a new hub id)
            await asyncio.to_thread(a.start)
            moved = await moved_to(stack, a.url, contact, token)
            kari = await stack.enter_async_context(Wire.connect(a.url, "/v1/staff"))
            await staff_login(kari, "kari")
            offer = await kari.expect(said("return_offer"), timeout=5.0)
            assert offer["conversation"] == conv
            ok(await kari.request("accept", conversation=conv))
            await moved.event(conv, "assigned")
            assert hold_steps(hub_db, conv) == [
                "returned", "return_held:waiting", "return_held:offered", "assigned"]
