"""What this desk knows about consultations, kept current from the hub's pushes and events."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from workstation.client.errors import HubError
from workstation.ui.consult.backlog import Relay
from workstation.ui.consult.models import OfferModel, RosterModel
from workstation.ui.consult.thread import ThreadModel
from workstation.ui.controller import DeskController

log = logging.getLogger(__name__)

PENDING, JOINED, ENDED = "pending", "joined", "ended"
#: The call events of listen-in and join this state follows.
CALL_PARTY_KINDS = frozenset({"call_join_requested", "call_joined", "call_join_declined",
                              "call_listen_ended"})


@dataclass
class Consultation:
    """One consultation this user takes part in.

    Attributes:
        consult: the hub's id. conversation: what it is about.
        role: ``counsellor`` (I asked) or ``consultant`` (I was asked and joined).
        status: ``pending``, ``joined`` or ``ended``.
        counsellor, consultant: display names (the consultant once joined).
        to_name: whom it was asked of (a colleague's name, or None for any shift lead).
        declined_by: who declined, by display name.
        escalated_to: whom it was passed on to last; nobody_left: it escalated to no one
            (supervisors were alerted).
        closed: the conversation closed (which ends the consultation).
    """

    consult: str
    conversation: str
    role: str
    status: str = PENDING
    counsellor: str = ""
    consultant: str | None = None
    to_name: str | None = None
    summary: str | None = None
    urgent: bool = False
    channel: str | None = None
    declined_by: list[str] = field(default_factory=list)
    escalated_to: str | None = None
    nobody_left: bool = False
    closed: bool = False


class ConsultState(QObject):
    """Offers, roster and consultations for one desk; a ``ClientListener`` of ``client``.

    Attributes:
        controller: the desk controller (its transcripts hold every event).
        offers: requests offered to me.
        roster: who is on shift.
        consultations: mine by consult id, ended ones until dismissed.
        assigned: conversation id to the user name it is assigned to.
        channels: conversation id to channel, from ``opened`` events.

    Signals:
        offer_arrived(dict): a new request was offered to me.
        offers_changed(): the offer list changed.
        roster_changed(): a roster push arrived.
        changed(str): a consultation was added or changed (its id).
        removed(str): a consultation was dismissed.
    """

    offer_arrived = Signal(dict)
    offers_changed = Signal()
    roster_changed = Signal()
    changed = Signal(str)
    removed = Signal(str)

    def __init__(self, controller: DeskController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.client: Any = controller.client
        self.offers = OfferModel(self)
        self.roster = RosterModel(self)
        self.consultations: dict[str, Consultation] = {}
        self.assigned: dict[str, str] = {}
        self.channels: dict[str, str] = {}
        #: Consultations whose call this desk listens to; asked to join; joined (heard).
        self.listening: set[str] = set()
        self.asked: set[str] = set()
        self.joined: set[str] = set()
        #: Conversation → (user, display name) of a lead asking to join its call.
        self.join_asks: dict[str, tuple[str, str]] = {}
        self._threads: dict[str, ThreadModel] = {}
        self.client.add_listener(Relay(self))

    @property
    def me(self) -> str:
        return str(self.controller.user.get("name") or "")

    def for_conversation(self, conversation: str) -> Consultation | None:
        """The open (pending or joined) consultation of a conversation."""
        return next(
            (
                c
                for c in self.consultations.values()
                if c.conversation == conversation and c.status != ENDED
            ),
            None,
        )

    def assigned_to_me(self, conversation: str) -> bool:
        return self.assigned.get(conversation) == self.me

    def thread_model(self, consult: str) -> ThreadModel:
        """The side thread of a consultation (created on first use)."""
        model = self._threads.get(consult)
        if model is None:
            conversation = self.consultations[consult].conversation
            model = ThreadModel(self.controller.transcript(conversation), consult, self)
            self._threads[consult] = model
        return model

    # --- client listener ------------------------------------------------------------------

    def on_hello(self, user: dict[str, Any]) -> None:
        self.roster.me = str(user.get("name") or "")

    def on_state(self, state: Any) -> None:
        if str(state) == "connected":
            self.start_refresh()

    def start_refresh(self) -> asyncio.Future[None]:
        """Refresh in the background (after a reconnect the hub's pushes may have been missed)."""
        task = asyncio.ensure_future(self.refresh())
        task.add_done_callback(self._refreshed)
        return task

    def _refreshed(self, task: asyncio.Future[None]) -> None:
        if task.cancelled():
            return
        error = task.exception()
        if isinstance(error, HubError):
            log.info("consultations not refreshed: %s", error.code)
        elif error is not None:
            log.error("consultations not refreshed", exc_info=error)

    def on_push(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "consult_pending":
            self.offers.set_items([i for i in frame.get("items") or [] if isinstance(i, dict)])
            self.offers_changed.emit()
        elif kind == "consult_request":
            if self.offers.add(frame):
                self.offer_arrived.emit(dict(frame))
            self.offers_changed.emit()
        elif kind == "consult_withdrawn":
            if self.offers.remove(str(frame.get("consult"))):
                self.offers_changed.emit()
        elif kind == "roster":
            self.set_roster(frame)

    def set_roster(self, frame: dict[str, Any]) -> None:
        self.roster.me = self.me or self.roster.me
        self.roster.set_roster(frame)
        self.roster_changed.emit()

    def on_event(self, event: dict[str, Any]) -> None:
        conversation = str(event.get("conversation"))
        kind = str(event.get("kind"))
        if kind == "opened" and event.get("channel"):
            self.channels[conversation] = str(event["channel"])
        elif kind == "assigned" and event.get("user"):
            self.assigned[conversation] = str(event["user"])
            for consult in self.consultations.values():
                if consult.conversation == conversation and consult.status != ENDED:
                    self.changed.emit(consult.consult)
        elif kind == "closed":
            self.assigned.pop(conversation, None)
            for consult in list(self.consultations.values()):
                if consult.conversation == conversation and consult.status != ENDED:
                    self._update(consult, status=ENDED, closed=True)
        elif kind.startswith("consult_"):
            self._on_consult_event(kind, conversation, event)
        elif kind in CALL_PARTY_KINDS:
            self._on_call_party(kind, conversation, event)

    def _on_call_party(self, kind: str, conversation: str, event: dict[str, Any]) -> None:
        """Listen-in and join (docs/telephony.md): who asks, who is heard."""
        user, name = str(event.get("user") or ""), str(event.get("name") or "")
        if kind == "call_join_requested":
            self.join_asks[conversation] = (user, name or user)
        else:
            self.join_asks.pop(conversation, None)
        for consult in self.consultations.values():
            if consult.conversation != conversation:
                continue
            if user == self.me and kind != "call_join_requested":
                self.asked.discard(consult.consult)
            if user == self.me and kind == "call_joined":
                self.joined.add(consult.consult)
            if user == self.me and kind == "call_listen_ended":
                self.listening.discard(consult.consult)
                self.joined.discard(consult.consult)
            self.changed.emit(consult.consult)

    def _on_consult_event(self, kind: str, conversation: str, event: dict[str, Any]) -> None:
        consult_id = str(event.get("consult"))
        consult = self.consultations.get(consult_id)
        if kind == "consult_requested" and consult is None and event.get("user") == self.me:
            consult = Consultation(
                consult_id,
                conversation,
                "counsellor",
                counsellor=str(event.get("from") or ""),
                to_name=event.get("to_name"),
                summary=event.get("summary"),
                urgent=bool(event.get("urgent")),
                channel=self.channels.get(conversation),
            )
            self.consultations[consult_id] = consult
            self.changed.emit(consult_id)
            return
        if consult is None:
            return
        if kind == "consult_joined":
            self._update(consult, status=JOINED, consultant=str(event.get("consultant") or ""))
        elif kind == "consult_declined":
            consult.declined_by.append(str(event.get("by") or ""))
            self.changed.emit(consult_id)
        elif kind == "consult_escalated":
            to_name = event.get("to_name")
            self._update(consult, escalated_to=to_name, nobody_left=not event.get("to"))
        elif kind == "consult_ended":
            for heard in (self.listening, self.asked, self.joined):
                heard.discard(consult_id)  # the hub ended the listening with it
            self._update(consult, status=ENDED)
        elif kind in ("consult_message", "consult_taken_over"):
            self.changed.emit(consult_id)

    def _update(self, consult: Consultation, **changes: Any) -> None:
        for name, value in changes.items():
            setattr(consult, name, value)
        self.changed.emit(consult.consult)

    # --- requests -------------------------------------------------------------------------

    async def refresh(self) -> None:
        """Ask the hub for the roster and for my offers and consultations (after connecting)."""
        self.set_roster(await self.client.request({"type": "roster"}))
        answer = await self.client.request({"type": "consult_list"})
        self.offers.set_items([i for i in answer.get("pending") or [] if isinstance(i, dict)])
        self.offers_changed.emit()
        active = {str(i["consult"]): i for i in answer.get("active") or [] if i.get("consult")}
        for consult_id, item in active.items():
            self._restore(consult_id, item)
        for consult in list(self.consultations.values()):
            if consult.status != ENDED and consult.consult not in active:
                self._update(consult, status=ENDED)

    def _restore(self, consult_id: str, item: dict[str, Any]) -> None:
        conversation = str(item.get("conversation"))
        consult = self.consultations.get(consult_id) or Consultation(
            consult_id, conversation, str(item.get("role") or "counsellor")
        )
        consult.status = JOINED if item.get("status") in ("joined", "ending") else PENDING
        consult.counsellor = str(item.get("counsellor") or consult.counsellor)
        consult.consultant = item.get("consultant") or consult.consultant
        consult.summary = item.get("summary")
        consult.urgent = bool(item.get("urgent"))
        consult.channel = consult.channel or self.channels.get(conversation)
        self.consultations[consult_id] = consult
        self.changed.emit(consult_id)

    async def ask(
        self, conversation: str, to: str | None, summary: str | None, urgent: bool
    ) -> str:
        """Ask for a consultation about one of my conversations; returns its id."""
        frame: dict[str, Any] = {"type": "consult", "conversation": conversation, "urgent": urgent}
        if to:
            frame["to"] = to
        if summary:
            frame["summary"] = summary
        answer = await self.client.request(frame)
        consult_id = str(answer["consult"])
        if consult_id not in self.consultations:
            self.consultations[consult_id] = Consultation(
                consult_id,
                conversation,
                "counsellor",
                counsellor=self.controller.display_name,
                summary=summary,
                urgent=urgent,
                channel=self.channels.get(conversation),
            )
            self.changed.emit(consult_id)
        return consult_id

    async def accept(self, consult_id: str) -> Consultation:
        """Join a consultation offered to me; the backlog arrives before this returns."""
        offer = self.offers.item(consult_id) or {}
        consult = Consultation(
            consult_id,
            str(offer.get("conversation")),
            "consultant",
            counsellor=str(offer.get("from") or ""),
            consultant=self.controller.display_name,
            summary=offer.get("summary"),
            urgent=bool(offer.get("urgent")),
            channel=offer.get("channel"),
        )
        self.consultations[consult_id] = consult
        try:
            answer = await self.client.request({"type": "consult_accept", "consult": consult_id})
        except BaseException:
            if self.consultations.get(consult_id) is consult and consult.status == PENDING:
                del self.consultations[consult_id]
            raise
        finally:
            if self.offers.remove(consult_id):
                self.offers_changed.emit()
        consult.conversation = str(answer.get("conversation") or consult.conversation)
        consult.channel = consult.channel or self.channels.get(consult.conversation)
        self._update(consult, status=JOINED)
        return consult

    async def decline(self, consult_id: str) -> None:
        await self.client.request({"type": "consult_decline", "consult": consult_id})
        if self.offers.remove(consult_id):
            self.offers_changed.emit()

    async def send(self, consult_id: str, text: str) -> None:
        await self.client.request({"type": "consult_send", "consult": consult_id, "text": text})

    async def end(self, consult_id: str) -> None:
        await self.client.request({"type": "consult_end", "consult": consult_id})

    def may_listen(self, consult: Consultation) -> bool:
        """A joined consultant who is a shift lead or supervisor, on a phone conversation
        (``call_listen``, docs/telephony.md)."""
        roles = set(self.controller.user.get("roles") or [])
        channel = consult.channel or self.channels.get(consult.conversation)
        return (consult.role == "consultant" and consult.status == JOINED
                and channel == "phone" and bool({"shift_lead", "supervisor"} & roles))

    async def listen(self, consult_id: str, start: bool) -> None:
        """Listen in on the consulted call (the desk phone rings), or stop."""
        conversation = self.consultations[consult_id].conversation
        await self.client.request({"type": "call_listen" if start else "call_listen_end",
                                   "conversation": conversation})
        if start:
            self.listening.add(consult_id)
        else:
            self.listening.discard(consult_id)
        self.changed.emit(consult_id)

    async def ask_join(self, consult_id: str) -> None:
        """Ask the counsellor to let this (listening) desk be heard in the call."""
        conversation = self.consultations[consult_id].conversation
        await self.client.request({"type": "call_join", "conversation": conversation})
        self.asked.add(consult_id)
        self.changed.emit(consult_id)

    async def answer_join(self, consult_id: str, consent: bool) -> None:
        """The counsellor's answer to the lead who asked to join."""
        conversation = self.consultations[consult_id].conversation
        user, _ = self.join_asks[conversation]
        await self.client.request({"type": "call_join_answer", "conversation": conversation,
                                   "user": user, "consent": consent})

    async def take_over(self, consult_id: str) -> None:
        conversation = self.consultations[consult_id].conversation
        await self.client.request({"type": "take_over", "conversation": conversation})

    def dismiss(self, consult_id: str) -> None:
        """Forget an ended consultation."""
        consult = self.consultations.get(consult_id)
        if consult is not None and consult.status == ENDED:
            del self.consultations[consult_id]
            thread = self._threads.pop(consult_id, None)
            if thread is not None:
                thread.deleteLater()
            self.removed.emit(consult_id)
