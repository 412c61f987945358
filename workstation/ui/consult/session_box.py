"""One consultation: its status, the consulted conversation (read-only), and the side thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workstation.protocol import MAX_TEXT_CHARS
from workstation.ui.consult.state import ENDED, JOINED, PENDING, Consultation, ConsultState
from workstation.ui.consult.thread import ThreadView
from workstation.ui.labels import channel_label
from workstation.ui.transcript_view import TranscriptView

STATUS_STYLES = {
    PENDING: "background: #fff4cc; color: #5c4400; padding: 4px",
    JOINED: "background: #dff3e4; color: #1e5631; padding: 4px",
    ENDED: "background: #eceff3; color: #3d4450; padding: 4px",
}


class SessionBox(QGroupBox):
    """Shows the consultation chosen in ``picker``.

    The consultant sees the conversation live (read-only, the desk's transcript view) above
    the thread; the asking counsellor sees only the thread (the conversation is in their main
    view already).

    Attributes:
        state: the desk's consultations.
        consult: the consultation shown, or None.
        picker: chooses among several consultations (hidden with one or none).
        status: waiting / joined / ended, in words and colour.
        transcript: the consulted conversation (consultant only).
        thread_view: the side thread; ``input`` and ``send_button`` write to it.
        take_over_button, end_button, dismiss_button: the actions.

    Signals:
        send_requested(str, str): consult id and text for the thread.
        take_over_requested(str), end_requested(str): consult id.
        listen_requested(str, bool): consult id; True: listen in on its call, False: stop.
        join_requested(str): consult id (the listening lead asks to be heard).
        consent_given(str, bool): consult id and the counsellor's answer to that.
    """

    send_requested = Signal(str, str)
    listen_requested = Signal(str, bool)
    join_requested = Signal(str)
    consent_given = Signal(str, bool)
    take_over_requested = Signal(str)
    end_requested = Signal(str)

    def __init__(self, state: ConsultState, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Consultation"), parent)
        self.setObjectName("session_box")
        self.state = state
        self.consult: str | None = None
        self.picker = QComboBox(self)
        self.picker.setObjectName("consult_picker")
        self.empty = QLabel(
            self.tr(
                "No consultation now. Press Consult (Ctrl+Shift+K) in a conversation to ask "
                "a shift lead or a colleague."
            ),
            self,
        )
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #5f6670")
        self.status = QLabel(self)
        self.status.setObjectName("consult_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("consult_summary_label")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.transcript_label = QLabel(self.tr("The conversation (read-only)"), self)
        self.transcript = TranscriptView(self)
        self.transcript.setObjectName("consult_transcript")
        self.thread_label = QLabel(self.tr("Between the two of you"), self)
        self.thread_view = ThreadView(state.me, self)
        self.thread_view.setObjectName("consult_thread")
        self.input = QLineEdit(self)
        self.input.setObjectName("consult_input")
        self.input.setMaxLength(MAX_TEXT_CHARS)
        self.input.setPlaceholderText(self.tr("Write to your colleague (never the young person)"))
        self.send_button = QPushButton(self.tr("Send"), self)
        self.take_over_button = QPushButton(self.tr("Take over…"), self)
        self.take_over_button.setObjectName("take_over_button")
        self.end_button = QPushButton(self.tr("End consultation"), self)
        self.end_button.setObjectName("end_consult_button")
        self.dismiss_button = QPushButton(self.tr("Clear"), self)
        self.dismiss_button.setObjectName("dismiss_consult_button")
        self.listen_button = QPushButton(self)
        self.listen_button.setObjectName("listen_button")
        self.listen_button.setToolTip(self.tr(
            "Your desk phone rings and you hear the caller and the counsellor; nobody hears "
            "you. The counsellor sees that you listen."))
        self.join_button = QPushButton(self)
        self.join_button.setObjectName("join_call_button")
        self.consent_button = QPushButton(self)
        self.consent_button.setObjectName("consent_join_button")
        self.refuse_button = QPushButton(self.tr("No"), self)
        self.refuse_button.setObjectName("refuse_join_button")
        self._layout()
        self.picker.currentIndexChanged.connect(self.on_picker_changed)
        self.input.returnPressed.connect(self.on_send)
        self.send_button.clicked.connect(self.on_send)
        self.take_over_button.clicked.connect(self.on_take_over_clicked)
        self.end_button.clicked.connect(self.on_end_clicked)
        self.dismiss_button.clicked.connect(self.on_dismiss_clicked)
        self.listen_button.clicked.connect(self.on_listen_clicked)
        self.join_button.clicked.connect(self.on_join_clicked)
        self.consent_button.clicked.connect(lambda: self.on_consent_clicked(True))
        self.refuse_button.clicked.connect(lambda: self.on_consent_clicked(False))
        state.changed.connect(self.on_state_changed)
        state.removed.connect(self.on_state_removed)
        self.show_consult(None)

    def _layout(self) -> None:
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.transcript_label)
        upper_layout.addWidget(self.transcript, 1)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.thread_label)
        lower_layout.addWidget(self.thread_view, 1)
        write = QHBoxLayout()
        write.addWidget(self.input, 1)
        write.addWidget(self.send_button)
        lower_layout.addLayout(write)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        asks = QHBoxLayout()
        asks.addWidget(self.consent_button)
        asks.addWidget(self.refuse_button)
        asks.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.listen_button)
        actions.addWidget(self.join_button)
        actions.addWidget(self.take_over_button)
        actions.addWidget(self.end_button)
        actions.addWidget(self.dismiss_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.picker)
        layout.addWidget(self.empty)
        layout.addWidget(self.status)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(asks)
        layout.addLayout(actions)

    # --- which consultation -----------------------------------------------------------------

    def status_title(self, consult: Consultation) -> str:
        conversations = self.state.controller.conversations
        if conversations.row_of(consult.conversation) >= 0:
            return conversations.title(consult.conversation)
        return channel_label(consult.channel)

    def _picker_text(self, consult: Consultation) -> str:
        other = consult.counsellor if consult.role == "consultant" else consult.consultant
        text = self.status_title(consult)
        if other:
            text += " · " + other
        if consult.status == ENDED:
            text += " · " + self.tr("ended")
        return text

    def _refill_picker(self) -> None:
        self.picker.blockSignals(True)
        self.picker.clear()
        for consult in self.state.consultations.values():
            self.picker.addItem(self._picker_text(consult), consult.consult)
        row = self.picker.findData(self.consult) if self.consult else -1
        self.picker.setCurrentIndex(row)
        self.picker.blockSignals(False)
        self.picker.setVisible(self.picker.count() > 1)

    def show_consult(self, consult_id: str | None) -> None:
        """Show a consultation (None: the first one, or the empty text)."""
        consultations = self.state.consultations
        if consult_id not in consultations:
            consult_id = next(iter(consultations), None)
        changed = consult_id != self.consult
        self.consult = consult_id
        self._refill_picker()
        consult = consultations.get(consult_id or "")
        if changed:
            self._set_models(consult)
        self._update(consult)

    def _set_models(self, consult: Consultation | None) -> None:
        if consult is None:
            self.transcript.setModel(None)
            self.thread_view.setModel(None)
            return
        self.thread_view.set_me(self.state.me)
        self.thread_view.setModel(self.state.thread_model(consult.consult))
        self.thread_view.scrollToBottom()
        if consult.role == "consultant":
            self.transcript.setModel(self.state.controller.transcript(consult.conversation))
            self.transcript.scrollToBottom()
        else:
            self.transcript.setModel(None)

    def _update(self, consult: Consultation | None) -> None:
        self.empty.setVisible(consult is None)
        for widget in (self.status, self.summary, self.splitter):
            widget.setVisible(consult is not None)
        if consult is None:
            for button in (self.take_over_button, self.end_button, self.dismiss_button,
                           self.listen_button, self.join_button, self.consent_button,
                           self.refuse_button):
                button.hide()
            return
        self.status.setText(self.status_text(consult))
        self.status.setStyleSheet(STATUS_STYLES.get(consult.status, ""))
        summary = consult.summary or ""
        if consult.urgent:
            summary = self.tr("Urgent") + (": " + summary if summary else "")
        self.summary.setText(summary)
        self.summary.setVisible(bool(summary))
        consultant_view = consult.role == "consultant"
        self.transcript_label.setVisible(consultant_view)
        self.transcript.setVisible(consultant_view)
        live = consult.status != ENDED
        self.input.setEnabled(live)
        self.send_button.setEnabled(live)
        mine = self.state.assigned_to_me(consult.conversation)
        self.take_over_button.setVisible(consult.status == JOINED and not mine)
        self.end_button.setVisible(live)
        self.end_button.setText(
            self.tr("Withdraw request")
            if consult.status == PENDING
            else self.tr("End consultation")
        )
        self.dismiss_button.setVisible(not live)
        self.listen_button.setVisible(self.state.may_listen(consult))
        self.listen_button.setText(self.tr("Stop listening")
                                   if consult.consult in self.state.listening
                                   else self.tr("Listen in on the call"))
        self._update_join(consult)

    def _update_join(self, consult: Consultation) -> None:
        """The listening lead's "ask to join"; the counsellor's yes or no to it."""
        state = self.state
        listening = consult.consult in state.listening and consult.consult not in state.joined
        self.join_button.setVisible(listening and consult.status == JOINED)
        asked = consult.consult in state.asked
        self.join_button.setEnabled(not asked)
        self.join_button.setText(self.tr("Waiting for the counsellor's answer …") if asked
                                 else self.tr("Ask to join the call"))
        ask = state.join_asks.get(consult.conversation)
        answering = (ask is not None and consult.role == "counsellor"
                     and consult.status == JOINED)
        self.consent_button.setVisible(answering)
        self.refuse_button.setVisible(answering)
        if ask is not None:
            self.consent_button.setText(self.tr("Let %1 join the call (three-way)")
                                        .replace("%1", ask[1]))

    def status_text(self, consult: Consultation) -> str:
        """Where the consultation stands, in one or two sentences."""
        title = self.status_title(consult)
        mine = self.state.assigned_to_me(consult.conversation)
        if consult.status == ENDED:
            return self.tr("The consultation about %1 has ended.").replace("%1", title)
        if consult.status == PENDING:
            asked = consult.to_name or self.tr("a shift lead")
            text = self.tr("Waiting for %1 to join …").replace("%1", asked)
            if consult.declined_by:
                text += " " + self.tr("%1 declined.").replace("%1", ", ".join(consult.declined_by))
            if consult.nobody_left:
                text += " " + self.tr("No shift lead is free; supervision has been alerted.")
            elif consult.escalated_to:
                text += " " + self.tr("Also asked %1.").replace("%1", consult.escalated_to)
            return text
        if consult.role == "consultant":
            if mine:
                return (
                    self.tr("You have taken over %1. %2 still follows it here.")
                    .replace("%1", title)
                    .replace("%2", consult.counsellor)
                )
            return (
                self.tr("You are advising %1 on %2.")
                .replace("%1", consult.counsellor)
                .replace("%2", title)
            )
        if not mine:
            return (
                self.tr("%1 has taken over %2. You can still write here.")
                .replace("%1", consult.consultant or "")
                .replace("%2", title)
            )
        return (
            self.tr("%1 has joined and follows %2.")
            .replace("%1", consult.consultant or "")
            .replace("%2", title)
        )

    # --- slots ----------------------------------------------------------------------------

    def on_picker_changed(self, row: int) -> None:
        if row >= 0:
            self.show_consult(self.picker.itemData(row))

    def on_state_changed(self, consult_id: str) -> None:
        if self.consult is None:
            self.show_consult(consult_id)
        else:
            self.show_consult(self.consult)

    def on_state_removed(self, consult_id: str) -> None:
        self.show_consult(None if consult_id == self.consult else self.consult)

    def on_send(self) -> None:
        text = self.input.text().strip()
        if self.consult and text:
            self.send_requested.emit(self.consult, text)

    def on_take_over_clicked(self) -> None:
        if self.consult:
            self.take_over_requested.emit(self.consult)

    def on_end_clicked(self) -> None:
        if self.consult:
            self.end_requested.emit(self.consult)

    def on_listen_clicked(self) -> None:
        if self.consult:
            self.listen_requested.emit(self.consult, self.consult not in self.state.listening)

    def on_join_clicked(self) -> None:
        if self.consult:
            self.join_requested.emit(self.consult)

    def on_consent_clicked(self, consent: bool) -> None:
        if self.consult:
            self.consent_given.emit(self.consult, consent)

    def on_dismiss_clicked(self) -> None:
        if self.consult:
            self.state.dismiss(self.consult)
