"""Several hubs on one PostgreSQL (issue 16): the calls of a hub that is gone are ended by a
hub that lives, once, as their own hub would have at its restart (docs/telephony.md, "The
call's hub gone"); a hub back at the same address in time keeps them."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

import psycopg
import pytest

from tests.support.two_hubs import desks_on, stored_fields
from tests.support.wire import Wire, ok
from workstation.hub import server as hub_server
from workstation.hub.cluster.presence import ClusterPresence
from workstation.hub.server import HubServer, serve_hub
from workstation.hub.telephony import orphans
from workstation.hub.telephony.adapter import TelephonyAdapter
from workstation.hub.telephony.feature import CallsFeature
from workstation.hub.telephony.simulated import SimulatedTelephony
from workstation.hub.telephony.store import Call

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)
#: The hubs' presence expiry here (production: 15 s); a heartbeat every third of it.
EXPIRES_S = 3.0
#: How long a hub that lives may take to end a gone hub's calls: the expiry, a heartbeat, load.
WITHIN_S = EXPIRES_S + EXPIRES_S / 3 + 4.0


@pytest.fixture(autouse=True)
def quick_expiry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hub_server, "EXPIRES_S", EXPIRES_S)


class FrontPhone(SimulatedTelephony):
    """The simulated phone, taking calls at a SIP address of its own (as ``serve --sip``)."""

    def __init__(self, front: str) -> None:
        super().__init__()
        self.front = front

    @property
    def address(self) -> str | None:
        return self.front


def phone_of(hub: HubServer) -> SimulatedTelephony:
    adapter = hub.hub.feature(CallsFeature).adapter
    assert isinstance(adapter, SimulatedTelephony)
    return adapter


def hub_id(server: HubServer) -> str:
    """The hub's id in ``hubs`` and ``desk_calls.hub``."""
    assert server.hub.relay is not None
    return server.hub.relay.store.hub_id


def gone(dsn: str, hub: str, before: str) -> bool:
    """Whether ``hub`` last beat before ``before``."""
    with psycopg.connect(dsn) as conn:
        beat = conn.execute("SELECT heartbeat_at FROM hubs WHERE id = %s", (hub,)).fetchone()
    return beat is not None and str(beat[0]) < before


def row(dsn: str, conversation: str) -> tuple[str | None, str, str | None]:
    """The call's ``desk_calls`` row: (hub, state, ended_at)."""
    with psycopg.connect(dsn) as conn:
        found = conn.execute("SELECT hub, state, ended_at FROM desk_calls "
                             "WHERE conversation = %s", (conversation,)).fetchone()
    assert found is not None
    return found


async def until(check: Callable[[], bool], timeout: float) -> None:
    """Wait for ``check`` (a database read) to come true, reading five times a second."""
    for _ in range(int(timeout / 0.2)):
        if check():
            return
        await asyncio.sleep(0.2)
    raise AssertionError("the condition did not come true")


def ended(kind: str, conv: str) -> Callable[[dict[str, object]], bool]:
    return lambda f: f.get("kind") == kind and f.get("conversation") == conv


async def answered_on(phone: SimulatedTelephony, ola: Wire, number: str) -> tuple[str, str]:
    """A call rings on the phone's hub; ola answers it through her own hub: (call, conv)."""
    call = await phone.ring(number)
    ringing = await ola.expect(
        lambda f: f["type"] == "calls" and [i["call"] for i in f["items"]] == [call], 3.0)
    conv = ringing["items"][0]["conversation"]
    ok(await ola.request("call_answer", conversation=conv))
    await ola.event(conv, "call_answered", 3.0)
    return call, conv


@contextlib.asynccontextmanager
async def hub_on(dsn: str, adapter: TelephonyAdapter | None = None) -> AsyncIterator[HubServer]:
    async with serve_hub(dsn, telephony=None if adapter is None else lambda _: adapter) as hub:
        yield hub


