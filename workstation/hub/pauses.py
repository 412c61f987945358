"""After a hard contact: an offered pause, breaks, and reminders for the shift lead.

- A conversation is *hard* when it closes with a risk flag, a concern report, or the
  counsellor's own ``hard_mark`` (a staff-only ``marked_hard`` event). The counsellor who held
  it gets a ``care_offer`` push (the desk offers a pause and a debrief); it counts in their
  hard contacts today.
- ``pause_start``: no new contacts for that counsellor for N minutes (``accept`` answers
  ``conflict``); everyone who sees the queue gets a ``pause`` push, shift leads and
  supervisors a ``pause_started`` alert. It ends by itself or with ``pause_end``.
- Per person on shift the supervisor's ``load`` carries ``break_at`` (the end of the last
  pause, or when they came on) and ``hard_today``, and ``paused_until`` while paused; shift
  leads and supervisors get a ``no_break`` alert once when someone has worked longer than the
  break policy (default two hours) without a pause.

Kept in the database (``care_staff``, migration 19; :mod:`workstation.hub.care_store`): a
pause holds through a hub restart until its end; hard contacts today and the stretch are kept.
Someone who comes back within :data:`RESUME_S` of going (a dropped connection, a restart of the
hub) goes on with the same stretch; later, a new stretch begins. Each pause started or ended is
written with its audit entry in one transaction. Nothing here reaches a contact.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from workstation.hub import care_store
from workstation.hub.background import Background
from workstation.hub.care_store import StaffRow
from workstation.hub.core import QUEUE_ROLES
from workstation.hub.feature import Feature, Handler
from workstation.hub.peers import StaffPeer
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import Request
from workstation.protocol.frames_care import (
    BreakPolicyGet,
    BreakPolicySet,
    HardMark,
    PauseEnd,
    PauseStart,
)
from workstation.protocol.times import format_time, parse_time, utc_now
from workstation.sessions.conversation import Conversation
from workstation.sessions.events import Event
from workstation.sessions.referrals import OSLO
from workstation.store import UserRecord

#: Remind after this long without a break (a supervisor changes it: ``break_policy_set``).
DEFAULT_BREAK_AFTER_S = 2 * 3600
#: How often the break reminder looks.
CHECK_EVERY_S = 30.0
ALERT_ROLES = ("shift_lead", "supervisor")
#: Someone back within this long (a dropped connection, a hub restart) keeps their stretch.
RESUME_S = 10 * 60.0
#: Several hubs: the break reminder's limit is read again on every hub when it is set.
BREAK_POLICY_TOPIC = "break_policy"
#: Several hubs: pauses are read again on every hub when one starts or ends.
PAUSES_TOPIC = "pauses"

class PauseFeature(Feature):
    """Attributes:
    paused: pause end per user name.
    break_at: when each person's current stretch began (last pause end, or coming on).
    hard_today: (Oslo date, count) of hard contacts per user name.
    break_after_s: the break reminder's limit; check_every_s: how often it looks.
    minute_s: seconds in a pause minute (tests shorten it).
    clock: the current time.
    """

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.paused: dict[str, datetime] = {}
        #: Pauses of people signed in on other hubs (several hubs), as the database says.
        self.paused_elsewhere: dict[str, datetime] = {}
        self.break_at: dict[str, datetime] = {}
        self.hard_today: dict[str, tuple[str, int]] = {}
        self.hard_marked: set[str] = set()
        self.reported: set[str] = set()
        self.reminded: set[str] = set()
        self.break_after_s: float = DEFAULT_BREAK_AFTER_S
        self.check_every_s = CHECK_EVERY_S
        self.minute_s = 60.0
        self.clock: Callable[[], datetime] = utc_now
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._checker: asyncio.Task[None] | None = None
        self._background = Background()
        #: What the database holds per person (kept in step with every change).
        self._rows: dict[str, StaffRow] = {}

    def handlers(self) -> dict[type[Request], Handler]:
        return {
            HardMark: self.hard_mark,
            PauseStart: self.pause_start,
            PauseEnd: self.pause_end,
            BreakPolicySet: self.break_policy_set,
            BreakPolicyGet: self.break_policy_get,
        }

    async def start(self) -> None:
        await self._read_break_policy()
        await self._restore()
        self.hub.follow_shared(BREAK_POLICY_TOPIC, self._read_break_policy)
        self.hub.follow_shared(PAUSES_TOPIC, self._pauses_changed)
        self._checker = asyncio.get_running_loop().create_task(self._check_breaks())

    async def stop(self) -> None:
        if self._checker is not None:
            self._checker.cancel()
        for timer in self._timers.values():
            timer.cancel()
        await self._background.stop()

    # --- the database ---------------------------------------------------------------------

    async def _read_break_policy(self) -> None:
        def op(conn: sqlite3.Connection) -> str | None:
            row = conn.execute(
                "SELECT value FROM care_settings WHERE name = 'break_after_s'"
            ).fetchone()
            return str(row[0]) if row else None

        kept = await self.hub.store.run(op, write=False)
        if kept is not None:
            self.break_after_s = float(kept)

    async def _pauses_changed(self) -> None:
        """Another hub started or ended a pause: the pauses of everyone not signed in here
        as the database says, told to this hub's desks when they changed."""
        now = self.clock()
        rows = await self.hub.store.run(care_store.load_staff, write=False)
        found: dict[str, datetime] = {}
        for row in rows:
            if row.name in self.hub.staff:
                continue  # this hub's own: it keeps them
            self._rows[row.name] = row
            if row.paused_until is not None and parse_time(row.paused_until) > now:
                found[row.name] = parse_time(row.paused_until)
            if row.name in self.paused and found.get(row.name) != self.paused[row.name]:
                self._follow_pause(row.name, found.get(row.name))
        for user in set(found) | set(self.paused_elsewhere):
            until = found.get(user)
            if until != self.paused_elsewhere.get(user):
                if until is None:
                    self.paused_elsewhere.pop(user, None)
                else:
                    self.paused_elsewhere[user] = until
                self._push_pause(user, until)

    def _follow_pause(self, user: str, until: datetime | None) -> None:
        """A pause this hub timed (it started with it in force) was ended or changed on
        another hub: timed as the database says, without a word of this hub's."""
        if until is not None:
            self._arm_pause(user, until)
            return
        self.paused.pop(user, None)
        timer = self._timers.pop(user, None)
        if timer is not None:
            timer.cancel()

    async def _save_shared(self, row: StaffRow, action: str, actor: str,
                           detail: str = "") -> None:
        """:meth:`_save` of a pause's start or end; the other hubs read it again."""
        await self._save(row, action, actor, detail)
        self.hub.shared_changed(PAUSES_TOPIC)

    async def _pause_over(self, user: str, until: str, at: str) -> None:
        """A pause ran out: cleared and audited (``pause_over``) by the first hub that timed
        it; every hub that started while it ran times it too (several hubs)."""
        if await self.hub.store.run(lambda c: care_store.end_pause(c, user, until, at),
                                    write=True):
            self.hub.shared_changed(PAUSES_TOPIC)

    async def _restore(self) -> None:
        """Pauses in force and today's hard contacts from the database. Someone the last hub
        still had online is counted as gone when this one started."""
        now = self.clock()
        for row in await self.hub.store.run(care_store.load_staff, write=False):
            if row.off_at is None:
                row.off_at = format_time(now)
            self._rows[row.name] = row
            if row.hard_day is not None:
                self.hard_today[row.name] = (row.hard_day, row.hard_count)
            if row.paused_until is not None and parse_time(row.paused_until) > now:
                self._arm_pause(row.name, parse_time(row.paused_until))

    def _change(self, user: str, **changes: Any) -> StaffRow:
        row = self._rows.get(user) or StaffRow(user, format_time(self.clock()), None, None,
                                               None, 0)
        row = dataclasses.replace(row, **changes)
        self._rows[user] = row
        return row

    async def _save(self, row: StaffRow, action: str = "", actor: str = "",
                    detail: str = "") -> None:
        """The row, with its audit entry when ``action`` is given, in one transaction."""
        def op(conn: sqlite3.Connection) -> None:
            care_store.save_staff(conn, row)
            if action:
                care_store.audit(conn, format_time(self.clock()), actor, action, row.name,
                                 detail)

        await self.hub.store.run(op, write=True)

    # --- requests -------------------------------------------------------------------------

    async def hard_mark(self, peer: StaffPeer, user: UserRecord, request: HardMark) -> None:
        conv = self.api.assigned(user, request.conversation, request.id)
        fields = {"author": user.display_name, "user": user.name}
        seq = await self.api.append(conv, "marked_hard", fields, user, request.id)
        peer.push(ok(request.id, seq=seq))

    async def pause_start(self, peer: StaffPeer, user: UserRecord, request: PauseStart) -> None:
        if "counsellor" not in user.roles:
            raise ProtocolError(ErrorCode.FORBIDDEN, "Only counsellors take pauses.", request.id)
        until = self.clock() + timedelta(seconds=request.minutes * self.minute_s)
        # Kept with its audit entry, which also records the request: a resent pause_start is
        # answered, not rerun.
        row = dataclasses.replace(self._change(user.name), paused_until=format_time(until))
        await self._save_shared(row, "pause_start", user.name, format_time(until))
        self._rows[user.name] = row
        self._set_pause(user.name, until)
        peer.push(ok(request.id, until=format_time(until)))
        alert = {"type": "alert", "alert": "pause_started", "user": user.name,
                 "author": user.display_name, "until": format_time(until),
                 "after": request.after}
        self.hub.push_to_roles(ALERT_ROLES, alert, skip=user.name)

    async def pause_end(self, peer: StaffPeer, user: UserRecord, request: PauseEnd) -> None:
        if user.name not in self.paused:
            raise ProtocolError(ErrorCode.CONFLICT, "You are not on a pause.", request.id)
        now = format_time(self.clock())
        row = dataclasses.replace(self._change(user.name), paused_until=None, break_at=now)
        await self._save_shared(row, "pause_end", user.name)
        self._rows[user.name] = row
        self._end_pause(user.name, saved=True)
        peer.push(ok(request.id))

    async def break_policy_set(
        self, peer: StaffPeer, user: UserRecord, request: BreakPolicySet
    ) -> None:
        if "supervisor" not in user.roles:
            raise ProtocolError(
                ErrorCode.FORBIDDEN, "Only supervisors set the break reminder.", request.id
            )
        seconds = request.minutes * 60.0

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO care_settings (name, value) VALUES ('break_after_s', ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (str(seconds),),
            )
            conn.execute(
                "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                (format_time(utc_now()), user.name, "break_policy_set", "",
                 str(request.minutes)),
            )

        await self.hub.store.run(op, write=True)  # the setting and its audit entry together
        self.break_after_s = seconds
        self.hub.shared_changed(BREAK_POLICY_TOPIC)  # the other hubs read it again
        peer.push(ok(request.id, minutes=request.minutes))

    async def break_policy_get(
        self, peer: StaffPeer, user: UserRecord, request: BreakPolicyGet
    ) -> None:
        if not any(role in user.roles for role in ALERT_ROLES):
            raise ProtocolError(
                ErrorCode.FORBIDDEN, "Only shift leads and supervisors may do that.", request.id
            )
        peer.push(ok(request.id, minutes=round(self.break_after_s / 60)))

    # --- pauses ---------------------------------------------------------------------------

    def _set_pause(self, user: str, until: datetime) -> None:
        self._arm_pause(user, until)
        self._push_pause(user, until)

    def _arm_pause(self, user: str, until: datetime) -> None:
        self.paused[user] = until
        old = self._timers.pop(user, None)
        if old is not None:
            old.cancel()
        delay = max(0.0, (until - self.clock()).total_seconds())
        self._timers[user] = asyncio.get_running_loop().call_later(delay, self._end_pause, user)

    def _end_pause(self, user: str, saved: bool = False) -> None:
        timer = self._timers.pop(user, None)
        if timer is not None:
            timer.cancel()
        until = self.paused.pop(user, None)
        if until is None:
            return
        now = self.clock()
        if user in self.hub.staff or user in self.break_at:
            self.break_at[user] = now
        if not saved:  # ended by itself: kept, and audited as the hub's (once: several hubs)
            self._change(user, paused_until=None, break_at=format_time(now))
            self._background.later(
                lambda: self._pause_over(user, format_time(until), format_time(now)))
        self.reminded.discard(user)
        self._push_pause(user, None)

    def _push_pause(self, user: str, until: datetime | None) -> None:
        frame = {"type": "pause", "user": user,
                 "until": format_time(until) if until is not None else None}
        self.hub.push_to_roles(QUEUE_ROLES, frame)
        self.hub.queue_changed()  # the supervisor's load shows it

    def check_accept(self, user: UserRecord, conv: Conversation, request: Request) -> None:
        until = self.paused.get(user.name)
        if until is not None:
            raise ProtocolError(
                ErrorCode.CONFLICT,
                f"You are on a pause until {format_time(until)}; end it to take contacts.",
                request.id,
            )

    # --- hard contacts --------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        if event.kind == "marked_hard":
            self.hard_marked.add(event.conversation)
        elif event.kind.startswith("report_"):
            self.reported.add(event.conversation)
        elif event.kind == "closed":
            conv = self.hub.conversations.get(event.conversation)
            if conv is not None and conv.assigned_user:
                self._background.track(
                    asyncio.get_running_loop().create_task(self._after_close(conv)))

    async def _after_close(self, conv: Conversation) -> None:
        reasons = []
        if "risk" in conv.flags:
            reasons.append("risk")
        if conv.id in self.reported or await self._has_report(conv.id):
            reasons.append("report")
        if conv.id in self.hard_marked:
            reasons.append("hard")
        self.hard_marked.discard(conv.id)
        self.reported.discard(conv.id)
        user = conv.assigned_user
        if not reasons or user is None:
            return
        day = self.clock().astimezone(OSLO).date().isoformat()
        seen_day, count = self.hard_today.get(user, (day, 0))
        self.hard_today[user] = (day, (count if seen_day == day else 0) + 1)
        row = self._change(user, hard_day=day, hard_count=self.hard_today[user][1])
        await self._save(row)
        self.hub.push_to_user(user, {"type": "care_offer", "conversation": conv.id,
                                     "reasons": reasons})
        self.hub.queue_changed()

    async def _has_report(self, conversation: str) -> bool:
        def op(conn: sqlite3.Connection) -> bool:
            try:
                row = conn.execute(
                    "SELECT 1 FROM reports WHERE conversation = ? LIMIT 1", (conversation,)
                ).fetchone()
            except sqlite3.OperationalError:  # no reports table (feature off)
                return False
            return row is not None

        result: bool = await self.hub.store.run(op, write=False)
        return result

    # --- breaks ---------------------------------------------------------------------------

    def on_staff_online(self, peer: StaffPeer) -> None:
        if peer.user is None:
            return
        if peer.has_role(*QUEUE_ROLES):  # the pauses in force (also after a hub restart)
            for name, until in self.paused.items():
                peer.push({"type": "pause", "user": name, "until": format_time(until)})
        if peer.user.name in self.break_at:
            return
        user, now = peer.user.name, self.clock()
        kept = self._rows.get(user)
        if kept is not None and (
            user in self.paused or kept.off_at is None
            or (now - parse_time(kept.off_at)).total_seconds() <= RESUME_S
        ):
            self.break_at[user] = parse_time(kept.break_at)  # back soon: the same stretch
        else:
            self.break_at[user] = now
        self._background.later(lambda: self._save(self._change(
            user, break_at=format_time(self.break_at[user]), off_at=None)))

    def on_staff_offline(self, user: str) -> None:
        """Gone: back within :data:`RESUME_S` they go on with this stretch, else a new one."""
        self.break_at.pop(user, None)
        self.reminded.discard(user)
        if user in self._rows:
            off_at = format_time(self.clock())
            self._background.later(lambda: self._save(self._change(user, off_at=off_at)))

    def staff_load(self) -> dict[str, dict[str, Any]]:
        day = self.clock().astimezone(OSLO).date().isoformat()
        rows: dict[str, dict[str, Any]] = {}
        for user in self.hub.staff:
            since = self.break_at.get(user)
            seen_day, count = self.hard_today.get(user, (day, 0))
            row: dict[str, Any] = {
                "break_at": format_time(since) if since else None,
                "hard_today": count if seen_day == day else 0,
            }
            if user in self.paused:
                row["paused_until"] = format_time(self.paused[user])
            rows[user] = row
        now = self.clock()
        for user, until in self.paused_elsewhere.items():  # signed in on another hub
            if user not in rows and until > now:
                rows[user] = {"paused_until": format_time(until)}
        return rows

    async def _check_breaks(self) -> None:
        while True:
            await asyncio.sleep(self.check_every_s)
            self.remind()

    def remind(self) -> None:
        """A ``no_break`` alert for each counsellor past the limit, once per stretch."""
        now = self.clock()
        for user, peers in list(self.hub.staff.items()):
            since = self.break_at.get(user)
            if since is None or user in self.paused or user in self.reminded or not peers:
                continue
            member = next(iter(peers)).user
            if member is None or "counsellor" not in member.roles:
                continue
            worked = (now - since).total_seconds()
            if worked >= self.break_after_s:
                self.reminded.add(user)
                self.hub.push_to_roles(ALERT_ROLES, {
                    "type": "alert", "alert": "no_break", "user": user,
                    "author": member.display_name, "since": format_time(since),
                    "worked_s": int(worked),
                }, skip=user)

