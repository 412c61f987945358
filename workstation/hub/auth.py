"""Staff authentication: passwords off the event loop, session tokens, failure limits.

A session token is 256 random bits; the database keeps only its SHA-256. It lasts a shift
(:data:`SESSION_LIFETIME`, ``serve --session-hours``) and ends earlier on ``logout``, on
``session_end``, or when an administrator disables the user or changes their password or
roles (``workstation.store.accounts``).
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from workstation.protocol.times import format_time, utc_now
from workstation.store import HubStore, UserRecord, accounts
from workstation.store.passwords import verify_password

#: How long a session token is valid: a shift.
SESSION_LIFETIME = timedelta(hours=12)
#: Password checks at once. One: an Argon2 check (argon2-cffi's default profile: 4 lanes,
#: 64 MiB) already keeps both cores of a small server busy; more at once only starve the event
#: loop (200 sign-ins at once: young people's p99 8-19 ms with one, 74-145 ms with four; hub
#: 135 MB against 327 MB; bench/signin_storm.py). Failed sign-ins are limited before the
#: check, in ``workstation.hub.limits``.
PASSWORD_CHECKS = 1


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A successful sign-in: who, the token to hand out, and its session's id."""

    user: UserRecord
    token: str
    session: str


class Authenticator:
    """Checks passwords and tokens and issues sessions.

    Attributes:
        lifetime: how long a new session token is valid.
    """

    def __init__(self, store: HubStore, lifetime: timedelta = SESSION_LIFETIME) -> None:
        self._store = store
        self.lifetime = lifetime
        self.checks = asyncio.Semaphore(PASSWORD_CHECKS)

    async def with_password(self, name: str, password: str, remote: str) -> SignedIn | None:
        """A new session, or ``None``: the same work and answer whether or not the user
        exists or is disabled."""
        user = await self._store.user(name)
        async with self.checks:
            matches = await asyncio.to_thread(
                verify_password, user.password_hash if user else None, password
            )
        if user is None or not matches or user.disabled:
            return None
        return await self.new_session(user)  # None if the account changed meanwhile

    async def with_token(self, token: str, name: str | None, remote: str) -> SignedIn | None:
        """The token's session, or ``None`` when it is unknown, expired or revoked, its user
        disabled, or ``name`` (when given) is not the user it was issued to."""
        found = await self._store.session_user(token_hash(token), format_time(utc_now()))
        user = await self._store.user(found[0]) if found else None
        if found is None or user is None or user.disabled or name not in (None, user.name):
            return None
        return SignedIn(user, token, found[1])

    async def new_session(self, user: UserRecord) -> SignedIn | None:
        """A session for ``user`` as read; ``None`` when the account was disabled, removed or
        changed since (the command line and the hub are separate processes)."""
        token = secrets.token_urlsafe(32)
        session = accounts.new_session_id()
        expires = format_time(utc_now() + self.lifetime)
        if not await self._store.save_session(token_hash(token), user, expires, session):
            return None
        return SignedIn(user, token, session)
