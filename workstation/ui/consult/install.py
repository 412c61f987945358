"""Plugs consultation, the roster and the observer indicator into the desk window."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QPushButton
from qasync import asyncSlot

from workstation.client.errors import HubError
from workstation.ui.consult.backlog import Relay, known_events
from workstation.ui.consult.dialog import ConsultDialog
from workstation.ui.consult.observers import ObserverIndicator
from workstation.ui.consult.panel import ConsultPanel
from workstation.ui.consult.roster import NeverAloneIndicator
from workstation.ui.consult.state import ConsultState
from workstation.ui.main_window import MainWindow
from workstation.ui.session import DeskSession

SHORTCUT = "Ctrl+Shift+K"
NOTICE_MS = 10_000


class ConsultFeature(ConsultPanel):
    """The panel plus the desk-wide parts: the *Consult* button and shortcut, status widgets.

    Attributes:
        desk: the desk window.
        button: *Consult* beside the conversation's own buttons.
        shortcut: Ctrl+Shift+K does the same.
        indicator: the never-alone warning in the status bar.
        observed: "Observed by …" in the status bar.
    """

    def __init__(self, window: MainWindow, state: ConsultState) -> None:
        super().__init__(state, window)
        self.desk = window
        self.button = QPushButton(self.tr("Consult"), window)
        self.button.setObjectName("consult_button")
        self.button.setToolTip(
            self.tr("Ask a shift lead or a colleague about this conversation (%1)").replace(
                "%1", SHORTCUT
            )
        )
        self.shortcut = QShortcut(QKeySequence(SHORTCUT), window)
        self.indicator = NeverAloneIndicator(state.roster, window)
        self.observed = ObserverIndicator(state.controller, window)
        state.client.add_listener(Relay(self.observed))
        window.add_conversation_button(self.button)
        window.add_side_panel(self, self.tr("Consultation"))
        window.add_status_widget(self.observed)
        window.add_status_widget(self.indicator)
        self.button.clicked.connect(self.on_consult_clicked)
        self.shortcut.activated.connect(self.on_consult_clicked)
        self.notice.connect(self.show_notice)
        self.took_over.connect(self.on_took_over)
        state.offer_arrived.connect(self.on_state_offer_arrived)
        state.changed.connect(self.update_button)
        window.conversation_panel.conversation_changed.connect(self.on_conversation_changed)
        window.controller.conversations.dataChanged.connect(self.update_button)
        self.update_button()

    def show_notice(self, text: str) -> None:
        self.desk.statusBar().showMessage(text, NOTICE_MS)

    def update_button(self, *_: object) -> None:
        conversation = self.desk.current_conversation()
        self.button.setEnabled(self.can_ask(conversation))

    def can_ask(self, conversation: str | None) -> bool:
        if not conversation or self.desk.controller.conversations.is_closed(conversation):
            return False
        return (
            self.state.assigned_to_me(conversation)
            and self.state.for_conversation(conversation) is None
        )

    def on_conversation_changed(self, conversation: str) -> None:
        self.update_button()
        consult = self.state.for_conversation(conversation) if conversation else None
        if consult is not None:
            self.session.show_consult(consult.consult)

    def show_panel(self) -> None:
        self.desk.side_panels.setCurrentWidget(self)
        self.desk.side_panels.show()

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_consult_clicked(self) -> None:
        conversation = self.desk.current_conversation()
        if not conversation or not self.can_ask(conversation):
            if conversation and self.state.for_conversation(conversation) is not None:
                self.show_panel()
            return
        title = self.desk.controller.conversations.title(conversation)
        request = await ConsultDialog.ask(self.desk, title, self.state.roster.colleagues())
        if request is None:
            return
        try:
            consult = await self.state.ask(
                conversation, request.to, request.summary or None, request.urgent
            )
        except HubError as error:
            self.failed(error)
            return
        self.session.show_consult(consult)
        self.show_panel()
        self.show_notice(self.tr("Consultation requested."))

    def on_state_offer_arrived(self, offer: dict[str, object]) -> None:
        """A visible cue for every request; urgent ones also beep (unless I am on a call)."""
        self.show_panel()
        who = str(offer.get("from") or "")
        if offer.get("urgent"):
            self.show_notice(self.tr("URGENT: %1 asks you to consult.").replace("%1", who))
            if not self.on_a_call():
                QApplication.beep()
        else:
            self.show_notice(self.tr("%1 asks you to consult.").replace("%1", who))
        QApplication.alert(self.desk, 0)

    def on_a_call(self) -> bool:
        conversations = self.desk.controller.conversations
        return any(
            channel == "phone" and not conversations.is_closed(conversation)
            for conversation, channel in self.state.channels.items()
            if conversations.row_of(conversation) >= 0
        )

    def on_took_over(self, conversation: str) -> None:
        self.desk.conversation_list.select(conversation)


def install_consult(window: MainWindow, session: DeskSession) -> None:
    """Add consultation to the desk; the panel is parented to the window."""
    state = ConsultState(session.controller, window)
    observed_events = list(known_events(session.controller))
    for event in observed_events:
        state.on_event(event)
    feature = ConsultFeature(window, state)
    for event in observed_events:
        feature.observed.on_event(event)
    state.start_refresh()
