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
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import timedelta

from workstation.protocol.times import format_time, utc_now
from workstation.store import SqliteStore, UserRecord, accounts
from workstation.store.passwords import verify_password

#: How long a session token is valid: a shift.
SESSION_LIFETIME = timedelta(hours=12)
#: Failed logins allowed per user name, and per remote address, within the window.
MAX_FAILURES = 5
FAILURE_WINDOW_S = 60.0


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

    def __init__(self, store: SqliteStore, lifetime: timedelta = SESSION_LIFETIME) -> None:
        self._store = store
        self.lifetime = lifetime
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def is_limited(self, *keys: str) -> bool:
        now = time.monotonic()
        for key in keys:
            times = self._failures[key]
            while times and now - times[0] > FAILURE_WINDOW_S:
                times.popleft()
            if len(times) >= MAX_FAILURES:
                return True
        return False

    def _record_failure(self, *keys: str) -> None:
        now = time.monotonic()
        for key in keys:
            self._failures[key].append(now)

    async def with_password(self, name: str, password: str, remote: str) -> SignedIn | None:
        """A new session, or ``None``: the same work and answer whether or not the user
        exists or is disabled."""
        user = await self._store.user(name)
        matches = await asyncio.to_thread(
            verify_password, user.password_hash if user else None, password
        )
        if user is None or not matches or user.disabled:
            self._record_failure("user:" + name, "addr:" + remote)
            return None
        return await self.new_session(user)

    async def with_token(self, token: str, name: str | None, remote: str) -> SignedIn | None:
        """The token's session, or ``None`` when it is unknown, expired or revoked, its user
        disabled, or ``name`` (when given) is not the user it was issued to."""
        found = await self._store.session_user(token_hash(token), format_time(utc_now()))
        user = await self._store.user(found[0]) if found else None
        if found is None or user is None or user.disabled or name not in (None, user.name):
            self._record_failure("addr:" + remote, *(["user:" + name] if name else []))
            return None
        return SignedIn(user, token, found[1])

    async def new_session(self, user: UserRecord) -> SignedIn:
        token = secrets.token_urlsafe(32)
        session = accounts.new_session_id()
        expires = format_time(utc_now() + self.lifetime)
        await self._store.save_session(token_hash(token), user.name, expires, session)
        return SignedIn(user, token, session)
