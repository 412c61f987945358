"""Canned responses shared through the hub: the shipped ones, with supervisors' edits.

The shipped file (``resources/canned/responses.json``) is the base. Edits live in the
``desk_canned`` table: a changed or added response by ``id``, or a hidden (deleted) one. Every
change is pushed to all staff online as ``{"type":"canned","groups","items"}``.
"""

from __future__ import annotations

import json
from typing import Any

from workstation.hub.desk import desk_store
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_desk import CannedDelete, CannedList, CannedSet
from workstation.protocol.limits import MAX_TEXT_CHARS
from workstation.sessions import canned
from workstation.store import UserRecord


class CannedFeature(Feature):
    """Attributes: edits: by id, the edited or added item, or ``None`` when hidden."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.edits: dict[str, dict[str, str] | None] = {}

    def handlers(self) -> dict[type[Request], Handler]:
        return {CannedList: self.canned_list, CannedSet: self.canned_set,
                CannedDelete: self.canned_delete}

    async def start(self) -> None:
        for item_id, item in await self.hub.store.run(desk_store.canned_rows, write=False):
            self.edits[item_id] = None if item is None else json.loads(item)

    # --- the merged list ---------------------------------------------------------------------

    def items(self) -> list[dict[str, str]]:
        """Shipped responses in file order (edited ones replaced, hidden ones left out), then
        added ones in the order they were added. ``origin``: shipped, edited or added."""
        shipped = canned.responses()
        shipped_ids = {r.id for r in shipped}
        merged: list[dict[str, str]] = []
        for response in shipped:
            if response.id not in self.edits:
                merged.append({**_fields(response), "origin": "shipped"})
            elif (edited := self.edits[response.id]) is not None:
                merged.append({**edited, "origin": "edited"})
        for item_id, added in self.edits.items():
            if item_id not in shipped_ids and added is not None:
                merged.append({**added, "origin": "added"})
        return merged

    def frame(self) -> dict[str, Any]:
        return {"type": "canned", "groups": canned.groups(), "items": self.items()}

    # --- requests --------------------------------------------------------------------------------

    async def canned_list(self, peer: StaffPeer, user: UserRecord, request: CannedList) -> None:
        frame = self.frame()
        peer.push(ok(request.id, groups=frame["groups"], items=frame["items"]))

    async def canned_set(self, peer: StaffPeer, user: UserRecord, request: CannedSet) -> None:
        _require_supervisor(user, request.id)
        item = request.item
        if len(item.text) > MAX_TEXT_CHARS:
            raise ProtocolError(
                ErrorCode.TOO_LARGE, f"A response is at most {MAX_TEXT_CHARS} characters.",
                request.id,
            )
        if item.group not in canned.groups():
            raise ProtocolError(ErrorCode.BAD_FRAME, "No such group.", request.id)
        try:
            response = canned.CannedResponse(
                id=item.id, group=item.group, title=item.title, keyword=item.keyword,
                text=item.text,
            )
        except ValueError as exc:
            raise ProtocolError(ErrorCode.BAD_FRAME, f"Not a valid response: {exc}.",
                                request.id) from None
        if any(i["keyword"] == item.keyword and i["id"] != item.id for i in self.items()):
            raise ProtocolError(
                ErrorCode.CONFLICT, "Another response has that keyword.", request.id
            )
        await self._store(user, item.id, _fields(response))
        peer.push(ok(request.id, item={**_fields(response)}))

    async def canned_delete(
        self, peer: StaffPeer, user: UserRecord, request: CannedDelete
    ) -> None:
        _require_supervisor(user, request.id)
        if not any(i["id"] == request.item_id for i in self.items()):
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such response.", request.id)
        await self._store(user, request.item_id, None)
        peer.push(ok(request.id))

    async def _store(self, user: UserRecord, item_id: str, item: dict[str, str] | None) -> None:
        shipped = canned.by_id(item_id) is not None
        now = self.hub.now()

        await self.hub.store.run(
            lambda conn: desk_store.store_canned(conn, item_id, item, shipped, now, user.name),
            write=True,
        )
        if item is None and not shipped:
            self.edits.pop(item_id, None)
        else:
            self.edits.pop(item_id, None)  # an edit moves to the end of the added ones
            self.edits[item_id] = item
        frame = self.frame()
        for peers in self.hub.staff.values():
            for peer in peers:
                peer.push(frame)


def _fields(response: canned.CannedResponse) -> dict[str, str]:
    return {
        "id": response.id,
        "group": response.group,
        "title": response.title,
        "keyword": response.keyword,
        "text": response.text,
    }


def _require_supervisor(user: UserRecord, request_id: str) -> None:
    if "supervisor" not in user.roles:
        raise ProtocolError(ErrorCode.FORBIDDEN, "Only supervisors may do that.", request_id)
