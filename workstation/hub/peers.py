"""One connected client, and how frames reach it without reordering."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from websockets.asyncio.server import ServerConnection, broadcast

from workstation.protocol import encode
from workstation.store import UserRecord
from workstation.store.requests import current_claim

log = logging.getLogger(__name__)

#: Bad frames a connection may send per second before it is answered ``rate_limited``.
BAD_FRAMES_PER_SECOND = 20
#: The close code for a connection that does not read what the hub sends: it reconnects and
#: resumes from the last ``seq`` it saw (nothing is lost: the log is durable).
TOO_SLOW_CODE = 4008
TOO_SLOW_REASON = "too slow: resume from your last seq"
#: Live events kept aside during one backlog, at most (beyond, the connection is too slow).
MAX_HELD_EVENTS = 20_000


class Peer:
    """A WebSocket connection of a contact or a staff member.

    Pushes are written synchronously, so frames leave in the order the hub produced them.
    While a backlog is being sent (``hold``), live events are kept aside and released after
    it. **None twice**: an event is written at most once per connection — one whose ``seq``
    is not above the last one written for its conversation (a backlog overlapping live events,
    two backlogs of one conversation) is skipped; the hub sends each conversation's events in
    ``seq`` order on a connection, so that is exactly the ones already sent.

    A connection whose outgoing buffer holds more than :attr:`send_limit` bytes (it stopped
    reading, or reads slower than the hub writes) is closed with :data:`TOO_SLOW_CODE`; what
    was not sent is dropped, and the client resumes from its last ``seq``.

    Attributes:
        ws: the connection.
        remote: the remote address, for rate limits only (never logged with content).
        send_limit: bytes the outgoing buffer may hold before the connection is given up.
        too_slow: set once the connection was given up (nothing more is sent).
    """

    send_limit = 1024 * 1024

    def __init__(self, ws: ServerConnection) -> None:
        self.ws = ws
        address = ws.remote_address
        self.remote = str(address[0]) if address else "?"
        self.too_slow = False
        self._closing: asyncio.Task[None] | None = None
        self._allowance = 0
        self._held: list[dict[str, Any]] | None = None
        self._holds = 0
        #: Conversation id to the highest event ``seq`` written on this connection.
        self._sent: dict[str, int] = {}
        self._bad_window = 0.0
        self._bad_count = 0

    def push(self, frame: dict[str, Any], text: str | None = None) -> None:
        """Send ``frame`` (``text``: the frame already encoded, when sent to many)."""
        claim = current_claim.get()
        if claim is not None:
            claim.saw(frame)  # the answer of the request being carried out, to store
        if self._held is not None and frame.get("type") == "event":
            if len(self._held) >= MAX_HELD_EVENTS:
                self._give_up()
            if not self.too_slow:
                self._held.append(frame)
            return
        if self._sent_before(frame):
            return
        self._write(text if text is not None else encode(frame))

    def push_now(self, frame: dict[str, Any]) -> None:
        """Send even while holding (for the backlog itself). A backlog is written at once
        and read at the client's pace: what it adds to the buffer is allowed on top of
        :attr:`send_limit` until the buffer is back under the limit."""
        if self.too_slow or self._sent_before(frame):
            return
        broadcast([self.ws], encode(frame))
        self._allowance = self.buffered()

    def mark_sent(self, seqs: dict[str, int]) -> None:
        """The client has these conversations' events up to these ``seq`` (its ``sync``):
        none of those is written on this connection."""
        for conversation, seq in seqs.items():
            if seq > self._sent.get(conversation, 0):
                self._sent[conversation] = seq

    def _sent_before(self, frame: dict[str, Any]) -> bool:
        """Was this event written on this connection already? (Records it if not.)"""
        if frame.get("type") != "event":
            return False
        conversation, seq = frame["conversation"], frame["seq"]
        if seq <= self._sent.get(conversation, 0):
            return True
        self._sent[conversation] = seq
        return False

    def buffered(self) -> int:
        """Bytes written to the connection and not yet sent."""
        transport = getattr(self.ws, "transport", None)
        return int(transport.get_write_buffer_size()) if transport is not None else 0

    def _write(self, text: str) -> None:
        if self.too_slow:
            return
        buffered = self.buffered()
        if buffered <= self.send_limit:
            self._allowance = 0
        elif buffered > self.send_limit + self._allowance:
            self._give_up()
            return
        broadcast([self.ws], text)

    def _give_up(self) -> None:
        if self.too_slow:
            return
        self.too_slow = True
        self._held = [] if self._held is not None else None
        log.warning(
            "closing a %s connection that does not keep up (over %d bytes waiting)",
            type(self).__name__, self.send_limit,
        )
        self._closing = asyncio.get_running_loop().create_task(
            self.ws.close(TOO_SLOW_CODE, TOO_SLOW_REASON)
        )

    def hold(self) -> None:
        """Keep live events aside until :meth:`release`."""
        self._holds += 1
        if self._held is None:
            self._held = []

    def release(self) -> None:
        """After the last of nested holds: send the events kept aside, except those a
        backlog carried meanwhile (see :meth:`_sent_before`)."""
        self._holds -= 1
        if self._holds > 0 or self._held is None:
            return
        held, self._held = self._held, None
        for frame in held:
            self.push(frame)

    def too_many_bad_frames(self) -> bool:
        now = time.monotonic()
        if now - self._bad_window > 1.0:
            self._bad_window, self._bad_count = now, 0
        self._bad_count += 1
        return self._bad_count > BAD_FRAMES_PER_SECOND


class ContactPeer(Peer):
    """Attributes: conversation: the conversation opened or resumed on this connection."""

    #: A young person's connection carries one conversation.
    send_limit = 512 * 1024

    def __init__(self, ws: ServerConnection) -> None:
        super().__init__(ws)
        self.conversation: str | None = None


class StaffPeer(Peer):
    """Attributes: user: the authenticated user, or ``None`` before ``hello``."""

    #: A desk carries many conversations, the queue and backlogs after a resync.
    send_limit = 8 * 1024 * 1024

    def __init__(self, ws: ServerConnection) -> None:
        super().__init__(ws)
        self.user: UserRecord | None = None
        self.token_hash: str | None = None
        #: The id of the session signed in with (``sessions_list``), once signed in.
        self.session: str | None = None
        #: The session ended (logout, revoked, expired): the connection is closing.
        self.signed_out = False
        #: Signed in and no request since: live events wait for the first ``sync``.
        self.awaiting_sync = False

    def signed_in(self) -> None:
        """Keep live events aside until the first request: if it is ``sync``, they follow
        its backlog, none twice and in order (a desk resuming after a reconnect)."""
        self.awaiting_sync = True
        self.hold()

    def first_request(self) -> None:
        """The first request after ``hello`` is being carried out: end the hold of
        :meth:`signed_in` (a ``sync`` calls this after its backlog)."""
        if self.awaiting_sync:
            self.awaiting_sync = False
            self.release()

    def has_role(self, *roles: str) -> bool:
        return self.user is not None and any(role in self.user.roles for role in roles)
