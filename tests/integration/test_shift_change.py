"""A shift change: many desks signing in at once, presence changes and a busy queue front.

The hub gathers roster pushes (at most one per desk per ``ROSTER_MIN_INTERVAL_S``, the last
state wins) and queue positions (issue 13). What the desks and young people see must stay
right: every desk ends with the whole roster, states arrive in order, positions are right.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.support.hubs import PASSWORD
from tests.support.wire import Frame, Wire, ok
from workstation.hub import core
from workstation.hub.limits import LimitSettings
from workstation.hub.roster import ROSTER_MIN_INTERVAL_S, RosterFeature
from workstation.hub.server import HubServer, serve_hub

DESKS = 50


def add_counsellors(db: Path | str, count: int) -> list[str]:
    """``count`` counsellors with the test password (kari's Argon2 hash: no hashing here)."""
    names = [f"vakt{n:02d}" for n in range(count)]
    copy = ("INSERT INTO users (name, display_name, roles, password_hash, created_at, disabled)"
            " SELECT ?, ?, roles, password_hash, created_at, 0 FROM users WHERE name = 'kari'")
    rows = [(name, name.capitalize()) for name in names]
    if isinstance(db, str):  # PostgreSQL
        with psycopg.connect(db) as pg:
            pg.cursor().executemany(copy.replace("?", "%s"), rows)
        return names
    with sqlite3.connect(db) as conn:
        conn.executemany(copy, rows)
    conn.close()
    return names


@pytest.fixture
async def shift(hub_db: Path | str) -> AsyncIterator[tuple[HubServer, list[str]]]:
    names = add_counsellors(hub_db, DESKS)
    # An office's desks share one address: its sign-in limit is raised (here: lifted).
    limits = replace(LimitSettings.embedded(), login_per_address=None)
    async with serve_hub(hub_db, limits=limits) as server:
        yield server, names


async def token_for(hub: HubServer, name: str) -> str:
    """A real session of ``name`` (as a password sign-in makes, without Argon2's second)."""
    user = await hub.hub.store.user(name)
    assert user is not None
    signed_in = await hub.staff_api.auth.new_session(user)
    assert signed_in is not None
    return signed_in.token


def rosters(desk: Wire) -> list[Frame]:
    return [f for f in desk.frames if f.get("type") == "roster"]


def statuses(roster: Frame) -> dict[str, str]:
    return {person["user"]: person["status"] for person in roster["staff"]}


async def test_fifty_desks_signing_in_in_a_rush_each_end_with_the_whole_roster(
    shift: tuple[HubServer, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    hub, names = shift
    pushed: list[float] = []  # when the hub pushed the roster (its loop's clock)
    push = RosterFeature._push_roster

    def recorded(feature: RosterFeature) -> None:
        pushed.append(asyncio.get_running_loop().time())
        push(feature)

    monkeypatch.setattr(RosterFeature, "_push_roster", recorded)
    everyone = {*names, "lead"}
    async with AsyncExitStack() as stack:
        lead = await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
        ok(await lead.request("hello", user="lead", password=PASSWORD))
        tokens = await asyncio.gather(*(token_for(hub, name) for name in names))
        desks = [
            await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff")) for _ in names
        ]
        # Half at once, half one every 10 ms (the pace Argon2 lets them through at best).
        half = DESKS // 2
        answers = await asyncio.gather(*(
            desk.request("hello", token=token, timeout=30)
            for desk, token in zip(desks[:half], tokens[:half], strict=True)
        ))
        for desk, token in zip(desks[half:], tokens[half:], strict=True):
            answers.append(await desk.request("hello", token=token, timeout=30))
            await asyncio.sleep(0.01)
        assert all(answer["type"] == "ok" for answer in answers), answers

        def whole(desk: Wire) -> bool:
            last = rosters(desk)
            return bool(last) and set(statuses(last[-1])) == everyone

        for desk in [lead, *desks]:
            await desk.until(lambda desk=desk: whole(desk), timeout=20)
        for desk in [lead, *desks]:
            last = rosters(desk)[-1]
            assert set(statuses(last).values()) == {"available"}
            assert not last["alone"] and last["shift_lead_online"]
        # The lead saw the desks arrive in order (never fewer people after more).
        sizes = [len(roster["staff"]) for roster in rosters(lead)]
        assert sizes == sorted(sizes), "a roster with fewer people came after one with more"
        # The hub pushed the roster at most once per interval.
        gaps = [later - earlier for earlier, later in zip(pushed, pushed[1:], strict=False)]
        assert min(gaps) >= ROSTER_MIN_INTERVAL_S - 0.002, [round(gap, 3) for gap in gaps]


async def test_presence_changes_arrive_in_order_and_the_last_one_wins(
    shift: tuple[HubServer, list[str]],
) -> None:
    hub, names = shift
    async with (
        Wire.connect(hub.url, "/v1/staff") as watcher,
        Wire.connect(hub.url, "/v1/staff") as mover,
        Wire.connect(hub.url, "/v1/staff") as newcomer,
    ):
        ok(await watcher.request("hello", user="lead", password=PASSWORD))
        ok(await mover.request("hello", token=await token_for(hub, names[0])))
        await watcher.until(
            lambda: bool(rosters(watcher)) and names[0] in statuses(rosters(watcher)[-1])
        )
        seen_before = len(rosters(watcher))
        # Four states, each a change, one right after the other (within one gathering window).
        states: list[dict[str, str]] = [
            {"lead": "available", names[0]: "available"},
            {"lead": "available", names[0]: "away"},
            {"lead": "available", names[0]: "away", names[1]: "available"},
            {"lead": "available", names[0]: "available", names[1]: "available"},
            {"lead": "available", names[0]: "available", names[1]: "away"},
        ]
        started = time.monotonic()
        ok(await mover.request("presence", status="away"))
        ok(await newcomer.request("hello", token=await token_for(hub, names[1])))
        ok(await mover.request("presence", status="available"))
        ok(await newcomer.request("presence", status="away"))
        changed_in = time.monotonic() - started
        await watcher.until(lambda: statuses(rosters(watcher)[-1]) == states[-1])
        seen = [statuses(roster) for roster in rosters(watcher)[seen_before - 1:]]
        order = [states.index(state) for state in seen]  # each one of the states, …
        assert order == sorted(order), seen  # … never an older one after a newer one
        assert order[-1] == len(states) - 1
        if changed_in < ROSTER_MIN_INTERVAL_S:  # all four changes fell in one window
            assert len(seen) <= 3, seen


async def open_contacts(hub: HubServer, stack: AsyncExitStack, count: int) -> list[
    tuple[Wire, str]
]:
    contacts = []
    for _ in range(count):
        wire = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        contacts.append((wire, ok(await wire.request("open", channel="chat"))["conversation"]))
    return contacts


def positions(contact: Wire) -> list[int]:
    return [f["position"] for f in contact.frames if f.get("type") == "queue"]


async def test_each_waiting_contacts_position_is_right_after_a_burst_at_the_front(
    shift: tuple[HubServer, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    hub, names = shift
    monkeypatch.setattr(core, "POSITIONS_PER_TURN", 3)  # told over many turns of the loop
    async with AsyncExitStack() as stack:
        contacts = await open_contacts(hub, stack, 40)
        desks = []
        for name in names[:4]:  # each may hold three chats
            desk = await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
            ok(await desk.request("hello", token=await token_for(hub, name)))
            desks.append(desk)
        # A burst: the first twelve taken, every fifth of the rest leaves, all at once.
        taken = contacts[:12]
        leaving = [pair for index, pair in enumerate(contacts) if index >= 12 and index % 5 == 0]
        requests: list[Any] = [
            desks[index // 3].request("accept", conversation=conv)
            for index, (_, conv) in enumerate(taken)
        ]
        requests += [wire.request("leave") for wire, _ in leaving]
        assert all(answer["type"] == "ok" for answer in await asyncio.gather(*requests))
        waiting = [pair for pair in contacts[12:] if pair not in leaving]

        def desk_queue() -> list[str]:
            last = [f for f in desks[0].frames if f.get("type") == "queue"][-1]
            return [item["conversation"] for item in last["items"]]

        for place, (wire, _) in enumerate(waiting, 1):
            await wire.until(lambda wire=wire, place=place: positions(wire)[-1:] == [place])
        await desks[0].until(lambda: desk_queue() == [conv for _, conv in waiting])
        for place, (wire, _) in enumerate(waiting, 1):
            told = positions(wire)
            assert told == sorted(told, reverse=True), told  # only ever forward
            assert told[-1] == place
        for (wire, conv), kind in [*((pair, "assigned") for pair in taken),
                                   *((pair, "closed") for pair in leaving)]:
            await wire.event(conv, kind)
            last_event = max(i for i, f in enumerate(wire.frames) if f.get("kind") == kind)
            later = [f for f in wire.frames[last_event:] if f.get("type") == "queue"]
            assert later == [], "a queue position after leaving the queue"
