"""One connected client, and how frames reach it without reordering."""

from __future__ import annotations

import time
from typing import Any

from websockets.asyncio.server import ServerConnection, broadcast

from workstation.protocol import encode
from workstation.store import UserRecord
from workstation.store.requests import current_claim

#: Bad frames a connection may send per second before it is answered ``rate_limited``.
BAD_FRAMES_PER_SECOND = 20


class Peer:
    """A WebSocket connection of a contact or a staff member.

    Pushes are written synchronously, so frames leave in the order the hub produced them.
    While a backlog is being sent (``hold``), live events are kept aside and released after
    it, skipping those the backlog already carried.

    Attributes:
        ws: the connection.
        remote: the remote address, for rate limits only (never logged with content).
    """

    def __init__(self, ws: ServerConnection) -> None:
        self.ws = ws
        address = ws.remote_address
        self.remote = str(address[0]) if address else "?"
        self._held: list[dict[str, Any]] | None = None
        self._holds = 0
        self._bad_window = 0.0
        self._bad_count = 0

    def push(self, frame: dict[str, Any], text: str | None = None) -> None:
        """Send ``frame`` (``text``: the frame already encoded, when sent to many)."""
        claim = current_claim.get()
        if claim is not None:
            claim.saw(frame)  # the answer of the request being carried out, to store
        if self._held is not None and frame.get("type") == "event":
            self._held.append(frame)
            return
        broadcast([self.ws], text if text is not None else encode(frame))

    def push_now(self, frame: dict[str, Any]) -> None:
        """Send even while holding (for the backlog itself)."""
        broadcast([self.ws], encode(frame))

    def hold(self) -> None:
        """Keep live events aside until :meth:`release`."""
        self._holds += 1
        if self._held is None:
            self._held = []

    def release(self, sent: dict[str, int]) -> None:
        """Send the events kept aside, except those at or below ``sent[conversation]``."""
        self._holds -= 1
        if self._holds > 0 or self._held is None:
            return
        held, self._held = self._held, None
        for frame in held:
            if frame["seq"] > sent.get(frame["conversation"], 0):
                self.push(frame)

    def too_many_bad_frames(self) -> bool:
        now = time.monotonic()
        if now - self._bad_window > 1.0:
            self._bad_window, self._bad_count = now, 0
        self._bad_count += 1
        return self._bad_count > BAD_FRAMES_PER_SECOND


class ContactPeer(Peer):
    """Attributes: conversation: the conversation opened or resumed on this connection."""

    def __init__(self, ws: ServerConnection) -> None:
        super().__init__(ws)
        self.conversation: str | None = None


class StaffPeer(Peer):
    """Attributes: user: the authenticated user, or ``None`` before ``hello``."""

    def __init__(self, ws: ServerConnection) -> None:
        super().__init__(ws)
        self.user: UserRecord | None = None
        self.token_hash: str | None = None
        #: The id of the session signed in with (``sessions_list``), once signed in.
        self.session: str | None = None
        #: The session ended (logout, revoked, expired): the connection is closing.
        self.signed_out = False

    def has_role(self, *roles: str) -> bool:
        return self.user is not None and any(role in self.user.roles for role in roles)
