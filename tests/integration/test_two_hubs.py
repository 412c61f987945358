"""Two ``workstation-hub serve`` processes on one PostgreSQL serve one helpline (issue 16,
item 3; docs/deploy.md "Several hubs at once"): a young person on one hub is seen, taken and
answered by a counsellor on the other, and a contact is taken once however many hubs try."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import psycopg
import pytest

from tests.conftest import staff_login
from tests.support.hubs import HubProcess
from tests.support.two_hubs import NO_LIMITS, in_queue, stored, two_hubs
from tests.support.wire import Frame, Wire, ok
from workstation.hub import retention
from workstation.hub.cli import PRESENCE_ENV
from workstation.hub.cluster import Cluster
from workstation.hub.cluster.presence import EXPIRES_S, HEARTBEAT_S
from workstation.hub.retention import RetentionFeature
from workstation.hub.server import serve_hub
from workstation.protocol.times import format_time, parse_time, utc_now
from workstation.store import pg_events

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)


#: The presence expiry of :func:`quick_expiry_hubs` (production: ``EXPIRES_S``, 15 s), and
#: its heartbeat: a third of it, as in production.
QUICK_EXPIRES_S = 3.0
QUICK_HEARTBEAT_S = QUICK_EXPIRES_S * HEARTBEAT_S / EXPIRES_S


@pytest.fixture
def hubs(hub_db: str) -> Iterator[tuple[HubProcess, HubProcess]]:
    yield from two_hubs(hub_db)


@pytest.fixture
def quick_expiry_hubs(hub_db: str, monkeypatch: pytest.MonkeyPatch,
                      ) -> Iterator[tuple[HubProcess, HubProcess]]:
    """:func:`hubs` whose staff presence expires after :data:`QUICK_EXPIRES_S`."""
    monkeypatch.setenv(PRESENCE_ENV, str(QUICK_EXPIRES_S))
    yield from two_hubs(hub_db)


def messages(frames: list[Frame]) -> list[tuple[int, str]]:
    return [(f["seq"], f["text"]) for f in frames if f.get("kind") == "message"]


async def test_a_young_person_on_one_hub_is_taken_and_answered_from_the_other(
    hubs: tuple[HubProcess, HubProcess], hub_db: str
) -> None:
    a, b = hubs
    async with (
        Wire.connect(a.url, "/v1/contact") as contact,
        Wire.connect(b.url, "/v1/staff") as desk,
    ):
        await staff_login(desk, "kari")
        opened_at = time.monotonic()
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        await desk.expect(in_queue(conv), timeout=1.0)  # within a second, on the other hub
        assert time.monotonic() - opened_at < 1.0

        ok(await desk.request("accept", conversation=conv))
        await contact.event(conv, "assigned")
        acked: dict[str, int] = {}
        for i in range(10):  # both ways at once: the two hubs append to one conversation
            from_contact, from_desk = await asyncio.gather(
                contact.request("send", id=f"c{i}", text=f"melding {i}"),
                desk.request("send", id=f"s{i}", conversation=conv, text=f"svar {i}"),
            )
            acked[f"c{i}"] = ok(from_contact)["seq"]
            acked[f"s{i}"] = ok(from_desk)["seq"]
        last = max(acked.values())
        await contact.expect(lambda f: f.get("seq") == last)
        await desk.expect(lambda f: f.get("conversation") == conv and f.get("seq") == last)

        rows = stored(hub_db, conv)
        assert [seq for seq, _, _ in rows] == list(range(1, len(rows) + 1))  # no gap
        assert sorted((cid, seq) for seq, kind, cid in rows if kind == "message") == sorted(
            acked.items()
        )
        # Each side got every message once, in seq order, whichever hub stored it.
        want = sorted((seq, f"{'melding' if cid[0] == 'c' else 'svar'} {cid[1:]}")
                      for cid, seq in acked.items())
        assert messages(contact.events(conv)) == want
        assert messages(desk.events(conv)) == want
        contact_seqs = [e["seq"] for e in contact.events(conv)]
        assert contact_seqs == sorted(set(contact_seqs))


async def test_two_counsellors_on_two_hubs_accepting_at_once_one_gets_the_contact(
    hubs: tuple[HubProcess, HubProcess], hub_db: str
) -> None:
    a, b = hubs
    async with (
        Wire.connect(a.url, "/v1/staff") as kari,
        Wire.connect(b.url, "/v1/staff") as ola,
    ):
        await staff_login(kari, "kari")
        await staff_login(ola, "ola")
        for round_ in range(20):
            async with Wire.connect(a.url, "/v1/contact") as contact:
                conv = ok(await contact.request("open", channel="chat"))["conversation"]
                await ola.expect(in_queue(conv), timeout=2.0)
                await kari.expect(in_queue(conv), timeout=2.0)
                answers = await asyncio.gather(
                    kari.request("accept", conversation=conv),
                    ola.request("accept", conversation=conv),
                )
                kinds = sorted(answer["type"] for answer in answers)
                assert kinds == ["error", "ok"], (round_, answers)
                assert [x for x in answers if x["type"] == "error"][0]["code"] == "conflict"
                rows = stored(hub_db, conv)
                assert [kind for _, kind, _ in rows].count("assigned") == 1, round_
                ok(await contact.request("leave"))


def member(load: Frame, user: str) -> Frame | None:
    return next((m for m in load["staff"] if m["user"] == user), None)


async def latest_load(wire: Wire, check: Callable[[Frame], bool], timeout: float = 3.0) -> Frame:
    """Wait until the newest ``load`` push satisfies ``check``."""
    async with asyncio.timeout(timeout):
        while True:
            pushed = [f for f in wire.frames if f["type"] == "load"]
            if pushed and check(pushed[-1]):
                return pushed[-1]
            await wire.expect(lambda f: f["type"] == "load", timeout)


async def test_a_counsellor_on_one_hub_is_on_the_other_hubs_load_view(
    hubs: tuple[HubProcess, HubProcess],
) -> None:
    a, b = hubs
    async with Wire.connect(b.url, "/v1/staff") as supervisor:
        await staff_login(supervisor, "sup")
        ok(await supervisor.request("watch_load"))
        async with (
            Wire.connect(a.url, "/v1/staff") as kari,
            Wire.connect(a.url, "/v1/contact") as contact,
        ):
            await staff_login(kari, "kari")
            load = await latest_load(supervisor, lambda f: member(f, "kari") is not None)
            assert member(load, "kari") == {**(member(load, "kari") or {}),
                                            "status": "available", "conversations": 0}
            ok(await kari.request("presence", status="away"))
            await latest_load(supervisor, lambda f: (member(f, "kari") or {}).get("status")
                              == "away")
            ok(await kari.request("presence", status="available"))
            conv = ok(await contact.request("open", channel="chat"))["conversation"]
            ok(await kari.request("accept", conversation=conv))
            load = await latest_load(
                supervisor, lambda f: (member(f, "kari") or {}).get("conversations") == 1
            )
            assert member(load, "kari")["status"] == "available"  # type: ignore[index]
            assert load["open_conversations"] == 1
        # Kari signed out on A: gone from B's view too.
        await latest_load(supervisor, lambda f: member(f, "kari") is None)


async def test_the_staff_of_a_hub_killed_with_sigkill_leave_the_other_hubs_view(
    quick_expiry_hubs: tuple[HubProcess, HubProcess],
) -> None:
    a, b = quick_expiry_hubs
    async with Wire.connect(b.url, "/v1/staff") as supervisor:
        await staff_login(supervisor, "sup")
        ok(await supervisor.request("watch_load"))
        async with Wire.connect(a.url, "/v1/staff") as kari:
            await staff_login(kari, "kari")
            await latest_load(supervisor, lambda f: member(f, "kari") is not None)
            a.kill()  # no sign-out reaches the database: only the heartbeat stops
            killed = time.monotonic()
            await kari.closed.wait()
        await latest_load(supervisor, lambda f: member(f, "kari") is None,
                          timeout=QUICK_EXPIRES_S + 2 * QUICK_HEARTBEAT_S + 3)  # 3: load
        # expired, not signed out
        assert time.monotonic() - killed >= QUICK_EXPIRES_S - QUICK_HEARTBEAT_S


async def test_a_time_limit_warns_once_though_both_hubs_time_it(
    hubs: tuple[HubProcess, HubProcess], hub_db: str
) -> None:
    a, b = hubs
    async with (
        Wire.connect(a.url, "/v1/contact") as contact,
        Wire.connect(a.url, "/v1/staff") as sup_a,
        Wire.connect(b.url, "/v1/staff") as sup_b,
        Wire.connect(b.url, "/v1/staff") as kari,
    ):
        for desk, user in ((sup_a, "sup"), (sup_b, "sup"), (kari, "kari")):
            await staff_login(desk, user)
        # Set on hub A, read again by hub B (docs/deploy.md, "shared settings").
        ok(await sup_a.request("policy_set", channel="chat", soft_s=1, hard_s=2, min_queue=0))
        await sup_b.expect(lambda f: f.get("type") == "policy" and any(
            p["channel"] == "chat" and p["soft_s"] == 1 for p in f["policies"]), timeout=3.0)
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        await kari.expect(in_queue(conv), timeout=2.0)
        ok(await kari.request("accept", conversation=conv))
        for level in ("soft", "hard"):
            await kari.expect(lambda f, level=level: f.get("kind") == "time_warning"
                              and f.get("level") == level)
        # The shift's supervisors on both hubs are told once each.
        for sup in (sup_a, sup_b):
            await sup.expect(lambda f: f.get("alert") == "hard_limit"
                             and f.get("conversation") == conv)
        await asyncio.sleep(1.0)  # both hubs' timers have fired by now (they run 2 s)
        for sup in (sup_a, sup_b):
            assert [f.get("alert") for f in sup.frames].count("hard_limit") == 1
        kinds = [kind for _, kind, _ in stored(hub_db, conv)]
        assert kinds.count("time_warning") == 2, kinds
        assert [f.get("level") for f in kari.frames if f.get("kind") == "time_warning"] == [
            "soft", "hard"]


async def test_one_hub_of_two_runs_the_retention_purge_each_round(hub_db: str) -> None:
    async with serve_hub(hub_db) as a, serve_hub(hub_db) as b:
        retention = [hub.hub.feature(RetentionFeature) for hub in (a, b)]
        async with asyncio.timeout(10):
            for feature in retention:
                await feature.turned.wait()
        assert sorted(feature.turns[0] for feature in retention) == [False, True]
        (holder,) = [hub.hub.store.hub_id for hub, feature in zip((a, b), retention,
                                                                   strict=True)
                     if feature.turns[0]]
        assert lease_holders(hub_db) == [(holder,)]
    assert lease_holders(hub_db) == []  # let go when its hub stopped


def lease_holders(dsn: str) -> list[tuple[str]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(
            "SELECT holder FROM outbox_leases WHERE outbox = 'timer' "
            "AND drain_key = 'retention_purge'"
        ).fetchall()


async def test_a_hub_that_lost_its_listening_connection_catches_up_from_the_database(
    hub_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pg_events, "RECONNECT_S", (1.0,))  # a gap long enough to write in
    async with serve_hub(hub_db) as a, serve_hub(hub_db) as b:
        assert b.cluster is not None
        listener = b.cluster.listener
        async with (
            Wire.connect(a.url, "/v1/contact") as contact,
            Wire.connect(b.url, "/v1/staff") as desk,
        ):
            await staff_login(desk, "kari")
            conv = ok(await contact.request("open", channel="chat"))["conversation"]
            await desk.expect(in_queue(conv), timeout=2.0)
            ok(await desk.request("accept", conversation=conv))
            assert listener.backend_pid is not None
            with psycopg.connect(hub_db, autocommit=True) as conn:  # as a network cut would
                conn.execute("SELECT pg_terminate_backend(%s)", (listener.backend_pid,))
            for _ in range(100):
                if listener.backend_pid is None:
                    break
                await asyncio.sleep(0.02)
            assert listener.backend_pid is None and listener.connections == 1
            # Written while hub B hears nothing: B reads them when it listens again.
            seqs = [ok(await contact.request("send", text=f"melding {i}"))["seq"]
                    for i in range(3)]
            await desk.expect(lambda f: f.get("seq") == seqs[-1], timeout=5.0)
            assert listener.connections == 2
            assert [s for s, _ in messages(desk.events(conv))] == seqs  # once each, in order


async def test_what_the_other_hub_changed_while_this_one_started_is_in_its_routing_state(
    hub_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between hub B loading the open conversations and its first LISTEN, hub A opens one
    contact, takes another and closes a third (the kill test met this on each restart): B
    knows all three — not announced to it, as nobody listened yet."""
    async with serve_hub(hub_db) as a, Wire.connect(a.url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        contacts: list[Wire] = []
        tokens: list[str] = []
        convs: list[str] = []
        async with contextlib.AsyncExitStack() as stack:
            for _ in range(2):
                contact = await stack.enter_async_context(Wire.connect(a.url, "/v1/contact"))
                answer = ok(await contact.request("open", channel="chat"))
                contacts.append(contact)
                convs.append(answer["conversation"])
                tokens.append(answer["resume_token"])
            meanwhile: list[str] = []
            listen = Cluster.start

            async def late_listen(cluster: Cluster) -> None:
                if cluster.relay.hub is not a.hub:  # B: loaded, not yet listening
                    new = await stack.enter_async_context(Wire.connect(a.url, "/v1/contact"))
                    answer = ok(await new.request("open", channel="chat"))
                    meanwhile.append(answer["conversation"])
                    tokens.append(answer["resume_token"])
                    ok(await kari.request("accept", conversation=convs[0]))
                    ok(await contacts[1].request("leave"))
                await listen(cluster)

            monkeypatch.setattr(Cluster, "start", late_listen)
            async with serve_hub(hub_db) as b, Wire.connect(b.url, "/v1/staff") as ola:
                assert meanwhile, "hub B did not start through the patched Cluster.start"
                await staff_login(ola, "ola")
                queued = await ola.expect(lambda f: f.get("type") == "queue")
                assert [item["conversation"] for item in queued["items"]] == meanwhile
                assert b.hub.conversations[convs[0]].assigned_user == "kari"
                assert convs[1] not in b.hub.conversations
                # The young people resume on B and write on (not "closed").
                for token in (tokens[0], tokens[2]):
                    async with Wire.connect(b.url, "/v1/contact") as moved:
                        ok(await moved.request("resume", resume_token=token, after=0))
                        ok(await moved.request("send", text="her igjen"))
                ok(await ola.request("accept", conversation=meanwhile[0]))


async def until_true(check: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait until ``check()`` holds, looking every 50 ms (at the database: nothing to wake on)."""
    for _ in range(int(timeout / 0.05) + 1):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"not within {timeout} s: {what}")


def purge_lease(dsn: str) -> tuple[str, datetime] | None:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT holder, held_until FROM outbox_leases WHERE outbox = 'timer' "
            "AND drain_key = 'retention_purge'"
        ).fetchone()
    return None if row is None else (str(row[0]), parse_time(str(row[1])))


async def test_the_purge_moves_to_the_other_hub_within_a_lease_when_its_holder_is_killed(
    hub_db: str,
) -> None:
    lease_s = 3.0
    args = (*NO_LIMITS, "--purge-lease-seconds", str(lease_s))
    a, b = HubProcess(hub_db, args=args), HubProcess(hub_db, args=args)
    try:
        a.start()  # alone: it takes the lease and purges at once
        await until_true(lambda: purge_lease(hub_db) is not None, 10, "hub A's lease")
        holder_a, _ = purge_lease(hub_db) or ("", None)
        b.start()
        # Past its retention after A's purge: the next purge removes it.
        async with Wire.connect(b.url, "/v1/contact") as contact:
            old = ok(await contact.request("open", channel="chat"))["conversation"]
            ok(await contact.request("leave"))
        long_ago = format_time(utc_now() - timedelta(days=100))
        with psycopg.connect(hub_db) as conn:
            conn.execute("UPDATE conversations SET closed_at = %s WHERE id = %s",
                         (long_ago, old))
        gone = ("SELECT count(*) FROM conversations WHERE id = %s", (old,))
        # A renews its lease (B tries for it as often and does not get it).
        first_until = (purge_lease(hub_db) or ("", utc_now()))[1]
        await until_true(lambda: (purge_lease(hub_db) or ("", first_until))[1] > first_until,
                         lease_s, "hub A renewing its lease")
        held = purge_lease(hub_db)
        assert held is not None and held[0] == holder_a
        a.kill()
        killed = time.monotonic()
        await until_true(lambda: (purge_lease(hub_db) or (holder_a, None))[0] != holder_a,
                         lease_s * 2 + 5, "hub B taking the lease")
        taken = purge_lease(hub_db)
        assert taken is not None
        # B took it only once A's had run out, and then purged (its round, at once).
        assert taken[1] - timedelta(seconds=lease_s) >= held[1]
        with psycopg.connect(hub_db) as conn:
            await until_true(lambda: conn.execute(*gone).fetchone() == (0,), 10,
                             "hub B's purge")
        assert time.monotonic() - killed < lease_s * 2 + 5
    finally:
        a.stop()
        b.stop()


async def test_a_capacity_set_on_one_hub_holds_on_the_other(hub_db: str) -> None:
    async with (
        serve_hub(hub_db) as a, serve_hub(hub_db) as b,
        Wire.connect(a.url, "/v1/staff") as sup,
        Wire.connect(b.url, "/v1/staff") as kari,
        Wire.connect(a.url, "/v1/contact") as first,
        Wire.connect(a.url, "/v1/contact") as second,
    ):
        await staff_login(sup, "sup")
        await staff_login(kari, "kari")
        ok(await sup.request("capacity_set", user=None, limits={"chat": 1}))
        pushed = await kari.expect(lambda f: f.get("type") == "capacity"
                                   and f["limits"]["chat"] == 1)
        assert pushed["free"]["chat"] == 1
        convs = [ok(await c.request("open", channel="chat"))["conversation"]
                 for c in (first, second)]
        await kari.expect(in_queue(convs[1]))  # both, in one push or two
        ok(await kari.request("accept", conversation=convs[0]))
        refused = await kari.request("accept", conversation=convs[1])
        assert refused["type"] == "error" and refused["code"] == "conflict", refused
        assert "Capacity reached" in refused["message"]


async def test_the_purge_holder_renews_its_lease_while_a_purge_takes_longer_than_one(
    hub_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    lease_s = 1.0
    monkeypatch.setattr(retention, "PURGE_LEASE_S", lease_s)
    may_finish = asyncio.Event()
    real_purge = retention.purge_once

    async def slow_purge(*args: Any) -> Any:
        await may_finish.wait()
        return await real_purge(*args)

    monkeypatch.setattr(retention, "purge_once", slow_purge)
    async with serve_hub(hub_db) as a:
        await until_true(lambda: purge_lease(hub_db) is not None, 10, "hub A's lease")
        holder, first_until = purge_lease(hub_db) or ("", utc_now())
        async with serve_hub(hub_db) as b:
            tries = b.hub.feature(RetentionFeature).turns
            # Three leases' time into A's purge, B has tried a dozen times and never got it.
            await until_true(lambda: len(tries) >= 12 or any(tries), 10 * lease_s,
                             "hub B's tries")
            assert not any(tries), "hub B took the lease from the purging hub A"
            lease = purge_lease(hub_db)
            assert lease is not None and lease[0] == holder
            assert lease[1] - first_until >= timedelta(seconds=2 * lease_s)  # renewed
            assert not a.hub.feature(RetentionFeature).purged.is_set()  # still purging
            may_finish.set()
            await asyncio.wait_for(a.hub.feature(RetentionFeature).purged.wait(), 10)