async def test_the_calls_of_a_gone_hub_are_ended_once_by_the_hubs_that_live(
    hub_db: str,
) -> None:
    """Hub A (simulated phone) holds two calls: ola on B answered one, and one still rings.
    A stops and does not come back: within the expiry and a heartbeat, B or C — both alive,
    both looking — writes each call's end once, as A would have at its restart
    (``call_ended`` by the caller, ``closed`` ``contact_left``); ola's desk on B is told, and
    the call rows are closed."""
    async with (hub_on(hub_db) as b, hub_on(hub_db) as c,
                desks_on((b.url, "ola"), (c.url, "kari")) as (ola, kari)):
        ok(await ola.request("softphone_ready", port=40002))
        async with contextlib.AsyncExitStack() as a_lives:
            a = await a_lives.enter_async_context(hub_on(hub_db))
            phone = phone_of(a)
            call, answered = await answered_on(phone, ola, "+4791234518")
            ringing_call = await phone.ring(None)
            ringing = await kari.expect(
                lambda f: f["type"] == "calls" and [i["call"] for i in f["items"]]
                == [ringing_call], 3.0)
            still_ringing = ringing["items"][0]["conversation"]
        # Hub A is gone (its phone with it); nobody hung up.
        for conv in (answered, still_ringing):
            assert row(hub_db, conv)[2] is None
        closed = await ola.expect(ended("closed", answered), WITHIN_S)
        assert closed["reason"] == "contact_left"
        assert ola.events(answered)[-2]["kind"] == "call_ended"
        await until(lambda: row(hub_db, still_ringing)[2] is not None, WITHIN_S)
        # It rings no more on kari's desk on C.
        await until(lambda: [f for f in kari.frames if f["type"] == "calls"][-1]["items"]
                    == [], 3.0)
        for conv, number in ((answered, call), (still_ringing, ringing_call)):
            log = stored_fields(hub_db, conv)
            ends = [(kind, fields) for kind, fields in log
                    if kind in ("call_ended", "closed")]
            assert ends == [("call_ended", {"call": number, "by": "caller"}),
                            ("closed", {"reason": "contact_left"})], log
            hub, state, ended_at = row(hub_db, conv)
            assert state == "ended" and ended_at is not None
            assert hub in (hub_id(b), hub_id(c))
        # The conversation is hers to document, as after a crash: no call left on B.
        assert answered not in b.hub.feature(CallsFeature).calls
        refused = await ola.request("call_hangup", conversation=answered)
        assert refused.get("type") == "error", refused


async def test_a_hub_back_at_the_same_address_in_time_keeps_its_calls(hub_db: str) -> None:
    """Hub A (a phone system at ``udp:127.0.0.1:5999``) stops with ola's call on it and
    starts again at the same address before the expiry: it takes the call back (the caller
    is still on the line); once A's old heartbeat has expired, B's look for gone hubs' calls
    ends nothing, and ola's hang-up through B reaches A."""
    phone = FrontPhone("udp:127.0.0.1:5999")
    async with hub_on(hub_db) as b, desks_on((b.url, "ola")) as (ola,):
        ok(await ola.request("softphone_ready", port=40002))
        async with hub_on(hub_db, phone) as a:
            call, conv = await answered_on(phone, ola, "+4791234519")
            old = hub_id(a)
        async with hub_on(hub_db, phone) as again:
            new = hub_id(again)
            assert row(hub_db, conv)[0] == new != old
            presence = b.hub.feature(ClusterPresence)
            await until(lambda: gone(hub_db, old, presence.gone_before()), WITHIN_S)
            assert await b.hub.feature(CallsFeature).end_gone_calls(presence) == []
            assert phone.calls[call] == "connected"
            ok(await ola.request("call_hangup", conversation=conv))  # carried out by A again
            assert phone.calls[call] == "ended"
        kinds = [kind for kind, _ in stored_fields(hub_db, conv)]
        assert kinds[-2:] == ["call_ended", "closed"] and kinds.count("call_ended") == 1
        by = [fields["by"] for kind, fields in stored_fields(hub_db, conv) if kind == "call_ended"]
        assert by == ["counsellor"]


async def test_a_hub_back_at_another_address_leaves_the_old_calls_to_be_ended(
    hub_db: str,
) -> None:
    """Hub A stops with ola's call taken at one address and starts again at another (as
    ``--sip …:0`` may): it does not take the old address's call at its start (its phone
    system never had it); once A's old heartbeat has expired, a living hub ends it, once."""
    async with hub_on(hub_db) as b, desks_on((b.url, "ola")) as (ola,):
        ok(await ola.request("softphone_ready", port=40002))
        first = FrontPhone("udp:127.0.0.1:5999")
        async with hub_on(hub_db, first) as a:
            _, conv = await answered_on(first, ola, "+4791234517")
            old = hub_id(a)
        async with hub_on(hub_db, FrontPhone("udp:127.0.0.1:6001")) as again:
            assert row(hub_db, conv)[0] == old  # not taken back: another address
            assert conv not in again.hub.feature(CallsFeature).calls
            closed = await ola.expect(ended("closed", conv), WITHIN_S)
            assert closed["reason"] == "contact_left"
            hub, state, _ = row(hub_db, conv)
            assert state == "ended" and hub in (hub_id(b), hub_id(again))
        kinds = [kind for kind, _ in stored_fields(hub_db, conv)]
        assert kinds.count("call_ended") == 1 and kinds[-2:] == ["call_ended", "closed"]


