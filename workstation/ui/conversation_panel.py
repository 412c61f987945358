"""One open conversation: transcript, notes, risk flag, call controls or the compose box."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client.errors import HubError
from workstation.protocol.limits import MAX_TEXT_CHARS
from workstation.ui import theme
from workstation.ui.calls.call_bar import CallBar
from workstation.ui.compose import ComposeBox
from workstation.ui.controller import DeskController
from workstation.ui.drafts_sync import DraftKeeper
from workstation.ui.elided_label import ElidedLabel
from workstation.ui.sms_counter import SmsPartsLabel
from workstation.ui.transcript_view import TranscriptView
from workstation.ui.wrapup.dialog import SILENT, WrapUpDialog


class ConversationPanel(QWidget):
    """Shows the conversation chosen in the overview; keeps unsent text per conversation.

    Attributes:
        controller: the desk controller.
        conversation: the conversation shown, or None.
        title: the conversation's short name.
        observed_label: "Observed by …" while a supervisor watches.
        risk_button: flags the conversation as a risk (Ctrl+R); stays down once flagged.
        close_button: ends the conversation (after a confirmation).
        call_bar: call controls, for phone conversations only.
        transcript: the transcript view.
        note_edit: a staff-only note (Ctrl+N); Enter saves it.
        note_button: saves the note.
        compose: where replies are typed (hidden for calls).
        compose_hint: why a reply was not sent, or what to check before Enter sends it.
        send_button: sends what is in ``compose``.
        sms_parts: "3 SMS": how many SMS the reply in ``compose`` goes out as.
        drafts: unsent replies and notes per conversation, saved locally.

    Signals:
        notice(str): a sentence for the status bar.
        conversation_changed(str): the conversation shown ("" when none).
    """

    notice = Signal(str)
    conversation_changed = Signal(str)  # "" when none is shown

    def __init__(self, controller: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.conversation: str | None = None
        self.drafts = DraftKeeper(self)
        self._switching = False
        self._flagging = False
        self._closing = False
        self.title = ElidedLabel(self)  # a colleague's long name must not widen the desk
        self.title.setObjectName("conversation_title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-weight: bold; font-size: 13pt")
        self.observed_label = ElidedLabel(self)
        self.observed_label.setObjectName("observed_label")
        self.observed_label.setTextFormat(Qt.TextFormat.PlainText)
        self.risk_button = QPushButton(self.tr("Flag risk"), self)
        self.risk_button.setObjectName("risk_button")
        self.risk_button.setCheckable(True)
        self.risk_button.setToolTip(
            self.tr("Flag the conversation as a risk; time limits stop warning (Ctrl+R)")
        )
        self.close_button = QPushButton(self.tr("End conversation"), self)
        self.close_button.setObjectName("close_button")
        self.close_button.setToolTip(self.tr("End the conversation, after asking (Ctrl+W)"))
        self.call_bar = CallBar(controller, self)
        self.transcript = TranscriptView(self)
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("note_edit")
        self.note_edit.setMaxLength(MAX_TEXT_CHARS)
        self.note_edit.setPlaceholderText(
            self.tr("Note for staff only, never shown to the young person (Ctrl+N)")
        )
        self.note_edit.setAccessibleName(self.tr("Staff-only note"))
        self.note_button = QPushButton(self.tr("Save note"), self)
        self.note_button.setObjectName("note_button")
        self.note_button.setToolTip(self.tr("Save the note; only staff see it (Enter)"))
        self.compose = ComposeBox(self)
        self.compose.setAccessibleName(self.tr("Reply to the young person"))
        self.compose.counsellor_name = lambda: controller.display_name
        self.compose_hint = QLabel(self)
        self.compose_hint.setObjectName("compose_hint")
        self.compose_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.compose_hint.setWordWrap(True)
        self.compose_hint.hide()
        self.sms_parts = SmsPartsLabel(self)
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setObjectName("send_button")
        self.send_button.setToolTip(self.tr("Send the reply (Enter)"))
        #: E-mail only: the answer is signed with the counsellor's name (off by default; the
        #: helpline's own signature never names anyone).
        self.sign_box = QCheckBox(self.tr("Sign with my name"), self)
        self.sign_box.setObjectName("sign_box")
        self.sign_box.setToolTip(
            self.tr("The answer ends with your name before the helpline's signature")
        )
        self.sign_box.hide()
        self._lay_out()
        self.compose.submitted.connect(self.on_compose_submitted)
        self.compose.textChanged.connect(self.on_compose_text_changed)
        self.compose.hint.connect(self.on_compose_hint)
        self.note_edit.textChanged.connect(self.on_note_edit_text_changed)
        self.note_edit.returnPressed.connect(self.on_note_button_clicked)
        self.note_button.clicked.connect(self.on_note_button_clicked)
        self.send_button.clicked.connect(self.compose.submit)
        self.risk_button.clicked.connect(self.on_risk_button_clicked)
        self.close_button.clicked.connect(self.on_close_button_clicked)
        self.call_bar.notice.connect(self.notice)
        self.drafts.restored.connect(self.on_drafts_restored)
        controller.conversations.dataChanged.connect(self.on_conversations_changed)
        self.show_conversation(None)

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        #: Buttons other features add for the shown conversation (consult, report, …).
        self.actions_bar = QHBoxLayout()
        header.addLayout(self.actions_bar)
        header.addWidget(self.risk_button)
        header.addWidget(self.close_button)
        notes = QHBoxLayout()
        notes.addWidget(self.note_edit, 1)
        notes.addWidget(self.note_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.compose, 1)
        bottom.addWidget(self.sms_parts, 0, Qt.AlignmentFlag.AlignBottom)
        send = QVBoxLayout()
        send.addStretch(1)
        send.addWidget(self.sign_box)
        send.addWidget(self.send_button)
        bottom.addLayout(send)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.observed_label)  # its own line: the names never crowd the buttons
        layout.addWidget(self.call_bar)
        layout.addWidget(self.transcript, 1)
        layout.addLayout(notes)
        layout.addWidget(self.compose_hint)
        layout.addLayout(bottom)

    def show_conversation(self, conversation: str | None) -> None:
        """Switch to another conversation, keeping the drafts of the one left."""
        left = self.conversation
        self.conversation = conversation
        if (
            left is not None
            and left != conversation
            and self.controller.conversations.is_closed(left)
        ):
            self.drafts.forget(left)  # over, and the counsellor has moved on
        self.controller.conversations.mark_read(conversation)
        self.compose_hint.hide()
        if left != conversation:
            self.sign_box.setChecked(False)  # chosen per conversation, never carried over
        self._switching = True
        try:
            if conversation is None:
                self.transcript.setModel(None)
                self.compose.clear()
                self.note_edit.clear()
            else:
                self.transcript.setModel(self.controller.transcript(conversation))
                self.transcript.scrollToBottom()
                self.compose.setPlainText(self.drafts.text(conversation, "message"))
                self.compose.moveCursor(self.compose.textCursor().MoveOperation.End)
                self.note_edit.setText(self.drafts.text(conversation, "note"))
        finally:
            self._switching = False
        self.call_bar.show_conversation(conversation)
        self.on_conversations_changed()
        self.conversation_changed.emit(conversation or "")

    def add_action_button(self, button: QPushButton) -> None:
        """Show a feature's button beside "End conversation"."""
        button.setParent(self)
        self.actions_bar.addWidget(button)

    def insert_text(self, text: str) -> None:
        """Put text (a canned response, a referral) into the reply box to edit before sending."""
        if self.conversation is None or not self.compose.isEnabled():
            return
        self.compose.insertPlainText(text)
        self.compose.setFocus()

    def focus_note(self) -> None:
        if self.note_edit.isEnabled():
            self.note_edit.setFocus()

    def on_drafts_restored(self) -> None:
        conversation = self.conversation
        if conversation is None:
            return
        self._switching = True
        try:
            if not self.compose.toPlainText():
                self.compose.setPlainText(self.drafts.text(conversation, "message"))
            if not self.note_edit.text():
                self.note_edit.setText(self.drafts.text(conversation, "note"))
        finally:
            self._switching = False

    def on_compose_text_changed(self) -> None:
        self._update_send_button()
        self._count_sms()
        if self.compose_hint.isVisible() and not self.compose.has_text():
            self.compose_hint.hide()
        if self.conversation is not None and not self._switching:
            self.drafts.set_text(self.conversation, "message", self.compose.toPlainText())
            if self.compose.has_text() and self.controller.conversations.is_mine(
                self.conversation
            ):
                self.controller.typing(self.conversation)

    def _count_sms(self) -> None:
        """"3 SMS" beside Send while an SMS reply is written: counted before it goes."""
        conversation = self.conversation
        summary = (self.controller.conversations.summary(conversation)
                   if conversation is not None else None)
        sms = summary is not None and summary.channel == "sms"
        self.sms_parts.count(self.compose.toPlainText(), sms)

    def on_compose_hint(self, sentence: str) -> None:
        self.compose_hint.setText(sentence)
        self.compose_hint.setVisible(bool(sentence))

    def _update_send_button(self) -> None:
        """Send is possible only in one's own conversation, with something to send."""
        conversation = self.conversation
        writable = conversation is not None and self.controller.conversations.is_mine(conversation)
        self.send_button.setEnabled(writable and self.compose.has_text())

    def on_note_edit_text_changed(self, text: str) -> None:
        if self.conversation is not None and not self._switching:
            self.drafts.set_text(self.conversation, "note", text)

    def on_conversations_changed(self) -> None:
        conversation = self.conversation
        model = self.controller.conversations
        summary = model.summary(conversation) if conversation is not None else None
        closed = conversation is None or model.is_closed(conversation)
        if conversation is None:
            self.title.setText(self.tr("No conversation chosen"))
        elif summary is not None and summary.handed_over is not None:
            self.title.setText(
                self.tr("%1 (handed over to %2)")
                .replace("%1", model.title(conversation))
                .replace("%2", summary.handed_over)
            )
        elif closed:
            self.title.setText(self.tr("%1 (closed)").replace("%1", model.title(conversation)))
        elif not model.is_mine(conversation):
            self.title.setText(
                self.tr("%1 (consultation, read only)").replace("%1", model.title(conversation))
            )
        else:
            self.title.setText(model.title(conversation))
        # Only the assigned counsellor writes to the young person or ends the conversation;
        # a consultant reads, and may add notes and flag risk (the hub allows both).
        writable = conversation is not None and model.is_mine(conversation)
        phone = summary is not None and summary.call is not None
        self.compose.setVisible(not phone)
        self.send_button.setVisible(not phone)
        self.compose.setEnabled(writable)
        self._update_send_button()
        self.note_edit.setEnabled(not closed)
        self.note_button.setEnabled(not closed)
        email = summary is not None and summary.channel == "email"
        self.sign_box.setVisible(email and writable)
        if email:
            self.compose.setPlaceholderText(
                self.tr("Write your answer to the letter. Enter sends, Shift+Enter adds a line.")
            )
        elif summary is not None and summary.channel == "sms":
            self.compose.setPlaceholderText(
                self.tr("Write an SMS to the young person. Enter sends, Shift+Enter adds a line.")
            )
        else:
            self.compose.setPlaceholderText(self.compose.default_placeholder())
        self._count_sms()
        self._show_risk(summary is not None and summary.risk, closed)
        self._show_observers(summary.observers if summary and not closed else {})
        self.close_button.setVisible(not phone)  # a call ends with the call bar's "Hang up"
        self.close_button.setEnabled(writable and not self._closing)

    def _show_risk(self, flagged: bool, closed: bool) -> None:
        self.risk_button.setChecked(flagged)
        self.risk_button.setText(self.tr("Risk flagged") if flagged else self.tr("Flag risk"))
        self.risk_button.setEnabled(not flagged and not closed and not self._flagging)
        if flagged:
            colours = theme.colours()
            self.risk_button.setStyleSheet(
                f"QPushButton {{ background: {colours.risk_bg}; color: {colours.risk_text};"
                " font-weight: bold; padding: 2px 8px }"
            )
        else:
            self.risk_button.setStyleSheet("")

    def _show_observers(self, observers: dict[str, str]) -> None:
        self.observed_label.setVisible(bool(observers))
        if observers:
            self.observed_label.setText(
                self.tr("Observed by %1").replace("%1", ", ".join(observers.values()))
            )
            self.observed_label.setStyleSheet(f"color: {theme.colours().observed}")

    def on_compose_submitted(self, text: str) -> None:
        if self.conversation is not None:
            sign = self.sign_box.isVisible() and self.sign_box.isChecked()
            self.controller.send(self.conversation, text, sign=sign)

    def on_note_button_clicked(self) -> None:
        text = self.note_edit.text()
        if self.conversation is None or not text.strip() or not self.note_edit.isEnabled():
            return
        self.controller.send_note(self.conversation, text)
        self.note_edit.clear()

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_risk_button_clicked(self) -> None:
        conversation = self.conversation
        if conversation is None or self._flagging:
            return
        summary = self.controller.conversations.summary(conversation)
        if summary is None or summary.risk or summary.finished:
            self.on_conversations_changed()
            return
        self._flagging = True
        self.risk_button.setEnabled(False)
        try:
            await self.controller.flag_risk(conversation)
        except HubError as error:
            self.notice.emit(
                self.tr("Could not flag the conversation: %1").replace("%1", error.message)
            )
        finally:
            self._flagging = False
            self.on_conversations_changed()

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_close_button_clicked(self) -> None:
        conversation = self.conversation
        if conversation is None or self._closing:
            return
        title = self.controller.conversations.title(conversation)
        reason = await WrapUpDialog.ask(self, self.controller, conversation, title)
        if reason is None:  # the summary is saved (or the contact was silent) before closing
            return
        self._closing = True
        self.close_button.setEnabled(False)
        try:
            if reason == SILENT:
                await self.controller.client.close_conversation(conversation, SILENT)
            else:
                await self.controller.close_conversation(conversation)
        except HubError as error:
            self.notice.emit(
                self.tr("Could not end the conversation: %1").replace("%1", error.message)
            )
        finally:
            self._closing = False
            self.on_conversations_changed()
