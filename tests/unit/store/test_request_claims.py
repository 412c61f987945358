"""The store's side of idempotency: a claim commits with the request's first write, and a
second claim of the same request id undoes that write."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from workstation.sessions.conversation import Conversation
from workstation.sessions.events import Event
from workstation.store import open_store
from workstation.store.requests import DuplicateRequest, RequestClaim, current_claim


def ignore(_: Event) -> None:
    pass


async def test_a_second_claim_undoes_its_write_and_leaves_no_gap(tmp_path: Path) -> None:
    store = open_store(tmp_path / "hub.sqlite3")
    store.attach(asyncio.get_running_loop())
    try:
        conv = Conversation(id="c1", channel="chat", created_at="2026-12-04T22:00:00.000Z")
        await store.create_conversation(conv, "token", None, ignore)
        first = RequestClaim("staff:kari", "r1", "close")
        token = current_claim.set(first)
        try:
            written = await store.append("c1", "note", {"text": "x"}, ignore)
        finally:
            current_claim.reset(token)
        assert first.stored and first.created == {"conversation": "c1", "seq": 2}

        # The same request id from the same person again (say, a second hub on the database).
        token = current_claim.set(RequestClaim("staff:kari", "r1", "close"))
        try:
            with pytest.raises(DuplicateRequest):
                await store.append("c1", "note", {"text": "y"}, ignore)
        finally:
            current_claim.reset(token)
        after = await store.append("c1", "note", {"text": "z"}, ignore)
        assert after.event.seq == written.event.seq + 1  # the undone event left no gap
        texts = [e.fields.get("text") for e in await store.events_after("c1", 0)]
        assert texts == [None, "x", "z"]

        stored = await store.stored_request("staff:kari", "r1")
        assert stored is not None and stored.answer is None
        await store.save_answer("staff:kari", "r1", {"type": "ok", "re": "r1", "seq": 2})
        stored = await store.stored_request("staff:kari", "r1")
        assert stored is not None and stored.answer == {"type": "ok", "re": "r1", "seq": 2}
        assert await store.stored_request("staff:ola", "r1") is None
    finally:
        await store.close()


async def test_only_the_first_write_of_a_request_claims_it(tmp_path: Path) -> None:
    store = open_store(tmp_path / "hub.sqlite3")
    store.attach(asyncio.get_running_loop())
    try:
        conv = Conversation(id="c1", channel="chat", created_at="2026-12-04T22:00:00.000Z")
        await store.create_conversation(conv, "token", None, ignore)
        claim = RequestClaim("staff:kari", "r2", "call_hangup")
        token = current_claim.set(claim)
        try:
            await store.append("c1", "call_ended", {}, ignore)
            await store.append("c1", "closed", {"reason": "call_ended"}, ignore)
        finally:
            current_claim.reset(token)
        assert claim.created == {"conversation": "c1", "seq": 2}
        claim.open = False
        token = current_claim.set(claim)  # a timer the request left behind, firing later
        try:
            await store.append("c1", "time_warning", {}, ignore)
        finally:
            current_claim.reset(token)
        assert len(await store.events_after("c1", 0)) == 4
    finally:
        await store.close()
