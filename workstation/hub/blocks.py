"""Abusive and prank contacts: a counsellor marks, a shift lead blocks, the hub refuses kindly.

- ``abuse_mark``: the counsellor (or a joined consultant) adds a staff-only ``marked_abusive``
  event with a reason; shift leads and supervisors online get an ``abuse_marked`` alert.
- ``block_add``: a shift lead or supervisor blocks the *identifier* behind a conversation for
  a number of hours. Identifiers are keyed hashes (:meth:`HubKeys.pseudonym`, one purpose per
  kind) of what the channel gives the hub: the chat page's per-browser token, the SMS
  gateway's thread hash, the phone adapter's caller hash, an e-mail address. The hub never
  stores a clear address; it remembers the identifier of each conversation it opened.
- A blocked contact never reaches the queue: it meets :func:`blocked_answer` (112/113 and
  another service open now), and the attempt is counted per Oslo day and channel.
- Every block and every lift is written to the audit trail in the same transaction.

Its tables come from migration 15 (:mod:`workstation.store.migrations`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Literal

from workstation.hub.block_store import (
    Block,
    add_block,
    attempts_since,
    count_attempt,
    identifier_of,
    lift_block,
    load_active,
    prune_identifiers,
    remember_identifier,
)
from workstation.hub.core import new_id
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_care import AbuseMark, BlockAdd, BlockLift, BlockList, BlockStats
from workstation.protocol.times import format_time, utc_now
from workstation.sessions.blocked_answer import BlockedAnswer, blocked_answer
from workstation.sessions.referrals import OSLO
from workstation.store import UserRecord

IdentifierKind = Literal["browser", "sms", "phone", "email"]
#: Who may block, lift and list blocks.
BLOCK_ROLES = ("shift_lead", "supervisor")
#: Who is told when a counsellor marks a contact abusive.
ALERT_ROLES = ("shift_lead", "supervisor")
#: How long after its end a conversation can still be blocked by (its identifier is kept).
IDENTIFIER_DAYS = 30
_CHANNEL_OF: dict[str, str] = {"browser": "chat", "sms": "sms", "phone": "phone", "email": "email"}


def _require(user: UserRecord, roles: tuple[str, ...], request_id: str) -> None:
    if not any(role in user.roles for role in roles):
        raise ProtocolError(
            ErrorCode.FORBIDDEN, "Only shift leads and supervisors may do that.", request_id
        )


class BlockFeature(Feature):
    """Attributes:
    blocks: blocks in force (maybe expired: checked at use), by block id.
    clock: the current time (tests move it to see a block expire).
    """

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.blocks: dict[str, Block] = {}
        self.clock: Callable[[], datetime] = utc_now

    def handlers(self) -> dict[type[Request], Handler]:
        return {
            AbuseMark: self.abuse_mark,
            BlockAdd: self.block_add,
            BlockList: self.block_list,
            BlockLift: self.block_lift,
            BlockStats: self.block_stats,
        }

    async def start(self) -> None:
        store = self.hub.store
        await self.prune()
        now = format_time(self.clock())
        for block in await store.run(lambda conn: load_active(conn, now), write=False):
            self.blocks[block.id] = block

    async def prune(self) -> None:
        """Forget identifiers older than :data:`IDENTIFIER_DAYS` after their conversation."""
        before = format_time(self.clock() - timedelta(days=IDENTIFIER_DAYS))
        await self.hub.store.run(lambda conn: prune_identifiers(conn, before), write=True)

    # --- identifiers and the check at the door ------------------------------------------------

    def identifier(self, kind: IdentifierKind, value: str) -> str:
        """The keyed hash the hub keeps for ``value`` (e-mail addresses compared lower-case)."""
        if kind == "email":
            value = value.strip().lower()
        return self.hub.keys.pseudonym("block:" + kind, value)

    def _in_force(self, identifier: str) -> Block | None:
        now = format_time(self.clock())
        for block in self.blocks.values():
            if block.identifier == identifier and block.expires_at > now:
                return block
        return None

    async def refuse(self, kind: IdentifierKind, value: str | None) -> BlockedAnswer | None:
        """The kind answer when ``value`` is blocked now (the attempt is counted), else None."""
        if not value or self._in_force(self.identifier(kind, value)) is None:
            return None
        now = self.clock()
        day = now.astimezone(OSLO).date().isoformat()
        channel = _CHANNEL_OF[kind]
        await self.hub.store.run(lambda conn: count_attempt(conn, day, channel), write=True)
        return blocked_answer(now)

    async def remember(self, conversation: str, kind: IdentifierKind, value: str | None) -> None:
        """Keep the identifier of a conversation just opened (for a block later)."""
        if not value:
            return
        identifier = self.identifier(kind, value)
        await self.hub.store.run(
            lambda conn: remember_identifier(conn, conversation, kind, identifier), write=True
        )

    # --- requests -----------------------------------------------------------------------------

    async def abuse_mark(self, peer: StaffPeer, user: UserRecord, request: AbuseMark) -> None:
        conv = self.api.contributor(user, request.conversation, request.id)
        fields = {"reason": request.reason, "author": user.display_name, "user": user.name}
        seq = await self.api.append(conv, "marked_abusive", fields, user, request.id)
        peer.push(ok(request.id, seq=seq))
        alert = {
            "type": "alert",
            "alert": "abuse_marked",
            "conversation": conv.id,
            "channel": conv.channel,
            "user": user.name,
            "author": user.display_name,
            "reason": request.reason,
            "at": self.hub.now(),
        }
        self.hub.push_to_roles(ALERT_ROLES, alert, skip=user.name)

    async def block_add(self, peer: StaffPeer, user: UserRecord, request: BlockAdd) -> None:
        _require(user, BLOCK_ROLES, request.id)
        found = await self.hub.store.run(
            lambda conn: identifier_of(conn, request.conversation), write=False
        )
        if found is None:
            raise ProtocolError(
                ErrorCode.NOT_FOUND,
                "That conversation has no identifier the hub can block "
                "(a withheld number, or an older chat page).",
                request.id,
            )
        kind, identifier = found
        now = self.clock()
        block = Block(
            id=new_id("b"),
            kind=kind,
            identifier=identifier,
            conversation=request.conversation,
            reason=request.reason,
            created_at=format_time(now),
            created_by=user.name,
            expires_at=format_time(now + timedelta(hours=request.hours)),
        )
        await self.hub.store.run(lambda conn: add_block(conn, block), write=True)
        self.blocks[block.id] = block
        peer.push(ok(request.id, block=block.to_wire()))
        self._push_blocks()
        await self.prune()

    async def block_list(self, peer: StaffPeer, user: UserRecord, request: BlockList) -> None:
        _require(user, BLOCK_ROLES, request.id)
        peer.push(ok(request.id, blocks=self.in_force()))

    async def block_lift(self, peer: StaffPeer, user: UserRecord, request: BlockLift) -> None:
        _require(user, BLOCK_ROLES, request.id)
        block = self.blocks.get(request.block)
        at = format_time(self.clock())
        if block is None or block.expires_at <= at:
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such block in force.", request.id)

        await self.hub.store.run(
            lambda conn: lift_block(conn, block.id, at, user.name, request.reason), write=True
        )
        self.blocks.pop(block.id, None)
        peer.push(ok(request.id))
        self._push_blocks()

    async def block_stats(self, peer: StaffPeer, user: UserRecord, request: BlockStats) -> None:
        _require(user, ("supervisor", "shift_lead"), request.id)
        rows = await self.hub.store.run(
            lambda conn: attempts_since(conn, request.since), write=False
        )
        peer.push(ok(request.id, days=rows))

    # --- pushes -------------------------------------------------------------------------------

    def in_force(self) -> list[dict[str, Any]]:
        """Blocks not yet expired, soonest expiry first (expired ones are dropped here)."""
        now = format_time(self.clock())
        for block_id in [b.id for b in self.blocks.values() if b.expires_at <= now]:
            del self.blocks[block_id]
        ordered = sorted(self.blocks.values(), key=lambda b: b.expires_at)
        return [block.to_wire() for block in ordered]

    def _push_blocks(self) -> None:
        self.hub.push_to_roles(BLOCK_ROLES, {"type": "blocks", "blocks": self.in_force()})


