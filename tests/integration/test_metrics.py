"""GET /healthz and GET /metrics on the hub's own port, with real traffic on the WebSockets."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import staff_login
from tests.support.http import Reply, aget, http_url
from tests.support.hubs import PASSWORD
from tests.support.wire import Wire, ok
from workstation.hub.limits import LimitSettings, Rate
from workstation.hub.metrics import CONNECTION_KINDS, address_allowed, parse_allow
from workstation.hub.server import HubServer, serve_hub
from workstation.protocol.errors import ErrorCode
from workstation.protocol.frames import CHANNELS
from workstation.sim import Simulator, load_scenarios

#: What the young people and staff say and are called in the traffic below; none may leak.
PERSONAL = ("Ingrid", "Solberg", "41234567", "Trondheim", "kari", "Kari", PASSWORD)


def samples(page: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus text page, by (name, sorted labels)."""
    found = {}
    for family in text_string_to_metric_families(page):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def scrape_until(url: str, key: tuple[str, tuple[tuple[str, str], ...]],
                       value: float | None = None, at_least: float | None = None) -> Reply:
    """Scrape until the sample ``key`` reads ``value`` (or ``at_least``): a closing socket's
    handler ends a moment after the client saw the close; a shift takes its time."""
    async with asyncio.timeout(30):
        while True:
            reply = await aget(http_url(url, "/metrics"))
            found = samples(reply.body).get(key)
            if found is not None and (found == value or (at_least and found >= at_least)):
                return reply
            await asyncio.sleep(0.05)


async def test_healthz_is_200_while_the_store_commits(hub: HubServer) -> None:
    reply = await aget(http_url(hub.url, "/healthz"))
    assert (reply.status, reply.body) == (200, "ok\n")


async def test_a_flood_of_health_checks_costs_about_one_write_a_second(hub: HubServer) -> None:
    key = ("hub_commit_seconds_count", ())
    before = samples((await aget(http_url(hub.url, "/metrics"))).body)[key]
    loop = asyncio.get_running_loop()
    started = loop.time()
    replies = [await aget(http_url(hub.url, "/healthz")) for _ in range(30)]
    seconds = loop.time() - started
    after = samples((await aget(http_url(hub.url, "/metrics"))).body)[key]
    assert all(reply.status == 200 for reply in replies)
    assert 1 <= after - before <= seconds + 1


async def test_healthz_is_503_while_the_database_refuses_writes_then_200_again(
    hub: HubServer,
) -> None:
    def read_only(conn: sqlite3.Connection, on: bool) -> None:
        """The store's connection refuses writes: SQLite's ``query_only``, PostgreSQL's
        ``default_transaction_read_only`` for the session (its next transactions)."""
        if getattr(conn, "dialect", "sqlite") == "postgres":
            conn.execute(f"SET default_transaction_read_only = {'on' if on else 'off'}")
        else:
            conn.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")

    await hub.hub.store.run(lambda conn: read_only(conn, True), write=False)
    assert (await aget(http_url(hub.url, "/healthz"))).status == 503
    await hub.hub.store.run(lambda conn: read_only(conn, False), write=False)
    assert (await aget(http_url(hub.url, "/healthz"))).status == 200


async def test_healthz_is_503_once_the_store_has_stopped(hub: HubServer) -> None:
    await hub.hub.store.close()
    reply = await aget(http_url(hub.url, "/healthz"))
    assert reply.status == 503 and "commit" in reply.body


async def test_metrics_during_traffic_count_everything_and_name_nobody(hub: HubServer) -> None:
    url = hub.url
    async with (
        Wire.connect(url, "/v1/contact") as ingrid,
        Wire.connect(url, "/v1/contact") as waiting,
        Wire.connect(url, "/v1/contact") as texting,
        Wire.connect(url, "/v1/staff") as desk,
        Wire.connect(url, "/v1/staff") as guesser,
    ):
        conv = ok(await ingrid.request("open", channel="chat"))["conversation"]
        ok(await ingrid.request("send", text="Jeg heter Ingrid Solberg og bor i Trondheim"))
        ok(await waiting.request("open", channel="chat"))
        ok(await texting.request("open", channel="sms"))
        ok(await texting.request("send", text="ring meg på 41234567"))
        await staff_login(desk, "kari")
        ok(await desk.request("accept", conversation=conv))
        ok(await desk.request("send", conversation=conv, text="Hei Ingrid, jeg heter Kari"))
        assert (await desk.request("frobnicate"))["code"] == "bad_frame"
        refused = await guesser.request("hello", user="kari", password="Ingrid123")
        assert refused["code"] == "unauthenticated"
        await guesser.closed.wait()
        reply = await scrape_until(url, ("hub_connections", (("kind", "staff"),)), 1)

    assert reply.status == 200
    assert reply.content_type.startswith("text/plain")
    for word in (*PERSONAL, conv, "127.0.0.1"):
        assert word not in reply.body, word
    found = samples(reply.body)
    assert found[("hub_connections", (("kind", "contact"),))] == 3
    assert found[("hub_connections", (("kind", "staff"),))] == 1  # the guesser is gone
    assert found[("hub_queue_length", (("channel", "chat"),))] == 1
    assert found[("hub_queue_length", (("channel", "sms"),))] == 1
    assert found[("hub_queue_length", (("channel", "phone"),))] == 0
    assert found[("hub_queue_longest_wait_seconds", (("channel", "sms"),))] > 0
    assert found[("hub_queue_longest_wait_seconds", (("channel", "phone"),))] == 0
    assert found[("hub_events_appended_total", (("kind", "opened"),))] == 3
    assert found[("hub_events_appended_total", (("kind", "message"),))] == 3
    assert found[("hub_events_appended_total", (("kind", "assigned"),))] == 1
    assert found[("hub_commit_seconds_count", ())] >= 7
    assert found[("hub_error_frames_total", (("code", "bad_frame"),))] == 1
    assert found[("hub_error_frames_total", (("code", "unauthenticated"),))] == 1
    assert found[("hub_failed_logins_total", ())] == 1