async def test_a_gone_hubs_call_closed_by_its_counsellor_meanwhile_is_not_ended_twice(
    hub_db: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Hub B takes a gone hub's call to end it just as ola closes its conversation on C, and
    B has not heard of her ``close`` yet (its listening connection is stopped): B's
    ``call_ended`` is written only while the conversation is open in the database, so the
    log ends with her ``closed`` alone, and B closes only the call's row."""
    async with (hub_on(hub_db) as b, hub_on(hub_db) as c,
                desks_on((c.url, "ola")) as (ola,)):
        for hub in (b, c):  # the test looks for gone hubs' calls itself, on B
            looking = hub.hub.feature(CallsFeature)._orphans
            assert looking is not None
            looking.cancel()
        ok(await ola.request("softphone_ready", port=40002))
        async with hub_on(hub_db) as a:
            _, conv = await answered_on(phone_of(a), ola, "+4791234516")
            old = hub_id(a)
        assert b.cluster is not None
        await b.cluster.listener.stop()
        presence = b.hub.feature(ClusterPresence)
        adopt = orphans.adopt_orphans

        async def adopted_as_she_closes(*args: object) -> list[Call]:
            taken = await adopt(*args)  # type: ignore[arg-type]
            ok(await ola.request("close", conversation=conv, reason="staff_closed"))
            return taken

        monkeypatch.setattr(orphans, "adopt_orphans", adopted_as_she_closes)
        await until(lambda: gone(hub_db, old, presence.gone_before()), WITHIN_S)
        assert await b.hub.feature(CallsFeature).end_gone_calls(presence) == [conv]
        kinds = [kind for kind, _ in stored_fields(hub_db, conv)]
        assert kinds[-2:] == ["call_answered", "closed"], kinds
        assert row(hub_db, conv)[1:2] == ("ended",)


async def test_a_hub_back_from_a_database_outage_does_not_take_the_living_for_gone(
    hub_db: str,
) -> None:
    """The database was out for everyone (a failover): hub A, with ola's call on it, could
    not beat, and B is the first back. A's row is older than the expiry, yet A lives: B ends
    nothing until it has beaten steadily for the expiry itself, by when A has beaten again."""
    async with hub_on(hub_db) as b, desks_on((b.url, "ola")) as (ola,):
        looking = b.hub.feature(CallsFeature)._orphans
        assert looking is not None
        looking.cancel()  # the test looks for gone hubs' calls itself, on B
        ok(await ola.request("softphone_ready", port=40002))
        async with hub_on(hub_db) as a:
            call, conv = await answered_on(phone_of(a), ola, "+4791234515")
            presence = b.hub.feature(ClusterPresence)
            a_row = a.hub.feature(ClusterPresence).row

            async def cut_off(expires_s: float | None = None) -> None:
                raise OSError("the database is out")

            a_row.renew = cut_off  # type: ignore[method-assign]

            def outage() -> bool:  # A's last beat, long before (a beat under way may land)
                with psycopg.connect(hub_db) as conn:
                    conn.execute("UPDATE hubs SET heartbeat_at = %s WHERE id = %s",
                                 ("2000-01-01T00:00:00.000000Z", hub_id(a)))
                return gone(hub_db, hub_id(a), presence.gone_before())

            await until(outage, WITHIN_S)
            presence.row.steady_since = None  # B's own beats failed meanwhile
            await presence.row.renew(presence.expires_s)  # B is back first
            assert await b.hub.feature(CallsFeature).end_gone_calls(presence) == []
            del a_row.renew  # A's beats go through again
            await until(lambda: not gone(hub_db, hub_id(a), presence.gone_before()), WITHIN_S)
            await until(lambda: presence.row.steady_for(presence.expires_s), WITHIN_S)
            assert await b.hub.feature(CallsFeature).end_gone_calls(presence) == []
            assert phone_of(a).calls[call] == "connected"
            assert row(hub_db, conv)[1] != "ended"
