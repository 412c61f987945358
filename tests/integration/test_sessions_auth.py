"""Sessions on the wire: logout, a hello whose user and token disagree, expiry after a shift,
and a person's own sessions listed and ended (a real hub on loopback)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import staff_login
from tests.support.hubs import PASSWORD, query
from tests.support.wire import Frame, Wire, ok
from workstation.client import Credentials, StaffClient
from workstation.hub import auth
from workstation.hub.server import HubServer
from workstation.store import open_database
from workstation.store.passwords import verify_password


async def closed(wire: Wire) -> int | None:
    await asyncio.wait_for(wire.closed.wait(), 5)
    return wire.ws.close_code


async def signed_out(wire: Wire) -> Frame:
    frame = await wire.expect(lambda f: f["type"] == "signed_out")
    assert await closed(wire) == 4401
    return frame


def audit(db: Path | str) -> list[tuple[object, ...]]:
    return query(db, "SELECT actor, action, target FROM audit ORDER BY id")


async def test_logout_revokes_the_token(hub: HubServer, hub_db: Path | str) -> None:
    async with Wire.connect(hub.url, "/v1/staff") as desk:
        token = (await staff_login(desk, "kari"))["token"]
        ok(await desk.request("logout"))
        assert await closed(desk) == 1000
    async with Wire.connect(hub.url, "/v1/staff") as again:
        refused = await again.request("hello", token=token)
        assert refused["code"] == "unauthenticated"
        assert await closed(again) == 4401
    assert ("kari", "logout", "kari") in audit(hub_db)


async def test_logout_signs_out_other_connections_of_the_same_session(hub: HubServer) -> None:
    async with (
        Wire.connect(hub.url, "/v1/staff") as first,
        Wire.connect(hub.url, "/v1/staff") as second,
    ):
        token = (await staff_login(first, "kari"))["token"]
        ok(await second.request("hello", token=token))
        ok(await first.request("logout"))
        assert (await signed_out(second))["reason"] == "logout"


async def test_a_hello_whose_user_and_token_disagree_is_refused(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/staff") as desk:
        token = (await staff_login(desk, "ola"))["token"]
    async with Wire.connect(hub.url, "/v1/staff") as desk:
        refused = await desk.request("hello", user="kari", token=token)
        assert refused["code"] == "unauthenticated"
        assert await closed(desk) == 4401
    async with Wire.connect(hub.url, "/v1/staff") as desk:  # the token itself still works
        answer = ok(await desk.request("hello", user="ola", token=token))
        assert answer["user"]["name"] == "ola"


@asynccontextmanager
async def short_hub(db: Path | str) -> AsyncIterator[HubServer]:
    """A hub whose sessions last two seconds."""
    server = HubServer(open_database(db), session_lifetime=timedelta(seconds=2))
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def session_rows(db: Path | str) -> int:
    return int(query(db, "SELECT COUNT(*) FROM sessions")[0][0])  # type: ignore[call-overload]


async def test_a_session_expires_and_its_desk_is_signed_out(hub_db: Path | str) -> None:
    async with short_hub(hub_db) as hub, Wire.connect(hub.url, "/v1/staff") as desk:
        token = (await staff_login(desk, "kari"))["token"]
        assert (await signed_out(desk))["reason"] == "expired"
        async with Wire.connect(hub.url, "/v1/staff") as again:
            assert (await again.request("hello", token=token))["code"] == "unauthenticated"
    assert session_rows(hub_db) == 1  # expired, kept until the next purge
    async with short_hub(hub_db):  # a starting hub purges expired sessions
        assert session_rows(hub_db) == 0


async def test_a_person_lists_and_ends_their_own_other_session(
    hub: HubServer, hub_db: Path | str
) -> None:
    async with (
        Wire.connect(hub.url, "/v1/staff") as office,
        Wire.connect(hub.url, "/v1/staff") as home,
        Wire.connect(hub.url, "/v1/staff") as colleague,
    ):
        await staff_login(office, "kari")
        await staff_login(home, "kari")
        await staff_login(colleague, "ola")
        listed = ok(await office.request("sessions_list"))["sessions"]
        assert len(listed) == 2
        assert all("token" not in s and "token_hash" not in s for s in listed)
        other = next(s for s in listed if not s["current"])
        assert other["connections"] == 1 and other["expires_at"] > other["created_at"]
        ola_session = ok(await colleague.request("sessions_list"))["sessions"][0]["session"]
        refused = await office.request("session_end", session=ola_session)
        assert refused["code"] == "not_found"
        ok(await office.request("session_end", session=other["session"]))
        assert (await signed_out(home))["reason"] == "session_ended"
        remaining = ok(await office.request("sessions_list"))["sessions"]
        assert [s["current"] for s in remaining] == [True]
        ok(await colleague.request("sessions_list"))  # the colleague was not touched
    assert ("kari", "session_end", "kari") in audit(hub_db)


async def test_a_desk_signed_out_does_not_sign_in_again_with_its_password(
    hub: HubServer,
) -> None:
    """The desk holds the password; ending its session must still sign it out for good."""
    client = StaffClient(hub.url, Credentials(user="kari", password=PASSWORD),
                         backoff_initial=0.05)
    task = asyncio.ensure_future(client.run())
    try:
        await client.wait_connected(5)
        async with Wire.connect(hub.url, "/v1/staff") as other:
            await staff_login(other, "kari")
            sessions = ok(await other.request("sessions_list"))["sessions"]
            desk = next(s for s in sessions if not s["current"])
            ok(await other.request("session_end", session=desk["session"]))
            await asyncio.wait_for(task, 5)  # run() returns: no reconnect, no new sign-in
            assert client.signed_out == "session_ended"
            after = ok(await other.request("sessions_list"))["sessions"]
            assert [s["current"] for s in after] == [True]
    finally:
        await client.close()
        await asyncio.gather(task, return_exceptions=True)


async def test_an_account_disabled_while_its_password_is_checked_gets_no_session(
    hub: HubServer, hub_db: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line commits between the hub's reading of the user and its new session."""

    def verify_while_disabling(password_hash: str | None, password: str) -> bool:
        store = open_database(hub_db)  # as the command line does, in its own transaction
        try:
            store.change_user("kari", "disabled", "cli:test")
        finally:
            store.close_blocking()
        return verify_password(password_hash, password)

    monkeypatch.setattr(auth, "verify_password", verify_while_disabling)
    async with Wire.connect(hub.url, "/v1/staff") as desk:
        refused = await desk.request("hello", user="kari", password=PASSWORD)
        assert refused["code"] == "unauthenticated"
    assert session_rows(hub_db) == 0
