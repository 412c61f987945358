"""People who come and go, through the real command line against a running hub process:
``workstation-hub user disable|enable|passwd|roles|remove`` sign the person's open desks out
at once, with the reason, and every change is audited."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import staff_login
from tests.support.hubs import PASSWORD, HubProcess, make_db
from tests.support.wire import Frame, Wire, ok
from workstation.client import AuthenticationFailed, Credentials, StaffClient

HUB = [sys.executable, "-m", "workstation.hub.cli"]
NEW_PASSWORD = "grønn sykkel fjell 42x"


async def cli(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run, [*HUB, "user", *args, "--db", str(db)],
        input=stdin, capture_output=True, text=True, timeout=60,
    )


async def signed_out(wire: Wire) -> Frame:
    frame = await wire.expect(lambda f: f["type"] == "signed_out", timeout=10)
    await asyncio.wait_for(wire.closed.wait(), 5)
    assert wire.ws.close_code == 4401
    return frame


async def refused(url: str, **hello: str) -> None:
    async with Wire.connect(url, "/v1/staff") as desk:
        assert (await desk.request("hello", **hello))["code"] == "unauthenticated"


def audit(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT actor, action, target FROM audit ORDER BY id").fetchall()
    by_cli = [actor for actor, action, _ in rows if action.startswith("user_")
              and action != "user_added"]  # the test users were added by make_db
    assert all(actor.startswith("cli:") for actor in by_cli)
    return [(action, target) for _, action, target in rows]


async def test_disable_signs_the_desk_out_and_enable_lets_them_back(
    hub_process: HubProcess, hub_db: Path
) -> None:
    url = hub_process.url
    async with Wire.connect(url, "/v1/staff") as desk, Wire.connect(url, "/v1/staff") as ola:
        token = (await staff_login(desk, "kari"))["token"]
        await staff_login(ola, "ola")
        done = await cli(hub_db, "disable", "kari")
        assert done.returncode == 0, done.stderr
        frame = await signed_out(desk)
        assert frame["reason"] == "disabled" and "disabled" in frame["message"]
        ok(await ola.request("sessions_list"))  # nobody else was touched
    await refused(url, token=token)
    await refused(url, user="kari", password=PASSWORD)
    listed = await cli(hub_db, "list")
    assert any(line.split()[:2] == ["kari", "disabled"] for line in listed.stdout.splitlines())
    assert (await cli(hub_db, "enable", "kari")).returncode == 0
    async with Wire.connect(url, "/v1/staff") as desk:
        await staff_login(desk, "kari")
    assert [a for a in audit(hub_db) if a[1] == "kari"][-2:] == [
        ("user_disabled", "kari"), ("user_enabled", "kari")]


async def test_passwd_signs_the_desk_client_out_for_good(
    hub_process: HubProcess, hub_db: Path
) -> None:
    client = StaffClient(hub_process.url, Credentials(user="kari", password=PASSWORD),
                         backoff_initial=0.05)
    run = asyncio.ensure_future(client.run())
    try:
        await client.wait_connected(10)
        old_token = client.token
        assert old_token is not None
        done = await cli(hub_db, "passwd", "kari", stdin=NEW_PASSWORD + "\n")
        assert done.returncode == 0, done.stderr
        assert "1 session(s) ended" in done.stdout and NEW_PASSWORD not in done.stdout
        await asyncio.wait_for(run, 10)  # the desk stopped; it did not sign in again
        assert client.signed_out == "password"
    finally:
        await client.close()
        await asyncio.gather(run, return_exceptions=True)
    await refused(hub_process.url, token=old_token)
    await refused(hub_process.url, user="kari", password=PASSWORD)
    async with Wire.connect(hub_process.url, "/v1/staff") as desk:
        ok(await desk.request("hello", user="kari", password=NEW_PASSWORD))
    assert ("user_password", "kari") in audit(hub_db)


async def test_a_shift_lead_demoted_mid_session_signs_in_again_as_a_counsellor(
    hub_process: HubProcess, hub_db: Path
) -> None:
    url = hub_process.url
    async with Wire.connect(url, "/v1/staff") as desk:
        answer = await staff_login(desk, "lead")
        assert answer["user"]["roles"] == ["counsellor", "shift_lead"]
        done = await cli(hub_db, "roles", "lead", "--role", "counsellor")
        assert done.returncode == 0, done.stderr
        assert (await signed_out(desk))["reason"] == "roles"
    await refused(url, token=answer["token"])
    async with Wire.connect(url, "/v1/staff") as desk:
        again = await staff_login(desk, "lead")
        assert again["user"]["roles"] == ["counsellor"]
        review = await desk.request("report_request_changes", report="r1", comment="nei")
        assert review["type"] == "error"
    assert ("user_roles", "lead") in audit(hub_db)


async def test_remove_signs_out_every_desk_and_the_name_no_longer_signs_in(
    hub_process: HubProcess, hub_db: Path
) -> None:
    url = hub_process.url
    async with Wire.connect(url, "/v1/staff") as one, Wire.connect(url, "/v1/staff") as two:
        await staff_login(one, "ola")
        await staff_login(two, "ola")
        done = await cli(hub_db, "remove", "ola")
        assert done.returncode == 0, done.stderr
        assert "2 session(s) ended" in done.stdout
        reasons = [(await signed_out(w))["reason"] for w in (one, two)]
        assert reasons == ["removed", "removed"]
    await refused(url, user="ola", password=PASSWORD)
    assert "ola" not in (await cli(hub_db, "list")).stdout
    assert ("user_removed", "ola") in audit(hub_db)


async def test_a_desk_client_told_its_account_was_disabled_says_so(
    hub_process: HubProcess, hub_db: Path
) -> None:
    """A desk whose account is disabled while it is offline is refused on its next sign-in."""
    assert (await cli(hub_db, "disable", "kari")).returncode == 0
    client = StaffClient(hub_process.url, Credentials(user="kari", password=PASSWORD))
    run = asyncio.ensure_future(client.run())
    try:
        try:
            await client.wait_connected(10)
        except AuthenticationFailed:
            pass
        else:
            raise AssertionError("a disabled user signed in")
    finally:
        await client.close()
        await asyncio.gather(run, return_exceptions=True)


async def test_unknown_user_and_missing_database_are_sentences(tmp_path: Path) -> None:
    db = tmp_path / "hub.sqlite3"
    missing = await cli(db, "disable", "kari")
    assert missing.returncode == 2 and "no database" in missing.stderr
    make_db(db)
    unknown = await cli(db, "roles", "nobody", "--role", "counsellor")
    assert unknown.returncode == 2 and "no user named nobody" in unknown.stderr
    weak = await cli(db, "passwd", "kari", stdin="kari12345678\n")
    assert weak.returncode == 2 and "Nothing was changed" in weak.stderr


async def test_serve_session_hours_sets_how_long_a_sign_in_lasts(hub_db: Path) -> None:
    hub = await asyncio.create_subprocess_exec(
        *HUB, "serve", "--db", str(hub_db), "--port", "0", "--session-hours", "0.0005",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        assert hub.stdout is not None
        url = (await asyncio.wait_for(hub.stdout.readline(), 30)).decode().split()[-1]
        async with Wire.connect(url, "/v1/staff") as desk:
            await staff_login(desk, "kari")  # 1.8 s from now it is over
            assert (await signed_out(desk))["reason"] == "expired"
    finally:
        hub.terminate()
        await hub.wait()
