"""The bridge between the hub connection and the supervisor's models."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from workstation.client import ClientListener, HubError, NotConnected, RequestTimeout, StaffClient
from workstation.protocol.times import format_time, utc_now
from workstation.sessions.clock import today
from workstation.sessions.stats import stats_since
from workstation.ui.supervisor.alerts import AlertModel
from workstation.ui.supervisor.conversations_model import ConversationsModel
from workstation.ui.supervisor.queue_model import LiveQueueModel
from workstation.ui.supervisor.staff_model import StaffModel
from workstation.ui.supervisor.thresholds import Thresholds
from workstation.ui.transcript_model import TranscriptModel

log = logging.getLogger(__name__)

TICK_MS = 1000
ROSTER_KEYS = ("roster:no_shift_lead", "roster:alone")
DESK_ROLES = frozenset({"counsellor", "shift_lead"})


class SupervisorController(QObject, ClientListener):
    """Listens to the client and keeps the supervisor's models current.

    Attributes:
        client: the hub connection.
        queue, staff, conversations, alerts: the models the window shows.
        load: the last ``load`` push; roster: the last roster; policies: channel → record.
        stats_rows: the last ``stats`` answer's contacts.
        names: user name → display name of everyone seen in loads, rosters and this session.
        thresholds: waiting-time thresholds (colours and the waiting alert).

    Signals:
        load_changed(dict): a ``load`` push arrived.
        policies_changed(): the time-limit policies changed.
        stats_changed(): new figures arrived.
        observed_event(str): an event of an observed conversation (its id).
        ticked(): a second passed (waits were repainted).
        names_changed(): a new user name → display name pair is known (``names``).
    """

    load_changed = Signal(dict)
    policies_changed = Signal()
    stats_changed = Signal()
    observed_event = Signal(str)
    ticked = Signal()
    names_changed = Signal()

    def __init__(
        self,
        client: StaffClient,
        parent: QObject | None = None,
        clock: Callable[[], datetime] = utc_now,
        thresholds: Thresholds | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.clock = clock
        self.thresholds = thresholds or Thresholds()
        self.queue = LiveQueueModel(self, clock, self.thresholds)
        self.staff = StaffModel(self, clock)
        self.conversations = ConversationsModel(self, clock)
        self.alerts = AlertModel(self, clock)
        self.load: dict[str, Any] = {}
        self.roster: dict[str, Any] = {}
        self.policies: dict[str, dict[str, Any]] = {}
        self.stats_rows: list[dict[str, Any]] = []
        self.observing: set[str] = set()
        self.names: dict[str, str] = {}
        self.remember_names([getattr(client, "user", None) or {}])
        self._transcripts: dict[str, TranscriptModel] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        client.add_listener(self)

    # --- start and stop --------------------------------------------------------------------------

    async def start(self) -> None:
        """Ask for the load, the roster and the policies; start the one-second tick."""
        self._timer.start()
        await self._subscribe()

    async def _subscribe(self) -> None:
        await self.client.request({"type": "watch_load"})
        self.on_roster(await self.client.request({"type": "roster"}))
        answer = await self.client.request({"type": "policy_get"})
        self.set_policies(answer.get("policies") or [])
        for conversation in sorted(self.observing):
            await self._observe_request(conversation)

    @property
    def running(self) -> bool:
        """Started and not stopped."""
        return self._timer.isActive()

    async def stop(self) -> None:
        """Stop the tick, end observations and the load pushes (best effort; once)."""
        if not self._timer.isActive():
            return
        self._timer.stop()
        for conversation in sorted(self.observing):
            await self.unobserve(conversation)
        with contextlib.suppress(HubError, NotConnected, RequestTimeout):
            await self.client.request({"type": "unwatch_load"}, timeout=2.0)

    # --- client listener -------------------------------------------------------------------------

    def on_state(self, state: Any) -> None:
        if str(state) == "connected" and self._timer.isActive():
            # The hub forgets watchers and observers with the connection: ask again.
            task = asyncio.ensure_future(self._subscribe())
            task.add_done_callback(_log_failure)

    def on_event(self, event: dict[str, Any]) -> None:
        conversation = str(event.get("conversation"))
        if conversation in self._transcripts:
            self._transcripts[conversation].append_event(event)
            self.observed_event.emit(conversation)

    def on_queue(self, items: list[dict[str, Any]]) -> None:
        """The plain queue push; the load push carries the same and more."""

    def on_push(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "load":
            self.on_load(frame)
        elif kind == "roster":
            self.on_roster(frame)
        elif kind == "alert":
            self.on_alert(frame)
        elif kind == "policy":
            self.set_policies(frame.get("policies") or [])

    # --- pushes ----------------------------------------------------------------------------------

    def on_load(self, load: dict[str, Any]) -> None:
        self.load = load
        self.remember_names(load.get("staff") or [])
        staff = [p for p in load.get("staff") or [] if DESK_ROLES & set(p.get("roles", ()))]
        self.queue.set_queue(list(load.get("queue") or []))
        self.staff.set_staff(staff)
        self.conversations.set_load(list(load.get("conversations_detail") or []), staff)
        self.check_waiting()
        self.load_changed.emit(load)

    def remember_names(self, people: list[dict[str, Any]]) -> None:
        """Keep user name → display name of everyone seen; ``names_changed`` when one is new."""
        known = dict(self.names)
        for person in people:
            if isinstance(person, dict) and person.get("display_name"):
                key = person.get("user", person.get("name"))
                if key:
                    known[str(key)] = str(person["display_name"])
        if known != self.names:
            self.names = known
            self.names_changed.emit()

    def on_roster(self, roster: dict[str, Any]) -> None:
        self.roster = roster
        self.remember_names(roster.get("staff") or [])
        if roster.get("shift_lead_online") is False:
            self.alerts.raise_alert("roster:no_shift_lead", "no_shift_lead")
        else:
            self.alerts.resolve("roster:no_shift_lead")
        if roster.get("alone"):
            desk = [p for p in roster.get("staff") or [] if DESK_ROLES & set(p.get("roles", ()))]
            name = desk[0].get("display_name") if len(desk) == 1 else None
            self.alerts.raise_alert("roster:alone", "alone", {"name": name})
        else:
            self.alerts.resolve("roster:alone")

    def on_alert(self, frame: dict[str, Any]) -> None:
        kind = str(frame.get("alert"))
        details = dict(frame)
        if kind == "hard_limit":
            user = str(frame.get("user", ""))
            row = self.staff.row_of(user)
            details["name"] = self.staff.person(row).get("display_name") if row >= 0 else user
            self.alerts.raise_alert(f"hard_limit:{frame.get('conversation')}", kind, details)
        elif kind == "consult_unanswered":
            self.alerts.raise_alert(f"consult:{frame.get('consult')}", kind, details)
        elif kind in ("no_break", "debrief_unanswered"):  # one alert per person / request
            key = frame.get("debrief") or frame.get("user")
            self.alerts.raise_alert(f"{kind}:{key}", kind, details)
        elif kind == "purge_failed":  # repeated every hour until it succeeds: one alert
            self.alerts.raise_alert(f"purge:{frame.get('conversation')}", kind, details)
        elif kind == "call_desk_lost":  # one per held call: the take-over answers it
            self.alerts.raise_alert(f"call_desk_lost:{frame.get('conversation')}", kind, details)
        else:
            self.alerts.raise_alert(f"other:{kind}:{self.clock().isoformat()}", kind, details)

    def set_policies(self, records: list[dict[str, Any]]) -> None:
        self.policies = {str(r["channel"]): dict(r) for r in records if "channel" in r}
        self.policies_changed.emit()

    # --- the clock -------------------------------------------------------------------------------

    def tick(self) -> None:
        self.queue.tick()
        self.staff.tick()
        self.conversations.tick()
        self.check_waiting()
        self.ticked.emit()

    def longest_wait_s(self) -> float:
        """The longest wait in the queue now (counting on from the last push)."""
        now = self.clock()
        return max((item.waiting_s(now) for item in self.queue.items), default=0.0)

    def check_waiting(self) -> None:
        """Raise an alert for each contact waiting past the last threshold."""
        now = self.clock()
        late = set()
        for item in self.queue.items:
            waited = item.waiting_s(now)
            if item.level(self.thresholds, now) >= 3:  # a letter: once its answer is overdue
                key = f"waiting:{item.conversation}"
                late.add(key)
                details = {"channel": item.channel, "waiting_s": waited}
                self.alerts.raise_alert(key, "waiting", details)
        self.alerts.resolve_all("waiting:", late)

    def set_thresholds(self, thresholds: Thresholds) -> None:
        self.thresholds = thresholds
        self.queue.set_thresholds(thresholds)
        self.check_waiting()

    # --- figures, policies -----------------------------------------------------------------------

    def today(self) -> date:
        """Today in the helpline's zone (Oslo)."""
        return today(self.clock())

    async def refresh_stats(self) -> list[dict[str, Any]]:
        """Ask for the contacts of today and the four weeks before it."""
        since = format_time(stats_since(self.today()))
        answer = await self.client.request({"type": "stats", "since": since}, timeout=30.0)
        self.stats_rows = list(answer.get("contacts") or [])
        self.stats_changed.emit()
        return self.stats_rows

    async def set_policy(
        self, channel: str, soft_s: int, hard_s: int, min_queue: int, enabled: bool
    ) -> dict[str, Any]:
        """``policy_set``; raises HubError with the hub's code when refused."""
        answer = await self.client.request(
            {
                "type": "policy_set",
                "channel": channel,
                "soft_s": soft_s,
                "hard_s": hard_s,
                "min_queue": min_queue,
                "enabled": enabled,
            }
        )
        record = answer.get("policy")
        if isinstance(record, dict):
            self.policies[channel] = record
            self.policies_changed.emit()
        return answer

    # --- observation -----------------------------------------------------------------------------

    def transcript(self, conversation: str) -> TranscriptModel:
        """The read-only transcript of an observed conversation (kept for re-observing)."""
        model = self._transcripts.get(conversation)
        if model is None:
            model = TranscriptModel(conversation, self)
            self._transcripts[conversation] = model
        return model

    async def observe(self, conversation: str) -> TranscriptModel:
        """Start observing; the backlog and live events fill the returned model."""
        model = self.transcript(conversation)
        await self._observe_request(conversation)
        self.observing.add(conversation)
        return model

    async def _observe_request(self, conversation: str) -> None:
        try:
            await self.client.request({"type": "observe", "conversation": conversation})
        except HubError as error:
            if error.code != "conflict":  # already observing on this connection: fine
                raise

    async def unobserve(self, conversation: str) -> None:
        """Stop observing (the hub may have ended it already when the conversation closed)."""
        self.observing.discard(conversation)
        try:
            await self.client.request(
                {"type": "unobserve", "conversation": conversation}, timeout=2.0
            )
        except (HubError, NotConnected, RequestTimeout) as error:
            log.info("unobserve ended without ok: %s", type(error).__name__)


def _log_failure(task: asyncio.Future[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("could not subscribe again: %s", type(task.exception()).__name__)
