"""The hub hashes with Argon2's production parameters; only the tests' own users are cheap.

The test support (tests/support/hubs.py) gives its users a cheap hash so that the many sign-ins
of the suite cost no Argon2 second each; these tests hold that the hub's own hashing did not
change with it (tests/e2e/test_hub_cli.py signs in with a user ``workstation-hub user add``
made, end to end).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from argon2 import extract_parameters

from tests.support.hubs import ARGON2_ENV, PASSWORD, cheap_user_hashing, make_db
from workstation.store import accounts, passwords
from workstation.store.passwords import hash_password, verify_password

#: argon2-cffi's default profile (RFC 9106's low-memory one): 64 MiB, 3 passes, 4 lanes.
PRODUCTION = {"memory_cost": 65536, "time_cost": 3, "parallelism": 4}


def _cost(password_hash: str) -> dict[str, int]:
    found = extract_parameters(password_hash)
    return {name: getattr(found, name) for name in PRODUCTION}


def test_the_hub_hashes_with_the_production_parameters() -> None:
    made = hash_password("en lang setning 42")
    assert made.startswith("$argon2id$")
    assert _cost(made) == PRODUCTION
    assert verify_password(made, "en lang setning 42")
    assert not verify_password(made, "en annen setning 42")


def test_an_unknown_user_costs_a_production_check() -> None:
    dummy = passwords._DUMMY_HASH
    assert _cost(dummy) == PRODUCTION
    found, real = extract_parameters(dummy), extract_parameters(hash_password("x"))
    assert (found.type, found.version, found.salt_len, found.hash_len) == (
        real.type, real.version, real.salt_len, real.hash_len)
    assert not verify_password(None, "not a real password")
    assert not verify_password(None, "")


def test_the_test_users_are_cheap_and_the_hub_checks_them_as_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ARGON2_ENV, raising=False)
    db = make_db(tmp_path / "hub.sqlite3")
    with closing(sqlite3.connect(db)) as conn:
        (stored,) = conn.execute("SELECT password_hash FROM users WHERE name = 'kari'").fetchone()
    assert _cost(stored) == {"memory_cost": 8, "time_cost": 1, "parallelism": 1}
    assert verify_password(stored, PASSWORD)
    assert not verify_password(stored, PASSWORD + "!")
    # ... and the hub's own hashing is untouched once the test users are made.
    assert _cost(hash_password(PASSWORD)) == PRODUCTION


def test_the_environment_gives_the_test_users_production_hashes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ARGON2_ENV, "production")
    with cheap_user_hashing():
        assert _cost(accounts.hash_password(PASSWORD)) == PRODUCTION
    monkeypatch.delenv(ARGON2_ENV)
    with cheap_user_hashing():
        assert _cost(accounts.hash_password(PASSWORD))["memory_cost"] == 8
