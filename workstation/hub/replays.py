"""Replays for training.

When a conversation closes, its log is turned into an anonymised replay in the background:
the anonymiser runs in a worker thread (it is CPU work), the result is stored through the
database thread. A replay row holds no conversation id; a separate ``replay_sources`` table
only says *which conversations were done*, not which replay came from them.

How long replays are kept, and their purge, is :mod:`workstation.hub.retention`'s job
(docs/privacy.md). See docs/protocol.md (Replays).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from workstation.hub import replays_store
from workstation.hub.background import Background
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.hub.retention import RetentionFeature
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_replay import (
    ReplayAnnotate,
    ReplayGet,
    ReplayList,
)
from workstation.protocol.times import format_time, utc_now
from workstation.sessions import categories, replay
from workstation.sessions.anonymiser import Anonymiser
from workstation.sessions.events import Event
from workstation.store import UserRecord

log = logging.getLogger(__name__)

READ_ROLES = ("trainer", "supervisor", "trainee")
ANNOTATE_ROLES = ("trainer",)
#: At most this many closed conversations without a replay are caught up at start.
CATCH_UP_LIMIT = 500
MAX_LIST = 1000
MAX_ANNOTATIONS = 500
#: How many conversation → replay links are kept in memory for late summaries.
RECENT_LIMIT = 10_000

def _has_role(user: UserRecord, roles: tuple[str, ...], request_id: str) -> None:
    if not any(role in user.roles for role in roles):
        raise ProtocolError(ErrorCode.FORBIDDEN, "Your role may not do that.", request_id)


class ReplayFeature(Feature):
    """Attributes:
    anonymiser_factory: builds the anonymiser (once, in a worker thread).
    """

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.anonymiser_factory: Callable[[], Anonymiser] = Anonymiser.default
        self._anonymiser: Anonymiser | None = None
        self._background = Background()
        # Conversation → replay, in memory only, so a summary saved after close can still
        # give the replay its categories. Never stored: the database keeps no such link.
        self._recent: OrderedDict[str, str] = OrderedDict()
        self._building: dict[str, asyncio.Task[Any]] = {}

    def handlers(self) -> dict[type[Request], Handler]:
        return {
            ReplayList: self.replay_list,
            ReplayGet: self.replay_get,
            ReplayAnnotate: self.replay_annotate,
        }

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        pending: list[str] = await self.hub.store.run(
            lambda c: replays_store.closed_without_replay(c, CATCH_UP_LIMIT), write=False
        )
        for conv_id in pending:
            self._build_later(conv_id)

    async def stop(self) -> None:
        # Replays being built finish before the store closes (each takes milliseconds).
        await self._background.stop(timeout=None)

    def on_event(self, event: Event) -> None:
        if event.kind == "closed":
            self._build_later(event.conversation)
        elif event.kind in replay.SUMMARY_KINDS:
            self._background.later(lambda: self._update_categories(event))

    def _build_later(self, conv_id: str) -> None:
        task = self._background.later(lambda: self.make_replay(conv_id))
        if task is None:  # stopping: the catch-up at the next start builds it
            return
        self._building[conv_id] = task
        task.add_done_callback(lambda _: self._building.pop(conv_id, None))

    async def idle(self) -> None:
        """Wait until no replay is being built (for tests and the demo)."""
        await self._background.idle()

    # --- building -------------------------------------------------------------------------

    async def make_replay(self, conv_id: str) -> str | None:
        """Build and store the replay of a closed conversation; its id, or None."""
        try:
            events = await self.hub.store.events_after(conv_id, 0)
            names = sorted(replay.staff_user_names(events))
            staff = await self.hub.store.run(
                lambda c: replays_store.staff_info(c, names), write=False
            )
            notes = self.hub.feature(RetentionFeature).policy.replay_staff_notes
            built = await asyncio.to_thread(self._build, events, staff, notes)
            replay_id = "r" + secrets.token_hex(8)
            at = format_time(utc_now())
            stored = await self.hub.store.run(
                lambda c: replays_store.insert_replay(c, replay_id, conv_id, built, at),
                write=True,
            )
        except Exception as exc:
            log.error("Making a replay failed: %s", type(exc).__name__)
            return None
        if not stored:
            return None
        self._recent[conv_id] = replay_id
        while len(self._recent) > RECENT_LIMIT:
            self._recent.popitem(last=False)
        return replay_id

    async def _update_categories(self, event: Event) -> None:
        """A summary saved after close: put its categories on the replay made at close."""
        building = self._building.get(event.conversation)
        if building is not None:
            await asyncio.gather(building, return_exceptions=True)
        replay_id = self._recent.get(event.conversation)
        if replay_id is None:
            return  # still open (the replay will read the summary from the log), or unknown
        found = replay.categories_of([event], categories.is_valid)

        try:
            await self.hub.store.run(
                lambda c: replays_store.set_categories(c, replay_id, found), write=True
            )
        except Exception as exc:
            log.error("Updating a replay's categories failed: %s", type(exc).__name__)

    def _build(
        self, events: list[Event], staff: dict[str, replay.StaffInfo], notes: bool
    ) -> replay.Replay | None:
        """In a worker thread: the anonymised replay (None for an empty log)."""
        if not events:
            return None
        if self._anonymiser is None:
            self._anonymiser = self.anonymiser_factory()
        return replay.build(
            events,
            staff,
            self._anonymiser.anonymise,
            include_staff_notes=notes,
            known_category=categories.is_valid,
        )

    # --- requests ---------------------------------------------------------------------------

    async def replay_list(self, peer: StaffPeer, user: UserRecord, request: ReplayList) -> None:
        _has_role(user, READ_ROLES, request.id)
        rows: list[dict[str, Any]] = await self.hub.store.run(
            lambda c: replays_store.list_replays(c, MAX_LIST), write=False
        )
        peer.push(ok(request.id, replays=rows))

    async def replay_get(self, peer: StaffPeer, user: UserRecord, request: ReplayGet) -> None:
        _has_role(user, READ_ROLES, request.id)
        found: replay.Replay | None = await self.hub.store.run(
            lambda c: replays_store.load_replay(c, request.replay), write=False
        )
        if found is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such replay.", request.id)
        fields = replay.encode(found)
        peer.push(ok(request.id, **fields))

    async def replay_annotate(
        self, peer: StaffPeer, user: UserRecord, request: ReplayAnnotate
    ) -> None:
        _has_role(user, ANNOTATE_ROLES, request.id)
        annotation_id = "a" + secrets.token_hex(8)
        at = format_time(utc_now())

        outcome = await self.hub.store.run(
            lambda c: replays_store.annotate(
                c, annotation_id, request.replay, request.offset_ms, request.text, user.name,
                at, MAX_ANNOTATIONS,
            ),
            write=True,
        )
        if outcome == "missing":
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such replay.", request.id)
        if outcome == "full":
            raise ProtocolError(
                ErrorCode.CONFLICT, "This replay has too many annotations.", request.id
            )
        peer.push(
            ok(request.id, annotation=annotation_id, offset_ms=request.offset_ms, text=request.text)
        )
