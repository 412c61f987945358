"""Contact summaries at wrap-up: validated, stored on the hub, never shown to the contact.

The counsellor the conversation is (or was last) assigned to saves it with ``summary_set``,
usually after ``close``. The summary itself lives in ``desk_summaries``; the conversation log
gets a staff-only ``summary_saved`` event with the categories only. ``close`` with reason
``silent`` stores :func:`~workstation.sessions.summary.silent_summary` unless one exists.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import msgspec

from workstation.hub.desk import desk_store
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.protocol import ErrorCode, ProtocolError, error, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_desk import SummaryGet, SummarySet
from workstation.sessions import summary as summaries
from workstation.sessions.events import Event
from workstation.store import UserRecord

log = logging.getLogger(__name__)

#: The ``close`` reason that files a silent summary by itself.
SILENT_REASON = "silent"

class SummaryFeature(Feature):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._tasks: set[asyncio.Task[None]] = set()

    def handlers(self) -> dict[type[Request], Handler]:
        return {SummarySet: self.summary_set, SummaryGet: self.summary_get}

    async def stop(self) -> None:
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=5)

    async def _assigned_user(self, conv_id: str) -> str | None:
        found: str | None = await self.hub.store.run(
            lambda conn: desk_store.assigned_user(conn, conv_id), write=False
        )
        return found

    async def _save(self, conv_id: str, summary: summaries.ContactSummary, user: str) -> str:
        now = self.hub.now()

        data = json.dumps(summaries.to_dict(summary))
        categories = json.dumps(list(summary.categories))
        await self.hub.store.run(
            lambda conn: desk_store.save_summary(
                conn, conv_id, data, categories, summary.silent, user, now
            ),
            write=True,
        )
        return now

    # --- requests -------------------------------------------------------------------------------

    async def summary_set(self, peer: StaffPeer, user: UserRecord, request: SummarySet) -> None:
        if await self._assigned_user(request.conversation) != user.name:
            raise ProtocolError(
                ErrorCode.FORBIDDEN,
                "Only the counsellor assigned to the conversation may do that.",
                request.id,
            )
        try:
            summary = summaries.from_dict(request.summary)
        except (ValueError, msgspec.ValidationError) as exc:
            raise ProtocolError(
                ErrorCode.BAD_FRAME, f"The summary is not well formed: {exc}", request.id
            ) from None
        problems = summaries.validate(summary)
        if problems:
            answer = error(
                request.id, ErrorCode.BAD_FRAME,
                "The summary cannot be saved yet: " + " ".join(p.message for p in problems),
            )
            answer["problems"] = [
                {"field": p.field, "kind": p.kind, "message": p.message} for p in problems
            ]
            peer.push(answer)
            return
        saved_at = await self._save(request.conversation, summary, user.name)
        result = await self.hub.store.append(
            request.conversation,
            "summary_saved",
            _event_fields(summary, user.name, user.display_name, auto=False),
            self.hub.on_event,
            sender="staff:" + user.name,
            client_id=request.id,
        )
        peer.push(ok(request.id, seq=result.event.seq, saved_at=saved_at))

    async def summary_get(self, peer: StaffPeer, user: UserRecord, request: SummaryGet) -> None:
        assigned = await self._assigned_user(request.conversation)
        if assigned != user.name and "supervisor" not in user.roles:
            raise ProtocolError(
                ErrorCode.FORBIDDEN, "You do not have access to that conversation.", request.id
            )

        row = await self.hub.store.run(
            lambda conn: desk_store.summary_of(conn, request.conversation), write=False
        )
        if row is None:
            peer.push(ok(request.id, conversation=request.conversation, summary=None))
            return
        data, saved_by, saved_at = row
        peer.push(
            ok(request.id, conversation=request.conversation, summary=json.loads(data),
               user=saved_by, saved_at=saved_at)
        )

    # --- the one-click silent close ----------------------------------------------------------

    def on_event(self, event: Event) -> None:
        if event.kind != "closed" or event.fields.get("reason") != SILENT_REASON:
            return
        conv = self.hub.conversations.get(event.conversation)
        if conv is None or conv.assigned_user is None:
            return
        task = asyncio.get_running_loop().create_task(
            self._silent(event.conversation, conv.assigned_user)
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _silent(self, conv_id: str, user: str) -> None:
        try:
            if await self.hub.store.run(
                lambda conn: desk_store.has_summary(conn, conv_id), write=False
            ):
                return
            summary = summaries.silent_summary()
            await self._save(conv_id, summary, user)
            await self.hub.store.append(
                conv_id, "summary_saved", _event_fields(summary, user, None, auto=True),
                self.hub.on_event,
            )
        except Exception as exc:
            log.error("Silent summary not stored: %s", type(exc).__name__)


def _event_fields(
    summary: summaries.ContactSummary, user: str, author: str | None, *, auto: bool
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "user": user,
        "categories": list(summary.categories),
        "silent": summary.silent,
        "auto": auto,
    }
    if author is not None:
        fields["author"] = author
    return fields
