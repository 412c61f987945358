"""One open conversation: its transcript, the compose box, and the button that ends it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client.errors import HubError
from workstation.ui.compose import ComposeBox
from workstation.ui.confirm import ConfirmCloseDialog
from workstation.ui.controller import DeskController
from workstation.ui.transcript_view import TranscriptView


class ConversationPanel(QWidget):
    """Shows the conversation chosen in the list; keeps an unsent draft per conversation.

    Attributes:
        controller: the desk controller.
        conversation: the conversation shown, or None.
        title: the conversation's short name.
        close_button: ends the conversation (after a confirmation).
        transcript: the transcript view.
        compose: where replies are typed.
        send_button: sends what is in ``compose``.

    Signals:
        notice(str): a sentence for the status bar.
    """

    notice = Signal(str)
    conversation_changed = Signal(str)  # "" when none is shown

    def __init__(self, controller: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.conversation: str | None = None
        self._drafts: dict[str, str] = {}
        self.title = QLabel(self)
        self.title.setObjectName("conversation_title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-weight: bold; font-size: 13pt")
        self.close_button = QPushButton(self.tr("End conversation"), self)
        self.close_button.setObjectName("close_button")
        self.transcript = TranscriptView(self)
        self.compose = ComposeBox(self)
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setObjectName("send_button")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        #: Buttons other features add for the shown conversation (consult, report, …).
        self.actions_bar = QHBoxLayout()
        header.addLayout(self.actions_bar)
        header.addWidget(self.close_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.compose, 1)
        bottom.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.transcript, 1)
        layout.addLayout(bottom)
        self._closing = False
        self.compose.submitted.connect(self.on_compose_submitted)
        self.send_button.clicked.connect(self.compose.submit)
        self.close_button.clicked.connect(self.on_close_button_clicked)
        controller.conversations.dataChanged.connect(self.on_conversations_changed)
        self.show_conversation(None)

    def show_conversation(self, conversation: str | None) -> None:
        """Switch to another conversation, keeping the draft of the one left."""
        if self.conversation is not None:
            self._drafts[self.conversation] = self.compose.toPlainText()
        self.conversation = conversation
        self.controller.conversations.mark_read(conversation)
        if conversation is None:
            self.transcript.setModel(None)
            self.compose.clear()
        else:
            self.transcript.setModel(self.controller.transcript(conversation))
            self.transcript.scrollToBottom()
            self.compose.setPlainText(self._drafts.pop(conversation, ""))
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

    def on_conversations_changed(self) -> None:
        conversation = self.conversation
        closed = conversation is None or self.controller.conversations.is_closed(conversation)
        if conversation is None:
            self.title.setText(self.tr("No conversation chosen"))
        elif closed:
            self.title.setText(
                self.tr("%1 (closed)").replace(
                    "%1", self.controller.conversations.title(conversation)
                )
            )
        else:
            self.title.setText(self.controller.conversations.title(conversation))
        self.compose.setEnabled(not closed)
        self.send_button.setEnabled(not closed)
        self.close_button.setEnabled(not closed and not self._closing)

    def on_compose_submitted(self, text: str) -> None:
        if self.conversation is not None:
            self.controller.send(self.conversation, text)

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_close_button_clicked(self) -> None:
        conversation = self.conversation
        if conversation is None or self._closing:
            return
        title = self.controller.conversations.title(conversation)
        if not await ConfirmCloseDialog.ask(self, title):
            return
        self._closing = True
        self.close_button.setEnabled(False)
        try:
            await self.controller.close_conversation(conversation)
        except HubError as error:
            self.notice.emit(
                self.tr("Could not end the conversation: %1").replace("%1", error.message)
            )
        finally:
            self._closing = False
            self.on_conversations_changed()
