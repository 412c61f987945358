"""Staff authentication: passwords off the event loop, session tokens, failure limits."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import time
from collections import defaultdict, deque
from datetime import timedelta

from workstation.protocol.times import format_time, utc_now
from workstation.store import SqliteStore, UserRecord
from workstation.store.passwords import verify_password

SESSION_LIFETIME = timedelta(hours=14)
#: Failed logins allowed per user name, and per remote address, within the window.
MAX_FAILURES = 5
FAILURE_WINDOW_S = 60.0


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Authenticator:
    def __init__(self, store: SqliteStore) -> None:
        self._store = store
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

    async def with_password(self, name: str, password: str, remote: str) -> UserRecord | None:
        """The user, or ``None``: the same work and answer whether or not the user exists."""
        user = await self._store.user(name)
        matches = await asyncio.to_thread(
            verify_password, user.password_hash if user else None, password
        )
        if user is None or not matches:
            self._record_failure("user:" + name, "addr:" + remote)
            return None
        return user

    async def with_token(self, token: str, remote: str) -> UserRecord | None:
        name = await self._store.session_user(token_hash(token), format_time(utc_now()))
        user = await self._store.user(name) if name else None
        if user is None:
            self._record_failure("addr:" + remote)
        return user

    async def new_session(self, user: UserRecord) -> str:
        token = secrets.token_urlsafe(32)
        expires = format_time(utc_now() + SESSION_LIFETIME)
        await self._store.save_session(token_hash(token), user.name, expires)
        return token
