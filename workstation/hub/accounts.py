"""Sessions that end: ``logout``, ``sessions_list``, ``session_end``, and the watch that
signs desks out when their session is revoked or expires.

``workstation-hub user disable|passwd|roles|remove`` is another process: it deletes the
user's session rows and logs a row in ``user_changes`` in one transaction. The hub reads,
every :data:`WATCH_EVERY_S`, which of its connected sessions are still valid and which
changes are new (one small indexed read): a connection whose session is gone is told why
(``signed_out``) and closed. Polling was chosen over a check on each request because it
also ends idle desks and expired sessions, and over a notification channel because SQLite
has none between processes; a read a second costs microseconds.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from workstation.hub.background import Background
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_account import Logout, SessionEnd, SessionsList
from workstation.protocol.log_safe import traceback_without_values
from workstation.store import UserRecord, accounts

log = logging.getLogger(__name__)

#: How often the hub looks for revoked and expired sessions.
WATCH_EVERY_S = 1.0
#: How often expired session rows are deleted.
PURGE_EVERY_S = 600.0
#: The close code after ``signed_out`` (the credentials are no longer valid).
SIGNED_OUT_CLOSE = 4401

#: ``signed_out`` reasons for each kind of account change (``accounts.CHANGES``).
REASON_OF_CHANGE = {
    "added": "password",  # the user was added again: a new password
    "disabled": "disabled",
    "password": "password",
    "roles": "roles",
    "removed": "removed",
}
SENTENCES = {
    "logout": "You signed out.",
    "session_ended": "This session was ended from another of your desks.",
    "expired": "Your session has expired; sign in again.",
    "disabled": "You are signed out: your account has been disabled.",
    "removed": "You are signed out: your account has been removed.",
    "password": "You are signed out: your password was changed.",
    "roles": "You are signed out: your roles were changed; sign in again.",
}


class AccountsFeature(Feature):
    """Own sessions on the wire, and signing out desks whose session ended."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._last_change = 0
        self._watch: asyncio.Task[None] | None = None
        self._background = Background()

    def handlers(self) -> dict[type[Request], Handler]:
        return {
            Logout: self.logout,
            SessionsList: self.sessions_list,
            SessionEnd: self.session_end,
        }

    async def start(self) -> None:
        store = self.hub.store
        self._last_change = await store.run(accounts.last_change, write=False)
        await store.run(lambda c: accounts.purge_expired(c, accounts.now()), write=True)
        self._watch = asyncio.get_running_loop().create_task(self._watch_loop())

    async def stop(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
            await asyncio.gather(self._watch, return_exceptions=True)
        await self._background.stop(timeout=None)

    # --- requests -------------------------------------------------------------------------

    async def logout(self, peer: StaffPeer, user: UserRecord, request: Logout) -> None:
        assert peer.session is not None
        await self._end(user.name, peer.session, "logout")
        peer.push(ok(request.id))
        self._sign_out_session(peer.token_hash, "logout", keep=peer)
        self._close(peer, 1000)

    async def sessions_list(
        self, peer: StaffPeer, user: UserRecord, request: SessionsList
    ) -> None:
        rows = await self.hub.store.run(
            lambda c: accounts.sessions_of(c, user.name, accounts.now()), write=False
        )
        connected: dict[str, int] = {}
        for other in self.hub.staff.get(user.name, ()):
            if other.token_hash is not None:
                connected[other.token_hash] = connected.get(other.token_hash, 0) + 1
        sessions = [
            {
                "session": row.id,
                "created_at": row.created_at,
                "expires_at": row.expires_at,
                "current": token == peer.token_hash,
                "connections": connected.get(token, 0),
            }
            for token, row in rows
        ]
        peer.push(ok(request.id, sessions=sessions))

    async def session_end(self, peer: StaffPeer, user: UserRecord, request: SessionEnd) -> None:
        token = await self._end(user.name, request.session, "session_end")
        if token is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "You have no such session.", request.id)
        peer.push(ok(request.id, session=request.session))
        if token == peer.token_hash:  # the caller's own: as a logout
            self._sign_out_session(token, "logout", keep=peer)
            self._close(peer, 1000)
        else:
            self._sign_out_session(token, "session_ended")

    async def _end(self, user: str, session: str, why: str) -> str | None:
        token: str | None = await self.hub.store.run(
            lambda c: accounts.end_session(c, user, session, why), write=True
        )
        return token

    # --- signing desks out ------------------------------------------------------------------

    def _sign_out_session(
        self, token: str | None, reason: str, keep: StaffPeer | None = None
    ) -> None:
        for peers in list(self.hub.staff.values()):
            for other in list(peers):
                if other is not keep and other.token_hash == token:
                    self.sign_out(other, reason)

    def sign_out(self, peer: StaffPeer, reason: str) -> None:
        """Tell ``peer`` why its session ended, and close it; it can do nothing more."""
        if peer.signed_out:
            return
        peer.push({"type": "signed_out", "reason": reason, "message": SENTENCES[reason]})
        self._close(peer, SIGNED_OUT_CLOSE)
        log.info("a staff connection was signed out (%s)", reason)  # no name: who is audited

    def _close(self, peer: StaffPeer, code: int) -> None:
        peer.signed_out = True
        self._background.later(lambda: peer.ws.close(code, "signed_out"))

    async def check(self) -> None:
        """Sign out every connection whose session was revoked or has expired."""
        peers = [
            peer
            for group in self.hub.staff.values()
            for peer in group
            if peer.token_hash is not None and not peer.signed_out
        ]
        hashes = json.dumps(sorted({peer.token_hash for peer in peers if peer.token_hash}))
        last = self._last_change

        changes, live = await self.hub.store.run(
            lambda conn: accounts.watch(conn, last, hashes), write=False
        )
        reasons: dict[str, str] = {}
        for change_id, user, change in changes:
            self._last_change = max(self._last_change, change_id)
            if change in REASON_OF_CHANGE:
                reasons[user] = REASON_OF_CHANGE[change]
        for peer in peers:
            if peer.token_hash not in live and peer.user is not None:
                self.sign_out(peer, reasons.get(peer.user.name, "expired"))

    async def _watch_loop(self) -> None:
        loop = asyncio.get_running_loop()
        purged_at = loop.time()
        while True:
            await asyncio.sleep(WATCH_EVERY_S)
            try:
                await self.check()
                if loop.time() - purged_at >= PURGE_EVERY_S:
                    purged_at = loop.time()
                    await self.hub.store.run(
                        lambda c: accounts.purge_expired(c, accounts.now()), write=True
                    )
            except Exception as exc:
                log.error("Checking sessions failed\n%s", traceback_without_values(exc))
