"""Password guessing: the guesser is slowed down before any hash is computed, hashing runs a
few at a time, supervisors are told, and the real person still signs in from their desk."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.conftest import staff_login
from tests.support.addresses import wire_from
from tests.support.hubs import PASSWORD
from tests.support.wire import Frame, Wire, ok
from workstation.hub import auth
from workstation.hub.limits import LimitSettings
from workstation.hub.server import HubServer
from workstation.store import passwords

GUESSES = 200
VERIFY = passwords.verify_password


class CountingChecks:
    """Wraps the Argon2 check: how many ran, and how many at once at most."""

    def __init__(self) -> None:
        self.calls = 0
        self.running = 0
        self.most = 0

    def __call__(self, stored: str | None, password: str) -> bool:
        self.calls += 1
        self.running += 1
        self.most = max(self.most, self.running)
        try:
            time.sleep(0.02)  # long enough for parallel calls to overlap if they may
            return VERIFY(stored, password)
        finally:
            self.running -= 1


async def _guess(url: str, address: str, user: str, password: str) -> Frame:
    async with wire_from(url, "/v1/staff", address) as wire:
        return await wire.request("hello", user=user, password=password, timeout=30)


async def test_wrong_passwords_from_elsewhere_do_not_lock_the_real_person_out(
    hub: HubServer,
) -> None:
    async with Wire.connect(hub.url, "/v1/staff") as sup:
        await staff_login(sup, "sup")
        answers = [await _guess(hub.url, "127.0.0.2", "kari", f"feil{i}") for i in range(7)]
        codes = [a["code"] for a in answers]
        assert codes == ["unauthenticated"] * 5 + ["rate_limited"] * 2
        # The right password from the guesser's address is refused too, without a check ...
        assert (await _guess(hub.url, "127.0.0.2", "kari", PASSWORD))["code"] == "rate_limited"
        # ... and accepted from the counsellor's own desk.
        async with Wire.connect(hub.url, "/v1/staff") as desk:
            await staff_login(desk, "kari")
        alert = await sup.expect(lambda f: f["type"] == "alert")
        assert alert["alert"] == "rate_limited" and alert["limit"] == "login_per_user_address"
        assert "kari" not in str(alert) and "127.0.0.2" not in str(alert)


@pytest.mark.parametrize("many_users", [False, True], ids=["one user", "many users"])
async def test_parallel_guesses_are_counted_before_any_password_is_checked(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch, many_users: bool
) -> None:
    checks = CountingChecks()
    monkeypatch.setattr(auth, "verify_password", checks)
    users = [f"user{i}" if many_users else "ola" for i in range(GUESSES)]
    passwords = [f"gjett{i}" for i in range(GUESSES - 1)] + [PASSWORD]
    answers = await asyncio.gather(
        *(_guess(hub.url, "127.0.0.3", u, p) for u, p in zip(users, passwords, strict=True))
    )
    limits = LimitSettings()
    burst = limits.login_per_address if many_users else limits.login_per_user_address
    assert burst is not None
    assert checks.calls <= burst.burst
    assert checks.most <= auth.PASSWORD_CHECKS
    assert sum(a["code"] == "rate_limited" for a in answers) >= GUESSES - burst.burst
    assert all(a["type"] == "error" for a in answers[:-1])
    async with Wire.connect(hub.url, "/v1/staff") as desk:  # another address: still fine
        ok(await desk.request("hello", user="ola", password=PASSWORD))
