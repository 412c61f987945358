"""The "Konsultasjon" side panel: who is on shift, requests to me, and the consultation."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget
from qasync import asyncSlot

from workstation.client.errors import HubError
from workstation.ui.consult.dialog import TakeOverDialog
from workstation.ui.consult.offers import OffersBox
from workstation.ui.consult.roster import RosterBox
from workstation.ui.consult.session_box import SessionBox
from workstation.ui.consult.state import ConsultState


class ConsultPanel(QWidget):
    """Attributes:
        state: the desk's consultations, offers and roster.
        roster_box, offers_box, session: the three sections, top to bottom.

    Signals:
        notice(str): a sentence for the status bar.
        took_over(str): this desk took over a conversation (its id).
    """

    notice = Signal(str)
    took_over = Signal(str)

    def __init__(self, state: ConsultState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consult_panel")
        self.state = state
        self.roster_box = RosterBox(state.roster, self)
        self.offers_box = OffersBox(state.offers, self)
        self.session = SessionBox(state, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.offers_box)
        layout.addWidget(self.session, 1)
        layout.addWidget(self.roster_box)
        self.offers_box.accept_requested.connect(self.on_offers_accept_requested)
        self.offers_box.decline_requested.connect(self.on_offers_decline_requested)
        self.session.send_requested.connect(self.on_session_send_requested)
        self.session.take_over_requested.connect(self.on_session_take_over_requested)
        self.session.end_requested.connect(self.on_session_end_requested)
        self.session.listen_requested.connect(self.on_session_listen_requested)
        self.session.join_requested.connect(self.on_session_join_requested)
        self.session.consent_given.connect(self.on_session_consent_given)

    def failed(self, error: HubError) -> None:
        texts = {
            "forbidden": self.tr("That is no longer possible: the consultation has moved on."),
            "conflict": self.tr("Someone else was faster, or it has already been done."),
            "not_found": self.tr("The hub does not know that colleague or consultation."),
            "too_large": self.tr("The text is too long."),
        }
        text = texts.get(error.code)
        if text is None:
            text = self.tr("The hub could not do it: %1").replace("%1", error.message)
        self.notice.emit(text)

    @asyncSlot(str)  # type: ignore[untyped-decorator]
    async def on_offers_accept_requested(self, consult_id: str) -> None:
        self.offers_box.setEnabled(False)
        try:
            consult = await self.state.accept(consult_id)
        except HubError as error:
            self.failed(error)
            return
        finally:
            self.offers_box.setEnabled(True)
        self.session.show_consult(consult.consult)

    @asyncSlot(str)  # type: ignore[untyped-decorator]
    async def on_offers_decline_requested(self, consult_id: str) -> None:
        try:
            await self.state.decline(consult_id)
        except HubError as error:
            self.failed(error)

    @asyncSlot(str, str)  # type: ignore[untyped-decorator]
    async def on_session_send_requested(self, consult_id: str, text: str) -> None:
        self.session.input.setEnabled(False)
        try:
            await self.state.send(consult_id, text)
        except HubError as error:
            self.failed(error)
        else:
            self.session.input.clear()
        finally:
            consult = self.state.consultations.get(consult_id)
            self.session.input.setEnabled(consult is not None and consult.status != "ended")
            self.session.input.setFocus()

    @asyncSlot(str)  # type: ignore[untyped-decorator]
    async def on_session_take_over_requested(self, consult_id: str) -> None:
        consult = self.state.consultations.get(consult_id)
        if consult is None:
            return
        other = consult.counsellor if consult.role == "consultant" else consult.consultant
        title = self.session.status_title(consult)
        if not await TakeOverDialog.ask(self, title, other or ""):
            return
        try:
            await self.state.take_over(consult_id)
        except HubError as error:
            self.failed(error)
            return
        self.notice.emit(self.tr("You now hold %1.").replace("%1", title))
        self.took_over.emit(consult.conversation)

    @asyncSlot(str)  # type: ignore[untyped-decorator]
    async def on_session_end_requested(self, consult_id: str) -> None:
        try:
            await self.state.end(consult_id)
        except HubError as error:
            self.failed(error)

    @asyncSlot(str, bool)  # type: ignore[untyped-decorator]
    async def on_session_listen_requested(self, consult_id: str, start: bool) -> None:
        self.session.listen_button.setEnabled(False)
        try:
            await self.state.listen(consult_id, start)
        except HubError as error:
            self.failed(error)
            return
        finally:
            self.session.listen_button.setEnabled(True)
        self.notice.emit(self.tr("Your desk phone rings: you hear the call, nobody hears you.")
                         if start else self.tr("You no longer listen to the call."))

    @asyncSlot(str)  # type: ignore[untyped-decorator]
    async def on_session_join_requested(self, consult_id: str) -> None:
        try:
            await self.state.ask_join(consult_id)
        except HubError as error:
            self.failed(error)

    @asyncSlot(str, bool)  # type: ignore[untyped-decorator]
    async def on_session_consent_given(self, consult_id: str, consent: bool) -> None:
        try:
            await self.state.answer_join(consult_id, consent)
        except (HubError, KeyError) as error:
            if isinstance(error, HubError):
                self.failed(error)