async def test_metrics_scraped_during_a_simulated_shift_hold_no_word_of_it(
    hub: HubServer,
) -> None:
    simulator = Simulator(hub.url, 8, scenarios=load_scenarios(), speed=100, interval_s=0.2,
                          seed=116111)
    running = asyncio.ensure_future(simulator.run())
    pages: list[str] = []
    taken: set[str] = set()

    def someone_new(frame: dict[str, Any]) -> bool:
        return frame.get("type") == "queue" and any(
            item["conversation"] not in taken for item in frame["items"])

    async with Wire.connect(hub.url, "/v1/staff") as desk:
        await staff_login(desk, "lead")  # a shift lead: no cap on conversations
        while len(taken) < 5:
            queue = await desk.expect(someone_new, 30)
            for item in queue["items"]:
                if item["conversation"] not in taken:
                    taken.add(item["conversation"])
                    await desk.request("accept", conversation=item["conversation"])
                    await desk.request("send", conversation=item["conversation"],
                                       text="Hei, jeg heter Vera. Fortell.")
            pages.append((await aget(http_url(hub.url, "/metrics"))).body)
        talked = ("hub_events_appended_total", (("kind", "message"),))
        pages.append((await scrape_until(hub.url, talked, at_least=20)).body)
        simulator.stop()
        await running

    def texts(conn: sqlite3.Connection) -> list[str]:
        rows = conn.execute("SELECT data FROM events WHERE kind = 'message'").fetchall()
        return [str(json.loads(row[0]).get("text", "")) for row in rows]

    written = await hub.hub.store.run(texts, write=False)
    words = {w.strip(".,!?:;()\"'").lower() for text in written for w in text.split()}
    words = {w for w in words if len(w) >= 4}
    assert len(written) >= 20 and len(words) > 15  # the shift really talked
    vocabulary = {*CHANNELS, *CONNECTION_KINDS, *(code.value for code in ErrorCode)}
    for page in pages:
        tokens = set(re.findall(r"[^\W\d_]+", page.lower()))  # hub_queue_length: 3 tokens
        leaked = sorted(w for w in words if w in tokens and w not in vocabulary)
        assert leaked == [], leaked
        for family in text_string_to_metric_families(page):
            for sample in family.samples:
                for name, value in sample.labels.items():
                    assert name in {"kind", "channel", "code", "limit", "le"}, name
                    assert re.fullmatch(r"[a-z_]+|[0-9.+Inf]+", value), value


async def test_bad_frames_flood_counts_a_rate_limit_trip(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as flood:
        answers = [await flood.request("nonsense") for _ in range(25)]
    assert answers[-1]["code"] == "rate_limited"
    found = samples((await aget(http_url(hub.url, "/metrics"))).body)
    assert found[("hub_rate_limit_trips_total", (("limit", "bad_frames"),))] == 5
    assert found[("hub_error_frames_total", (("code", "bad_frame"),))] == 20


async def test_a_contact_limit_tripping_is_counted_by_its_name(hub_db: Path) -> None:
    limits = LimitSettings(open_per_address=Rate(per_minute=1, burst=2))
    async with serve_hub(hub_db, limits=limits) as server:
        async with (
            Wire.connect(server.url, "/v1/contact") as first,
            Wire.connect(server.url, "/v1/contact") as second,
            Wire.connect(server.url, "/v1/contact") as third,
        ):
            ok(await first.request("open", channel="chat"))
            ok(await second.request("open", channel="chat"))
            assert (await third.request("open", channel="chat"))["code"] == "rate_limited"
        found = samples((await aget(http_url(server.url, "/metrics"))).body)
    assert found[("hub_rate_limit_trips_total", (("limit", "open_per_address"),))] == 1
    assert found[("hub_queue_length", (("channel", "chat"),))] == 2


async def test_metrics_are_refused_to_addresses_outside_the_allow_list(hub_db: Path) -> None:
    async with serve_hub(hub_db, metrics_allow=parse_allow("10.0.0.0/8")) as server:
        refused = await aget(http_url(server.url, "/metrics"))
        health = await aget(http_url(server.url, "/healthz"))
    assert refused.status == 403 and "hub_" not in refused.body
    assert health.status == 200  # health is for load balancers, wherever they are


def test_allow_list_takes_addresses_networks_and_mapped_ipv6() -> None:
    allow = parse_allow("127.0.0.1, 10.0.0.0/8,::1")
    assert address_allowed("127.0.0.1", allow)
    assert address_allowed("10.20.30.40", allow)
    assert address_allowed("::1", allow)
    assert address_allowed("::ffff:10.1.2.3", allow)  # a dual-stack socket's IPv4 peer
    assert not address_allowed("127.0.0.2", allow)
    assert not address_allowed("192.168.1.10", allow)
    assert not address_allowed("fe80::1", allow)
    assert not address_allowed("not an address", allow)


def test_allow_list_refuses_what_is_not_an_address() -> None:
    for text in ("", " , ", "intranet", "10.0.0.0/33"):
        try:
            parse_allow(text)
        except ValueError as exc:
            assert "address" in str(exc)
        else:
            raise AssertionError(f"{text!r} was accepted")


async def test_unknown_paths_are_404_and_websocket_paths_still_work(hub: HubServer) -> None:
    assert (await aget(http_url(hub.url, "/v1/other"))).status == 404
    async with Wire.connect(hub.url, "/v1/contact") as contact:
        ok(await contact.request("open", channel="chat"))
